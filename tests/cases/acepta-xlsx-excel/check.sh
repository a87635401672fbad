# Excel in Spanish: shared strings, 0.00% and 0% cells holding 17-digit fractions, a merged title, "-" as text, a formula with its cached value, a notes sheet before the data and a hidden sheet after it.
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
