# The citizen summary with the plan's own targets (every area given a
# meta in indicadores.csv) counts "metas cumplidas" and says the targets
# are the plan's; with the bundled config (every target assumed, the
# run of args) it counts what reached the reference instead.
fail() { echo "ciudadano-metas-del-plan: $*" >&2; exit 1; }
pdftotext "$OUT/2026-11/resumen-ciudadano-2026-11.pdf" "$TMP/cmp-supuesta.txt" || fail "pdftotext"
tr -s ' \n' '  ' <"$TMP/cmp-supuesta.txt" | grep -qF 'alcanzan la referencia' || fail "metas supuestas: falta «alcanzan la referencia»"
C="$TMP/cmp-config"
rm -rf "$C"; cp -r config "$C"
# meta 70 by 2027 on every row (columns 7 and 8 of area;eje;...;meta;anio_meta;...)
awk -F';' 'BEGIN { OFS = ";" } NR > 1 { $7 = 70; $8 = 2027 } { print }' config/indicadores.csv >"$C/indicadores.csv"
$TABLERO_WRAP "$BIN" -q -c "$C/tablero.ini" -i input -o "$TMP/cmp-out" -p 2026-11 || fail "corrida con metas del plan"
pdftotext "$TMP/cmp-out/2026-11/resumen-ciudadano-2026-11.pdf" "$TMP/cmp-plan.txt" || fail "pdftotext"
tr -s ' \n' '  ' <"$TMP/cmp-plan.txt" >"$TMP/cmp-plan1.txt"
grep -qE 'metas? cumplidas?' "$TMP/cmp-plan1.txt" || fail "metas del plan: falta «metas cumplidas»"
grep -qF 'alcanzan la referencia' "$TMP/cmp-plan1.txt" && fail "metas del plan: dice «alcanzan la referencia»"
grep -qF 'plan todavía no fija metas' "$TMP/cmp-plan1.txt" && fail "metas del plan: dice que el plan no fija metas"
exit 0
