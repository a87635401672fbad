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
PKGS="clang libclang-rt-14-dev"
echo "tablero: falta clang con libFuzzer ($PKGS)" >&2
if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $PKGS
else
    echo "tablero: ejecute como root:  apt-get update && apt-get install -y $PKGS" >&2
    exit 1
fi
