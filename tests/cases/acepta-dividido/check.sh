# The table split in two files of different shapes: 2020-2021 wide (";", UTF-8), 2022-2023 long (",", Windows-1252, municipality column).
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
