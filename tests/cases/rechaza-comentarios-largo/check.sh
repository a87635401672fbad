# An analysis over 400 characters is refused with its length.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/largo.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:2:3: error: el campo «analisis» tiene 479 caracteres (se esperaban como máximo 400; resuma el texto)' "$TMP/largo.err"
