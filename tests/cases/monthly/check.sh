#!/bin/sh
# Monthly values (YYYY-MM) beside the yearly self-diagnosis: they count as
# points at year + (month - 0.5)/12; year-over-year compares the same
# month a year earlier; the last period is January 2026.
python3 - "$OUT/2026-11/metricas-2026-11.csv" <<'PY' || exit 1
import csv, sys
rows = {r["area"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
r = rows["Atención ciudadana"]
assert r["n"] == "7", r["n"]
assert r["last_year"] == "2026" and r["last_month"] == "1", (r["last_year"], r["last_month"])
assert float(r["latest"]) == 86 and float(r["previous"]) == 80, (r["latest"], r["previous"])
assert abs(float(r["yoy_change"]) - 6) < 1e-9
assert rows["Biodiversidad"]["last_month"] == ""
PY
T=$(pdftotext "$OUT/2026-11/informe-operativo-gobierno-2026-11.pdf" -)
# the monthly period in words, never YYYY-MM
echo "$T" | grep -qF '86,0 % (enero' && ! echo "$T" | grep -qF '2026-01'
