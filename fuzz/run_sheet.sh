#!/bin/sh
# run_sheet.sh - seeds a corpus from the workbook fixtures of tests/cases
# (whole archives, mode bytes 0 and 1, and their worksheet and content XML,
# mode bytes 2 and 3) and runs the sheet harness for a number of seconds.
#   sh fuzz/run_sheet.sh build-fuzz/fuzz_sheet 60
set -eu
BIN=$1; SECONDS_=${2:-60}
DIR=$(dirname "$BIN")/sheet
mkdir -p "$DIR/corpus" "$DIR/seeds" "$DIR/artifacts"
python3 - "$DIR/seeds" tests/cases/*/input/*.xlsx tests/cases/*/input/*.ods <<'PY'
import sys, zipfile
out, n = sys.argv[1], 0
for f in sys.argv[2:]:
    raw = open(f, "rb").read()
    if len(raw) > 65000:
        continue
    ods = f.endswith(".ods")
    n += 1
    open(f"{out}/seed-{n}", "wb").write(bytes([1 if ods else 0]) + raw)
    try:
        z = zipfile.ZipFile(f)
    except zipfile.BadZipFile:
        continue
    for name in z.namelist():
        if name == "content.xml" or name.startswith("xl/worksheets/"):
            try:
                part = z.read(name)
            except Exception:
                continue
            if len(part) > 65000:
                continue
            n += 1
            open(f"{out}/seed-{n}", "wb").write(bytes([3 if ods else 2]) + part)
print(f"fuzz: {n} semillas", file=sys.stderr)
PY
exec "$BIN" -max_total_time="$SECONDS_" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict=fuzz/sheet.dict ${FUZZ_FLAGS:-} \
    -artifact_prefix="$DIR/artifacts/" "$DIR/corpus" "$DIR/seeds"
