# [entradas] separador overrides detection: forced to tab, this comma
# file has no header any more, and the message says so; forced to ","
# it reads as detected.
sh tests/cases/with-config.sh 's/^separador = auto/separador = tab/' \
   -i "$CASE/input" -o "$TMP/sep" -p 2026-11 2>"$TMP/sep.err"
[ $? -eq 65 ] && grep -q 'datos.csv:1: error: el archivo no tiene fila de encabezado' "$TMP/sep.err" &&
sh tests/cases/with-config.sh 's/^separador = auto/separador = ,/' \
   -i "$CASE/input" -o "$TMP/sep2" -p 2026-11 >/dev/null
