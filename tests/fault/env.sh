#!/bin/sh
# env.sh - the hostile surroundings of an unattended run, fast enough for
# make test: a second run at the same time (lock, --wait), stdout on
# /dev/full, a read-only output folder (as an unprivileged user), a full
# disk (a tiny tmpfs, when we may mount one), quiet success, the one-line
# failure summary, byte-identical outputs from two folders at two times,
# and a sample of injected I/O faults (run.sh quick).
#   sh tests/fault/env.sh BIN [SHIM.so] [full]
# Checks that need root or setpriv say "omitido" and are skipped.
set -u
BIN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SHIM=${2:-}
MODE=${3:-quick}
[ -n "$SHIM" ] && SHIM=$(cd "$(dirname "$SHIM")" && pwd)/$(basename "$SHIM")
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
T=$(mktemp -d "${TABLERO_TEST_TMP:-/tmp}/tablero-env.XXXXXX")
chmod 755 "$T"   # the read-only test runs tablero as nobody
# relative to the checkout when inside it: make splits BUILD=... on spaces
BUILD_DIR=$(dirname "$BIN"); BUILD_DIR=${BUILD_DIR#"$ROOT"/}
# a private copy: a rebuild meanwhile must not swap the binary under us
cp "$BIN" "$T/tablero" || exit 1
BIN=$T/tablero
MNT=""
cleanup() {
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    chmod -R u+rwx "$T" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
export SOURCE_DATE_EPOCH=1764547200
P=2026-11
. "$ROOT/tests/fault/lib.sh"
# a private copy of config and data: others may edit the repository's
# while a long test runs
mkdir "$T/proj" && cp -a "$ROOT/config" "$ROOT/input" "$T/proj/" && cd "$T/proj" || exit 1
make_extra "$T/extra.csv"
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FALLÓ: $*" >&2; [ -f "$T/err" ] && sed 's/^/    /' "$T/err" >&2; }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
skip() { echo "env: omitido: $*" >&2; }
summary_is() { tail -n 1 "$T/err" | grep -q "^tablero: falló la corrida de $P: .*($1); $2"; }

"$BIN" -q -i input -o "$T/old" -p $P 2>"$T/err" || bad "corrida de referencia"
"$BIN" -q -i input -i "$T/extra.csv" -o "$T/new" -p $P 2>"$T/err" || bad "corrida de referencia nueva"

# ---------------------------------------------------------- one at a time
O="$T/lock"; cp -a "$T/old" "$O"
# The holder keeps the lock until we tell it to let go: it writes one line
# to the "held" FIFO once flock holds the lock, then blocks reading the
# "release" FIFO. Handshakes, never sleeps: a loaded machine only makes
# the test slower, never wrong.
mkfifo "$T/held" "$T/release" || bad "mkfifo"
flock "$O/.tablero.lock" sh -c 'echo held >"$1"; read x <"$2"' sh "$T/held" "$T/release" & holder=$!
read x <"$T/held"
"$BIN" -q -i input -i "$T/extra.csv" -o "$O" -p $P 2>"$T/err"; rc=$?
check "bloqueada: código 75 sin esperar" "[ $rc -eq 75 ]"
check "bloqueada: nombra el archivo de bloqueo" "grep -qF '$O/.tablero.lock' '$T/err'"
check "bloqueada: resumen al final" "summary_is 75 'el informe anterior quedó intacto'"
check "bloqueada: informe anterior intacto" "same_dir '$O/$P' '$T/old/$P'"
"$BIN" -q --wait 0.3 -i input -o "$O" -p $P 2>"$T/err"; rc=$?
check "--wait 0.3 vence: 75" "[ $rc -eq 75 ]"
# a generous bound: the run returns as soon as the lock is free, and the
# holder is told to let go right after the run starts
"$BIN" -q --wait 600 -i input -i "$T/extra.csv" -o "$O" -p $P 2>"$T/err" & waiter=$!
echo go >"$T/release"
wait $waiter; rc=$?
check "--wait espera y corre" "[ $rc -eq 0 ] && same_dir '$O/$P' '$T/new/$P'"
wait $holder
"$BIN" --wait nada -o "$O" 2>"$T/err"; rc=$?
check "--wait inválido: 64" "[ $rc -eq 64 ]"
# two real runs started together: exactly one proceeds
make_big "$T/big.csv" 8
rounds=3; [ "$MODE" = full ] && rounds=20
i=0; both=0
while [ $i -lt $rounds ]; do
    O="$T/two-$i"
    "$BIN" -q -i "$T/big.csv" -o "$O" -p $P 2>/dev/null & a=$!
    "$BIN" -q -i "$T/big.csv" -o "$O" -p $P 2>/dev/null & b=$!
    wait $a; ra=$?; wait $b; rb=$?
    codes=$(printf '%s\n%s\n' $ra $rb | sort -n | tr '\n' ' ')
    # they may also run one after the other (both 0) if the first ends
    # before the second starts; never anything else
    case "$codes" in "0 75 ") ;; "0 0 ") both=$((both + 1)) ;; *) bad "dos a la vez: códigos $codes" ;; esac
    [ -z "$(leftovers "$O")" ] || bad "dos a la vez: temporales"
    i=$((i + 1))
