# Windows-1252 input: accents decoded, alias mapped to the canonical name.
grep -q '^Jesús María,Atención ciudadana,.*,2,2022,2023,85,69,16,' "$OUT/2026-11/metricas-2026-11.csv" &&
grep -q '^Jesús María,Movilidad Urbana,' "$OUT/2026-11/metricas-2026-11.csv"
