# An unknown indicator in the comments file is refused at its line and column, with the closest name.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/indicador.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:3:1: error: indicador desconocido «Movilida Urbano» (se esperaba un indicador del plan o uno de sus alias; ¿quiso decir «Movilidad Urbana»?)' "$TMP/indicador.err"
