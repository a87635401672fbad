# A period that is neither a year nor a year-month is refused.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/periodo.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:2:2: error: período «2023-13» inválido' "$TMP/periodo.err"
