#!/bin/sh
# run.sh - fault injection: makes the Nth call of each I/O function fail,
# then the Nth allocation, for every N of a run, and checks each outcome:
#   - an error exit (73/74 for I/O; 71 for memory, see below),
#     never a crash (exit >= 128), with the one-line summary last on stderr;
#   - the previous period folder byte-identical to a saved copy (or, if the
#     fault only hit cleanup after publishing, exit 0 and the complete new
#     folder), never a mix, and no temporaries left behind;
#   - a following clean run removes anything a fault left.
#   sh tests/fault/run.sh BIN SHIM.so [quick]
# "quick" (used by make test) tries seven chosen points, "quick-io" the
# six I/O ones (for ASan builds, whose shim has no malloc); the default
# tries every call. TABLERO_FAULT_MALLOC_STRIDE=K tries every Kth allocation.
set -u
BIN0=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SHIM=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
MODE=${3:-full}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
. "$ROOT/tests/fault/lib.sh"
fault_workspace fault "$BIN0"
SHIM=$(fault_shim "$SHIM")
make_extra "$W/extra.csv"
tries=0; fail=0; last_env=""
bad() {
    fail=$((fail + 1)); echo "FALLÓ: $*" >&2; sed 's/^/    /' "$W/err" >&2
    # where the fault hit: rerun with a backtrace, show tablero's frames
    rm -rf "$W/bt"; cp -a "$W/old" "$W/bt"
    # shellcheck disable=SC2086
    env $last_env TABLERO_FAULT_BACKTRACE=1 LD_PRELOAD="$SHIM" "$BIN" $NEW_ARGS -o "$W/bt" >/dev/null 2>"$W/bt.err"
    grep -o 'tablero(+0x[0-9a-f]*)' "$W/bt.err" | grep -o '0x[0-9a-f]*' | head -4 |
        xargs -r addr2line -f -p -e "$BIN" 2>/dev/null | sed "s|$ROOT/||; s/^/    en /" >&2
}

# Reference runs: OLD (bundled data, one PDF) and NEW (three municipalities).
"$BIN" -q -i input -o "$W/old" -p $P || exit 1
"$BIN" -q -i input -i "$W/extra.csv" -o "$W/new" -p $P || exit 1
NEW_ARGS="-i input -i $W/extra.csv -p $P"

# try WHAT OK_CODES [env...]: one faulted run over a copy of OLD (or an
# empty folder when $FRESH is set), then the checks above.
try() {
    what=$1; codes=$2; shift 2
    last_env="$*"
    tries=$((tries + 1))
    rm -rf "$W/o"
    if [ -z "${FRESH:-}" ]; then cp -a "$W/old" "$W/o"; else mkdir "$W/o"; fi
    # shellcheck disable=SC2086
    env "$@" LD_PRELOAD="$SHIM" "$BIN" $NEW_ARGS -o "$W/o" >/dev/null 2>"$W/err"
    rc=$?
    if [ $rc -ge 128 ]; then bad "$what: se cayó (código $rc)"; return; fi
    if [ $rc -eq 0 ]; then
        same_dir "$W/o/$P" "$W/new/$P" || bad "$what: salida 0 pero la carpeta nueva no está completa"
        if [ -n "$(leftovers "$W/o")" ] && ! grep -q 'próxima corrida' "$W/err"; then
            bad "$what: quedaron temporales sin aviso"
        fi
    else
        case " $codes " in *" $rc "*) ;; *) bad "$what: código $rc, se esperaba uno de $codes"; return ;; esac
        if [ -z "${FRESH:-}" ]; then
            same_dir "$W/o/$P" "$W/old/$P" || bad "$what: el informe anterior cambió"
        else
            [ ! -e "$W/o/$P" ] || bad "$what: publicó una carpeta tras fallar"
        fi
        tail -n 1 "$W/err" | grep -q "^tablero: falló la corrida.*($rc)" ||
            bad "$what: falta el resumen de una línea al final"
        [ -z "$(leftovers "$W/o")" ] || bad "$what: quedaron temporales: $(leftovers "$W/o")"
    fi
    if [ -n "$(leftovers "$W/o")" ]; then   # the next run must clean up
        "$BIN" -q $NEW_ARGS -o "$W/o" 2>/dev/null
        [ -z "$(leftovers "$W/o")" ] || bad "$what: la corrida siguiente no limpió"
    fi
}

# calls OP [env...]: how many times a clean run calls OP.
calls() {
    op=$1; shift
    rm -rf "$W/o"
    if [ -z "${FRESH:-}" ]; then cp -a "$W/old" "$W/o"; else mkdir "$W/o"; fi
    # shellcheck disable=SC2086
    env "$@" TABLERO_FAULT_COUNT="$W/count" LD_PRELOAD="$SHIM" "$BIN" -q $NEW_ARGS -o "$W/o" || return 1
    awk -v op="$op" '$1 == op { print $2 }' "$W/count"
}

