# LibreOffice's .xlsx: inline strings, custom "0.0%"/"0%" formats, absolute relationship targets, the 2022 column typed as Spanish text ("75,60%").
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
