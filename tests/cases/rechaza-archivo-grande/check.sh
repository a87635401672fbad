# A file over [entradas] tamano_maximo_mb (set to 1) is rejected before
# it is read; the small input of this case is accepted with the same limit.
{ printf 'Área;2023\n'; i=0; while [ $i -lt 40000 ]; do echo "Atención ciudadana;85%;$i"; i=$((i + 1)); done; } >"$TMP/grande.csv"
sh tests/cases/with-config.sh 's/^tamano_maximo_mb = 128/tamano_maximo_mb = 1/' \
   -i "$TMP/grande.csv" -o "$TMP/grande" -p 2026-11 2>"$TMP/grande.err"
[ $? -eq 65 ] && grep -q 'grande.csv: error: el archivo es demasiado grande (se esperaba a lo sumo 1048576 bytes)' "$TMP/grande.err" &&
[ ! -e "$TMP/grande/2026-11" ] &&
sh tests/cases/with-config.sh 's/^tamano_maximo_mb = 128/tamano_maximo_mb = 1/' \
   -i "$CASE/input" -o "$TMP/chico" -p 2026-11 >/dev/null
