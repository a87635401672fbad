/* dynlib.c - dlopen by SONAME and one pass of dlsym into a caller's table
 * of function pointers; dlerror's text becomes part of a tb_error. */
#include "dynlib.h"

#include <dlfcn.h>
#include <string.h>

#include "es/dynlib.h"

/* dlsym returns an object pointer; POSIX guarantees that it converts to a
 * function pointer, ISO C does not, so the bytes are copied (the sizes
 * are the same on every POSIX system). */
_Static_assert(sizeof(void (*)(void)) == sizeof(void *),
               "function and object pointers have the same size");

int tb_dynlib_open(void **handle, const char *soname, const char *package, const char *need,
                   const tb_dynsym *syms, size_t nsyms, void *table, tb_error *err)
{
    *handle = NULL;
    void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
    if (!h) {
        const char *why = dlerror();
        return tb_error_set(err, TB_EX_UNAVAILABLE, NULL, 0, 0, MSG_DL_MISSING, soname, need,
                            package, why ? why : "");
    }
    void *found[64];
    TB_ASSERT(nsyms <= sizeof found / sizeof found[0]);
    for (size_t i = 0; i < nsyms; i++) {
        (void)dlerror();
        found[i] = dlsym(h, syms[i].name);
        if (!found[i]) {
            const char *why = dlerror();
            int rc = tb_error_set(err, TB_EX_UNAVAILABLE, NULL, 0, 0, MSG_DL_SYMBOL, soname,
                                  syms[i].name, need, package, why ? why : "");
            dlclose(h);
            return rc;
        }
    }
    for (size_t i = 0; i < nsyms; i++)
        memcpy((char *)table + syms[i].offset, &found[i], sizeof found[i]);
    *handle = h;
    return 0;
}

void tb_dynlib_close(void *handle)
{
    if (handle) dlclose(handle);
}
