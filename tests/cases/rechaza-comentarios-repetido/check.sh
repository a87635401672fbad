# Two comments for one indicator and period are refused, naming the first.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/repetido.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:3:2: error: ya hay un comentario de «Biodiversidad» para el período 2023 en la línea 2 (se esperaba uno por indicador y período)' "$TMP/repetido.err"
