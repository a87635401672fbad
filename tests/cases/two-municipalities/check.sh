# Two municipalities: one PDF each, one metrics file with 2 x 16 rows.
[ "$(tail -n +2 "$OUT/2026-11/metricas-2026-11.csv" | wc -l)" -eq 32 ] &&
grep -q '^Colonia Caroya,Atención ciudadana,.*,1,2023,2023,71,' "$OUT/2026-11/metricas-2026-11.csv" &&
qpdf --check "$OUT/2026-11/informe-gestion-2026-11-colonia-caroya.pdf" >/dev/null &&
pdftotext "$OUT/2026-11/informe-gestion-2026-11-colonia-caroya.pdf" - | grep -q 'Colonia Caroya'
