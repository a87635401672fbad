# Forcing windows-1252 in the configuration reads the file anyway
# (the UTF-8 "Autodiagnósticos" becomes "AutodiagnÃ³sticos", a label nobody reads).
sh tests/cases/with-config.sh 's/^codificacion = auto/codificacion = windows-1252/' \
   -i "$CASE/input" -o "$TMP/mezcla" -p 2026-11 >/dev/null 2>"$TMP/mezcla.err" &&
grep -q '^Jesús María,Atención ciudadana,.*,2,2022,2023,85,69,' "$TMP/mezcla/2026-11/metricas-2026-11.csv"
