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
# TABLERO_TEST_TMP: where scratch folders go (make test TEST_TMP=/dev/shm:
# a tmpfs, when /tmp is a disk); its path must not hold a space (LD_PRELOAD)
TMP=$(mktemp -d "${TABLERO_TEST_TMP:-/tmp}/tablero-bb.XXXXXX")
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
# The table-driven cases run in a second process while the bundled-data
# checks below run in this one (most of the time is waiting for tablero
# and the PDF tools: two cores, two streams). Each stream has its own
# scratch folder and log; the cases' log is printed after the other's,
# so the output is the same from run to run.
run_cases() (
TMP=$TMP/cases; mkdir -p "$TMP"
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
        # not even the lock file: the output folder is touched only once
        # the configuration and every input are valid
        n=$(find "$OUT" -mindepth 1 | wc -l)
        check "$name: no debe escribir nada al fallar" "[ $n -eq 0 ]"
    fi
    if [ -f "$dir/check.sh" ]; then
        OUT="$OUT" CASE="$CASE" TMP="$TMP" BIN="$BIN" TABLERO_WRAP="$TABLERO_WRAP" sh "$dir/check.sh" && ok || bad "$name: check.sh"
    fi
done
echo "$pass $fail" >"$TMP/count"
)
# TABLERO_SERIAL=1: one after the other (to time them, or to debug)
if [ -n "${TABLERO_SERIAL:-}" ]; then run_cases >"$TMP/cases.log" 2>&1; cases_pid=""
else run_cases >"$TMP/cases.log" 2>&1 & cases_pid=$!; fi

# ------------------------------------------------- the bundled data, whole
O="$TMP/bundled"
run "datos incluidos" 0 -o "$O" -p 2026-11
P="$O/2026-11"
check "stdout lista el PDF" "grep -qx '$P/informe-gestion-2026-11.pdf' '$TMP/out'"
check "stdout lista el CSV" "grep -qx '$P/metricas-2026-11.csv' '$TMP/out'"
check "stdout lista el JSON" "grep -qx '$P/metricas-2026-11.json' '$TMP/out'"
# the bundled example comments leave Capital Humano (falling) without an
# analysis on purpose: that one warning is the whole of stderr
check "stderr: solo el aviso de análisis faltante" "[ \"\$(wc -l <'$TMP/err')\" -eq 1 ] && grep -q '^tablero: .*comentarios.csv: aviso: 1 indicador en rojo o en baja no tiene análisis de la secretaría' '$TMP/err'"
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
# 86,5 % in 2023 meets 80 %, but in 2026-11 that value is older than
# anios_desactualizado (2): met in its year, "a confirmar" now.
check "a confirmar (cumplido con dato viejo)" "[ \"\$(col status '$A')\" = a_confirmar ]"
check "Movilidad por alias" "[ \"\$(col latest 'Movilidad Urbana')\" = 53 ]"
check "Transformación digital 2 puntos" "[ \"\$(col n 'Transformación digital')\" = 2 ] && [ \"\$(col latest 'Transformación digital')\" = 66.9 ] && [ \"\$(col last_year 'Transformación digital')\" = 2022 ]"
check "sin datos: flota" "[ \"\$(col n 'Gestión eficiente de flota de gobiernos locales')\" = 0 ] && [ \"\$(col status 'Gestión eficiente de flota de gobiernos locales')\" = sin_datos_suficientes ]"
check "Seguridad: sin interanual 2023" "[ \"\$(col last_year 'Seguridad ciudadana')\" = 2022 ] && [ \"\$(col yoy_change 'Seguridad ciudadana')\" = 6 ]"
check "JSON válido" "python3 -c 'import json,sys; d=json.load(open(\"$P/metricas-2026-11.json\")); assert len(d[\"indicators\"])==16; assert d[\"plan\"][\"ejes\"]==5; assert d[\"plan\"][\"subobjetivos\"]==15' "

