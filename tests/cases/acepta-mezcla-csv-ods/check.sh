# A folder holding a CSV with the first eight indicators and an .ods with the rest: read together.
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
