# Long shape with a municipality column and decimal points.
grep -q '^Colonia Caroya,Biodiversidad,.*,2,2022,2023,65,60.5,4.5,' "$OUT/2026-11/metricas-2026-11.csv"
