# A municipality's own plan (municipios.csv column `plan`, README «Red de
# municipios»): Villa Nueva is measured against planes/villa-nueva (its
# mission, values, secretariats, targets and weights), the others against
# the network's plan; no report carries another municipality's identity;
# the ranking uses one reference year on every row (auto and
# [red] anio_referencia); shards compose into the full run; bad own plans
# are refused at FILE:LINE with 78 and nothing written.
fail() { echo "red-plan-propio: $*" >&2; exit 1; }
C="$TMP/cfg-plan-propio"
rm -rf "$C" && mkdir -p "$C" && cp config/* "$C/" && cp -r "$CASE/planes" "$C/" || fail "copia de config"
printf '\n[red]\nmunicipios = municipios.csv\n' >>"$C/tablero.ini"
printf 'id;nombre;provincia;plan\n2;Villa Nueva;Córdoba;planes/villa-nueva\n3;San José;Entre Ríos;\n4;Municipio 0004;Santa Fe;\n5;Municipio 0005;;\n' >"$C/municipios.csv"
IN="$CASE/../red-municipios/input/red.csv"
run() { d=$1; shift; $TABLERO_WRAP "$BIN" -q -c "$C/tablero.ini" -i "$IN" -o "$d" -p 2026-11 "$@"; }
run "$TMP/pp" || fail "corrida con plan propio"
P="$TMP/pp/2026-11"
words() { pdftotext "$1" - | tr -s ' \n' '  '; }
VN="$P/villa-nueva"
words "$VN/informe-gestion-2026-11.pdf" >"$TMP/pp-vn.txt"
grep -qF "Cuidar y hacer crecer Villa Nueva" "$TMP/pp-vn.txt" || fail "falta la misión propia"
grep -qF "Cuentas claras" "$TMP/pp-vn.txt" || fail "faltan los valores propios"
grep -qF "Villa Nueva se mide contra su plan propio" "$TMP/pp-vn.txt" || fail "no dice contra qué plan se mide"
# the network's city appears only where the note names the network's plan
for f in "$VN"/*.pdf; do
    words "$f" >"$TMP/pp-w.txt"
    all=$(grep -o "Jesús María" "$TMP/pp-w.txt" | wc -l)
    said=$(grep -o "(el de Jesús María)" "$TMP/pp-w.txt" | wc -l)
    [ "$all" -eq "$said" ] || fail "$(basename "$f") lleva la identidad de Jesús María"
done
# its secretariats' comments (its indicators are put in the network's
# order: each comment follows its own area)
grep -qF "La nueva línea de colectivos a los barrios del sur" "$TMP/pp-vn.txt" || fail "faltan los comentarios propios"
grep -qF "El censo de arbolado de Villa Nueva" "$TMP/pp-vn.txt" || fail "falta el comentario de Biodiversidad"
python3 - "$VN/metricas-2026-11.json" <<'PY' || fail "los comentarios propios no van con su área en el JSON"
import json, sys
doc = json.load(open(sys.argv[1], encoding="utf-8"))
got = {i["area"]: i["comment"]["analysis"] for i in doc["indicators"] if i.get("comment")}
assert set(got) == {"Movilidad Urbana", "Biodiversidad"}, got
assert "colectivos" in got["Movilidad Urbana"] and "arbolado" in got["Biodiversidad"], got
PY
words "$P/municipio-0004/informe-gestion-2026-11.pdf" | grep -qF "colectivos" && fail "Municipio 0004 lleva comentarios de Villa Nueva"
ls "$VN" | grep -q '^informe-operativo-secretaria-de-gobierno-de-villa-nueva-' || fail "faltan las secretarías propias"
[ "$(ls "$VN" | grep -c '^informe-operativo-')" -eq 2 ] || fail "informes operativos de otras secretarías"
words "$P/municipio-0004/informe-gestion-2026-11.pdf" | grep -qF "Municipio 0004 se mide contra el plan común de la red" \
    || fail "un municipio sin plan propio no dice que se mide con el plan común"
# its own targets and weights; the others keep the network's
python3 - "$VN/metricas-2026-11.csv" "$P/municipio-0004/metricas-2026-11.csv" "$VN/rollups-2026-11.csv" <<'PY' || fail "metas o pesos"
import csv, sys
def row(p, area):
    return next(r for r in csv.DictReader(open(p, encoding="utf-8")) if r["area"] == area)
vn, m4 = row(sys.argv[1], "Atención ciudadana"), row(sys.argv[2], "Atención ciudadana")
assert (vn["target"], vn["target_year"]) == ("90", "2026"), vn
assert (m4["target"], m4["target_year"]) == ("80", "2027"), m4
g = next(r for r in csv.DictReader(open(sys.argv[3], encoding="utf-8")) if r["nivel"] == "general")
assert g["peso"] == "19", g          # its own weights: 14 areas of 1, one of 3, one of 2
PY
grep -qF "planes/villa-nueva/indicadores.csv" "$P/manifest.json" || fail "el manifiesto no lista el plan propio"
python3 - "$P/manifest.json" <<'PY' || fail "el manifiesto repite un archivo de configuración (las dimensiones compartidas van una vez)"
import json, sys
paths = [c["path"] for c in json.load(open(sys.argv[1]))["config"]]
assert len(paths) == len(set(paths)), paths
assert sum(p.endswith("/dimensiones.csv") for p in paths) == 1, paths
PY
# the ranking: one reference year, on every row; the index is the network
# weights' mean of that year's values (not each one's latest)
check_rank() {
python3 - "$1" "$IN" "$2" <<'PY' || fail "ranking: $3"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
year = int(sys.argv[3])
assert {r["anio_referencia"] for r in rows} == {str(year)}, {r["anio_referencia"] for r in rows}
vals = {}
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    if int(r["year"]) == year and r["value"] != "":
        vals.setdefault(r["entity"], []).append(float(r["value"]))
for r in rows:
    # Villa Nueva's two spellings are the table's Villa Nueva, with its own plan
    assert r["plan"] == ("propio" if "Villa" in r["municipio"] else "red"), r
    v = vals.get(r["municipio"], [])
    assert int(r["areas_en_anio_referencia"]) == len(v), r
    assert abs(float(r["indice_general"]) - sum(v) / len(v)) < 1e-9, (r, sum(v) / len(v))
PY
}
check_rank "$P/ranking-red-2026-11.csv" 2025 "año automático"
pdftotext -l 1 "$P/resumen-red-2026-11.pdf" - | tr -s ' \n' '  ' | grep -qF "Índice general de 2025, el año de referencia" \
    || fail "la primera página del resumen no dice el año de referencia"
# each report gives its place in that ranking, the CSV's
place=$(awk -F, '$3 == "Villa Nueva" {print $2}' "$P/ranking-red-2026-11.csv")
grep -qF "Villa Nueva tiene un índice general de" "$TMP/pp-vn.txt" && grep -qF ": puesto $place de 5" "$TMP/pp-vn.txt" \
    || fail "el informe de Villa Nueva no da su puesto del ranking ($place de 5)"
pdftotext -l 1 "$P/resumen-red-2026-11.pdf" - | tr -s ' \n' '  ' | grep -qF "Con plan propio: Villa/Nueva .., Villa Nueva. " \
    || fail "la primera página del resumen no dice quién tiene plan propio"
cp -r "$C" "$C-2023" && printf 'anio_referencia = 2023\n' >>"$C-2023/tablero.ini"
$TABLERO_WRAP "$BIN" -q -c "$C-2023/tablero.ini" -i "$IN" -o "$TMP/pp23" -p 2026-11 || fail "con anio_referencia"
check_rank "$TMP/pp23/2026-11/ranking-red-2026-11.csv" 2023 "año fijado"
pdftotext -l 1 "$TMP/pp23/2026-11/resumen-red-2026-11.pdf" - | tr -s ' \n' '  ' | grep -qF "[red] anio_referencia" \
    || fail "la nota de método no dice que el año es el fijado"
# shards: 2 one after the other, 3 at once; the union is the full run
for k in 1 2; do run "$TMP/pp2" --shard $k/2 || fail "parte $k/2"; done
run "$TMP/pp3" --shard 1/3 & a=$!
run "$TMP/pp3" --shard 2/3 & b=$!
run "$TMP/pp3" --shard 3/3 & c=$!
wait $a && wait $b && wait $c || fail "3 partes a la vez"
for d in pp2 pp3; do
    diff -r -x 'manifest*.json' "$P" "$TMP/$d/2026-11" >/dev/null || fail "$d: las partes difieren de la corrida completa"
done
# bad own plans: 78 at FILE:LINE, nothing written
bad() {   # want-fragment, then the edit already made to a copy in $B
    $TABLERO_WRAP "$BIN" -q -c "$B/tablero.ini" -i "$IN" -o "$TMP/pp-bad" -p 2026-11 2>"$TMP/pp-err"
    [ $? -eq 78 ] || { cat "$TMP/pp-err" >&2; fail "$2: se esperaba 78"; }
    grep -qF "$1" "$TMP/pp-err" || { cat "$TMP/pp-err" >&2; fail "$2: falta «$1»"; }
    [ -z "$(find "$TMP/pp-bad" -type f 2>/dev/null)" ] || fail "$2: escribió algo al fallar"
}
fresh() { B="$TMP/cfg-pp-bad"; rm -rf "$B" && cp -r "$C" "$B"; }
VI="planes/villa-nueva/indicadores.csv"
fresh; sed -i 's/^Atención ciudadana;/Atencion ciudadanx;/' "$B/$VI"
l=$(grep -n '^Atencion ciudadanx;' "$B/$VI" | cut -d: -f1)
bad "$VI:$l:1: error: área «Atencion ciudadanx» que no está en el plan de la red" "área desconocida"
grep -qF "¿quiso decir «Atención ciudadana»?" "$TMP/pp-err" || fail "área desconocida: falta la sugerencia"
fresh; sed -i '/^Capital Humano;/d' "$B/$VI"
bad "falta el área «Capital Humano» de la red" "área que falta"
fresh; sed -i 's/^\(Biodiversidad;.*\);mayor;/\1;menor;/' "$B/$VI"
l=$(grep -n '^Biodiversidad;' "$B/$VI" | cut -d: -f1)
bad "$VI:$l:1: error: el sentido de «Biodiversidad» no es el de la red" "sentido distinto"
fresh; sed -i 's|planes/villa-nueva$|planes/villa-nuev|' "$B/municipios.csv"
bad "municipios.csv:2:4: error: no existe el plan propio" "carpeta inexistente"
fresh; sed -i 's|^3;San José;Entre Ríos;$|3;San José;Entre Ríos;planes/villa-nueva|' "$B/municipios.csv"
bad "municipios.csv:3:4: error: la carpeta" "carpeta de otro municipio"
grep -qF "tiene el plan de «Villa Nueva», no el de «San José»" "$TMP/pp-err" || fail "carpeta de otro municipio: mensaje"
fresh; printf '6;Jesús María;Córdoba;planes/villa-nueva\n' >>"$B/municipios.csv"
bad "municipios.csv:6:4: error: «Jesús María» es la ciudad del plan de la red" "plan propio de la ciudad de la red"
fresh; printf '\n[red]\nmunicipios = ../../municipios.csv\n' >>"$B/planes/villa-nueva/tablero.ini"
bad "un plan propio de municipio no lleva [red] municipios" "tabla anidada"
exit 0
