# LibreOffice .ods: percentage cells, a title merged over covered cells, columns and rows repeated to the sheet's end, an instructions sheet first and a hidden table last.
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
