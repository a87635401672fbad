# The loading template from the bundled table: one row per indicator, one
# column per year (2020 to the report's 2026), the help sheet second; read
# back untouched it gives the bundled file's metrics byte for byte.
set -u
T="$OUT/plantilla.xlsx"
[ -s "$T" ] || { echo "    no se escribió la planilla" >&2; exit 1; }
python3 - "$T" <<'PY' || exit 1
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet name="([^"]+)"', wb)
assert names == ["Datos", "Cómo completar"], names
sst = z.read("xl/sharedStrings.xml").decode()
for s in ("Indicador", "Atención ciudadana", "Sin dato", "s/d"):
    assert s in sst, s
d = z.read("xl/worksheets/sheet1.xml").decode()
years = re.findall(r'<c r="[B-H]2"[^>]*><v>(\d+)</v>', d)
assert years == [str(y) for y in range(2020, 2027)], years
assert "<v>86.5</v>" in d, "falta 86,5"
PY
${TABLERO_WRAP:-} "$BIN" -q -i "$T" -o "$TMP/plantilla-vuelta" -p 2026-11 || exit 1
sh tests/cases/same-metrics.sh "$TMP/plantilla-vuelta/2026-11/metricas-2026-11.csv"
