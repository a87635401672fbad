#!/bin/sh
# bench.sh - network benchmark (README, «Red de municipios»): wall time,
# CPU time (user + system), peak RSS and bytes written by tablero for 1,
# 100, 2,300 and 10,000 municipalities (the real program on
# build/bench/network-N.csv from `make bench-data`), instructions per
# municipality (callgrind, at 1 and 100 municipalities with -j 1: the
# figure that does not depend on what else the machine runs), then the
# same work by ../shared/bench/peer_report.py (pandas + statsmodels +
# matplotlib + ReportLab, run with /usr/bin/python3) on the same files in
# the same run, the ratio, and a cross-check of the two programs' metrics
# (tools/metrics_diff.py: slope, r2, latest and yoy_change paired by
# municipality and area; expected |Δ| <= 1e-12).
#   sh scripts/bench.sh build/tablero build/bench [JOBS]
# Figures, not tests: the exit status only says whether everything ran.
# Peak RSS is /usr/bin/time's %M: the largest single process (a -j worker
# shares the parent's pages copy-on-write; they are not summed). Every run
# writes into a fresh folder, removed after it is measured, never right
# before a timed run (ext4 would free the old blocks during it).
set -u
BIN=$1; DIR=$2; JOBS=${3:-2}
HERE=$(cd "$(dirname "$0")/.." && pwd)
PEER=${PEER:-$HERE/../shared/bench/peer_report.py}
PY=/usr/bin/python3
PEER_MAX_S=${PEER_MAX_S:-600}   # longest peer run with PDFs worth waiting for
SIZES=${BENCH_SIZES:-1 100 2300 10000}
export SOURCE_DATE_EPOCH=1764547200
status=0
runs=0

# measure LABEL OUTDIR CMD...: runs CMD (OUTDIR must not exist: a fresh
# folder), prints one line, leaves "wall rss_kib pdfs cpu bytes" in
# $DIR/last.txt.
measure() { # (sh has no locals: m_ names stay out of the callers' way)
    m_label=$1; m_out=$2; shift 2
    if ! /usr/bin/time -f '%e %M %U %S' -o "$DIR/time.txt" "$@" >/dev/null 2>"$DIR/err.txt"; then
        echo "$m_label: falló"; cat "$DIR/err.txt"; status=1
        echo "0 0 0 0 0" >"$DIR/last.txt"
        return 1
    fi
    read -r wall rss usr sys <"$DIR/time.txt"
    npdf=$(find "$m_out" -name "*.pdf" | wc -l)
    bytes=$(du -sb "$m_out" | cut -f1)
    awk -v l="$m_label" -v w="$wall" -v m="$rss" -v n="$npdf" -v u="$usr" -v s="$sys" -v b="$bytes" 'BEGIN {
        printf "%-34s %7.2f s pared %7.2f s CPU %6.1f MiB %8.1f MB %6d PDF %6.2f ms CPU/PDF\n", l, w, u + s, m / 1024, b / 1e6, n, n ? 1000 * (u + s) / n : 0 }'
    echo "$wall $rss $npdf $(awk -v u="$usr" -v s="$sys" 'BEGIN { print u + s }') $bytes" >"$DIR/last.txt"
}

# fresh VAR N: sets VAR to a folder name no earlier run of this benchmark
# used (not through $(...): the counter must survive, a subshell's would
# not, and every "fresh" folder would be the same one)
fresh() {
    runs=$((runs + 1))
    eval "$1=\$DIR/out-$2-$$-$runs"
}

# instructions N: callgrind's instruction count of a -j 1 run on N
# municipalities (empty when valgrind is missing)
instructions() {
    command -v valgrind >/dev/null 2>&1 || return 0
    fresh i_out "$1"
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$BIN" -q -j 1 \
        -i "$DIR/network-$1.csv" -o "$i_out" -p 2026-11 2>&1 >/dev/null |
        awk '/Collected/ { print $NF }'
    rm -rf "$i_out"
}

ratio() { # ratio LABEL PEER_SECONDS PEER_N TABLERO_SECONDS TABLERO_N
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
i1=$(instructions 1); i100=$(instructions 100)
if [ -n "$i1" ] && [ -n "$i100" ]; then
    awk -v a="$i1" -v b="$i100" 'BEGIN {
        printf "instrucciones (callgrind, -j 1, todos los informes): 1 municipio %.0f M; 100: %.0f M, %.1f M por municipio\n", a / 1e6, b / 1e6, b / 100 / 1e6 }'