done
ok
echo "env: dos corridas a la vez: $rounds rondas ($both sin superponerse)"

# ------------------------------------------------------- quiet, summary
O="$T/quiet"
"$BIN" -q -i input -o "$O" -p $P >"$T/out" 2>"$T/err"; rc=$?
check "-q: silencio total si todo sale bien" "[ $rc -eq 0 ] && [ ! -s '$T/out' ] && [ ! -s '$T/err' ]"
printf 'Área;2024\nAtención ciudadana;abc\n' >"$T/bad.csv"
"$BIN" -q -i input -i "$T/bad.csv" -o "$O" -p $P >"$T/out" 2>"$T/err"; rc=$?
check "-q con datos inválidos: resumen de una línea al final" "[ $rc -eq 65 ] && summary_is 65 'el informe anterior quedó intacto'"
"$BIN" -q -i input -i "$T/bad.csv" -o "$T/none" -p $P 2>"$T/err"
check "falla sin informe anterior: lo dice" "summary_is 65 'no se publicó ningún archivo'"
"$BIN" --check -q -i input -o "$T/chk" -p $P 2>"$T/err"
check "--check no toma el bloqueo ni crea la carpeta" "[ ! -e '$T/chk' ]"

# ------------------------------------------------------------ /dev/full
if [ -w /dev/full ]; then
    O="$T/full-stdout"; cp -a "$T/old" "$O"
    "$BIN" -i input -i "$T/extra.csv" -o "$O" -p $P >/dev/full 2>"$T/err"; rc=$?
    check "stdout en /dev/full: 74" "[ $rc -eq 74 ]"
    check "stdout en /dev/full: el resumen dice que ya se publicó" "summary_is 74 'los archivos nuevos ya estaban publicados'"
    check "stdout en /dev/full: carpeta nueva completa" "same_dir '$O/$P' '$T/new/$P'"
else skip "/dev/full no existe"; fi

# ------------------------------------------- read-only output, as nobody
if [ "$(id -u)" -ne 0 ]; then
    O="$T/ro"; cp -a "$T/old" "$O"; chmod 555 "$O"
    "$BIN" -q -i input -i "$T/extra.csv" -o "$O" -p $P 2>"$T/err"; rc=$?
    check "carpeta de solo lectura: 73" "[ $rc -eq 73 ]"
    check "carpeta de solo lectura: intacta" "same_dir '$O/$P' '$T/old/$P'"
    chmod 755 "$O"
elif command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$BIN" 2>/dev/null \
        && setpriv --reuid=65534 --regid=65534 --clear-groups test -r input/autodiagnosticos.csv; then
    O="$T/ro"; cp -a "$T/old" "$O"
    # root's lock file (nobody can only read it, which flock allows) in a
    # folder nobody cannot write: the lock is taken, staging fails
    chmod -R a+rX "$O"; chmod 555 "$O"
    nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
    nobody "$BIN" -q -i input -i "$T/extra.csv" -o "$O" -p $P 2>"$T/err"; rc=$?
    check "carpeta de solo lectura (nobody): 73" "[ $rc -eq 73 ]"
    check "carpeta de solo lectura: resumen" "summary_is 73 'el informe anterior quedó intacto'"
    check "carpeta de solo lectura: intacta" "same_dir '$O/$P' '$T/old/$P'"
    # no lock file and a read-only folder: cannot even lock
    O="$T/ro2"; mkdir "$O"; chmod 555 "$O"
    nobody "$BIN" -q -i input -o "$O" -p $P 2>"$T/err"; rc=$?
    check "sin poder crear el bloqueo (nobody): 73" "[ $rc -eq 73 ] && grep -qF '.tablero.lock' '$T/err'"
else skip "carpeta de solo lectura: sin setpriv o sin acceso para nobody"; fi

