#!/bin/sh
# check-layout.sh STAGE... - includes only point back along the data flow.
# Each folder of src/ is a stage, given in flow order; a file may include
# headers of its own stage or of earlier ones (src/es/ holds the strings and
# counts as the first stage), run.c may include any stage, and main.c may
# include any stage and run.h. Stages listed with a '=' between them
# ("report=export") are peers: neither may include the other. Header names
# are unique across src/, so a name says which stage it belongs to.
# Prints every include against the flow as FILE:LINE and exits 1.
set -u
cd "$(dirname "$0")/.." || exit 2
rank_of_dir() {
    r=0
    for s in es "$@"; do [ "$s" = "$d" ] && { echo $r; return; }; r=$((r + 1)); done
    echo -1
}
stages="$*"
n=$(($# + 1))
bad=0
# header name -> stage (and duplicates are an error: the -I list is flat)
dups=$(find src -name '*.h' ! -path 'src/es/*' -exec basename {} \; | sort | uniq -d)
if [ -n "$dups" ]; then echo "check-layout: headers with the same name: $dups" >&2; bad=1; fi
for f in $(find src -name '*.c' -o -name '*.h' | sort); do
    dir=$(dirname "$f"); d=${dir#src}; d=${d#/}
    case "$f" in
    src/run.c|src/run.h) own=$n ;;
    src/main.c) own=$((n + 1)) ;;
    *) own=$(rank_of_dir $stages) ;;
    esac
    [ "$own" -lt 0 ] && { echo "check-layout: $f: folder '$d' is not a stage" >&2; bad=1; continue; }
    grep -n '^#include "' "$f" | while IFS= read -r line; do
        ln=${line%%:*}; h=$(echo "$line" | sed 's/.*#include "\(.*\)".*/\1/')
        case "$h" in
        es/*) hr=0 ;;
        run.h) hr=$n ;;
        *)  hp=$(find src -name "$(basename "$h")" ! -path 'src/es/*' | head -n 1)
            [ -z "$hp" ] && { echo "$f:$ln: no such header '$h'"; continue; }
            hd=$(dirname "$hp"); d=${hd#src}; d=${d#/}
            hr=$(rank_of_dir $stages) ;;
        esac
        if [ "$hr" -gt "$own" ]; then
            echo "$f:$ln: '$h' is a later stage: includes must point back along the flow"
        fi
    done
done >"${TMPDIR:-/tmp}/check-layout.$$"
if [ -s "${TMPDIR:-/tmp}/check-layout.$$" ]; then cat "${TMPDIR:-/tmp}/check-layout.$$" >&2; bad=1; fi
rm -f "${TMPDIR:-/tmp}/check-layout.$$"
# peers: report and export both read the results bundle, neither the other
for pair in report:export export:report; do
    a=${pair%%:*}; b=${pair#*:}
    for h in $(ls src/$b/*.h 2>/dev/null); do
        hn=$(basename "$h")
        grep -ln "^#include \"$hn\"" src/$a/*.c src/$a/*.h 2>/dev/null | while read -r f; do
            echo "$f: includes $hn: $a and $b are peers" >&2; echo x
        done
    done
done | grep -q x && bad=1
[ $bad -eq 0 ] && echo "check-layout: $(find src -name '*.[ch]' | wc -l) files, includes follow the flow: es $stages run main"
exit $bad
