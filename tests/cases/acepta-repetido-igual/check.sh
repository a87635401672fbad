# The bundled table plus a long file repeating two of its values (one written 86,5 instead of 86,50%).
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
