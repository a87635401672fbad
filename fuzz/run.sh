#!/bin/sh
# run.sh - seeds a corpus from the black-box cases and the bundled data and
# runs the libFuzzer binary for a number of seconds.
#   sh fuzz/run.sh build-fuzz/fuzz_ingest 60
# The harness reads its first byte as the options selector, so each seed
# gets a 0x00 byte (auto encoding, detected delimiter) in front.
# Crashes and hangs land in build-fuzz/artifacts/; turn each into a
# tests/cases regression case.
set -eu
BIN=$1; SECONDS_=${2:-60}
DIR=$(dirname "$BIN")
mkdir -p "$DIR/corpus" "$DIR/seeds" "$DIR/artifacts"
i=0
for f in tests/cases/*/input/* input/*.csv fuzz/seeds/*; do
    [ -f "$f" ] || continue
    i=$((i + 1))
    { printf '\000'; cat "$f"; } >"$DIR/seeds/seed-$i"
done
echo "fuzz: $i semillas, $SECONDS_ s" >&2
exec "$BIN" -max_total_time="$SECONDS_" -max_len=65536 -timeout=5 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict=fuzz/ingest.dict ${FUZZ_FLAGS:-} \
    -artifact_prefix="$DIR/artifacts/" "$DIR/corpus" "$DIR/seeds"
