#!/bin/sh
# bench.sh - network benchmark (README, «Red de municipios»): wall time,
# milliseconds per PDF and peak RSS of tablero for 1, 100 and 2,300
# municipalities (the real program on build/bench/network-N.csv from
# `make bench-data`), then the same work by ../shared/bench/peer_report.py
# (pandas + statsmodels + matplotlib + ReportLab, run with /usr/bin/python3)
# on the same files in the same run, the ratio, and a cross-check of the
# two programs' metrics (tools/metrics_diff.py: slope, r2, latest and
# yoy_change paired by municipality and area; expected |Δ| <= 1e-12).
#   sh scripts/bench.sh build/tablero build/bench [JOBS]
# Figures, not tests: the exit status only says whether everything ran.
# Peak RSS is /usr/bin/time's %M: the largest single process (a -j worker
# shares the parent's pages copy-on-write; they are not summed).
set -u
BIN=$1; DIR=$2; JOBS=${3:-2}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEER:-$HERE/../shared/bench/peer_report.py}
PY=/usr/bin/python3
PEER_MAX_S=${PEER_MAX_S:-600}   # longest peer run with PDFs worth waiting for
export SOURCE_DATE_EPOCH=1764547200
status=0

# measure LABEL OUTDIR CMD...: runs CMD, prints one line, leaves
# "wall rss_kib pdfs" in $DIR/last.txt.
measure() { # (sh has no locals: m_ names stay out of the callers' way)
    m_label=$1; m_out=$2; shift 2
    rm -rf "$m_out"
    if ! /usr/bin/time -f '%e %M' -o "$DIR/time.txt" "$@" >/dev/null 2>"$DIR/err.txt"; then
        echo "$m_label: falló"; cat "$DIR/err.txt"; status=1
        echo "0 0 0" >"$DIR/last.txt"
        return 1
    fi
    read -r wall rss <"$DIR/time.txt"
    npdf=$(find "$m_out" -name "*.pdf" | wc -l)
    awk -v l="$m_label" -v w="$wall" -v m="$rss" -v n="$npdf" 'BEGIN {
        printf "%-40s %8.2f s %7.1f MiB %6d PDF %8.2f ms/PDF\n", l, w, m / 1024, n, n ? 1000 * w / n : 0 }'
    echo "$wall $rss $npdf" >"$DIR/last.txt"
}

ratio() { # ratio LABEL PEER_WALL PEER_N TABLERO_WALL TABLERO_N
    awk -v l="$1" -v pw="$2" -v pn="$3" -v tw="$4" -v tn="$5" 'BEGIN {
        if (pw > 0 && pn > 0 && tw > 0 && tn > 0)
            printf "  razón %s: %.0f× (peer %.1f ms, tablero %.2f ms por unidad)\n", l,
                (pw / pn) / (tw / tn), 1000 * pw / pn, 1000 * tw / tn }'
}

peer_ok=0
if [ -x "$PY" ] && [ -f "$PEER" ] && "$PY" -c 'import pandas, statsmodels, matplotlib, reportlab' 2>/dev/null; then
    peer_ok=1
fi
echo "tablero: $(nproc) núcleos, -j $JOBS; $(uname -sr)"
[ "$(awk '{print int($1)}' /proc/loadavg)" -ge 1 ] &&
    echo "aviso: carga previa $(cut -d' ' -f1-3 /proc/loadavg): otros procesos comparten la CPU; los tiempos de pared lo reflejan"
peer_wall_100=0; peer_ms_100=0
for n in 1 100 2300; do
    f="$DIR/network-$n.csv"
    [ -f "$f" ] || { echo "falta $f (make bench-data)"; exit 1; }
    echo "== $n municipio(s) =="
    out="$DIR/out-$n"
    measure "tablero todos los informes -j 1" "$out" "$BIN" -q -j 1 -i "$f" -o "$out" -p 2026-11
    if [ "$n" -gt 1 ]; then
        measure "tablero todos los informes -j $JOBS" "$out" "$BIN" -q -j "$JOBS" -i "$f" -o "$out" -p 2026-11
        measure "tablero solo gestión -j $JOBS" "$DIR/out-g" "$BIN" -q -j "$JOBS" --informes gestion -i "$f" -o "$DIR/out-g" -p 2026-11
        read -r gw grss gn <"$DIR/last.txt"
        gn=$((gn - 1))   # the network summary is not a management report
        measure "tablero solo métricas -j $JOBS" "$DIR/out-d" "$BIN" -q -j "$JOBS" --informes datos -i "$f" -o "$DIR/out-d" -p 2026-11
        read -r dw drss dn <"$DIR/last.txt"
        rm -rf "$DIR/out-g" "$DIR/out-d"
    else
        # one municipality is a single-city run: --informes does not
        # apply, all 9 PDFs are written; counted as one management report
        read -r gw grss gn <"$DIR/last.txt"
        gn=1
        dw=0
    fi
    if [ "$peer_ok" -eq 1 ]; then
        # PDFs unless that would take longer than PEER_MAX_S, judged from
        # the 100-municipality run
        nopdf=""
        if [ "$n" -gt 100 ] && awk -v w="$peer_wall_100" -v n="$n" -v m="$PEER_MAX_S" 'BEGIN { exit !(w * n / 100 > m) }'; then
            nopdf="--no-pdf"
            awk -v w="$peer_wall_100" -v n="$n" 'BEGIN {
                printf "peer con PDF llevaría ~%.0f min (%.1f s para 100): solo métricas (--no-pdf)\n", w * n / 100 / 60, w }'
        fi
        measure "peer_report.py ${nopdf:-con PDF}" "$DIR/peer-$n" "$PY" "$PEER" --long --target 80 $nopdf --out-dir "$DIR/peer-$n" "$f"
        read -r pw prss pn <"$DIR/last.txt"
        [ "$n" -eq 100 ] && peer_wall_100=$pw
        if [ -z "$nopdf" ]; then
            ratio "por informe de gestión (peer / tablero)" "$pw" "$pn" "$gw" "$gn"
            [ "$n" -eq 100 ] && peer_ms_100=$(awk -v w="$pw" -v k="$pn" 'BEGIN { print k ? w / k : 0 }')
        elif [ "$dw" != 0 ]; then
            ratio "solo métricas, corrida entera (peer --no-pdf / tablero --informes datos)" "$pw" 1 "$dw" 1
            ratio "por informe de gestión (peer con PDF a 100 municipios / tablero -j $JOBS)" "$peer_ms_100" 1 "$gw" "$gn"
        fi
        awk -v a="$prss" -v b="$grss" 'BEGIN { if (a > 0 && b > 0) printf "  memoria máxima: peer %.0f MiB, tablero (gestión) %.0f MiB\n", a / 1024, b / 1024 }'
        "$PY" "$HERE/tools/metrics_diff.py" "$DIR/peer-$n/metrics.csv" "$out/2026-11" || status=1
        rm -rf "$DIR/peer-$n"
    fi
    rm -rf "$out"
done
[ "$peer_ok" -eq 1 ] ||
    echo "peer: no disponible ($PY con pandas, statsmodels, matplotlib y reportlab, y $PEER)"
exit $status
