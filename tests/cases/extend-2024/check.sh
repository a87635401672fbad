# A long file with next year's value extends the bundled wide series.
grep -q '^Jesús María,Profesionalización de los equipos de gestión,.*,5,2020,2024,90.1,86.5,' "$OUT/2026-11/metricas-2026-11.csv"
