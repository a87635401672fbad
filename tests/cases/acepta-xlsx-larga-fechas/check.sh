# Long table: area names merged down over their years, the year column holding dates (1900 system, dd/mm/yyyy), plain numbers (86.5) as values.
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
