# Page 1 of the management, strategic and operational reports answers
# "what changed, what needs me, how fresh is this" (issue 10): first for
# the bundled data alone (no previous period: the latest value against the
# year before, with both years), then for November with new 2024 values
# for five indicators (changes since the October report, fresh bad news
# first). The citizen summary says what changed and promises nothing.
fail() { echo "pagina-decision: $*" >&2; exit 1; }
page1() { pdftotext -f 1 -l 1 -layout "$1" - | tr -s ' \n' ' '; }
has() { printf '%s' "$1" | grep -qF -- "$2" || fail "$3: falta «$2»"; }
hasnt() { printf '%s' "$1" | grep -qE -- "$2" && fail "$3: sobra «$2»"; return 0; }
P="$OUT/2026-10"
G=$(page1 "$P/informe-gestion-2026-10.pdf")
for f in "Jesús María" "Informe mensual de gestión" "octubre de 2026" "Qué cambió" \
         "No hay un informe anterior con qué comparar" \
         "Atención ciudadana subió 16,0 pp (de 69,0 % en 2022 a 85,0 % en 2023)" \
         "Comunicación estratégica bajó 7,0 pp (de 88,0 % en 2021 a 81,0 % en 2022)" \
         "Y 2 cambios más en las tablas de cada eje" "Qué necesita una decisión" \
         "Está a 27,0 pp de su meta (80,0 % en 2027)" \
         "Secretaría de Gobierno: Licitar la reorganización de las líneas de transporte urbano y repetir la medición en 2027. Vence el 30 de junio de 2027." \
         "Dirección de Comunicación Institucional: Publicar el calendario mensual de comunicación y medir el alcance del nuevo portal cada trimestre. Vencida: era para el 30 de septiembre de 2026." \
         "Los que no muestran una acción no tienen todavía un responsable" \
         "Los datos llegan hasta 2023 en 9 de 16 indicadores; los demás, hasta 2022 o antes." \
         "2 indicadores siguen sin ningún dato." \
         "Ninguna meta viene del plan: todas son un supuesto de la configuración (80,0 % en 2027)."; do
    has "$G" "$f" "gestión p. 1"
done
# the cards follow severity, then the gap: none shown is further from its
# target than one left for "Y N más" (Movilidad 27,0 before Capital Humano 18,0)
printf '%s' "$G" | grep -qE 'Movilidad Urbana .*Capital Humano .*Biodiversidad' || fail "gestión p. 1: orden por brecha"
# (owner · committed action come from the bundled example comments file)
# the plan's mission and policy lists come after the indicators
hasnt "$G" "Misión|Políticas" "gestión p. 1"
pdftotext "$P/informe-gestion-2026-10.pdf" - | grep -qF "Misión, visión y valores" || fail "misión en el anexo"
# no jargon, no YYYY-MM, agreement
hasnt "$G" "\(es\)|[0-9]{4}-[0-9]{2}|\b1 indicadores|carpeta de salida|horizonte_alcance" "gestión p. 1"

# One number, one value: Profesionalización's gap reads the same in the
# management table and the strategic trajectories.
pdftotext -layout "$P/informe-gestion-2026-10.pdf" - | grep -F "Profesionalización de los" | grep -qF -- "-6,5 pp" \
    || fail "brecha de Profesionalización en gestión"
pdftotext -layout "$P/informe-estrategico-2026-10.pdf" - | grep -qF -- "86,5 % · brecha -6,5 pp" \
    || fail "brecha de Profesionalización en el estratégico"

# November: five new 2024 values on top of October's report.
${TABLERO_WRAP:-} "$BIN" -q -i input -i "$CASE/input" -o "$OUT" -p 2026-11 || fail "corrida de noviembre"
P="$OUT/2026-11"
for r in informe-gestion informe-estrategico informe-operativo-gobierno; do
    T=$(page1 "$P/$r-2026-11.pdf")
    has "$T" "Desde el informe anterior (octubre de 2026):" "$r"
    has "$T" "Movilidad Urbana bajó 4,0 pp (de 53,0 % en 2023 a 49,0 % en 2024)" "$r"
    hasnt "$T" "\(es\)|[0-9]{4}-[0-9]{2}|\b1 indicadores" "$r"
done
G=$(page1 "$P/informe-gestion-2026-11.pdf")
has "$G" "Seguridad ciudadana bajó 7,0 pp (de 67,0 % en 2022 a 60,0 % en 2024)" "gestión nov."
has "$G" "Capital Humano subió 8,0 pp (de 62,0 % en 2022 a 70,0 % en 2024)" "gestión nov."
has "$G" "Los datos llegan hasta 2024 en 5 de 16 indicadores" "gestión nov."
# the fresh fall comes first among the decisions, with its own reason
printf '%s' "$G" | sed 's/.*Qué necesita una decisión//' | grep -qE '^ *Movilidad Urbana .*Bajó 4,0 pp en 2024 \(de 53,0 % a 49,0 %\)\. Está a 31,0 pp de su meta' \
    || fail "gestión nov.: Movilidad Urbana primera, con su razón"
# "Novedades" gives each new value its direction and size too
pdftotext -layout "$P/informe-gestion-2026-11.pdf" - | grep -qF "Movilidad Urbana: 2024 = 49,0 % (bajó 4,0 pp desde 53,0 % en 2023)" \
    || fail "novedades: dirección y tamaño del dato nuevo"
# the operational report keeps to its secretariat
O=$(page1 "$P/informe-operativo-gobierno-2026-11.pdf")
hasnt "$O" "Biodiversidad" "operativo"
has "$O" "de 5 indicadores" "operativo"
C=$(pdftotext -layout "$P/resumen-ciudadano-2026-11.pdf" - | tr -s ' \n' ' ')
has "$C" "Qué cambió" "ciudadano"
has "$C" "Movilidad Urbana bajó 4 puntos (de 53 en 2023 a 49 en 2024)" "ciudadano"
# actions only as the secretariats committed them (bundled example comments)
hasnt "$C" "poner el foco|volver a medirlo|Seguir trabajando" "ciudadano"
has "$C" "Lo que vamos a hacer" "ciudadano"
has "$C" "Licitar la reorganización de las líneas de transporte urbano" "ciudadano"
[ "$(qpdf --show-npages "$P/resumen-ciudadano-2026-11.pdf")" = 2 ] || fail "ciudadano: 2 páginas"
# without a comments file the citizen summary promises nothing at all
sh tests/cases/with-config.sh '/^comentarios =/d' -q -i input -o "$OUT/sin" -p 2026-11 || fail "corrida sin comentarios"
C=$(pdftotext "$OUT/sin/2026-11/resumen-ciudadano-2026-11.pdf" - | tr -s ' \n' ' ')
hasnt "$C" "vamos a hacer|a cargo de" "ciudadano sin comentarios"
exit 0
