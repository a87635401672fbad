#!/bin/sh
# run_unit.sh - runs every cmocka binary given, optionally under
# $TABLERO_WRAP (valgrind), and prints one "N passed, N failed" line.
pass=0; fail=0
for t in "$@"; do
    if $TABLERO_WRAP "$t" >/tmp/tablero-unit.$$ 2>&1; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FALLÓ: $t" >&2
        cat /tmp/tablero-unit.$$ >&2
    fi
    grep -h '^\[  \(PASSED\|FAILED\)' /tmp/tablero-unit.$$ | sed "s|^|$(basename "$t"): |"
done
rm -f /tmp/tablero-unit.$$
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
