#!/bin/sh
# manifest-example.sh BIN [--check] - the manifest example of README.md
# («Manifiesto»), from a real run on the bundled data: sizes and hashes of
# this build. Rewrites README.md, or with --check only says whether it is
# current (exit 1 if not). `run` (start time, timings) is the one part
# that changes from run to run, so it keeps illustrative values.
set -eu
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
MODE=${2:-write}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d "${TABLERO_TEST_TMP:-/tmp}/tablero-manifest.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$ROOT"
SOURCE_DATE_EPOCH=1764547200 "$BIN" -q -c config/tablero.ini -i input -o "$T/o" -p 2026-11
python3 - "$T/o/2026-11/manifest.json" README.md "$MODE" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
def short(e, key):
    parts = ['"%s": "%s"' % (key, e[key]), '"bytes": %d' % e["bytes"]]
    if "rows" in e: parts.append('"rows": %d' % e["rows"])
    parts.append('"sha256": "%s…"' % e["sha256"][:4])
    return "{" + ", ".join(parts) + "}"
def lst(items, key):
    more = ", …" if len(items) > 1 else ""
    return "[" + short(items[0], key) + more + "]"
block = "\n".join([
    "```json", "{",
    '  "tablero_version": "%s",' % m["tablero_version"],
    '  "period": "%s",' % m["period"],
    '  "report_date": "%s",' % m["report_date"],
    '  "inputs":  %s,' % lst(m["inputs"], "path"),
    '  "config":  %s,' % lst(m["config"], "path"),
    '  "outputs": %s,' % lst(m["outputs"], "name"),
    '  "run": {"started_at": "2026-12-01T06:00:02Z",',
    '          "timings_ms": {"plan_ms": 4.1, "read_ms": 0.1, "analyze_ms": 0.1, "render_ms": 9.8},',
    '          "warnings": []}',
    "}", "```"])
readme = open(sys.argv[2], encoding="utf-8").read()
head = readme.index("## Manifiesto")
start = readme.index("```json", head)
end = readme.index("```", start + 7) + 3
new = readme[:start] + block + readme[end:]
if sys.argv[3] == "--check":
    if new != readme:
        sys.exit("README.md: el ejemplo de manifiesto no es el de esta versión (make manifest-example)")
else:
    open(sys.argv[2], "w", encoding="utf-8").write(new)
PY
