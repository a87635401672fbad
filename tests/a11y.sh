#!/bin/sh
# a11y.sh - every kind of report is tagged, embedded and archivable:
# runs the bundled data and a two-municipality network, then checks one PDF
# of each kind (monthly, strategic, operational, citizen, monthly with the
# network comparison, network summary) with tests/pdf_a11y.py (pikepdf,
# pdffonts, poppler), and renders one with pdftoppm, mutool and Ghostscript
# expecting no warnings.
#   sh tests/a11y.sh build/tablero build/bench/gen_network
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
GEN=$2
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 1
TMP=$(mktemp -d /tmp/tablero-a11y.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1764547200
fail=0
"$BIN" -q -c config/tablero.ini -o "$TMP/one" -p 2025-12 || { echo "a11y: falló la corrida incluida" >&2; exit 1; }
"$GEN" 2 >"$TMP/red.csv" || exit 1
"$BIN" -q -c config/tablero.ini -i "$TMP/red.csv" -o "$TMP/red" -p 2025-12 --informes gestion \
    || { echo "a11y: falló la corrida de red" >&2; exit 1; }
one=$TMP/one/2025-12
op=$(ls "$one"/informe-operativo-*.pdf | head -1)
muni=$(ls -d "$TMP"/red/2025-12/*/ | head -1)
set -- "$one/informe-gestion-2025-12.pdf" "$one/informe-estrategico-2025-12.pdf" "$op" \
    "$one/resumen-ciudadano-2025-12.pdf" "$muni/informe-gestion-2025-12.pdf" \
    "$TMP/red/2025-12/resumen-red-2025-12.pdf"
/usr/bin/python3 tests/pdf_a11y.py src/es/report.h "$@" || fail=1
# Renderers: no warnings. mutool is asked not to apply ICC profiles (-N):
# Debian's mupdf is built without lcms and says so for any output intent.
f=$1
qpdf --check "$f" >"$TMP/qpdf" 2>&1 || { echo "a11y: qpdf --check falla en $f" >&2; cat "$TMP/qpdf" >&2; fail=1; }
pdftoppm -r 20 -png "$f" "$TMP/p" 2>"$TMP/w1"
mutool draw -N -q -r 20 -o "$TMP/m%d.png" "$f" 2>"$TMP/w2"
gs -q -dNOPAUSE -dBATCH -sDEVICE=nullpage "$f" >"$TMP/w3" 2>&1
for w in w1 w2 w3; do
    if [ -s "$TMP/$w" ]; then echo "a11y: avisos al dibujar $f:" >&2; head -5 "$TMP/$w" >&2; fail=1; fi
done
[ "$fail" -eq 0 ] && echo "a11y: ok"
exit "$fail"
