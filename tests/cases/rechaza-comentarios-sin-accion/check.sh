# An owner without a committed action is refused.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/sin-accion.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:2:5: error: hay responsable o fecha sin acción comprometida' "$TMP/sin-accion.err"
