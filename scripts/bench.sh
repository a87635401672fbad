#!/bin/sh
# bench.sh - network benchmark: wall time, milliseconds per report and peak
# RSS of tablero for 1, 100 and 2,300 municipalities (the real program on
# build/bench/network-N.csv from `make bench-data`), and the same work by
# ../shared/bench/peer_report.py (pandas + statsmodels + matplotlib +
# ReportLab) when /usr/bin/python3 has those modules.
#   sh scripts/bench.sh build/tablero build/bench [JOBS]
set -u
BIN=$1; DIR=$2; JOBS=${3:-2}
PEER=${PEER:-../shared/bench/peer_report.py}
PEER_N=${PEER_N:-20}       # municipalities the peer script renders (it is slow)
export SOURCE_DATE_EPOCH=1764547200
measure() { # measure LABEL OUTDIR CMD... -> "LABEL wall_s rss_kib reports"
    label=$1; out=$2; shift 2
    rm -rf "$out"
    /usr/bin/time -f '%e %M' -o "$DIR/time.txt" "$@" >/dev/null 2>"$DIR/err.txt" ||
        { echo "$label: falló"; cat "$DIR/err.txt"; return 1; }
    read -r wall rss <"$DIR/time.txt"
    npdf=$(find "$out" -name "*.pdf" | wc -l)
    awk -v l="$label" -v w="$wall" -v m="$rss" -v n="$npdf" 'BEGIN {
        printf "%-34s %8.2f s %8.1f MiB %7d PDF %8.2f ms/PDF\n", l, w, m / 1024, n, n ? 1000 * w / n : 0 }'
    echo "$wall $npdf" >"$DIR/last.txt"
}
echo "tablero: $(nproc) núcleos; -j $JOBS"
for n in 1 100 2300; do
    f="$DIR/network-$n.csv"
    [ -f "$f" ] || { echo "falta $f (make bench-data)"; exit 1; }
    measure "tablero $n municipios -j 1" "$DIR/out" "$BIN" -q -j 1 -i "$f" -o "$DIR/out" -p 2026-11
    [ "$n" -gt 1 ] && measure "tablero $n municipios -j $JOBS" "$DIR/out" "$BIN" -q -j "$JOBS" -i "$f" -o "$DIR/out" -p 2026-11
    [ "$n" -gt 1 ] && measure "tablero $n, solo gestión, -j $JOBS" "$DIR/out" "$BIN" -q -j "$JOBS" --informes gestion -i "$f" -o "$DIR/out" -p 2026-11
done
read -r tw tn <"$DIR/last.txt"
if /usr/bin/python3 -c 'import pandas, statsmodels, matplotlib, reportlab' 2>/dev/null && [ -f "$PEER" ]; then
    # the peer renders one report per municipality: give it the first PEER_N
    head -n 1 "$DIR/network-2300.csv" >"$DIR/peer-in.csv"
    awk -F, -v n="$PEER_N" 'NR > 1 { if (!($1 in s)) { s[$1] = 1; k++ } if (k <= n) print }' \
        "$DIR/network-2300.csv" >>"$DIR/peer-in.csv"
    measure "peer_report.py $PEER_N municipios" "$DIR/peer" /usr/bin/python3 "$PEER" --long --out-dir "$DIR/peer" "$DIR/peer-in.csv"
    read -r pw pn <"$DIR/last.txt"
    awk -v tw="$tw" -v tn="$tn" -v pw="$pw" -v pn="$pn" 'BEGIN {
        if (tn && pn && tw > 0) printf "razón (ms por informe de gestión, peer / tablero): %.0f×\n", (1000 * pw / pn) / (1000 * tw / tn) }'
else
    echo "peer: not available (/usr/bin/python3 con pandas, statsmodels, matplotlib y reportlab, y $PEER)"
fi
