# One city with -j 3: its files are shared out among three workers (one
# each at a time, the next free one takes the next file) and come back
# byte for byte as with -j 1, listed in the same order in the manifest.
fail() { echo "ciudad-procesos: $*" >&2; exit 1; }
P="$OUT/2026-11"
[ "$(find "$P" -name 'informe-operativo-*.pdf' | wc -l)" -ge 2 ] || fail "faltan informes operativos"
$TABLERO_WRAP "$BIN" -q -j 1 -o "$TMP/ciudad-j1" -p 2026-11 || fail "-j 1"
diff -r -x manifest.json "$P" "$TMP/ciudad-j1/2026-11" >/dev/null || fail "-j 3 distinto de -j 1"
# the manifest: same files, same order, same hashes (the run's timings aside)
files() { grep -E '"(path|sha256|bytes)"' "$1"; }
files "$P/manifest.json" >"$TMP/ciudad-j3.files"
files "$TMP/ciudad-j1/2026-11/manifest.json" >"$TMP/ciudad-j1.files"
[ -s "$TMP/ciudad-j3.files" ] || fail "manifiesto sin archivos"
cmp -s "$TMP/ciudad-j3.files" "$TMP/ciudad-j1.files" || fail "el manifiesto de -j 3 lista otros archivos u otro orden"
# more workers than files: still the same files
$TABLERO_WRAP "$BIN" -q -j 64 -o "$TMP/ciudad-j64" -p 2026-11 || fail "-j 64"
diff -r -x manifest.json "$P" "$TMP/ciudad-j64/2026-11" >/dev/null || fail "-j 64 distinto de -j 1"
