#!/bin/sh
# docs.sh - README.md, `tablero --help` and tablero(1) against one source,
# the code: every option of main.c's table, every exit code of common.h,
# every output of the catalogue (catalog.c) and every environment variable
# the program reads must appear in all three. Fails naming what is missing
# where, so the three cannot drift apart.
#   sh tests/docs.sh build/tablero
set -u
BIN=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TABLERO_TEST_TMP:-/tmp}/tablero-docs.XXXXXX")
trap 'rm -rf "$T"' EXIT
pass=0; fail=0
"$BIN" --help >"$T/help" || { echo "FALLÓ: tablero --help" >&2; exit 1; }
# the man page as text: roff escapes of '-' dropped, font changes removed
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/^\.[A-Z]* *//' "$ROOT/docs/tablero.1" >"$T/man"
cp "$ROOT/README.md" "$T/readme"

# The source lists.
longs=$(sed -n '/static const struct option longs\[\]/,/{NULL, 0, NULL, 0}/p' "$ROOT/src/main.c" |
        grep -o '{"[a-z-]*"' | tr -d '{"')
shorts=$(grep -o 'getopt_long(argc, argv, "[^"]*"' "$ROOT/src/main.c" | sed 's/.*"\(.*\)"/\1/' | tr -d ':')
codes=$(sed -n 's/^ *TB_EX_[A-Z]* = \([0-9]*\).*/\1/p' "$ROOT/src/base/common.h")
stems=$(grep -o '{"[a-z-]*", "[a-z]*", CATALOG_' "$ROOT/src/publish/catalog.c" | sed 's/{"\([a-z-]*\)", "\([a-z]*\)".*/\1.\2/' | sort -u)
envs=$(grep -rho 'getenv("[A-Z_]*")' "$ROOT/src" | sed 's/getenv("\(.*\)")/\1/' | sort -u)
[ -n "$longs" ] && [ -n "$shorts" ] && [ -n "$codes" ] && [ -n "$stems" ] && [ -n "$envs" ] ||
    { echo "FALLÓ: docs.sh no encontró las listas en el código" >&2; exit 1; }

need() { # need WHAT WHERE-FILE PATTERN (grep -E)
    if grep -qE -- "$3" "$T/$2"; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FALLÓ: docs: falta $1 en $2" >&2; fi
}
# the exit-code passage of each document
sed -n '/^Códigos de salida/,/^$/p' "$T/help" >"$T/help-codes"
awk '/^\.SH ESTADO DE SALIDA/{on=1;next} /^\.SH/{on=0} on' "$ROOT/docs/tablero.1" >"$T/man-codes"
grep -A6 'Códigos de salida (sysexits)' "$T/readme" >"$T/readme-codes"
for doc in help man readme; do
    for o in $longs; do need "--$o" $doc "(^|[^a-z-])--$o([^a-z-]|\$)"; done
    for o in $(echo "$shorts" | sed 's/./& /g'); do need "-$o" $doc "(^|[^a-z-])-$o([^a-zA-Z-]|\$)"; done
    for c in $codes; do need "el código $c" $doc-codes "(^|[^0-9])$c([^0-9]|\$)"; done
    for s in $stems; do
        stem=${s%.*}; ext=${s##*.}
        need "la salida $stem…$ext" $doc "$stem(-[A-Z]+)?-AAAA-MM[^ ]*\\.$ext|$stem-AAAA-MM\\.$ext|$stem-[A-Za-z<>]+-AAAA-MM\\.$ext"
    done
    need manifest.json $doc 'manifest\.json'
    for e in $envs; do need "$e" $doc "$e"; done
done
# README's manifest example is this build's (make manifest-example)
if sh "$ROOT/scripts/manifest-example.sh" "$BIN" --check; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
echo "docs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
