#!/bin/sh
# deps.sh ROLE... - installs the Debian 12 packages a role needs; roles
# add up (test includes run):
#   run    build and run: the C compiler, make, pkg-config, the libraries
#   test   make test, check-asan, check-valgrind: cmocka, python3 and the
#          PDF checkers (poppler-utils, qpdf, mupdf-tools, ghostscript), valgrind,
#          faketime (a run under another clock, tests/fault/env.sh)
#   bench  make bench: /usr/bin/time, valgrind (callgrind instruction counts) and the
#          analyst's Python stack the peer script needs (pandas, statsmodels,
#          matplotlib, ReportLab)
#   fuzz   make fuzz: clang and its libFuzzer runtime
#   PACKAGE  any other word: that one Debian package (make slurm-check)
#   list ROLE...  prints the packages of the roles, installs nothing
# Fast when everything is present (one dpkg-query). As root it runs the
# apt-get command below; otherwise it prints that exact command and fails.
set -eu
# fonts-liberation2 and icc-profiles-free: the fonts and the sRGB profile
# every PDF embeds, read at run time (report_draw.h)
RUN="gcc libc6-dev make pkg-config libcsv-dev libgsl-dev libhpdf-dev libinih-dev libcjson-dev \
libunistring-dev nettle-dev libzip-dev libexpat1-dev libxlsxwriter-dev libdeflate-dev fonts-liberation2 icc-profiles-free"
TEST="libcmocka-dev python3 poppler-utils qpdf mupdf-tools ghostscript valgrind python3-pikepdf faketime"
BENCH="time valgrind python3-pandas python3-statsmodels python3-matplotlib python3-reportlab"
FUZZ="clang libclang-rt-14-dev"

list=0
[ "${1:-}" = list ] && { list=1; shift; }
PKGS=""
for role in "${@:-run}"; do
    case "$role" in
        run) PKGS="$PKGS $RUN" ;;
        test) PKGS="$PKGS $RUN $TEST" ;;
        bench) PKGS="$PKGS $RUN $BENCH" ;;
        fuzz) PKGS="$PKGS $RUN $FUZZ" ;;
        # anything else is one Debian package (make slurm-check names its own)
        *[!a-z0-9.+-]*|"") echo "tablero: deps.sh: rol o paquete inválido «$role» (run, test, bench, fuzz o un paquete)" >&2; exit 64 ;;
        *) PKGS="$PKGS $role" ;;
    esac
done
# one of each, in order
PKGS=$(printf '%s\n' $PKGS | awk '!seen[$0]++' | tr '\n' ' ')
if [ "$list" -eq 1 ]; then echo $PKGS; exit 0; fi

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
# The command, written once: run as root, shown otherwise. The lock
# timeout lets two installs at the same time wait for each other.
UPDATE="apt-get update"
INSTALL="apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends$missing"
echo "tablero: faltan paquetes de Debian:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    $UPDATE
    $INSTALL
else
    echo "tablero: ejecute como root:  $UPDATE && $INSTALL" >&2
    exit 1
fi
