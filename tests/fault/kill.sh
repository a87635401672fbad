#!/bin/sh
# kill.sh - kill -9 at random points of a long run, over and over: after a
# random delay (odd kills) or once a random number of files is staged
# (even kills, which reach the swap and the cleanup too). After
# every kill the period folder must be exactly the old one or exactly the
# complete new one (every PDF passes qpdf --check), the lock must be free,
# and the next run must clean up what the killed one left.
#   sh tests/fault/kill.sh BIN [KILLS] [MUNICIPALITIES]
set -u
BIN0=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
KILLS=${2:-200}
NMUN=${3:-8}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
. "$ROOT/tests/fault/lib.sh"
fault_workspace kill "$BIN0"
make_big "$W/big.csv" "$NMUN"
fail=0
bad() { fail=$((fail + 1)); echo "FALLÓ: $*" >&2; }

"$BIN" -q -i input -o "$W/old" -p $P || exit 1
"$BIN" -q -i "$W/big.csv" -o "$W/new" -p $P || exit 1
# how long a run that replaces the old folder takes here
for i in 1 2 3; do
    rm -rf "$W/t"; cp -a "$W/old" "$W/t"
    t0=$(date +%s%N)
    "$BIN" -q -i "$W/big.csv" -o "$W/t" -p $P || exit 1
    t=$(( ($(date +%s%N) - t0) / 1000000 ))
    echo $t
done >"$W/times"
ms=$(sort -n "$W/times" | sed -n 2p)   # the median of 3
for f in "$W/new/$P"/*.pdf; do qpdf --check "$f" >/dev/null 2>&1 || bad "referencia: qpdf $f"; done
npdf=$(ls "$W/new/$P"/*.pdf | wc -l)
nfiles=$(ls "$W/new/$P" | wc -l)
echo "kill: una corrida completa tarda $ms ms y publica $npdf PDF"

cp -a "$W/old" "$W/o"
old=0; new=0; done_=0; left=0; qpdf_n=0; newleft=0
k=1
while [ "$k" -le "$KILLS" ]; do
    if [ $((k % 2)) -eq 1 ]; then
        # odd kills after a random delay, 0-120 % of a run's length
        d=$(awk -v k="$k" -v ms="$ms" 'BEGIN { srand(k * 7919); printf "%.3f", rand() * 1.2 * ms / 1000 }')
        timeout -s KILL "$d" "$BIN" -q -i "$W/big.csv" -o "$W/o" -p $P 2>"$W/err"
        rc=$?
    else
        # even kills once the staging folder holds a random number of
        # files (up to all of them: then the swap or the cleanup is near)
        c=$(awk -v k="$k" -v n="$nfiles" 'BEGIN { srand(k * 7919); printf "%d", 1 + rand() * n }')
        d="$c archivos"
        "$BIN" -q -i "$W/big.csv" -o "$W/o" -p $P 2>"$W/err" & pid=$!
        while kill -0 $pid 2>/dev/null; do
            staged=$(find "$W/o" -mindepth 2 -maxdepth 2 -path "$W/o/.$P.tmp-*" 2>/dev/null | wc -l)
            [ "$staged" -ge "$c" ] && { kill -KILL $pid 2>/dev/null; break; }
        done
        { wait $pid; } 2>/dev/null; rc=$?
    fi
    if [ $rc -eq 0 ]; then done_=$((done_ + 1))
    elif [ $rc -ne 137 ]; then bad "muerte #$k ($d s): código $rc"; sed 's/^/    /' "$W/err" >&2
    fi
    if same_dir "$W/o/$P" "$W/old/$P"; then old=$((old + 1))
    elif same_dir "$W/o/$P" "$W/new/$P"; then new=$((new + 1))
    else bad "muerte #$k ($d s): la carpeta del período no es ni la vieja ni la nueva"
    fi
    # every PDF in the period folder, whichever version it is
    if ! find "$W/o/$P" -name '*.pdf' -print0 | xargs -0 -r -n 1 -P 4 sh -c 'qpdf --check "$1" >/dev/null 2>&1 || { echo "qpdf: $1" >&2; exit 255; }' sh; then
        bad "muerte #$k: un PDF no pasa qpdf --check"
    fi
    qpdf_n=$((qpdf_n + $(find "$W/o/$P" -name '*.pdf' | wc -l)))
    [ $((k % 50)) -eq 0 ] && echo "kill: $k muertes..."
    if [ -n "$(leftovers "$W/o")" ]; then
        left=$((left + 1))
        # killed after the swap, while removing the replaced folder
        same_dir "$W/o/$P" "$W/new/$P" && newleft=$((newleft + 1))
    fi
    # put the old folder back (keeping any leftovers) so that every run
    # replaces something
    if ! same_dir "$W/o/$P" "$W/old/$P"; then
        rm -rf "$W/o/$P" && cp -a "$W/old/$P" "$W/o/$P"
    fi
    k=$((k + 1))
done

# the lock is free and a clean run cleans up and publishes
"$BIN" -q -i "$W/big.csv" -o "$W/o" -p $P || bad "corrida final: código $?"
same_dir "$W/o/$P" "$W/new/$P" || bad "corrida final: carpeta incompleta"
[ -z "$(leftovers "$W/o")" ] || bad "corrida final: quedaron temporales"

echo "kill: $KILLS muertes: $old dejaron la carpeta vieja, $new la nueva completa ($newleft de ellas durante la limpieza posterior), $done_ terminaron antes; $left dejaron temporales (limpiados por la corrida siguiente); $qpdf_n PDF pasaron qpdf --check; $fail problemas"
[ "$fail" -eq 0 ]
