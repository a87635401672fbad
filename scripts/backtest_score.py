"""backtest_score.py FULL.csv OUTDIR TARGET_YEAR NAME HORIZON - one line of
make backtest: statuses and intervals of a run (OUTDIR/*/metricas-*.csv)
against the generated values of TARGET_YEAR (FULL.csv)."""
import csv
import glob
import sys

full, outdir, year, name, h = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
truth = {}
with open(full, encoding="utf-8") as f:
    for r in csv.DictReader(f):
        if int(r["year"]) == year:
            truth[(r["entity"], r["area"])] = float(r["value"])
on = on_met = off = off_met = cov = checks = rows = open_rows = 0
for path in glob.glob(outdir + "/*/metricas-*.csv"):
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            v = truth.get((r["municipio"], r["area"]))
            if v is None:
                continue
            target = float(r["target"])
            met = v >= target - 1e-9 if r["direction"] != "lower" else v <= target + 1e-9
            rows += 1
            # the series a pace call is about: not already met (or to confirm)
            open_rows += r["status"] not in ("cumplido", "a_confirmar", "cumplido_en_descenso")
            if r["status"] == "en_camino":
                on += 1
                on_met += met
            elif r["status"] == "fuera_de_camino":
                off += 1
                off_met += met
            if r["pi_low"] and r["pi_high"]:
                checks += 1
                cov += float(r["pi_low"]) - 1e-9 <= v <= float(r["pi_high"]) + 1e-9


def pct(a, b):
    return "%5.1f %%" % (100.0 * a / b) if b else "   -   "


# call rate: the share of open series (not met at the cutoff) that got
# "en camino" / "fuera de camino"; a method that never calls is no answer
print("%-13s h=%s en camino: %s de %5d (%s de %5d abiertas)  fuera de camino: %s de %5d (%s)"
      "  cobertura 95 %%: %s de %5d" % (name, h, pct(on_met, on), on, pct(on, open_rows),
                                       open_rows, pct(off_met, off), off, pct(off, open_rows),
                                       pct(cov, checks), checks))
