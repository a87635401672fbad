# Excel in Spanish, "CSV (delimitado por comas)": ";", Windows-1252, CRLF, rows padded with ";;" and empty rows at the end.
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
