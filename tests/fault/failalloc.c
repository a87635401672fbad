/* failalloc.c - the allocation-failure half of shim.c, for an ASan build:
 * linked into a test-only binary (tablero-failalloc), not preloaded,
 * because ASan's runtime must come first among shared libraries and owns
 * malloc. The executable's definitions win symbol lookup over every
 * library, so tablero, libharu, libcsv, cJSON, inih and libc's internal
 * callers all come through here; we count and pass on to the next
 * definition (ASan's), which keeps tracking leaks.
 *   TABLERO_FAULT_MALLOC_N=N   fail the Nth malloc/calloc/realloc
 *   TABLERO_FAULT_COUNT=FILE   at exit, write "malloc COUNT" */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static long count, fail_n;
static int resolving;

/* dlsym may calloc before we know the real calloc: serve it from here. */
static _Alignas(16) char boot[8192];
static size_t boot_used;

static int in_boot(const void *p)
{
    return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

static void resolve(void)
{
    if (real_free || resolving) return;
    resolving = 1;
    /* the POSIX idiom for dlsym into a function pointer (ISO C has no
     * object-to-function pointer conversion) */
    *(void **)&real_malloc = dlsym(RTLD_NEXT, "malloc");
    *(void **)&real_calloc = dlsym(RTLD_NEXT, "calloc");
    *(void **)&real_realloc = dlsym(RTLD_NEXT, "realloc");
    *(void **)&real_free = dlsym(RTLD_NEXT, "free");
    resolving = 0;
}

/* The environment is not ready at the first allocations (the loader's):
 * read it once constructors run; allocations before count but never
 * fail. */
__attribute__((constructor(101))) static void failalloc_init(void)
{
    const char *n = getenv("TABLERO_FAULT_MALLOC_N");
    fail_n = n ? atol(n) : 0;
}

static int fail_now(void)
{
    if (++count == fail_n) {
        errno = ENOMEM;
        return 1;
    }
    return 0;
}

void *malloc(size_t n)
{
    resolve();
    if (!real_malloc) return NULL;
    return fail_now() ? NULL : real_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    resolve();
    if (!real_calloc) {   /* inside dlsym */
        size_t need = (n * size + 15) & ~(size_t)15;
        if (size && n > sizeof boot / size) return NULL;
        if (boot_used + need > sizeof boot) return NULL;
        void *p = boot + boot_used;
        boot_used += need;
        return p;
    }
    return fail_now() ? NULL : real_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    resolve();
    if (in_boot(p)) {
        void *q = malloc(n);
        if (q) memcpy(q, p, n < sizeof boot ? n : sizeof boot);
        return q;
    }
    if (n && fail_now()) return NULL;
    return real_realloc(p, n);
}

void free(void *p)
{
    if (!p || in_boot(p)) return;
    resolve();
    real_free(p);
}

__attribute__((destructor)) static void failalloc_fini(void)
{
    const char *path = getenv("TABLERO_FAULT_COUNT");
    if (!path) return;
    char buf[64];
    int len = snprintf(buf, sizeof buf, "malloc %ld\n", count);
    int fd = (int)syscall(SYS_open, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (syscall(SYS_write, fd, buf, (size_t)len) < 0) { /* best effort */ }
    syscall(SYS_close, fd);
}
