# A network of five municipalities (tools/gen_network 5, three renamed to
# test folder names): one folder each with a single-city run's files, the
# network summary, the peer section; -j 2 = -j 1; the union of three
# shards in one folder = the full run.
P="$OUT/2026-11"
fail() { echo "red-municipios: $*" >&2; exit 1; }
[ -f "$P/resumen-red-2026-11.pdf" ] && [ -f "$P/resumen-red-2026-11.csv" ] || fail "falta resumen-red"
[ "$(tail -n +2 "$P/resumen-red-2026-11.csv" | wc -l)" -eq 16 ] || fail "resumen-red.csv: 16 áreas"
# slugs: '/', '..' and the tab folded away; the collision gets "-2"
for d in villa-nueva villa-nueva-2 san-jose municipio-0004 municipio-0005; do
    [ -d "$P/$d" ] || fail "falta la carpeta $d"
    for f in informe-gestion informe-estrategico resumen-ciudadano; do
        [ -f "$P/$d/$f-2026-11.pdf" ] || fail "falta $d/$f"
    done
    [ "$(tail -n +2 "$P/$d/metricas-2026-11.csv" | wc -l)" -eq 16 ] || fail "$d: métricas de un municipio"
done
[ "$(find "$P" -mindepth 1 -maxdepth 1 -type d | wc -l)" -eq 5 ] || fail "cinco carpetas"
pdftotext -layout "$P/villa-nueva-2/informe-gestion-2026-11.pdf" "$TMP/red.txt"
for frag in "Comparación con la red" "Posición" "Mitad central" "de 5" "El municipio dentro de la red"; do
    grep -qF "$frag" "$TMP/red.txt" || fail "falta «$frag» en el informe"
done
# the summary answers "who needs help" on its first page, with a method
# note; ranking-red CSV has every municipality, lowest index first
# (page 1 itself: the summary has no cover before it)
pdftotext -f 1 -l 1 "$P/resumen-red-2026-11.pdf" - | tr '\n' ' ' >"$TMP/rank.txt"
for frag in "¿Qué municipios necesitan ayuda?" "Municipio 0004" "Fuera de camino" "Datos al día" "Método." "empates"; do
    grep -qF "$frag" "$TMP/rank.txt" || fail "la primera página del resumen no dice «$frag»"
done
# who improved and who fell, right after the ranking
# (its title promises a fall only when the table shows one)
pdftotext -f 1 -l 2 "$P/resumen-red-2026-11.pdf" - | sed -n '/^Quién mejoró/,/^Toda la red/p' >"$TMP/movers.txt"
head -1 "$TMP/movers.txt" | grep -qE '^Quién mejoró (y quién retrocedió|más y quién menos)' || fail "falta «Quién mejoró…»"
if grep -qE '^[−-][0-9]+,[0-9] pp' "$TMP/movers.txt"; then
    head -1 "$TMP/movers.txt" | grep -qF "y quién retrocedió" || fail "hay retrocesos y el título no lo dice"
else
    head -1 "$TMP/movers.txt" | grep -qF "ninguno retrocedió" || fail "sin retrocesos y el título los promete"
fi
R="$P/ranking-red-2026-11.csv"
[ "$(head -1 "$R")" = "orden,puesto,municipio,indice_general,anio_referencia,areas_en_anio_referencia,fuera_de_camino,en_riesgo,datos_al_dia,areas_con_dato,areas,plan" ] || fail "ranking-red: encabezado"
[ "$(tail -n +2 "$R" | wc -l)" -eq 5 ] || fail "ranking-red: cinco municipios"
python3 - "$R" <<'PY' || fail "ranking-red: no va del índice más bajo al más alto, o los puestos no cuadran"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
idx = [float(r["indice_general"]) for r in rows]
assert idx == sorted(idx)
for r in rows:
    assert int(r["puesto"]) == 1 + sum(v > float(r["indice_general"]) for v in idx)
