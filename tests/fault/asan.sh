#!/bin/sh
# asan.sh - allocation failures under AddressSanitizer: every STRIDE-th
# allocation of a run fails in turn (tablero-failalloc, see failalloc.c),
# plus the I/O fault sample through the I/O-only shim. Each run must exit
# cleanly (no crash, no ASan/UBSan report, no leak: LeakSanitizer is on).
#   sh tests/fault/asan.sh build-asan/tablero-failalloc build-asan/fault/shim-io.so [STRIDE]
set -u
BIN0=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SHIMIO=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
STRIDE=${3:-211}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
# exitcode 99: an ASan/LSan report is never mistaken for a clean error
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:exitcode=99
export UBSAN_OPTIONS=halt_on_error=1:exitcode=99
. "$ROOT/tests/fault/lib.sh"
fault_workspace asan "$BIN0"
make_extra "$W/extra.csv"
"$BIN" -q -i input -o "$W/old" -p $P || exit 1
"$BIN" -q -i input -i "$W/extra.csv" -o "$W/new" -p $P || exit 1
TABLERO_FAULT_COUNT="$W/count" "$BIN" -q -i input -i "$W/extra.csv" -o "$W/cnt" -p $P || exit 1
n=$(awk '$1 == "malloc" { print $2 }' "$W/count")
tries=0; fail=0
i=1
while [ "$i" -le "$n" ]; do
    rm -rf "$W/o"; cp -a "$W/old" "$W/o"
    TABLERO_FAULT_MALLOC_N=$i "$BIN" -q -i input -i "$W/extra.csv" -o "$W/o" -p $P 2>"$W/err"
    rc=$?
    tries=$((tries + 1))
    bad=""
    case $rc in
        0) same_dir "$W/o/$P" "$W/new/$P" || bad="salida 0 con carpeta distinta de la nueva" ;;
        71) same_dir "$W/o/$P" "$W/old/$P" || bad="el informe anterior cambió" ;;
        *) bad="código $rc" ;;
    esac
    [ -z "$(leftovers "$W/o")" ] || bad="$bad; temporales"
    if [ -n "$bad" ]; then
        fail=$((fail + 1)); echo "FALLÓ: malloc #$i: $bad" >&2; head -30 "$W/err" | sed 's/^/    /' >&2
    fi
    i=$((i + STRIDE))
done
echo "fault-asan: $tries de $n asignaciones fallidas bajo ASan (cada $STRIDE), $fail problemas"
# the I/O sample, with ASan watching the error paths
if ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0" sh "$ROOT/tests/fault/run.sh" "$BIN" "$SHIMIO" quick-io; then :; else fail=$((fail + 1)); fi
[ "$fail" -eq 0 ]