# JSON numbers round-trip: the same doubles as the CSV's (both the
# shortest form that reads back exactly), and printed that way.
check "JSON: los mismos números que el CSV, exactos" "python3 -c '
import csv, json, sys
d = json.load(open(sys.argv[1], encoding=\"utf-8\"))
rows = list(csv.DictReader(open(sys.argv[2], encoding=\"utf-8\")))
n = 0
for j, c in zip(d[\"indicators\"], rows):
    assert j[\"area\"] == c[\"area\"]
    for k in (\"slope\", \"slope_se\", \"intercept\", \"r2\", \"latest\", \"yoy_change\", \"gap\", \"projection\", \"pi_low\", \"importance\", \"urgency\"):
        if c[k] == \"\": assert j[k] is None, k; continue
        assert j[k] == float(c[k]), (k, j[k], c[k]); n += 1
assert n >= 100, n   # 11 fields of 16 indicators, blanks aside
text = open(sys.argv[1], encoding=\"utf-8\").read()
assert \"11.709999999999999\" in text   # Profesionalización slope, exactly
' '$P/metricas-2026-11.json' '$CSV'"

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

# ------------------------------------- strategic, operational, citizen
# Every report kind: listed, well-formed, accented text, bookmarks, pages.
for f in informe-estrategico-2026-11.pdf resumen-ciudadano-2026-11.pdf \
         informe-operativo-promocion-humana-2026-11.pdf informe-operativo-gobierno-2026-11.pdf \
         rollups-2026-11.csv novedades-2026-11.csv; do
    check "stdout lista $f" "grep -qx '$P/$f' '$TMP/out'"
done
check "una operativa por secretaría con indicadores" "[ \$(ls '$P' | grep -c '^informe-operativo-') -eq 6 ]"
check "sin operativa de Turismo (sin indicadores)" "[ ! -e '$P/informe-operativo-turismo-2026-11.pdf' ]"
for f in "$P"/informe-estrategico-2026-11.pdf "$P"/informe-operativo-*.pdf "$P"/resumen-ciudadano-2026-11.pdf; do
    b=$(basename "$f")
    check "qpdf --check $b" "qpdf --check '$f' >/dev/null 2>&1"
    check "pdftotext sin avisos $b" "[ -z \"\$(pdftotext '$f' - 2>&1 >/dev/null)\" ]"
    check "mutool sin avisos $b" "[ -z \"\$(mutool draw -q -o /dev/null '$f' 2>&1 | grep -v 'ICC support is not available')\" ]"
    check "ghostscript sin avisos $b" "[ -z \"\$(gs -q -dNOPAUSE -dBATCH -sDEVICE=nullpage '$f' 2>&1)\" ]"
    check "pdftoppm sin avisos $b" "[ -z \"\$(pdftoppm -r 10 -png '$f' '$TMP/vw' 2>&1)\" ]"
    check "marcadores $b" "qpdf --show-npages '$f' >/dev/null && grep -qa '/Outlines' '$f'"
done
pdftotext -layout "$P/informe-estrategico-2026-11.pdf" "$TMP/est.txt"
for frag in "Informe estratégico del plan" "Qué cambió" "Qué necesita una decisión" "Qué tan al día están los datos" "Por dimensión" "Por eje estratégico" "Por objetivo y subobjetivo" \
            "Trayectorias al horizonte del plan" "Urgente e importante" "Actuar ya" "Planificar" \
            "Gestionar" "Monitorear" "Calidad de los datos" "Novedades" "No hay un informe de un período anterior" \
            "importancia = 0,4 · peso / peso máximo + 0,6 · brecha / 30" "Modelo en uso: lineal" \
            "Proyección incierta" "Página 2 de"; do
    check "estratégico contiene «$frag»" "grep -qF '$frag' '$TMP/est.txt'"
done
check "estratégico: fórmulas sin «/ 1»" "! grep -qF ') / 1' '$TMP/est.txt'"
check "estratégico: la tabla de políticas continuada dice «(cont.)»" "grep -qF 'Por política pública (cont.)' '$TMP/est.txt'"
check "estratégico: filas de tablas etiquetadas TR/TD" "pdfinfo -struct-text '$P/informe-estrategico-2026-11.pdf' | grep -B1 -F '\"Comunicación como eje para la transparencia\"' | grep -q 'TD'"
# Layout (issue 10): no near-empty page but the last, no page holding only a
# heading or a footnote; continued tables say so; the operational report's
# annex has no roll-up section and its table's footnote names its columns.
check "maquetación: ninguna página casi vacía ni suelta" "python3 tests/pdf_layout.py '$P'/*.pdf"
# (the bundled data's one table longer than a page is the operational one)
check "tabla continuada: «(cont.)» y el mismo encabezado" "pdftotext '$P/informe-operativo-gobierno-2026-11.pdf' - | grep -A1 -F 'Indicadores: últimos valores (cont.)' | grep -qx 'Indicador'"
pdftotext -layout "$P/informe-operativo-gobierno-2026-11.pdf" "$TMP/op.txt"
for frag in "Informe operativo" "Qué cambió" "Qué necesita una decisión" "Gobierno" "Qué hacer ahora" "Programas de la secretaría" "Registro civil" \
            "Capital Humano" "Excepciones" "En retroceso" "Sin datos recientes" "Calidad de los datos"; do
    check "operativo contiene «$frag»" "grep -qF '$frag' '$TMP/op.txt'"
done
check "operativo sin «Agregados por nivel»" "! grep -qF 'Agregados por nivel' '$TMP/op.txt'"
check "operativo: la nota describe sus columnas" "! grep -qF 'pendientes y brechas' '$TMP/op.txt' && grep -qF 'Último: el último dato' '$TMP/op.txt'"
check "operativo solo con sus indicadores" "! grep -qF 'Biodiversidad' '$TMP/op.txt'"
CIT="$P/resumen-ciudadano-2026-11.pdf"
check "resumen ciudadano: 2 páginas" "pdfinfo '$CIT' | grep -q '^Pages: *2$'"
pdftotext -layout "$CIT" "$TMP/cit.txt"
for frag in "RENDICIÓN DE CUENTAS" "En 0 de las 16 áreas, un dato reciente alcanza" \
            "el plan todavía no fija metas para estas áreas" "Otras 6 la alcanzaban en su última medición" "Vamos bien en" \
            "Necesita atención" "Qué cambió" "Página 2 de 2"; do
    check "ciudadano contiene «$frag»" "grep -qF '$frag' '$TMP/cit.txt'"
done
check "ciudadano sin jerga" "! grep -qiE 'pendiente|intervalo|proyecci|pp\\b|r²' '$TMP/cit.txt'"
M="$P/metricas-2026-11.csv"
# the status model's columns come after last_month (CSV readers by position keep working)
check "métricas: columnas nuevas al final" "head -1 '$M' | grep -q ',status,importance,urgency,quadrant,last_month,years,level_met,pace,p_met,progress_ratio,judged_year,judged_value$'"
check "ciudadano: la meta supuesta no es «del plan»" "! grep -qF 'metas del plan' '$TMP/cit.txt' && ! grep -qF 'son las del plan' '$TMP/cit.txt'"
# every target assumed: the first tile counts what reached the reference, not "metas cumplidas"
check "ciudadano: sin metas del plan no cuenta «metas cumplidas»" "pdftotext '$CIT' - | tr -s ' \n' '  ' | grep -qF 'alcanzan la referencia' && ! grep -qiE 'metas? cumplidas?' '$TMP/cit.txt'"
check "ningún cumplido con dato desactualizado" "python3 -c 'import csv,sys; sys.exit(any(r[\"status\"].startswith(\"cumplido\") and r[\"stale\"]==\"1\" for r in csv.DictReader(open(sys.argv[1],encoding=\"utf-8\"))))' '$M'"
check "ningún año de alcance hasta el último año observado" "python3 -c 'import csv,sys; sys.exit(any(r[\"reach_year\"] and int(r[\"reach_year\"])<=int(r[\"last_year\"]) for r in csv.DictReader(open(sys.argv[1],encoding=\"utf-8\"))))' '$M'"
check "métricas: cuadrante de Profesionalización" "[ \"\$(col quadrant '$A')\" = monitorear ]"
check "métricas: Seguridad proyección incierta" "[ \"\$(col status 'Seguridad ciudadana')\" = proyeccion_incierta ]"
R="$P/rollups-2026-11.csv"
check "rollups: encabezado" "head -1 '$R' | grep -q '^nivel,municipio,id,nombre,indice,peso,con_datos,total,cumplido,en_camino,proyeccion_incierta,en_riesgo,fuera_de_camino,sin_datos_suficientes,a_confirmar,cumplido_en_descenso$'"
check "rollups: todos los niveles" "python3 -c '
import csv,sys
rows=list(csv.DictReader(open(sys.argv[1],encoding=\"utf-8\")))
lv={r[\"nivel\"] for r in rows}
assert lv=={\"general\",\"eje\",\"politica\",\"objetivo\",\"subobjetivo\",\"dimension\",\"secretaria\"}, lv
g=[r for r in rows if r[\"nivel\"]==\"general\"][0]
assert g[\"total\"]==\"16\" and g[\"con_datos\"]==\"14\", g
gob=[r for r in rows if r[\"nivel\"]==\"eje\" and r[\"id\"]==\"GOB\"][0]
assert gob[\"total\"]==\"9\"
' '$R'"
check "JSON: rollups, puntajes y puntos" "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r=d[\"indicators\"][0]; assert \"quadrant\" in r and len(r[\"points\"])==4 and d[\"scores\"][\"urgency_threshold\"]==0.5 and len(d[\"rollups\"])>0' '$P/metricas-2026-11.json'"
check "novedades sin período anterior: solo encabezado" "[ \$(wc -l <'$P/novedades-2026-11.csv') -eq 1 ]"

# ----------------------------------------- two consecutive periods: Novedades
NV="$TMP/novedades"
mkdir -p "$NV/in"
run "período 2026-10" 0 -o "$NV/out" -p 2026-10
# November: Atención ciudadana 2023 revised (85 -> 87), a 2024 value for
# Profesionalización (new point) and a fall of Desarrollo Emprendedor
# (new point, status change, becomes "actuar ya").
sed 's/^Atención ciudadana;85%/Atención ciudadana;87%/' input/autodiagnosticos.csv >"$NV/in/autodiagnosticos.csv"
printf 'Área;Año;Valor\nProfesionalización de los equipos de gestión;2024;90,1\nDesarrollo Emprendedor;2024;50\n' >"$NV/in/2024.csv"
run "período 2026-11 con cambios" 0 -o "$NV/out" -p 2026-11 -i "$NV/in"
N="$NV/out/2026-11/novedades-2026-11.csv"
nov() { python3 -c 'import csv,sys
rows=list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
want=dict(a.split("=",1) for a in sys.argv[2:])
sys.exit(0 if any(all(r[k]==v for k,v in want.items()) for r in rows) else 1)' "$N" "$@"; }
check "novedades: dato nuevo 2024" "nov 'area=Profesionalización de los equipos de gestión' tipo=nuevo_dato periodo=2024 ahora=90.1 periodo_anterior=2026-10"
check "novedades: valor revisado" "nov 'area=Atención ciudadana' tipo=valor_revisado periodo=2023 antes=85 ahora=87"
check "novedades: cambio de estado" "nov 'area=Desarrollo Emprendedor' tipo=cambio_de_estado estado_antes=a_confirmar estado_ahora=proyeccion_incierta"
check "novedades: pasó a actuar ya" "nov 'area=Desarrollo Emprendedor' tipo=paso_a_actuar_ya"
check "novedades: nada más de Atención ciudadana" "[ \$(grep -c '^Jesús María,Atención ciudadana,' '$N') -eq 1 ]"
check "maquetación con novedades: ninguna página casi vacía ni suelta" "python3 tests/pdf_layout.py '$NV/out/2026-11'/*.pdf"
pdftotext -layout "$NV/out/2026-11/informe-estrategico-2026-11.pdf" "$TMP/nov.txt"
for frag in "Cambios desde el informe de octubre de 2026." "Datos nuevos (2)" "Valores revisados (1)" \
            "Atención ciudadana, 2023: de 85,0 % a 87,0 %" "Desarrollo Emprendedor: de «A confirmar» a «Proyección incierta»" \
            "Pasaron a «actuar ya» (1)"; do
    check "novedades en el PDF: «$frag»" "grep -qF '$frag' '$TMP/nov.txt'"
done
pdftotext -layout "$NV/out/2026-11/informe-operativo-agencia-de-desarrollo-economico-2026-11.pdf" "$TMP/nov-op.txt"
check "novedades en la operativa de la Agencia" "grep -qF 'Desarrollo Emprendedor, 2024' '$TMP/nov-op.txt' || grep -qF 'Desarrollo Emprendedor: 2024 = 50,0 %' '$TMP/nov-op.txt'"
check "operativa de la Agencia sin novedades ajenas" "! grep -qF 'Atención ciudadana, 2023' '$TMP/nov-op.txt'"
# With the month before missing, the latest earlier period is used.
run "período 2027-01 salta diciembre" 0 -o "$NV/out" -p 2027-01 -i "$NV/in"
check "novedades contra 2026-11" "pdftotext '$NV/out/2027-01/informe-estrategico-2027-01.pdf' - | grep -qF 'informe de noviembre de 2026'"
# A damaged previous file is reported, not fatal.
mkdir -p "$NV/bad/2026-10" && echo '{not json' >"$NV/bad/2026-10/metricas-2026-10.json"
run "métricas anteriores dañadas" 0 -o "$NV/bad" -p 2026-11
check "aviso de métricas ilegibles" "pdftotext '$NV/bad/2026-11/informe-estrategico-2026-11.pdf' - | grep -qF 'no se pudieron leer'"
check "métricas ilegibles: dicho en stderr" "grep -qF 'no se pudieron leer' '$TMP/err'"
check "métricas ilegibles: dicho en el manifiesto" "grep -qF 'no se pudieron leer' '$NV/bad/2026-11/manifest.json'"
# A previous period with nothing of ours (a renamed municipality) is no
# comparison at all, never "Sin cambios" (issue 17).
mkdir -p "$NV/ren" && cp -a "$NV/out/2026-10" "$NV/ren/" && sed -i 's/Jesús María/Villa Otra/g' "$NV/ren/2026-10/metricas-2026-10.json"
run "período anterior de otro municipio" 0 -q -o "$NV/ren" -p 2026-11
check "sin correspondencia: lo dice el PDF" "pdftotext '$NV/ren/2026-11/informe-gestion-2026-11.pdf' - | grep -qF 'No se pudo comparar con el informe de octubre de 2026'"
check "sin correspondencia: no dice «Sin cambios»" "! pdftotext '$NV/ren/2026-11/informe-gestion-2026-11.pdf' - | grep -qF 'Sin cambios'"
check "sin correspondencia: stderr aun con -q" "grep -qF 'no se pudo comparar' '$TMP/err'"
check "sin correspondencia: manifiesto" "grep -qF 'no se pudo comparar' '$NV/ren/2026-11/manifest.json'"

# Reproducible: same inputs and SOURCE_DATE_EPOCH give identical bytes.
run "segunda corrida" 0 -o "$TMP/again" -p 2026-11
for f in informe-gestion-2026-11.pdf metricas-2026-11.csv metricas-2026-11.json \
         informe-estrategico-2026-11.pdf resumen-ciudadano-2026-11.pdf rollups-2026-11.csv \
         informe-operativo-hacienda-2026-11.pdf; do
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

# A folder with two bad files reports both, as two -i files would.
mkdir -p "$TMP/twobad"
printf 'Área;2024\nAtención ciudadana;abc\n' >"$TMP/twobad/a.csv"
printf 'Área;2024\nSeguridad ciudadana;xyz\n' >"$TMP/twobad/b.csv"
run "carpeta con dos archivos inválidos" 65 -i "$TMP/twobad" -o "$TMP/twobad-out" -p 2026-11
check "carpeta: informa el primero" "grep -qF '$TMP/twobad/a.csv:2:2: error:' '$TMP/err'"
check "carpeta: informa también el segundo" "grep -qF '$TMP/twobad/b.csv:2:2: error:' '$TMP/err'"
check "carpeta: no crea la salida" "[ ! -e '$TMP/twobad-out' ]"

# -p is exactly YYYY-MM: no sign, no space, no short month.
for bad in 2026-+1 "2026- 1" 2026-1 +2026-01 " 2026-01" 2026-01x; do
    run "período «$bad» rechazado" 64 -p "$bad" --check
done

# Usage and missing input.
run "opción desconocida" 64 --nope
run "período inválido" 64 -p 2026-13
run "entrada inexistente" 66 -i /nonexistent/x.csv -o "$TMP/none"
check "entrada inexistente: sin carpeta de salida ni bloqueo" "[ ! -e '$TMP/none' ]"
run "dato inválido en carpeta nueva" 65 -i "$TMP/bad.csv" -o "$TMP/none"
check "dato inválido: sin carpeta de salida ni bloqueo" "[ ! -e '$TMP/none' ]"
run "config inexistente" 78 -c /nonexistent/tablero.ini
# Search order without -c: $TABLERO_CONFIG, ./config/tablero.ini,
# /etc/tablero/tablero.ini; the error lists what it tried and shows -c.
mkdir -p "$TMP/nocfg"
(cd "$TMP/nocfg" && env -u TABLERO_CONFIG "$BIN" -o "$TMP/nocfg/o" >"$TMP/out" 2>"$TMP/err"); rc=$?
if [ -f /etc/tablero/tablero.ini ]; then echo "blackbox: omitido: sin configuración (existe /etc/tablero/tablero.ini)" >&2
else
    check "sin configuración: 78" "[ $rc -eq 78 ]"
    check "sin configuración: dice dónde buscó y -c" "grep -qF './config/tablero.ini, /etc/tablero/tablero.ini' '$TMP/err' && grep -qF -- '-c ARCHIVO' '$TMP/err' && grep -qF 'ejemplo/config/tablero.ini' '$TMP/err'"
    check "sin configuración: nada escrito" "[ ! -e '$TMP/nocfg/o' ]"
fi
(cd "$TMP/nocfg" && TABLERO_CONFIG="$ROOT/config/tablero.ini" "$BIN" -q --check -p 2026-11 2>"$TMP/err"); rc=$?
check "TABLERO_CONFIG" "[ $rc -eq 0 ]"
(cd "$TMP/nocfg" && TABLERO_CONFIG=/nonexistent/t.ini "$BIN" -q --check -p 2026-11 2>"$TMP/err"); rc=$?
check "TABLERO_CONFIG inexistente: 78, sin buscar en otro lado" "[ $rc -eq 78 ] && grep -qF '/nonexistent/t.ini' '$TMP/err'"
(cd "$ROOT" && TABLERO_CONFIG= "$BIN" -q --check -p 2026-11 2>"$TMP/err"); rc=$?
check "./config/tablero.ini" "[ $rc -eq 0 ]"
run "--version" 0 --version
check "--version imprime" "grep -q '^tablero ' '$TMP/out'"
run "--help" 0 --help
check "--help en español" "grep -q 'Uso: tablero' '$TMP/out'"
run "salida no creable" 73 -o /proc/tablero-no -p 2026-11

# Environment values are range-checked: 64, naming the variable.
for v in 99999999999 9223372036854775807 -1 12x; do
    SOURCE_DATE_EPOCH=$v $TABLERO_WRAP "$BIN" -q -o "$TMP/sde" >"$TMP/out" 2>"$TMP/err"; rc=$?
    check "SOURCE_DATE_EPOCH=$v: 64 nombrándola" "[ $rc -eq 64 ] && grep -qF 'SOURCE_DATE_EPOCH inválida' '$TMP/err' && [ ! -e '$TMP/sde' ]"
done

# Hostile files (issue 17): nothing may block, links in folders are not
# followed, and each refusal names the file. No timeouts: a hang here would
# hang the suite, which is the point of never blocking.
mkfifo "$TMP/fifo.csv" "$TMP/fifo.ini"
run "FIFO como entrada: 66 sin esperar" 66 -i "$TMP/fifo.csv" -o "$TMP/fifo-out" -p 2026-11
check "FIFO: lo nombra y dice qué es" "grep -qF '$TMP/fifo.csv: error: no es un archivo común' '$TMP/err'"
check "FIFO: no publica nada" "[ ! -d '$TMP/fifo-out/2026-11' ]"
run "FIFO como configuración: 78 sin esperar" 78 -c "$TMP/fifo.ini" -o "$TMP/fifo-out"
check "config FIFO: lo dice" "grep -qF 'no es un archivo común' '$TMP/err'"
run "carpeta como configuración: lo dice" 78 -c "$TMP" -o "$TMP/fifo-out"
check "config carpeta: Is a directory" "grep -qF 'Is a directory' '$TMP/err'"
mkdir -p "$TMP/links" && cp input/autodiagnosticos.csv "$TMP/links/" && mkdir -p "$TMP/private" \
    && printf 'Área;2023\nclave_db=secreta;50\n' >"$TMP/private/x.csv" && chmod 700 "$TMP/private" \
    && ln -s "$TMP/private/x.csv" "$TMP/links/z.csv"
run "enlace en carpeta de entrada: no se sigue" 66 -i "$TMP/links" -o "$TMP/links-out" -p 2026-11
check "enlace: lo nombra" "grep -qF '$TMP/links/z.csv: error: es un enlace simbólico' '$TMP/err'"
check "enlace: no muestra el contenido del destino" "! grep -qF 'clave_db' '$TMP/err'"
mkfifo "$TMP/links-fifo.csv" 2>/dev/null; mkdir -p "$TMP/fifodir" && cp input/autodiagnosticos.csv "$TMP/fifodir/" \
    && mv "$TMP/links-fifo.csv" "$TMP/fifodir/b.csv"
run "FIFO en carpeta de entrada: no se salta en silencio" 66 -i "$TMP/fifodir" -o "$TMP/fifodir-out" -p 2026-11
check "FIFO en carpeta: lo nombra" "grep -qF '$TMP/fifodir/b.csv: error: no es un archivo común' '$TMP/err'"

# The start-up cleanup touches only what tablero made (issue 17): exact
# ".YYYY-MM.tmp-P-K" folders holding its marker; it says so even with -q.
CL="$TMP/cleanup"; mkdir -p "$CL/.cache.tmp-keep/sub" "$CL/.2026-10.tmp-5-0" "$CL/.2026-09.tmp-7-0" "$CL/.2026-08.old-3-1"
touch "$CL/.notes.tmp-1" "$CL/.htaccess.old-2023" "$CL/.cache.tmp-keep/sub/x" "$CL/.2026-10.tmp-5-0/.tablero-staging" \
      "$CL/.2026-09.tmp-7-0/notas.txt" "$CL/.2026-08.old-3-1/notas.txt"
run "limpieza: corrida con restos" 0 -q -o "$CL" -p 2026-11
check "limpieza: borra la carpeta de tablero" "[ ! -e '$CL/.2026-10.tmp-5-0' ]"
for keep in .cache.tmp-keep/sub/x .notes.tmp-1 .htaccess.old-2023 .2026-09.tmp-7-0/notas.txt .2026-08.old-3-1/notas.txt; do
    check "limpieza: no toca $keep" "[ -e '$CL/$keep' ]"
done
check "limpieza: no renombra .htaccess.old-2023" "[ ! -e '$CL/htaccess' ]"
check "limpieza: lo dice aun con -q" "grep -qF 'se limpiaron 1 carpeta' '$TMP/err'"
check "limpieza: sin marcador publicado" "[ ! -e '$CL/2026-11/.tablero-staging' ]"


[ -n "$cases_pid" ] && wait "$cases_pid"
cat "$TMP/cases.log" >&2
if read -r p f <"$TMP/cases/count"; then pass=$((pass + p)); fail=$((fail + f))
else bad "los casos no terminaron"; fi
echo "blackbox: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