PY
pdftotext "$P/villa-nueva-2/informe-gestion-2026-11.pdf" - | tr '\n' ' ' | grep -qE "[0-9] de [1-5] con dato en 20[0-9][0-9]" || fail "las posiciones no dicen «N de M con dato en AAAA»"
qpdf --check "$P/resumen-red-2026-11.pdf" >/dev/null 2>&1 || fail "qpdf resumen-red"
pdftotext "$P/resumen-red-2026-11.pdf" - | grep -qF "Estados por área" || fail "resumen-red sin estados"
# -j 1 gives the same bytes (the manifest's "run" aside)
$TABLERO_WRAP "$BIN" -q -j 1 -i "$CASE/input" -o "$TMP/red-j1" -p 2026-11 || fail "-j 1"
diff -r -x manifest.json "$P" "$TMP/red-j1/2026-11" >/dev/null || fail "-j 2 distinto de -j 1"
# who is who: a municipality other than the plan's city carries the
# network's neutral identity, never Jesús María's; the plan's own city in
# a network keeps its identity
for f in "$P"/municipio-0004/*.pdf; do
    pdftotext "$f" - | tr '\n' ' ' >"$TMP/id.txt"
    for frag in "Jesús María, asegurando" "Córdoba" "Elaborado por" "Gestión 2023-2027" \
                "Coordinación de Gestión" "Actuar con honestidad" "ciudad turística" \
                "Análisis de la secretaría" "Dirección de Recursos Humanos" "Licitar la reorganización"; do
        ! grep -qF "$frag" "$TMP/id.txt" || fail "$(basename "$f") de Municipio 0004 muestra «$frag»"
    done
done
pdftotext "$P/municipio-0004/informe-gestion-2026-11.pdf" - | tr '\n' ' ' | grep -qF "plan de Jesús María" \
    || fail "el informe no dice con qué plan se mide"
# its "El plan" section says which plan, with no empty mission, values,
# zero counts or policy heading; its strategic report no empty tables
pdftotext "$P/municipio-0004/informe-gestion-2026-11.pdf" - | tr '\n' ' ' >"$TMP/plan4.txt"
grep -qF "Con qué plan se mide" "$TMP/plan4.txt" || fail "falta «Con qué plan se mide»"
! grep -qE "Misión|Visión|El plan no enumera valores|Políticas de cada eje|El plan en números" "$TMP/plan4.txt" \
    || fail "sección del plan vacía en Municipio 0004"
! pdftotext "$P/municipio-0004/informe-estrategico-2026-11.pdf" - | grep -qE "Por política pública|Por secretaría|Por objetivo" \
    || fail "tablas vacías en el estratégico de Municipio 0004"
[ -z "$(find "$P/municipio-0004" -name 'informe-operativo-*')" ] || fail "informes operativos de otro municipio"
# the comments file is Jesús María's secretariats' words: not in another
# municipality's JSON either, and in its own report in a network
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(any(r.get("comment") for r in d["indicators"]))' \
    "$P/municipio-0004/metricas-2026-11.json" || fail "comentarios de Jesús María en el JSON de Municipio 0004"
grep -q '^general,Municipio 0004,,Municipio 0004,' "$P/municipio-0004/rollups-2026-11.csv" \
    || fail "la fila general no lleva el nombre del municipio"
sed 's/^Municipio 0005,/Jesús María,/' "$CASE/input/red.csv" >"$TMP/red-jm.csv"
$TABLERO_WRAP "$BIN" -q --informes gestion,operativo -i "$TMP/red-jm.csv" -o "$TMP/red-jm" -p 2026-11 || fail "red con Jesús María"
pdftotext "$TMP/red-jm/2026-11/jesus-maria/informe-gestion-2026-11.pdf" - | grep -qF "Córdoba" \
    || fail "Jesús María perdió su identidad en la red"
pdftotext "$TMP/red-jm/2026-11/jesus-maria/informe-gestion-2026-11.pdf" - | tr '\n' ' ' | grep -qF "Licitar la reorganización" \
    || fail "Jesús María perdió sus comentarios en la red"
[ -n "$(find "$TMP/red-jm/2026-11/jesus-maria" -name 'informe-operativo-*')" ] || fail "Jesús María sin informes operativos"
# --shard 1/3, 2/3, 3/3 into one folder give the full run (more in red-partes)
for k in 1 2 3; do
    $TABLERO_WRAP "$BIN" -q --shard $k/3 -i "$CASE/input" -o "$TMP/red-union" -p 2026-11 || fail "--shard $k/3"
    [ -f "$TMP/red-union/2026-11/manifest-parte-$k-de-3.json" ] || fail "manifiesto de la parte $k"
done
diff -r -x 'manifest*.json' "$P" "$TMP/red-union/2026-11" >/dev/null || fail "la unión de las partes difiere"
exit 0
