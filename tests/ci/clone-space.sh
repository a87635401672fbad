#!/bin/sh
# clone-space.sh - the checkout in a folder with spaces and accents, as a
# city's IT person may have it ("/home/ana/Informes de gestión/tablero"):
# git clone into /tmp/.../con espacio ñ/, then, there, the build, the
# unit tests and the fault scripts' quoting (the make install into a
# DESTDIR, the preloaded shim), which are what such a path used to break.
# Uses the committed tree (HEAD): commit before trusting it.
#   sh tests/ci/clone-space.sh [full]     (full: the whole make test there)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
MODE=${1:-quick}
T=$(mktemp -d /tmp/tablero-ci.XXXXXX)
trap 'rm -rf "$T"' EXIT
C="$T/con espacio ñ/tablero"
mkdir -p "$T/con espacio ñ" || exit 1
git clone -q --no-hardlinks "$ROOT" "$C" || { echo "FALLÓ: git clone a «$C»" >&2; exit 1; }
cd "$C" || exit 1
if [ "$MODE" = full ]; then
    make test >"$T/log" 2>&1 || { tail -30 "$T/log" >&2; echo "FALLÓ: make test en «$C»" >&2; exit 1; }
else
    # the build and units run with -j2 (the machine has two cores);
    # env.sh covers install into a DESTDIR, the lock, and the shim
    if ! { make -j2 --no-print-directory all build/fault/shim.so && make --no-print-directory unit &&
           sh tests/fault/env.sh build/tablero build/fault/shim.so; } >"$T/log" 2>&1; then
        grep -v '^\(cc \|test_.*PASSED\)' "$T/log" | tail -30 >&2
        echo "FALLÓ: compilar y probar en «$C»" >&2
        exit 1
    fi
fi
grep -h '^\(unit\|env\|blackbox\): ' "$T/log" | sed 's/^/ci (con espacio): /'
echo "ci: clonado y probado en una ruta con espacios y «ñ»"
