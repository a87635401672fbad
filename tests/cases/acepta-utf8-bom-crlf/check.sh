# UTF-8 with BOM and CRLF (Excel "CSV UTF-8").
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
