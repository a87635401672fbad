# LibreOffice Calc in es-AR, default export: "," delimiter, decimal commas quoted, "86,50 %" with U+00A0 before "%".
# The metrics CSV must be byte-identical to the one from the bundled file.
sh tests/cases/same-metrics.sh "$OUT/2026-11/metricas-2026-11.csv"
