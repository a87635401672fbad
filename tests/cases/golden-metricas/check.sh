# The metrics CSV of the bundled table, pinned column by column: every
# value, status, quadrant and score of November 2026. A change in any
# figure must be deliberate: regenerate this file with the run above and
# say why in the commit.
got="$OUT/2026-11/metricas-2026-11.csv"
if ! cmp -s "$CASE/metricas-esperadas.csv" "$got"; then
    echo "    métricas distintas de las fijadas en $CASE/metricas-esperadas.csv:" >&2
    diff "$CASE/metricas-esperadas.csv" "$got" | head -8 | sed 's/^/    /' >&2
    exit 1
fi
