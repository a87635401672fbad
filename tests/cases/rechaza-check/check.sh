# --check on good data: exit 0, a summary, nothing written.
"$BIN" --check -i input -o "$TMP/chk-ok" -p 2026-11 2>"$TMP/chk.err" && [ ! -e "$TMP/chk-ok" ] && grep -q 'comprobación correcta: 1 archivo, [0-9]* valores, 1 municipio, 16 indicadores$' "$TMP/chk.err"
