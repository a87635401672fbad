/* sonames.h - the shared libraries tablero opens itself (dlopen) rather
 * than links: each is needed by one rarely used path, and linking them
 * would load them, and the libraries they bring (libcrypto, bzip2,
 * minizip: about 1.9 MiB of memory), into every run. The names are the
 * ones the headers we compile against belong to: the build reads the
 * SONAME of each library pkg-config points to (scripts/check-sonames.sh)
 * and fails if a Debian update changed it, so a new ABI is caught when
 * building, not by a user. Format of each line (the script parses it):
 *   #define TB_SONAME_X "soname" (pkg-config name, Debian package) */
#ifndef TABLERO_SONAMES_H
#define TABLERO_SONAMES_H

#define TB_SONAME_LIBZIP "libzip.so.4"               /* libzip, libzip4 */
#define TB_SONAME_XLSXWRITER "libxlsxwriter.so.4"    /* xlsxwriter, libxlsxwriter4 */

#endif
