# Two municipalities: a folder each with a single-city run's files (its own
# 16 metric rows), and the network summary at the top.
P="$OUT/2026-11"
[ "$(tail -n +2 "$P/colonia-caroya/metricas-2026-11.csv" | wc -l)" -eq 16 ] &&
grep -q '^Colonia Caroya,Atención ciudadana,.*,1,2023,2023,71,' "$P/colonia-caroya/metricas-2026-11.csv" &&
qpdf --check "$P/colonia-caroya/informe-gestion-2026-11.pdf" >/dev/null &&
pdftotext "$P/colonia-caroya/informe-gestion-2026-11.pdf" - | grep -q 'Colonia Caroya' &&
pdftotext "$P/colonia-caroya/informe-gestion-2026-11.pdf" - | grep -q 'Comparación con la red' &&
[ -f "$P/resumen-red-2026-11.csv" ]
