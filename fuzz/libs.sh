#!/bin/sh
# libs.sh OUT CC CFLAGS - builds cJSON and inih from Debian's own source
# packages, at the version installed (dpkg-query), with the fuzzer's
# instrumentation, so the config and previous-period harnesses see
# coverage inside the parsers instead of stopping at the library call.
# Leaves OUT/include/{cJSON.h,cjson/cJSON.h,ini.h} and OUT/lib*.a; fetched
# code stays in OUT (build-fuzz/, gitignored), never in the repository.
#
# The sources come from `apt-get source` through a temporary deb-src list
# (the deb lines of /etc/apt with Types: deb-src; nothing under /etc is
# changed; its own lists folder in OUT). dpkg-source applies Debian's
# patches (cJSON's security fixes), so the code fuzzed is the code shipped.
# Where a mirror lacks a source package, FUZZ_SRC_<PKG>=DIR (cjson, libinih)
# names an unpacked tree of the same upstream version to use instead.
set -eu
CC=$2; CFLAGS=$3
mkdir -p "$1"
OUT=$(cd "$1" && pwd)   # absolute: apt-get runs from another folder
mkdir -p "$OUT/src" "$OUT/include/cjson" "$OUT/apt/lists/partial" "$OUT/apt/parts"
: >"$OUT/apt/none.list"
# apt-get with only the deb-src list of OUT
apt_src() {
    apt-get -q -o Dir::Etc::SourceList="$OUT/apt/none.list" -o Dir::Etc::SourceParts="$OUT/apt/parts" \
        -o Dir::State::Lists="$OUT/apt/lists" "$@"
}

# source package and installed version of a binary package
version() { dpkg-query -W -f='${source:Package} ${source:Version}' "$1" 2>/dev/null; }

apt_lists() {
    [ -f "$OUT/apt/ready" ] && return 0
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        sed 's/^Types:.*/Types: deb-src/' "$f" >"$OUT/apt/parts/$(basename "$f")"
    done
    if [ -f /etc/apt/sources.list ]; then
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list >"$OUT/apt/parts/legacy.list"
    fi
    apt_src update >&2
    touch "$OUT/apt/ready"
}

# fetch BINPKG FILE... - prints the unpacked source tree of BINPKG
fetch() {
    bin=$1
    set -- $(version "$bin")
    [ $# -eq 2 ] || { echo "fuzz/libs.sh: $bin no está instalado (make deps)" >&2; exit 1; }
    src=$1; ver=$2
    tree="$OUT/src/$src-$ver"
    [ -d "$tree" ] && { echo "$tree"; return 0; }
    var=$(echo "FUZZ_SRC_$src" | tr 'a-z-' 'A-Z_')
    eval "given=\${$var:-}"
    if [ -n "$given" ]; then
        cp -R "$given" "$tree.part" && mv "$tree.part" "$tree"
        echo "fuzz/libs.sh: $src $ver desde $var=$given" >&2
        echo "$tree"; return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        echo "fuzz/libs.sh: hace falta root para apt-get source $src=$ver (o $var=carpeta)" >&2
        exit 1
    fi
    apt_lists
    rm -rf "$OUT/src/dl" && mkdir -p "$OUT/src/dl"
    if ! (cd "$OUT/src/dl" && apt_src source "$src=$ver" >&2); then
        echo "fuzz/libs.sh: el espejo no tiene el paquete fuente $src=$ver; indique $var=carpeta" >&2
        exit 1
    fi
    d=$(find "$OUT/src/dl" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    mv "$d" "$tree"
    rm -rf "$OUT/src/dl"
    echo "$tree"
}

# lib NAME SOURCE.c... - one instrumented static library
lib() {
    name=$1; shift
    objs=""
    for c in "$@"; do
        o="$OUT/$(basename "$c" .c).o"
        $CC $CFLAGS -c -o "$o" "$c"
        objs="$objs $o"
    done
    rm -f "$OUT/lib$name-fuzz.a"
    ar rcs "$OUT/lib$name-fuzz.a" $objs
}

cj=$(fetch libcjson1)
cp "$cj/cJSON.h" "$OUT/include/cJSON.h"
cp "$cj/cJSON.h" "$OUT/include/cjson/cJSON.h"
lib cjson "$cj/cJSON.c"

# Debian builds inih with meson's defaults, which are ini.h's own: no
# defines here either, so the parser fuzzed behaves as the shipped one.
ih=$(fetch libinih1)
cp "$ih/ini.h" "$OUT/include/ini.h"
lib inih "$ih/ini.c"
echo "fuzz/libs.sh: cJSON ($cj) e inih ($ih) instrumentados en $OUT" >&2
