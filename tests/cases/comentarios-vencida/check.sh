# The bundled example's action for Comunicación estratégica is due on
# 2026-09-30: in November it is overdue (PDF and JSON), in September its
# period has not closed yet and it shows as a plain due date.
set -u
f="$OUT/2026-11/informe-operativo-coordinacion-de-gestion-y-planificacion-estrategica-2026-11.pdf"
pdftotext "$f" - | tr '\n' ' ' | grep -qF 'Responsable: Dirección de Comunicación Institucional. Vencida el 30/09/2026.' || exit 1
pdftotext "$OUT/2026-11/informe-gestion-2026-11.pdf" - | tr '\n' ' ' | grep -qF 'Vencida el 30/09/2026.' || exit 1
python3 - "$OUT/2026-11/metricas-2026-11.json" <<'PY' || exit 1
import json, sys
rows = {r["area"]: r for r in json.load(open(sys.argv[1]))["indicators"]}
c = rows["Comunicación estratégica"]["comment"]
assert c["due"] == "2026-09-30" and c["overdue"] is True and c["owner"] == "Dirección de Comunicación Institucional", c
assert rows["Movilidad Urbana"]["comment"]["overdue"] is False
assert rows["Atención ciudadana"]["comment"] is None
PY
${TABLERO_WRAP:-} "$BIN" -q -o "$TMP/vencida-sep" -p 2026-09 >/dev/null || exit 1
pdftotext "$TMP/vencida-sep/2026-09/informe-operativo-coordinacion-de-gestion-y-planificacion-estrategica-2026-09.pdf" - |
  tr '\n' ' ' | grep -qF 'Plazo: 30/09/2026.'