fi
peer_wall_100=0; peer_ms_100=0
for n in $SIZES; do
    f="$DIR/network-$n.csv"
    [ -f "$f" ] || { echo "falta $f (make bench-data)"; exit 1; }
    echo "== $n municipio(s) =="
    fresh out "$n"
    if [ "$n" -gt 1 ] && [ "$n" -le 100 ]; then   # -j 1 at 2,300 and more: the -j 2 CPU figure says it
        measure "tablero todos los informes -j 1" "$out" "$BIN" -q -j 1 -i "$f" -o "$out" -p 2026-11
        rm -rf "$out"
        fresh out "$n"
    fi
    if [ "$n" -gt 1 ]; then
        measure "tablero todos los informes -j $JOBS" "$out" "$BIN" -q -j "$JOBS" -i "$f" -o "$out" -p 2026-11
        fresh og "$n"
        measure "tablero solo gestión -j $JOBS" "$og" "$BIN" -q -j "$JOBS" --informes gestion -i "$f" -o "$og" -p 2026-11
        read -r gw grss gn gcpu gbytes <"$DIR/last.txt"
        gn=$((gn - 1))   # the network summary is not a management report
        fresh od "$n"
        measure "tablero solo métricas -j $JOBS" "$od" "$BIN" -q -j "$JOBS" --informes datos -i "$f" -o "$od" -p 2026-11
        read -r dw drss dn dcpu dbytes <"$DIR/last.txt"
        rm -rf "$og" "$od"
    else
        # one municipality is a single-city run: --informes does not
        # apply, all 9 PDFs are written; counted as one management report
        measure "tablero todos los informes -j 1" "$out" "$BIN" -q -j 1 -i "$f" -o "$out" -p 2026-11
        read -r gw grss gn gcpu gbytes <"$DIR/last.txt"
        gn=1
        dw=0
        # /usr/bin/time counts hundredths of a second: a city's run is a
        # few of them, so 21 runs of each, in turn, in fresh folders, timed
        # to the microsecond (tools/timeit.c)
        if [ -x "$DIR/timeit" ]; then
            fresh tdir "$n"
            mkdir -p "$tdir"
            echo "una ciudad, -j 1 y -j $JOBS (21 corridas de cada una, alternadas):"
            if "$DIR/timeit" 21 "$tdir" "$BIN" -q -j 1 -i "$f" -o {} -p 2026-11 ::: \
                "$BIN" -q -j "$JOBS" -i "$f" -o {} -p 2026-11 >"$DIR/timeit.txt"; then
                sed "1s/^/  -j 1:  /; 2s/^/  -j $JOBS:  /" "$DIR/timeit.txt"
                # the ratios below: the medians of -j 1, in seconds
                gw=$(awk 'NR == 1 { for (i = 1; i < NF; i++) if ($i == "mediana") { print $(i + 1) / 1000; exit } }' "$DIR/timeit.txt")
                gcpu=$(awk 'NR == 1 { k = 0; for (i = 1; i < NF; i++) if ($i == "mediana" && ++k == 2) { print $(i + 1) / 1000; exit } }' "$DIR/timeit.txt")
            else
                status=1
            fi
            rm -rf "$tdir"
        fi
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
        fresh po "peer-$n"
        measure "peer_report.py ${nopdf:-con PDF}" "$po" "$PY" "$PEER" --long --target 80 $nopdf --out-dir "$po" "$f"
        read -r pw prss pn pcpu pbytes <"$DIR/last.txt"
        [ "$n" -eq 100 ] && peer_wall_100=$pw
        if [ -z "$nopdf" ]; then
            ratio "por informe de gestión (peer / tablero)" "$pw" "$pn" "$gw" "$gn"
            ratio "por informe de gestión, CPU (peer / tablero)" "$pcpu" "$pn" "$gcpu" "$gn"
            [ "$n" -eq 100 ] && peer_ms_100=$(awk -v w="$pw" -v k="$pn" 'BEGIN { print k ? w / k : 0 }')
        elif [ "$dw" != 0 ]; then
            ratio "solo métricas, corrida entera (peer --no-pdf / tablero --informes datos)" "$pw" 1 "$dw" 1
            ratio "solo métricas, CPU (peer --no-pdf / tablero --informes datos)" "$pcpu" 1 "$dcpu" 1
            ratio "por informe de gestión (peer con PDF a 100 municipios / tablero -j $JOBS)" "$peer_ms_100" 1 "$gw" "$gn"
        fi
        awk -v a="$prss" -v b="$grss" 'BEGIN { if (a > 0 && b > 0) printf "  memoria máxima: peer %.0f MiB, tablero (gestión) %.0f MiB\n", a / 1024, b / 1024 }'
        "$PY" "$HERE/tools/metrics_diff.py" "$po/metrics.csv" "$out/2026-11" || status=1
        rm -rf "$po"
    fi
    rm -rf "$out"
done
[ "$peer_ok" -eq 1 ] ||
    echo "peer: no disponible ($PY con pandas, statsmodels, matplotlib y reportlab, y $PEER)"
exit $status
