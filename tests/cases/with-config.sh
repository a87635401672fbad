#!/bin/sh
# with-config.sh - runs tablero with a copy of config/ whose tablero.ini is
# edited by a sed expression; used by cases that test [entradas] settings.
#   sh tests/cases/with-config.sh 's/^separador = auto/separador = ;/' ARGS...
# Needs $BIN and $TMP (set by blackbox.sh). Returns tablero's exit code.
set -u
expr=$1; shift
cfg=$(mktemp -d "$TMP/cfg.XXXXXX") || exit 1
cp config/* "$cfg/" || exit 1
sed -i "$expr" "$cfg/tablero.ini" || exit 1
${TABLERO_WRAP:-} "$BIN" -c "$cfg/tablero.ini" "$@"
