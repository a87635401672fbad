# [entradas] rutas naming workbooks: an .xlsx file and a folder holding a
# CSV and an .ods, with no -i; both give the bundled file's metrics.
set -u
A="$PWD/tests/cases/acepta-xlsx-libreoffice/input/autodiagnosticos.xlsx"
B="$PWD/tests/cases/acepta-mezcla-csv-ods/input"
sh tests/cases/with-config.sh "s|^rutas = .*|rutas = $A|" -q -o "$TMP/rutas-xlsx" -p 2026-11 &&
sh tests/cases/same-metrics.sh "$TMP/rutas-xlsx/2026-11/metricas-2026-11.csv" &&
sh tests/cases/with-config.sh "s|^rutas = .*|rutas = $B|" -q -o "$TMP/rutas-ods" -p 2026-11 &&
sh tests/cases/same-metrics.sh "$TMP/rutas-ods/2026-11/metricas-2026-11.csv"
