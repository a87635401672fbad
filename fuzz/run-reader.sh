#!/bin/sh
# run-reader.sh BIN SECONDS config|previous [TABLERO] - seeds and runs the
# harness of one reader: the bundled INI and every INI of the test cases
# (config), or the metrics JSON of a bundled run (previous). Run from the
# repository root; artifacts land in build-fuzz/artifacts-KIND/.
set -eu
BIN=$1; SECONDS_=${2:-60}; KIND=$3
DIR=$(dirname "$BIN")
mkdir -p "$DIR/corpus-$KIND" "$DIR/seeds-$KIND" "$DIR/artifacts-$KIND"
case "$KIND" in
config)
    i=0
    for f in config/*.ini $(find tests -name '*.ini' 2>/dev/null); do
        i=$((i + 1)); cp "$f" "$DIR/seeds-$KIND/seed-$i"
    done ;;
previous)
    T=$(mktemp -d)
    SOURCE_DATE_EPOCH=1764547200 "$4" -q -o "$T" -p 2026-10
    cp "$T"/2026-10/metricas-2026-10.json "$DIR/seeds-$KIND/seed-1"
    printf '{"indicators":[]}' >"$DIR/seeds-$KIND/seed-2"
    i=2
    for f in $(find tests -name '*.json' 2>/dev/null); do
        i=$((i + 1)); cp "$f" "$DIR/seeds-$KIND/seed-$i"
    done
    rm -rf "$T" ;;
esac
echo "fuzz-$KIND: $(ls "$DIR/seeds-$KIND" | wc -l) semillas, $SECONDS_ s" >&2
exec "$BIN" -max_total_time="$SECONDS_" -max_len=262144 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -dict="fuzz/$KIND.dict" ${FUZZ_FLAGS:-} \
    -artifact_prefix="$DIR/artifacts-$KIND/" "$DIR/corpus-$KIND" "$DIR/seeds-$KIND"
