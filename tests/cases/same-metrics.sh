#!/bin/sh
# same-metrics.sh - used by the acepta-* cases' check.sh: the metrics CSV
# given must be byte-identical to the one produced from the bundled
# input/autodiagnosticos.csv (UTF-8 with BOM, CRLF, ";", title row).
#   sh tests/cases/same-metrics.sh OUT/2026-11/metricas-2026-11.csv
# Needs $BIN and $TMP (set by blackbox.sh); the reference is built once.
set -u
REF="$TMP/reference/2026-11/metricas-2026-11.csv"
if [ ! -f "$REF" ]; then
    ${TABLERO_WRAP:-} "$BIN" -q -i input/autodiagnosticos.csv -o "$TMP/reference" -p 2026-11 || exit 1
fi
if ! cmp -s "$REF" "$1"; then
    echo "    métricas distintas de las del archivo incluido:" >&2
    diff "$REF" "$1" | head -8 | sed 's/^/    /' >&2
    exit 1
fi
