#!/bin/sh
# deps.sh - makes sure clang and its libFuzzer runtime are present for
# `make fuzz` (kept apart from scripts/deps.sh so `make test` stays fast).
set -eu
CC=${1:-clang}
if command -v "$CC" >/dev/null 2>&1 &&
   echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}' |
   "$CC" -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
    exit 0
fi
# clang is there but cannot link libFuzzer: install it like every other
# dependency (apt-get as root, else the exact command).
exec sh "$(dirname "$0")/../scripts/deps.sh" fuzz
