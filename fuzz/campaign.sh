#!/bin/sh
# campaign.sh TOTAL SLICE [UNTIL] - runs every harness in turn, one fuzzer
# process at a time (the machine is shared), SLICE seconds each, round
# after round until TOTAL executions in all or the epoch second UNTIL.
# Each slice resumes its harness's corpus. After every slice one line goes
# to build-fuzz/campaign.log: harness, executions and exec/s of the slice,
# the harness's cumulative executions, coverage (cov: edges, ft: features),
# corpus size and the grand total; artifacts (crashes) stop the campaign.
# FUZZ_FLAGS (e.g. -max_len=8192) reaches every libFuzzer command line;
# FUZZ_HARNESSES picks and orders the harnesses.
#   make fuzz-all FUZZ_TOTAL=10000000 FUZZ_SLICE=300
set -eu
TOTAL=${1:-10000000}; SLICE=${2:-300}; UNTIL=${3:-0}
B=build-fuzz
LOG=$B/campaign.log
HARNESSES=${FUZZ_HARNESSES:-"ingest sheet config previous"}
touch "$LOG"

# cumulative executions of one harness (or all, with no argument)
sum() { awk -v h="${1:-}" '$1 == "slice" && (h == "" || $2 == h) {n += $3} END {print n + 0}' "$LOG"; }

run_one() {
    case "$1" in
    ingest)   sh fuzz/run.sh $B/fuzz_ingest "$SLICE" ;;
    sheet)    sh fuzz/run_sheet.sh $B/fuzz_sheet "$SLICE" ;;
    config)   sh fuzz/run-reader.sh $B/fuzz_config "$SLICE" config ;;
    previous) sh fuzz/run-reader.sh $B/fuzz_previous "$SLICE" previous build/tablero ;;
    esac
}

while :; do
    for h in $HARNESSES; do
        [ "$(sum)" -ge "$TOTAL" ] && { echo "fuzz: $(sum) ejecuciones en total" >&2; exit 0; }
        [ "$UNTIL" -gt 0 ] && [ "$(date +%s)" -ge "$UNTIL" ] && { echo "fuzz: hora límite, $(sum) ejecuciones" >&2; exit 0; }
        out=$B/slice-$h.txt
        rc=0
        run_one "$h" >"$out" 2>&1 || rc=$?
        # "#N DONE cov: C ft: F corp: K/S exec/s: E" is libFuzzer's last
        # status line; stat::number_of_executed_units its total.
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -n 1)
        line=$(grep -E '^#[0-9]+' "$out" | tail -n 1)
        cov=$(echo "$line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
        ft=$(echo "$line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
        corp=$(echo "$line" | sed -n 's/.*corp: \([0-9]*\).*/\1/p')
        eps=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$out" | tail -n 1)
        echo "slice $h ${n:-0} eps=${eps:-0} cov=${cov:-?} ft=${ft:-?} corp=${corp:-?} rc=$rc $(date -u +%H:%M:%S)" >>"$LOG"
        echo "total $h $(sum "$h") all=$(sum)" >>"$LOG"
        if [ "$rc" -ne 0 ]; then
            echo "fuzz: $h terminó con $rc (hallazgo): ver $out" >&2
            exit 1
        fi
    done
done
