# --shard K/N parts written to one output folder compose into the full run
# (tablero(1), PARTES EN UNA CARPETA): in order, in reverse, concurrently
# (& and wait), with -j; the last part writes resumen-red and manifest.json;
# a rerun of one part repairs the whole; parts of another run are refused
# with nothing touched; a one-city input respects --shard.
F="$OUT/2026-11"
IN="$CASE/../red-municipios/input"
fail() { echo "red-partes: $*" >&2; exit 1; }
part() { d=$1; shift; $TABLERO_WRAP "$BIN" -q -i "$IN" -o "$d" -p 2026-11 "$@"; }
same() {
    diff -r -x 'manifest*.json' "$F" "$1/2026-11" >/dev/null || fail "$2: difiere de la corrida completa"
    [ -f "$1/2026-11/manifest.json" ] || fail "$2: falta manifest.json"
    [ -z "$(find "$1" -name '.*tmp*' -o -name '.*old*')" ] || fail "$2: quedaron temporales"
    # the combined manifest lists exactly the full run's files
    python3 - "$F/manifest.json" "$1/2026-11/manifest.json" <<'PY' || fail "$2: manifest.json no lista los archivos de la corrida completa"
import json, sys
a, b = (sorted((o["name"], o["sha256"]) for o in json.load(open(p))["outputs"]) for p in sys.argv[1:])
sys.exit(a != b)
PY
}
listing() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }

# two parts, one after the other
part "$TMP/p2" --shard 1/2 || fail "1/2"
[ ! -e "$TMP/p2/2026-11/resumen-red-2026-11.pdf" ] || fail "resumen-red antes de la última parte"
[ ! -e "$TMP/p2/2026-11/manifest.json" ] || fail "manifest.json antes de la última parte"
part "$TMP/p2" --shard 2/2 || fail "2/2"
same "$TMP/p2" "2 partes en orden"

# three parts in reverse order
for k in 3 2 1; do part "$TMP/p3r" --shard $k/3 || fail "$k/3"; done
same "$TMP/p3r" "3 partes al revés"

# three parts at once, and two at once with -j 2
part "$TMP/p3c" --shard 1/3 & a=$!
part "$TMP/p3c" --shard 2/3 & b=$!
part "$TMP/p3c" --shard 3/3 & c=$!
wait $a || fail "1/3 concurrente"; wait $b || fail "2/3 concurrente"; wait $c || fail "3/3 concurrente"
same "$TMP/p3c" "3 partes a la vez"
part "$TMP/p2c" -j 2 --shard 2/2 & a=$!
part "$TMP/p2c" -j 2 --shard 1/2 & b=$!
wait $a || fail "2/2 -j 2 concurrente"; wait $b || fail "1/2 -j 2 concurrente"
same "$TMP/p2c" "2 partes a la vez con -j 2"

# part 2 "failed": its folders, its manifest and the network files are
# gone; rerunning part 2 alone repairs the whole
P="$TMP/p2/2026-11"
python3 - "$P/manifest-parte-2-de-2.json" <<'PY' >"$TMP/p2-dirs" || fail "manifiesto de la parte 2"
import json, sys
print("\n".join(sorted({o["name"].split("/")[0] for o in json.load(open(sys.argv[1]))["outputs"] if "/" in o["name"]})))
PY
[ -s "$TMP/p2-dirs" ] || fail "la parte 2 no tiene municipios"
while read -r d; do rm -rf "${P:?}/$d"; done <"$TMP/p2-dirs"
rm -f "$P/manifest-parte-2-de-2.json" "$P/manifest.json" "$P"/resumen-red-*
part "$TMP/p2" --shard 2/2 || fail "repetir 2/2"
same "$TMP/p2" "parte 2 repetida"

# a part of another run (the same bytes read from another path give other
# reports: the annex names the file) is refused, and nothing changes
mkdir -p "$TMP/otra" && cp "$IN/red.csv" "$TMP/otra/red.csv"
listing "$TMP/p2" >"$TMP/p2-before"
$TABLERO_WRAP "$BIN" -q -i "$TMP/otra" -o "$TMP/p2" -p 2026-11 --shard 1/2 2>"$TMP/p2-err"
[ $? -eq 73 ] || fail "otra corrida: se esperaba el código 73"
grep -qF "manifest-parte-" "$TMP/p2-err" && grep -qF "es de otra corrida" "$TMP/p2-err" \
    || fail "otra corrida: falta el mensaje"
listing "$TMP/p2" | cmp -s - "$TMP/p2-before" || fail "otra corrida: cambió la carpeta"
[ -z "$(find "$TMP/p2" -name '.*tmp*')" ] || fail "otra corrida: quedaron temporales"

# one city: --shard picks it or not, and the union is the single-city run
$TABLERO_WRAP "$BIN" -q -o "$TMP/c1" -p 2026-11 || fail "ciudad completa"
for k in 1 2 3; do $TABLERO_WRAP "$BIN" -q -o "$TMP/c3" -p 2026-11 --shard $k/3 || fail "ciudad $k/3"; done
diff -r -x 'manifest*.json' "$TMP/c1/2026-11" "$TMP/c3/2026-11" >/dev/null || fail "ciudad: la unión difiere"
n=0
for k in 1 2 3; do
    c=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["outputs"]))' "$TMP/c3/2026-11/manifest-parte-$k-de-3.json")
    [ "$c" -eq 0 ] || n=$((n + 1))
done
[ $n -eq 1 ] || fail "ciudad: una sola parte debe escribirla ($n)"
exit 0
