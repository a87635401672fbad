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
T=$(mktemp -d "${TABLERO_TEST_TMP:-/tmp}/tablero-ci.XXXXXX")
trap 'rm -rf "$T"' EXIT
C="$T/con espacio ñ/tablero"
mkdir -p "$T/con espacio ñ" || exit 1
git clone -q --no-hardlinks "$ROOT" "$C" || { echo "FALLÓ: git clone a «$C»" >&2; exit 1; }
cd "$C" || exit 1
if [ "$MODE" = full ]; then
    make test >"$T/log" 2>&1 || { tail -30 "$T/log" >&2; echo "FALLÓ: make test en «$C»" >&2; exit 1; }
else
    # quick (make test): the checkout's build, copied and made newer than
    # the clone's sources, so that make has nothing to compile; then make
    # itself (units, install and uninstall into a DESTDIR), the installed
    # program, and the fault sample with the shim preloaded from here.
    B=${BUILD:-build}
    # sources dated in the past, the whole build at one later instant
    # (objects and build/flags equal: none newer than another)
    now=$(date +%s)
    # the same folder name: make inherits BUILD, CFLAGS and LDFLAGS from
    # the calling make (MAKEFLAGS), as under check-asan
    cp -a "$ROOT/$B" "$B" &&
        find . -path "./$B" -prune -o -path ./.git -prune -o -type f -exec touch -d @1700000000 {} + &&
        find "$B" -exec touch -d "@$now" {} + || exit 1
    D="$T/dest"
    shim=shim.so; sample=quick
    if ldd "$B/tablero" 2>/dev/null | grep -q libasan; then   # as env.sh does
        shim=shim-io.so; sample=quick-io
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    fi
    if ! { make --no-print-directory BUILD="$B" all "$B/fault/$shim" unit &&
           make -s --no-print-directory BUILD="$B" install DESTDIR="$D" &&
           (cd / && "$D/usr/local/bin/tablero" -q -c "$D/usr/local/share/tablero/ejemplo/config/tablero.ini" \
                -i "$D/usr/local/share/tablero/ejemplo/entrada" -o "$T/salida" -p 2026-11) &&
           [ -f "$T/salida/2026-11/manifest.json" ] &&
           make -s --no-print-directory uninstall DESTDIR="$D" && [ -z "$(find "$D" -type f)" ] &&
           sh tests/fault/run.sh "$B/tablero" "$B/fault/$shim" $sample; } >"$T/log" 2>&1; then
        grep -v '^\(cc \|test_.*PASSED\)' "$T/log" | tail -30 >&2
        echo "FALLÓ: compilar y probar en «$C»" >&2
        exit 1
    fi
    if grep -q '^cc ' "$T/log"; then echo "FALLÓ: make recompiló en «$C»" >&2; exit 1; fi
fi
grep -h '^\(unit\|env\|blackbox\|fault (muestra)\): ' "$T/log" | sed 's/^/ci (con espacio): /'
echo "ci: clonado y probado en una ruta con espacios y «ñ»"
