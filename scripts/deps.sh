#!/bin/sh
# deps.sh [PACKAGE...] - installs the Debian packages tablero needs to build,
# run and be tested (or only the ones named, for other targets such as fuzz).
# Fast when everything is present (one dpkg-query); as root it runs apt-get,
# otherwise it prints the exact command and fails.
set -eu
PKGS=${*:-"build-essential pkg-config libcsv-dev libgsl-dev libhpdf-dev libcmocka-dev \
libinih-dev libcjson-dev libunistring-dev nettle-dev libzip-dev libexpat1-dev libxlsxwriter-dev \
python3 poppler-utils qpdf mupdf-tools ghostscript valgrind \
fonts-liberation2 icc-profiles-free python3-pikepdf"}
missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "tablero: faltan paquetes de Debian:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "tablero: ejecute como root:  apt-get update && apt-get install -y$missing" >&2
    exit 1
fi
