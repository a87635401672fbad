/* dynlib.h - a shared library opened at run time, by SONAME, with a table
 * of its functions resolved in one pass (see sonames.h for why). The
 * caller declares a struct of function pointers typed from the library's
 * own header (so a prototype change is a compile error) and a list of
 * (symbol, offset) pairs; tb_dynlib_open fills every slot or none. */
#ifndef TABLERO_DYNLIB_H
#define TABLERO_DYNLIB_H

#include <stddef.h>

#include "common.h"

/* One function of the table: its symbol and where its pointer goes. */
typedef struct tb_dynsym {
    const char *name;
    size_t offset;   /* offsetof(the caller's table struct, slot) */
} tb_dynsym;

/* Opens soname (RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE: once loaded it
 * stays mapped, so the next open in the same process only counts a
 * reference) and stores the address of syms[i].name at
 * (char *)table + syms[i].offset for every i. Returns 0 and *handle for
 * tb_dynlib_close, or TB_EX_UNAVAILABLE with err saying which library,
 * which Debian package (package) provides it, and what needs it (need,
 * Spanish: "leer libros .xlsx y .ods"); then nothing stays open and the
 * table is untouched. */
int tb_dynlib_open(void **handle, const char *soname, const char *package, const char *need,
                   const tb_dynsym *syms, size_t nsyms, void *table, tb_error *err);
/* Drops the reference taken by tb_dynlib_open; NULL is a no-op. The
 * table's pointers must not be called afterwards. */
void tb_dynlib_close(void *handle);

#endif