# ----------------------------------------------- full disk (tiny tmpfs)
MNT="$T/tmpfs"; mkdir "$MNT"
old_kb=$(du -sk "$T/old" | cut -f1); new_kb=$(du -sk "$T/new" | cut -f1)
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=$((old_kb + new_kb / 2))k tmpfs "$MNT" 2>/dev/null; then
    cp -a "$T/old/." "$MNT/"
    "$BIN" -q -i input -i "$T/extra.csv" -o "$MNT" -p $P 2>"$T/err"; rc=$?
    check "disco lleno: 74" "[ $rc -eq 74 ] && grep -q 'No space left on device' '$T/err'"
    check "disco lleno: informe anterior intacto" "same_dir '$MNT/$P' '$T/old/$P'"
    check "disco lleno: sin temporales" "[ -z \"\$(leftovers '$MNT')\" ]"
    umount "$MNT"; MNT=""
else MNT=""; skip "disco lleno: no se puede montar un tmpfs (hace falta root)"; fi

# ------------------------------------ reproducible: two folders, two times
for d in a b; do
    mkdir -p "$T/repro-$d"; cp -a config input "$T/repro-$d/"
    cp "$T/extra.csv" "$T/repro-$d/input/"
done
(cd "$T/repro-a" && env -u SOURCE_DATE_EPOCH "$BIN" -q -o out -p $P) || bad "reproducible: corrida a"
# Run b sees another clock, years away (libfaketime), another zone and
# locale: the date in the files must come from the period, never the clock.
clock_b() { if command -v faketime >/dev/null 2>&1; then ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" faketime '2031-03-04 05:06:07' "$@"; else "$@"; fi; }
command -v faketime >/dev/null 2>&1 || skip "reproducible: sin faketime, corrida b con el mismo reloj"
(cd "$T/repro-b" && clock_b env -u SOURCE_DATE_EPOCH TZ=America/Argentina/Cordoba LC_ALL=C "$BIN" -q -o "$T/repro-b/otra" -p $P) || bad "reproducible: corrida b"
check "reproducible: idénticos byte a byte (salvo manifest.json:run)" "same_dir '$T/repro-a/out/$P' '$T/repro-b/otra/$P'"
n=$(ls "$T/repro-a/out/$P" | wc -l)
echo "env: reproducible: $n archivos idénticos en dos carpetas y dos momentos"

# ------------------------------------------- make install into a DESTDIR
D="$T/dest"
# -o: install the binary under test as it is, never rebuild it here
if make -C "$ROOT" -s --no-print-directory -o "$BUILD_DIR/tablero" install BUILD="$BUILD_DIR" PREFIX=/usr/local DESTDIR="$D" >"$T/err" 2>&1; then
    check "install: binario" "'$D/usr/local/bin/tablero' --version | grep -q '^tablero '"
    # man(1) checks the page when it is there (not on a minimal Debian)
    check "install: tablero(1)" "[ -f '$D/usr/local/share/man/man1/tablero.1' ] && { ! command -v man >/dev/null || ! man --warnings -l '$D/usr/local/share/man/man1/tablero.1' 2>&1 >/dev/null | grep -q .; }"
    E="$D/usr/local/share/tablero/ejemplo"
    check "install: ejemplo (configuración, entrada, LEEME)" "[ -f '$E/config/tablero.ini' ] && [ -f '$E/config/indicadores.csv' ] && [ -f '$E/entrada/autodiagnosticos.csv' ] && [ -f '$E/LEEME.md' ] && [ -f '$D/usr/local/share/doc/tablero/README.md' ]"
    check "install: unidades de systemd y línea de crontab" "grep -qx 'ExecStart=/usr/local/bin/tablero -q --wait 600' '$D/usr/local/share/tablero/systemd/tablero.service' && grep -q '^OnCalendar=' '$D/usr/local/share/tablero/systemd/tablero.timer' && grep -q '^0 6 1 \* \* /usr/local/bin/tablero ' '$D/usr/local/share/tablero/systemd/tablero.cron'"
    # the example names its inputs by absolute path (without DESTDIR, as a
    # package would): here they are under DESTDIR, so -i points there
    check "install: el ejemplo apunta a su entrada" "grep -qx 'rutas = /usr/local/share/tablero/ejemplo/entrada' '$E/config/tablero.ini'"
    check "install: corre con el ejemplo instalado" "(cd / && '$D/usr/local/bin/tablero' -q -c '$E/config/tablero.ini' -i '$E/entrada' -o '$T/inst' -p $P 2>'$T/err') && [ -f '$T/inst/$P/manifest.json' ]"
    if make -C "$ROOT" -s --no-print-directory uninstall PREFIX=/usr/local DESTDIR="$D" >"$T/err" 2>&1; then
        check "uninstall: no queda nada" "[ -z \"\$(find '$D' -type f)\" ] && [ ! -e '$D/usr/local/share/tablero' ]"
    else bad "make uninstall DESTDIR=..."; fi
else bad "make install DESTDIR=..."; fi

# ------------------------- no renameat2 at all (ENOSYS): still publishes
if [ -n "$SHIM" ]; then
    # the I/O-only shim under ASan, as for the sample below
    nx_pre=$SHIM
    for nx in ENOSYS 1; do
        O="$T/noexchange-$nx"
        env LD_PRELOAD="$nx_pre" TABLERO_FAULT_NOEXCHANGE=$nx ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            "$BIN" -q -i input -o "$O" -p $P 2>"$T/err"; rc=$?
        check "sin RENAME_EXCHANGE ($nx): primera corrida del período publica" "[ $rc -eq 0 ] && same_dir '$O/$P' '$T/old/$P'"
        env LD_PRELOAD="$nx_pre" TABLERO_FAULT_NOEXCHANGE=$nx ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            "$BIN" -q -i input -i "$T/extra.csv" -o "$O" -p $P 2>"$T/err"; rc=$?
        check "sin RENAME_EXCHANGE ($nx): reemplaza el período" "[ $rc -eq 0 ] && same_dir '$O/$P' '$T/new/$P' && [ -z \"\$(leftovers '$O')\" ]"
    done
fi

# ------------------- libzip and libxlsxwriter: loaded only when needed
# Not linked (readelf), so a CSV run works without them; missing, a
# workbook or --plantilla stops with 69, the library and its package named,
# and nothing written.
need=$(readelf -d "$BIN" 2>/dev/null | grep NEEDED)
check "libzip y libxlsxwriter no enlazadas" "[ -n \"\$need\" ] && ! echo \"\$need\" | grep -qE 'libzip|libxlsxwriter|libcrypto|libminizip'"
if [ -n "$SHIM" ]; then
    pre="env LD_PRELOAD=$SHIM ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    O="$T/nolib"
    $pre TABLERO_FAULT_NOLIB=libzip.so.4 "$BIN" -q -i input -o "$O" -p $P 2>"$T/err"; rc=$?
    check "sin libzip: una corrida de CSV no la necesita" "[ $rc -eq 0 ] && same_dir '$O/$P' '$T/old/$P'"
    $pre TABLERO_FAULT_NOLIB=libxlsxwriter.so.4 "$BIN" -q -i input -o "$O" -p $P 2>"$T/err"; rc=$?
    check "sin libxlsxwriter: una corrida de CSV no la necesita" "[ $rc -eq 0 ]"
    X=$ROOT/tests/cases/acepta-xlsx-excel/input
    $pre TABLERO_FAULT_NOLIB=libzip.so.4 "$BIN" -q -i "$X" -o "$T/nolib-x" -p $P 2>"$T/err"; rc=$?
    check "sin libzip: un .xlsx sale con 69" "[ $rc -eq 69 ] && [ ! -e '$T/nolib-x' ]"
    check "sin libzip: nombra biblioteca y paquete" "grep -qF 'no se encontró la biblioteca libzip.so.4, necesaria para leer libros .xlsx y .ods (instale el paquete libzip4 de Debian)' '$T/err' && summary_is 69 'no se publicó ningún archivo'"
    $pre TABLERO_FAULT_NOLIB=libxlsxwriter.so.4 "$BIN" -q -i input --plantilla "$T/nolib.xlsx" -p $P 2>"$T/err"; rc=$?
    check "sin libxlsxwriter: --plantilla sale con 69 sin dejar archivos" "[ $rc -eq 69 ] && [ -z \"\$(ls -A '$T' | grep nolib.xlsx)\" ]"
    check "sin libxlsxwriter: nombra biblioteca y paquete" "grep -qF 'libxlsxwriter.so.4, necesaria para escribir la planilla de carga (--plantilla) (instale el paquete libxlsxwriter4 de Debian)' '$T/err'"
fi

# ------------------------------------------------- injected faults, sample
if [ -n "$SHIM" ]; then
    sample=quick
    if ldd "$BIN" 2>/dev/null | grep -q libasan; then
        # ASan owns malloc: the I/O-only shim, preloaded after ASan's runtime
        sample=quick-io
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
    fi
    if sh "$ROOT/tests/fault/run.sh" "$BIN" "$SHIM" $sample; then ok; else bad "fallas inyectadas (muestra)"; fi
fi

echo "env: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
