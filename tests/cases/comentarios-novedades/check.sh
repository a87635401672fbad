# Two periods: October without the comments file, November with it. The
# five comments of the example are new in November's "Novedades" (PDF and
# novedades CSV); run again in December, nothing about them is new.
set -u
o="$TMP/comentarios-novedades"
sh tests/cases/with-config.sh '/^comentarios =/d' -i "$PWD/input" -q -o "$o" -p 2026-10 >/dev/null || exit 1
${TABLERO_WRAP:-} "$BIN" -q -o "$o" -p 2026-11 >/dev/null || exit 1
n=$(grep -c ',comentario_nuevo,' "$o/2026-11/novedades-2026-11.csv")
[ "$n" -eq 5 ] || { echo "comentarios nuevos: $n" >&2; exit 1; }
grep -qF 'Jesús María,Comunicación estratégica,Coordinación de Gestión y Planificación Estratégica,comentario_nuevo,2022,,,,,2026-10' \
  "$o/2026-11/novedades-2026-11.csv" || exit 1
pdftotext "$o/2026-11/informe-gestion-2026-11.pdf" - | tr '\n' ' ' |
  grep -qF 'Comentarios nuevos de las secretarías (5)' || exit 1
${TABLERO_WRAP:-} "$BIN" -q -o "$o" -p 2026-12 >/dev/null || exit 1
! grep -q ',comentario_nuevo,' "$o/2026-12/novedades-2026-12.csv"
