# Area names in capitals, without accents, with doubled spaces and a final period; the alias "Movilidada Urbana" too.
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
