# A municipalities table in config ([red] municipios): its province goes
# on the cover of a municipality without its own plan; a name in the data
# that the table lacks is refused at FILE:LINE with "¿quiso decir…?".
# Names compare folded, so the data's "Villa/Nueva .." is the table's
# "Villa Nueva" too.
fail() { echo "red-tabla-municipios: $*" >&2; exit 1; }
C="$TMP/cfg-municipios"
rm -rf "$C" && mkdir -p "$C" && cp config/* "$C/" || fail "copia de config"
printf '\n[red]\n; los municipios de la red\nmunicipios = municipios.csv\n' >>"$C/tablero.ini"
printf 'id;nombre;provincia\n2;Villa Nueva;Córdoba\n3;San José;Entre Ríos\n4;Municipio 0004;Santa Fe\n5;Municipio 0005;\n' >"$C/municipios.csv"
IN="$CASE/../red-municipios/input/red.csv"
$TABLERO_WRAP "$BIN" -q -c "$C/tablero.ini" -i "$IN" -o "$TMP/tm-ok" -p 2026-11 || fail "con la tabla completa"
P="$TMP/tm-ok/2026-11"
pdftotext -l 1 "$P/municipio-0004/informe-gestion-2026-11.pdf" - | grep -qF "Provincia de Santa Fe" \
    || fail "la portada no trae la provincia de la tabla"
pdftotext -l 1 "$P/municipio-0005/informe-gestion-2026-11.pdf" - | grep -qF "Provincia de" \
    && fail "sin provincia en la tabla, la portada no debe inventarla"
grep -qF "municipios.csv" "$P/manifest.json" || fail "el manifiesto no lista la tabla"
# a misspelt municipality: refused with file, line and suggestion; nothing written
sed 's/^Municipio 0004,/Municipo 0004,/' "$IN" >"$TMP/red-typo.csv"
line=$(grep -n '^Municipo 0004,' "$TMP/red-typo.csv" | head -1 | cut -d: -f1)
$TABLERO_WRAP "$BIN" -q -c "$C/tablero.ini" -i "$TMP/red-typo.csv" -o "$TMP/tm-bad" -p 2026-11 2>"$TMP/tm-err"
[ $? -eq 65 ] || fail "nombre mal escrito: se esperaba el código 65"
grep -qF "red-typo.csv:$line: error: municipio desconocido «Municipo 0004»" "$TMP/tm-err" \
    || { cat "$TMP/tm-err" >&2; fail "falta ARCHIVO:LÍNEA y el nombre"; }
grep -qF "¿quiso decir «Municipio 0004»?" "$TMP/tm-err" || fail "falta la sugerencia"
[ -z "$(find "$TMP/tm-bad" -type f ! -name .tablero.lock 2>/dev/null)" ] || fail "escribió algo al fallar"
# a repeated name in the table is a config error at its line
printf '6;municipio 0004;Santa Fe\n' >>"$C/municipios.csv"
$TABLERO_WRAP "$BIN" -q --check -c "$C/tablero.ini" -i "$IN" -p 2026-11 2>"$TMP/tm-dup"
[ $? -eq 78 ] || fail "nombre repetido en la tabla: se esperaba 78"
grep -qF "municipios.csv:6:" "$TMP/tm-dup" || { cat "$TMP/tm-dup" >&2; fail "falta la línea del repetido"; }
exit 0
