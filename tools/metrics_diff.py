#!/usr/bin/python3
"""metrics_diff.py - cross-check of tablero's metrics against the peer's.

    metrics_diff.py PEER_METRICS.csv TABLERO_OUTPUT_PERIOD_DIR

Reads the peer's metrics CSV (entity, area, latest, yoy_change, slope, r2,
...) and every metricas-*.csv under the tablero period folder (municipio,
area, ...), pairs rows by (entity, area) and prints the largest absolute
difference of slope, r2, latest and yoy_change over the pairs where both
are numbers, plus how many rows paired, and how many values are a number
on one side only. Exit status 1 when a difference exceeds 1e-12 or no row
paired. Standard library only.
"""
import csv
import glob
import math
import os
import sys

FIELDS = [("slope", "slope"), ("r2", "r2"), ("latest", "latest"), ("yoy_change", "yoy_change")]
TOL = 1e-12


def num(s):
    try:
        v = float(s)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    peer = {}
    with open(argv[1], newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            peer[(r["entity"], r["area"])] = r
    ours = {}
    files = glob.glob(os.path.join(argv[2], "**", "metricas-*.csv"), recursive=True)
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                ours[(r["municipio"], r["area"])] = r
    keys = sorted(set(peer) & set(ours))
    worst = {name: 0.0 for name, _ in FIELDS}
    where = {name: None for name, _ in FIELDS}
    compared = {name: 0 for name, _ in FIELDS}
    one_sided = {name: 0 for name, _ in FIELDS}
    for k in keys:
        for name, col in FIELDS:
            a, b = num(peer[k][name]), num(ours[k][col])
            if a is None and b is None:
                continue
            if a is None or b is None:
                one_sided[name] += 1
                continue
            compared[name] += 1
            d = abs(a - b)
            if d > worst[name]:
                worst[name], where[name] = d, k
    print("cruce de métricas: %d filas del peer, %d de tablero, %d emparejadas (municipio+área)"
          % (len(peer), len(ours), len(keys)))
    bad = not keys
    for name, _ in FIELDS:
        w = where[name]
        print("  %-10s max |Δ| = %.3g en %d valores%s%s" % (
            name, worst[name], compared[name],
            " (%s / %s)" % w if w and worst[name] > TOL else "",
            "; %d con número de un solo lado" % one_sided[name] if one_sided[name] else ""))
        bad |= worst[name] > TOL
    print("  %s (tolerancia %g)" % ("coinciden" if not bad else "NO coinciden", TOL))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
