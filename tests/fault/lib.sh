# lib.sh - helpers shared by the fault scripts (sourced, not run).
# Needs $W (work folder) and $P (period); fault_workspace sets both.

# fault_workspace NAME BIN: a work folder $W (removed at exit) holding a
# private copy of the binary ($BIN) and of config/ and input/, and cd into
# that copy. Long runs must not see a rebuild or someone editing the
# repository's files. Also fixes the period and SOURCE_DATE_EPOCH.
fault_workspace() {
    W=$(mktemp -d "${TABLERO_TEST_TMP:-/tmp}/tablero-$1.XXXXXX")
    trap 'rm -rf "$W"' EXIT
    cp "$2" "$W/tablero" || exit 1
    BIN=$W/tablero
    export SOURCE_DATE_EPOCH=1764547200
    P=2026-11
    mkdir "$W/proj" && cp -a "$ROOT/config" "$ROOT/input" "$W/proj/" && cd "$W/proj" || exit 1
}

# fault_shim SHIM: a copy of the fault shim in $W, printed. LD_PRELOAD
# splits its value on spaces and colons, so the shim must not be preloaded
# from the checkout when its path has one ("/home/ana/con espacio/...").
fault_shim() {
    cp "$1" "$W/$(basename "$1")" || exit 1
    echo "$W/$(basename "$1")"
}

# same_dir A B: the two period folders hold the same files with the same
# bytes, except manifest.json, which may differ only under "run" (start
# time, timings, warnings such as "cleaned a killed run's leftovers").
same_dir() {
    [ -d "$1" ] && [ -d "$2" ] || return 1
    diff -rq -x manifest.json "$1" "$2" >/dev/null 2>&1 || return 1
    [ -f "$1/manifest.json" ] || [ -f "$2/manifest.json" ] || return 0
    python3 - "$1/manifest.json" "$2/manifest.json" <<'PY'
import json, sys
try:
    a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
except (OSError, ValueError):
    sys.exit(1)
a.pop("run", None); b.pop("run", None)
sys.exit(a != b)
PY
}

# leftovers OUT: hidden entries in OUT other than the lock file.
leftovers() {
    find "$1" -mindepth 1 -maxdepth 1 -name '.*' ! -name .tablero.lock
}

# make_extra FILE: a long-form CSV with two more municipalities, so that a
# run publishes several PDFs (one per municipality).
make_extra() {
    {
        echo "municipio;área;año;valor"
        for m in "Colonia Caroya" "Sinsacate"; do
            for y in 2021 2022 2023; do
                echo "$m;Atención ciudadana;$y;$((50 + y - 2020))"
                echo "$m;Seguridad ciudadana;$y;$((40 + 2 * (y - 2020)))"
            done
        done
    } >"$1"
}

# make_big FILE [MUNICIPALITIES]: a long-form CSV with every indicator of
# config/indicadores.csv for many municipalities over 8 years, so that a
# run writes one PDF per municipality and lasts long enough to be killed.
make_big() {
    awk -F';' -v nm="${2:-200}" '
        NR > 1 { area[n++] = $1 }
        END {
            print "municipio;área;año;valor"
            for (m = 1; m <= nm; m++)
                for (a = 0; a < n; a++)
                    for (y = 2016; y <= 2023; y++)
                        printf "Municipio %03d;%s;%d;%.1f\n", m, area[a], y, (m * 7 + a * 13 + y * 3) % 60 + 20 + (y - 2016) * 2
        }' config/indicadores.csv >"$1"
}