IO_OPS="open openat creat write fsync fdatasync syncfs rename renameat renameat2 mkdir mkdirat close unlink unlinkat"
report=""
io_loop() {   # io_loop LABEL [env...]
    label=$1; shift
    for op in $IO_OPS; do
        n=$(calls "$op" "$@") || { bad "$label: la corrida sin fallas falló"; return; }
        last=$n
        i=1
        while [ "$i" -le "$last" ]; do
            e=EIO; [ $((i % 2)) -eq 0 ] && e=ENOSPC
            try "$label $op #$i ($e)" "73 74" "$@" TABLERO_FAULT_OP="$op" TABLERO_FAULT_N="$i" TABLERO_FAULT_ERRNO="$e"
            i=$((i + 1))
        done
        [ "$n" -gt 0 ] && report="$report
  $label: $op: $last de $n llamadas"
    done
}

if [ "$MODE" = quick ] || [ "$MODE" = quick-io ]; then
    # a sample for make test: the first write, the fsync of OUTPUT after
    # the swap (undone), the syncfs before it (every file's data), the
    # swap itself, the staging folder, the removal
    # of the replaced folder (exit 0 with a warning), the fallback's
    # second rename, one allocation
    last_fsync=$(calls fsync)
    last_syncfs=$(calls syncfs)
    for f in "write 1" "fsync $last_fsync" "syncfs $last_syncfs" "renameat2 1" "mkdirat 1" "unlinkat 1"; do
        set -- $f
        try "muestra $1 #$2" "73 74" TABLERO_FAULT_OP="$1" TABLERO_FAULT_N="$2"
    done
    try "muestra sin RENAME_EXCHANGE renameat #2" "73 74" TABLERO_FAULT_NOEXCHANGE=1 \
        TABLERO_FAULT_OP=renameat TABLERO_FAULT_N=2
    [ "$MODE" = quick ] && try "muestra malloc #20000" "71" TABLERO_FAULT_MALLOC_N=20000
    # -j 2, one city (its files shared out) and the network: a file
    # opened by a worker (the parent's own count at exit is n; a worker
    # counts on from the parent's count at the fork and opens a file per
    # output; the fault fires in workers only)
    args0=$NEW_ARGS
    for NEW_ARGS in "-i input -p $P -j 2" "$args0 -j 2"; do
        n=$(calls openat) || { bad "-j 2: la corrida sin fallas falló"; continue; }
        rm -f "$W/fired"
        try "muestra $NEW_ARGS: openat #$((n + 1)) en un proceso de trabajo" "73 74" \
            TABLERO_FAULT_OP=openat TABLERO_FAULT_N=$((n + 1)) TABLERO_FAULT_CHILD=1 \
            TABLERO_FAULT_LOG="$W/fired"
        [ -s "$W/fired" ] || bad "-j 2: la falla no llegó a ningún proceso de trabajo"
    done
    # the same openat, now also in the parent, whose clean-up after the
    # worker's failure reaches it: the staging folder may stay, but with
    # its marker (removed last), so the next run recognises and removes it
    NEW_ARGS="$args0 -j 2"
    n=$(calls openat) || bad "-j 2: la corrida sin fallas falló"
    rm -rf "$W/o" "$W/fired"; cp -a "$W/old" "$W/o"
    # shellcheck disable=SC2086
    env TABLERO_FAULT_OP=openat TABLERO_FAULT_N=$((n + 1)) TABLERO_FAULT_LOG="$W/fired" \
        LD_PRELOAD="$SHIM" "$BIN" -q $NEW_ARGS -o "$W/o" >/dev/null 2>"$W/err"
    rc=$?; tries=$((tries + 1))
    case $rc in 73|74) ;; *) bad "doble falla: código $rc" ;; esac
    [ "$(wc -l <"$W/fired")" -ge 2 ] || bad "doble falla: no falló en el proceso principal y en uno de trabajo"
    # shellcheck disable=SC2086
    "$BIN" -q $NEW_ARGS -o "$W/o" 2>/dev/null || bad "doble falla: la corrida siguiente falló"
    [ -z "$(leftovers "$W/o")" ] || bad "doble falla: la corrida siguiente no limpió: $(leftovers "$W/o")"
    NEW_ARGS=$args0
    echo "fault (muestra): $tries corridas con falla inyectada, $fail problemas"
    [ "$fail" -eq 0 ]
    exit
fi

io_loop "reemplazo"
FRESH=1 io_loop "carpeta nueva"
# a file system without renameat2(RENAME_EXCHANGE): the two-rename fallback
io_loop "sin RENAME_EXCHANGE" TABLERO_FAULT_NOEXCHANGE=1

# Memory: every allocation (malloc, calloc, realloc) in turn. Running out
# of memory anywhere (config reader, libharu, cJSON, libunistring) is 71,
# "memoria insuficiente": never a config (78), internal (70), data (65) or
# output (73) error, and never exit 0 with different files.
n=$(calls malloc) || exit 1
stride=${TABLERO_FAULT_MALLOC_STRIDE:-1}
i=1; m=0
while [ "$i" -le "$n" ]; do
    try "malloc #$i" "71" TABLERO_FAULT_MALLOC_N="$i"
    i=$((i + stride)); m=$((m + 1))
done
report="$report
  memoria: $m de $n asignaciones (cada $stride)"

echo "fault: $tries corridas con falla inyectada, $fail problemas$report"
[ "$fail" -eq 0 ]
