#!/bin/sh
# backtest.sh TABLERO WORKDIR GENERATOR... - the verdicts tried against what
# happened (make backtest). Each generator writes a network for 2008/2016-
# 2025; the program sees only the values up to a cutoff (BT_CUTOFF, 2019),
# with the period December of the cutoff and the target year set 1..5 years
# later, and its statuses and intervals are compared with the values
# actually generated for the target year. Prints, per generator and
# horizon: the share of "en camino" that reached the target (goal >= 80 %),
# the share of "fuera de camino" that did (goal <= 20 %) and the coverage of
# the 95 % intervals (goal 90-97 %). BT_N municipalities (300), BT_MODEL
# (the config's model when unset), BT_WINDOW ([proyeccion] ventana_anios). Figures to read, not a test.
set -eu
tb=$1 work=$2
shift 2
n=${BT_N:-300}
cut=${BT_CUTOFF:-2019}
here=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
for gen in "$@"; do
    name=$(basename "$gen")
    "$gen" "$n" >"$work/$name-full.csv"
    awk -F, -v c="$cut" 'NR == 1 || $3 + 0 <= c' "$work/$name-full.csv" >"$work/$name-cut.csv"
    for h in 1 2 3 4 5; do
        t=$((cut + h))
        rm -rf "$work/cfg" "$work/out"
        cp -r "$here/config" "$work/cfg"
        # a generator that lists areas on --menor has them lower-is-better,
        # target 20 (the others exit non-zero and list nothing)
        "$gen" --menor 2>/dev/null | while IFS= read -r area; do
            awk -F';' -v OFS=';' -v a="$area" '$1 == a { $7 = 20; $9 = "menor" } { print }' \
                "$work/cfg/indicadores.csv" >"$work/cfg/ind.tmp" &&
                mv "$work/cfg/ind.tmp" "$work/cfg/indicadores.csv"
        done || true
        sed -i "s/^anio_meta = .*/anio_meta = $t/" "$work/cfg/tablero.ini"
        if [ -n "${BT_MODEL:-}" ]; then
            sed -i "s/^modelo = .*/modelo = $BT_MODEL/" "$work/cfg/tablero.ini"
        fi
        if [ -n "${BT_WINDOW:-}" ]; then
            sed -i "s/^ventana_anios = .*/ventana_anios = $BT_WINDOW/" "$work/cfg/tablero.ini"
            grep -q '^ventana_anios' "$work/cfg/tablero.ini" ||
                sed -i "s/^\[proyeccion\]\$/[proyeccion]\nventana_anios = $BT_WINDOW/" "$work/cfg/tablero.ini"
        fi
        "$tb" -q -c "$work/cfg/tablero.ini" -i "$work/$name-cut.csv" -o "$work/out" \
            -p "$cut-12" --informes datos
        python3 "$here/scripts/backtest_score.py" "$work/$name-full.csv" "$work/out/$cut-12" \
            "$t" "$name" "$h"
    done
done
