# Capital Humano fell 1 pp in its last year and the example has no
# analysis for it: one warning (exit 0), and a line in the data-quality
# section of the reports that show it. Without a comments file, no warning.
set -u
${TABLERO_WRAP:-} "$BIN" -q -o "$TMP/aviso" -p 2026-11 >/dev/null || exit 1
pdftotext "$TMP/aviso/2026-11/informe-gestion-2026-11.pdf" - | tr '\n' ' ' |
  grep -qF 'Capital Humano (Gobierno): bajó 1,0 pp en 2022.' || exit 1
pdftotext "$TMP/aviso/2026-11/informe-operativo-gobierno-2026-11.pdf" - | tr '\n' ' ' |
  grep -qF 'Indicadores en rojo o en baja sin análisis de su último dato' || exit 1
sh tests/cases/with-config.sh '/^comentarios =/d' -i "$PWD/input" --check -p 2026-11 2>"$TMP/aviso.err" || exit 1
! grep -q 'análisis de la secretaría' "$TMP/aviso.err"
