# A row with neither analysis nor action is refused.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/vacio.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:2:3: error: la fila no tiene análisis ni acción comprometida (se esperaba al menos uno de los dos)' "$TMP/vacio.err"
