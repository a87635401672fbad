#!/bin/sh
# check-sonames.sh HEADER - every library that HEADER (src/base/sonames.h)
# names, in lines '#define TB_SONAME_X "soname" /* pkg-config-name, package */',
# must have that SONAME in the development library pkg-config points to
# (what the headers we compile against belong to; Debian's xlsxwriter.pc
# names /usr/lib, so when the file is not there, the one the compiler $CC
# would link with -lNAME). A Debian update that
# bumps one fails the build here, with what to change, instead of a user's
# run failing to find the library.
set -u
HEADER=$1
bad=0
n=0
while IFS= read -r line; do
    soname=$(echo "$line" | sed -n 's/^#define TB_SONAME_[A-Z0-9_]* "\([^"]*\)".*/\1/p')
    [ -n "$soname" ] || continue
    pkg=$(echo "$line" | sed -n 's|.*/\* *\([A-Za-z0-9_.+-]*\),.*|\1|p')
    n=$((n + 1))
    libdir=$(pkg-config --variable=libdir "$pkg" 2>/dev/null)
    lib="$libdir/${soname%%.so*}.so"
    [ -n "$libdir" ] && [ -e "$lib" ] || lib=$(${CC:-cc} -print-file-name="${soname%%.so*}.so")
    if [ ! -e "$lib" ]; then
        echo "check-sonames: $pkg: no se encontró $lib (¿falta el paquete -dev?)" >&2
        bad=1; continue
    fi
    have=$(readelf -d "$lib" 2>/dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    if [ "$have" != "$soname" ]; then
        echo "check-sonames: $lib tiene SONAME '$have' y $HEADER espera '$soname':" \
             "la biblioteca cambió de ABI; revise los prototipos y actualice $HEADER" >&2
        bad=1
    fi
done <"$HEADER"
[ "$n" -gt 0 ] || { echo "check-sonames: $HEADER no nombra ninguna biblioteca" >&2; exit 1; }
exit $bad
