# The template is yearly and for one municipality: a name not ending in
# .xlsx is refused too, and nothing is left behind in either case.
set -u
${TABLERO_WRAP:-} "$BIN" --plantilla "$OUT/plantilla.csv" -i input/autodiagnosticos.csv \
    -p 2026-11 2>"$TMP/plantilla-csv.err"
[ $? -eq 64 ] && grep -qF 'la planilla debe terminar en .xlsx' "$TMP/plantilla-csv.err" &&
[ -z "$(ls -A "$OUT")" ]
