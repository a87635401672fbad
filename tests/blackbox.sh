#!/bin/sh
# blackbox.sh - runs tablero as a user would and checks exit codes, messages,
# written files, metric values and the PDF.
#   sh tests/blackbox.sh build/tablero
# Table-driven cases live in tests/cases/<name>/ (see tests/cases/README.md);
# the bundled-data checks are below. $TABLERO_WRAP (valgrind) prefixes runs.
set -u
: "${TABLERO_WRAP:=}"
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
TMP=$(mktemp -d /tmp/tablero-bb.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
pass=0; fail=0
export SOURCE_DATE_EPOCH=1764547200   # 2025-12-01, so dates are fixed

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FALLÓ: $*" >&2; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# run NAME EXPECTED_EXIT ARGS... : runs the binary, keeps stdout/stderr.
run() {
    name=$1; want=$2; shift 2
    $TABLERO_WRAP "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        bad "$name: código $got, se esperaba $want"; sed 's/^/    /' "$TMP/err" >&2
    else ok; fi
}

# ---------------------------------------------------------------- cases
for dir in tests/cases/*/; do
    [ -f "$dir/args" ] || continue
    name=$(basename "$dir")
    OUT="$TMP/case-$name"; CASE=${dir%/}
    mkdir -p "$OUT"
    args=$(sed -e "s|\$CASE|$CASE|g" -e "s|\$OUT|$OUT|g" "$dir/args")
    want=$(cat "$dir/exit")
    # shellcheck disable=SC2086
    run "$name" "$want" $args
    if [ -f "$dir/stderr" ]; then
        while IFS= read -r frag; do
            [ -z "$frag" ] && continue
            grep -qF -- "$frag" "$TMP/err" && ok || { bad "$name: falta en stderr: $frag"; sed 's/^/    /' "$TMP/err" >&2; }
        done <"$dir/stderr"
    fi
    if [ -f "$dir/stdout" ]; then
        while IFS= read -r frag; do
            [ -z "$frag" ] && continue
            grep -qF -- "$frag" "$TMP/out" && ok || bad "$name: falta en stdout: $frag"
        done <"$dir/stdout"
    fi
    if [ "$want" -ne 0 ]; then
        n=$(find "$OUT" -type f | wc -l)
        check "$name: no debe escribir nada al fallar" "[ $n -eq 0 ]"
    fi
    if [ -f "$dir/check.sh" ]; then
        OUT="$OUT" CASE="$CASE" TMP="$TMP" sh "$dir/check.sh" && ok || bad "$name: check.sh"
    fi
done

# ------------------------------------------------- the bundled data, whole
O="$TMP/bundled"
run "datos incluidos" 0 -o "$O" -p 2026-11
P="$O/2026-11"
check "stdout lista el PDF" "grep -qx '$P/informe-gestion-2026-11.pdf' '$TMP/out'"
check "stdout lista el CSV" "grep -qx '$P/metricas-2026-11.csv' '$TMP/out'"
check "stdout lista el JSON" "grep -qx '$P/metricas-2026-11.json' '$TMP/out'"
check "stderr vacío" "[ ! -s '$TMP/err' ]"
check "sin temporales" "[ -z \"\$(find '$O' -name '.*tmp*')\" ]"
PDF="$P/informe-gestion-2026-11.pdf"; CSV="$P/metricas-2026-11.csv"

# Metrics: one row per indicator, reference figures for Profesionalización.
check "16 filas de métricas" "[ \$(tail -n +2 '$CSV' | wc -l) -eq 16 ]"
col() { # col NAME AREA -> value of column NAME in the row of AREA (RFC 4180 aware)
    python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    if r["area"] == sys.argv[3]: print(r[sys.argv[2]])' "$CSV" "$1" "$2"
}
A="Profesionalización de los equipos de gestión"
near() { awk -v v="$1" -v w="$2" -v t="$3" 'BEGIN{ if (v == "") exit 1; d = v - w; exit !(d <= t && -d <= t) }'; }
check "pendiente 11,71" "near \"\$(col slope '$A')\" 11.71 1e-9"
check "r2 0,968928" "near \"\$(col r2 '$A')\" 0.968928 5e-7"
check "n = 4" "[ \"\$(col n '$A')\" = 4 ]"
check "último 86,5" "[ \"\$(col latest '$A')\" = 86.5 ]"
check "variación 10,9" "near \"\$(col yoy_change '$A')\" 10.9 1e-9"
check "cumplido" "[ \"\$(col status '$A')\" = cumplido ]"
check "Movilidad por alias" "[ \"\$(col latest 'Movilidad Urbana')\" = 53 ]"
check "Transformación digital 2 puntos" "[ \"\$(col n 'Transformación digital')\" = 2 ] && [ \"\$(col latest 'Transformación digital')\" = 66.9 ] && [ \"\$(col last_year 'Transformación digital')\" = 2022 ]"
check "sin datos: flota" "[ \"\$(col n 'Gestión eficiente de flota de gobiernos locales')\" = 0 ] && [ \"\$(col status 'Gestión eficiente de flota de gobiernos locales')\" = sin_datos_suficientes ]"
check "Seguridad: sin interanual 2023" "[ \"\$(col last_year 'Seguridad ciudadana')\" = 2022 ] && [ \"\$(col yoy_change 'Seguridad ciudadana')\" = 6 ]"
check "JSON válido" "python3 -c 'import json,sys; d=json.load(open(\"$P/metricas-2026-11.json\")); assert len(d[\"indicators\"])==16; assert d[\"plan\"][\"ejes\"]==5; assert d[\"plan\"][\"subobjetivos\"]==15' "

# The PDF: structure, text with accents, renderers without warnings.
check "qpdf --check" "qpdf --check '$PDF' >'$TMP/qpdf' 2>&1"
pdftotext -layout "$PDF" "$TMP/pdf.txt" 2>"$TMP/pdftotext.err"
check "pdftotext sin avisos" "[ ! -s '$TMP/pdftotext.err' ]"
for frag in "Jesús María" "Misión" "Visión" "Resumen ejecutivo" "Gobernanza" "Planeamiento urbano" \
            "Profesionalización de los equipos de gestión" "Movilidad Urbana" "Anexo metodológico" \
            "Página 2 de" "autodiagnosticos.csv"; do
    check "PDF contiene «$frag»" "grep -qF '$frag' '$TMP/pdf.txt'"
done
check "PDF no muestra el alias" "! grep -qF 'Movilidada' '$TMP/pdf.txt'"
check "pdfinfo título" "pdfinfo '$PDF' | grep -q '^Title: .*gestión'"
# Debian's mutool is built without lcms and says so on every file; that
# line is about the tool, not the PDF, so it is the only one ignored.
check "mutool sin avisos" "[ -z \"\$(mutool draw -q -o /dev/null '$PDF' 2>&1 | grep -v 'ICC support is not available')\" ]"
check "ghostscript sin avisos" "[ -z \"\$(gs -q -dNOPAUSE -dBATCH -sDEVICE=nullpage '$PDF' 2>&1)\" ]"
check "pdftoppm sin avisos" "[ -z \"\$(pdftoppm -r 20 -png '$PDF' '$TMP/pg' 2>&1)\" ]"

# Reproducible: same inputs and SOURCE_DATE_EPOCH give identical bytes.
run "segunda corrida" 0 -o "$TMP/again" -p 2026-11
for f in informe-gestion-2026-11.pdf metricas-2026-11.csv metricas-2026-11.json; do
    check "idéntico: $f" "cmp -s '$P/$f' '$TMP/again/2026-11/$f'"
done

# --check writes nothing.
run "--check" 0 --check -o "$TMP/chk" -p 2026-11
check "--check no escribe" "[ ! -e '$TMP/chk' ]"
check "--check informa" "grep -q 'comprobación correcta' '$TMP/err'"

# A failing run leaves an earlier report untouched.
cp "$PDF" "$TMP/before.pdf"
printf 'Área;2024\nAtención ciudadana;abc\n' >"$TMP/bad.csv"
run "dato inválido" 65 -o "$O" -p 2026-11 -i input -i "$TMP/bad.csv"
check "mensaje con archivo:línea:columna" "grep -qF '$TMP/bad.csv:2:2: error:' '$TMP/err'"
check "informe anterior intacto" "cmp -s '$PDF' '$TMP/before.pdf'"
check "sin temporales tras fallo" "[ -z \"\$(find '$O' -name '.*tmp*')\" ]"

# Usage and missing input.
run "opción desconocida" 64 --nope
run "período inválido" 64 -p 2026-13
run "entrada inexistente" 66 -i /nonexistent/x.csv -o "$TMP/none"
run "config inexistente" 78 -c /nonexistent/tablero.ini
run "--version" 0 --version
check "--version imprime" "grep -q '^tablero ' '$TMP/out'"
run "--help" 0 --help
check "--help en español" "grep -q 'Uso: tablero' '$TMP/out'"
run "salida no creable" 73 -o /proc/tablero-no -p 2026-11

echo "blackbox: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
