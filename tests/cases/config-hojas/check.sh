# [entradas] hojas names the sheets to read (case-insensitive, ";"): the
# named data sheet gives the bundled metrics; a named notes sheet is read
# strictly (its rows are an error, not skipped); a name the workbook lacks
# is an error listing the sheets it has.
set -u
A="$PWD/tests/cases/acepta-xlsx-excel/input/autodiagnosticos.xlsx"
sh tests/cases/with-config.sh "s|^rutas = .*|rutas = $A\nhojas = hoja1|" -q -o "$TMP/hojas" -p 2026-11 &&
sh tests/cases/same-metrics.sh "$TMP/hojas/2026-11/metricas-2026-11.csv" || exit 1
sh tests/cases/with-config.sh "s|^rutas = .*|rutas = $A\nhojas = Notas;Hoja1|" --check 2>"$TMP/hojas.err"
[ $? -eq 65 ] && grep -qF 'autodiagnosticos.xlsx:Notas!A2: error: fila no reconocida que empieza con «Fuente»' "$TMP/hojas.err" || exit 1
sh tests/cases/with-config.sh "s|^rutas = .*|rutas = $A\nhojas = Resumen|" --check 2>"$TMP/hojas2.err"
[ $? -eq 65 ] && grep -qF 'hojas del libro: «Notas», «Hoja1», «Aux»; se esperaba alguna de: Resumen' "$TMP/hojas2.err"
