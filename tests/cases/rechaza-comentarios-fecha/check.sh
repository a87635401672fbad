# A due date not written AAAA-MM-DD is refused.
sh tests/cases/with-config.sh "s|^comentarios = .*|comentarios = $PWD/$CASE/comentarios.csv|" --check 2>"$TMP/fecha.err"
[ $? -eq 78 ] && grep -qF 'comentarios.csv:2:6: error: fecha «30/09/2026» inválida (se esperaba una fecha AAAA-MM-DD, como «2026-09-30»)' "$TMP/fecha.err"
