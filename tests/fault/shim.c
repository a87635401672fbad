/* shim.c - fault injection for tablero's tests, loaded with LD_PRELOAD.
 * Counts calls of the I/O functions below (as called from tablero and its
 * libraries through their public symbols; glibc's own internal calls,
 * e.g. fopen's open, are not seen) and makes the Nth call of one of them
 * fail:
 *   TABLERO_FAULT_OP=write TABLERO_FAULT_N=7   fail the 7th write()
 *   TABLERO_FAULT_ERRNO=ENOSPC                 errno of the failure (EIO)
 *   TABLERO_FAULT_MALLOC_N=123                 fail the 123rd allocation
 *                                              (malloc, calloc, realloc)
 *   TABLERO_FAULT_COUNT=FILE                   at exit, write "op count"
 *                                              lines for every op
 *   TABLERO_FAULT_LOG=FILE                     append "op N" when firing
 *   TABLERO_FAULT_CHILD=1                      fire only in a forked process
 *                                              (a -j worker: it counts on
 *                                              from the parent's count at
 *                                              the fork), never in the
 *                                              process that loaded the shim
 *   TABLERO_FAULT_BACKTRACE=1                  print a backtrace when firing
 *                                              (to find who ignored it)
 *   TABLERO_FAULT_NOEXCHANGE=1                 renameat2(RENAME_EXCHANGE)
 *                                              always fails with EINVAL, as
 *                                              on a file system without it;
 *   TABLERO_FAULT_NOEXCHANGE=ENOSYS            ... with ENOSYS, as on a
 *                                              kernel without renameat2
 *   TABLERO_FAULT_NOLIB=libzip.so.4            dlopen of that name fails,
 *                                              as when the package is not
 *                                              installed (with the loader's
 *                                              own "cannot open" message)
 * Allocation counting starts when the shim is loaded (its constructor),
 * so the loader's own early allocations are never failed.
 * Built with: cc -fPIC -shared -o shim.so shim.c -ldl (make fault). */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

enum op { OP_OPEN, OP_OPENAT, OP_CREAT, OP_WRITE, OP_FSYNC, OP_FDATASYNC, OP_SYNCFS, OP_RENAME,
          OP_RENAMEAT, OP_RENAMEAT2, OP_MKDIR, OP_MKDIRAT, OP_CLOSE, OP_UNLINK, OP_UNLINKAT,
          OP_MALLOC, OP_COUNT };
static const char *const op_names[OP_COUNT] = {
    "open", "openat", "creat", "write", "fsync", "fdatasync", "syncfs", "rename", "renameat",
    "renameat2", "mkdir", "mkdirat", "close", "unlink", "unlinkat", "malloc"};

static long counts[OP_COUNT];
static int target = -1;        /* op to fail, or -1 */
static long target_n;          /* which call of it (1-based) */
static long malloc_n;          /* 0 = never */
static int fail_errno = EIO;
static int armed;              /* set by the constructor */
static int no_exchange;
static pid_t child_only;        /* not 0: fire only in a process other than this one */

/* glibc exports its allocator under these names too: calling them avoids
 * dlsym, which itself may allocate. */
extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);

static int want_backtrace;

static void log_fire(const char *op, long n)
{
    if (want_backtrace) {
        void *frames[32];
        int k = backtrace(frames, 32);
        backtrace_symbols_fd(frames, k, 2);
    }
    const char *path = getenv("TABLERO_FAULT_LOG");
    if (!path) return;
    char line[64];
    int len = snprintf(line, sizeof line, "%s %ld\n", op, n);
    int fd = (int)syscall(SYS_open, path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (syscall(SYS_write, fd, line, (size_t)len) < 0) { /* best effort */ }
    syscall(SYS_close, fd);
}

/* Counts one call of op; returns 1 when this call must fail. */
static int hit(enum op op)
{
    if (!armed) return 0;
    long n = ++counts[op];
    if (op == OP_MALLOC) {
        if (malloc_n && n == malloc_n) {
            log_fire("malloc", n);
            return 1;
        }
        return 0;
    }
    if ((int)op == target && n == target_n && (!child_only || getpid() != child_only)) {
        log_fire(op_names[op], n);
        errno = fail_errno;
        return 1;
    }
    return 0;
}

__attribute__((constructor)) static void shim_init(void)
{
    const char *op = getenv("TABLERO_FAULT_OP");
    const char *n = getenv("TABLERO_FAULT_N");
    const char *m = getenv("TABLERO_FAULT_MALLOC_N");
    const char *e = getenv("TABLERO_FAULT_ERRNO");
    for (int i = 0; op && i < OP_COUNT; i++)
        if (!strcmp(op, op_names[i])) target = i;
    if (n) target_n = atol(n);
    if (m) malloc_n = atol(m);
    if (e && !strcmp(e, "ENOSPC")) fail_errno = ENOSPC;
    if (e && !strcmp(e, "EINVAL")) fail_errno = EINVAL;
    if (e && !strcmp(e, "ENOMEM")) fail_errno = ENOMEM;
    if (e && !strcmp(e, "EACCES")) fail_errno = EACCES;
    const char *nx = getenv("TABLERO_FAULT_NOEXCHANGE");
    no_exchange = !nx ? 0 : !strcmp(nx, "ENOSYS") ? 2 : 1;
    want_backtrace = getenv("TABLERO_FAULT_BACKTRACE") != NULL;
    if (getenv("TABLERO_FAULT_CHILD")) child_only = getpid();
    if (want_backtrace) {   /* the first call loads libgcc: do it now */
        void *f[1];
        backtrace(f, 1);
    }
    armed = 1;
}

__attribute__((destructor)) static void shim_fini(void)
{
    armed = 0;
    const char *path = getenv("TABLERO_FAULT_COUNT");
    if (!path) return;
    char buf[1024];
    size_t len = 0;
    for (int i = 0; i < OP_COUNT; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s %ld\n", op_names[i], counts[i]);
    int fd = (int)syscall(SYS_open, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (syscall(SYS_write, fd, buf, len) < 0) { /* best effort */ }
    syscall(SYS_close, fd);
}

/* A library that is "not installed": dlopen of exactly that name fails
 * through the real dlopen of a name that cannot exist, so dlerror() says
 * what the loader says for a missing file. */
void *dlopen(const char *file, int mode)
{
    static void *(*real)(const char *, int);
    if (!real) real = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
    const char *nolib = getenv("TABLERO_FAULT_NOLIB");
    if (file && nolib && !strcmp(file, nolib)) {
        char missing[512];
        snprintf(missing, sizeof missing, "%s-no-instalada-por-el-shim", file);
        return real(missing, mode);
    }
    return real(file, mode);
}

/* real_<name>: the next definition of name (libc's), found once. */
#define REAL(name) \
    static __typeof__(&name) real_##name; \
    if (!real_##name) real_##name = (__typeof__(&name))dlsym(RTLD_NEXT, #name)

static int open_common(enum op op, const char *sym, int dirfd, const char *path, int flags,
                       mode_t mode)
{
    if (hit(op)) return -1;
    if (op == OP_OPENAT) {
        typedef int (*fn)(int, const char *, int, ...);
        static fn real;
        if (!real) real = (fn)dlsym(RTLD_NEXT, sym);
        return real(dirfd, path, flags, mode);
    }
    typedef int (*fn)(const char *, int, ...);
    static fn real_open, real_open64;
    fn *r = !strcmp(sym, "open64") ? &real_open64 : &real_open;
    if (!*r) *r = (fn)dlsym(RTLD_NEXT, sym);
    return (*r)(path, flags, mode);
}

static mode_t mode_arg(int flags, va_list ap)
{
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return open_common(OP_OPEN, "open", 0, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return open_common(OP_OPEN, "open64", 0, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return open_common(OP_OPENAT, "openat", dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return open_common(OP_OPENAT, "openat64", dirfd, path, flags, mode);
}

int creat(const char *path, mode_t mode)
{
    if (hit(OP_CREAT)) return -1;
    REAL(creat);
    return real_creat(path, mode);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    if (hit(OP_WRITE)) return -1;
    REAL(write);
    return real_write(fd, buf, n);
}

int fsync(int fd)
{
    if (hit(OP_FSYNC)) return -1;
    REAL(fsync);
    return real_fsync(fd);
}

int fdatasync(int fd)
{
    if (hit(OP_FDATASYNC)) return -1;
    REAL(fdatasync);
    return real_fdatasync(fd);
}

int syncfs(int fd)
{
    if (hit(OP_SYNCFS)) return -1;
    REAL(syncfs);
    return real_syncfs(fd);
}

int rename(const char *a, const char *b)
{
    if (hit(OP_RENAME)) return -1;
    REAL(rename);
    return real_rename(a, b);
}

int renameat(int da, const char *a, int db, const char *b)
{
    if (hit(OP_RENAMEAT)) return -1;
    REAL(renameat);
    return real_renameat(da, a, db, b);
}

int renameat2(int da, const char *a, int db, const char *b, unsigned flags)
{
    if (no_exchange && (flags & RENAME_EXCHANGE)) {
        errno = no_exchange == 2 ? ENOSYS : EINVAL;
        return -1;
    }
    if (hit(OP_RENAMEAT2)) return -1;
    REAL(renameat2);
    return real_renameat2(da, a, db, b, flags);
}

int mkdir(const char *path, mode_t mode)
{
    if (hit(OP_MKDIR)) return -1;
    REAL(mkdir);
    return real_mkdir(path, mode);
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    if (hit(OP_MKDIRAT)) return -1;
    REAL(mkdirat);
    return real_mkdirat(dirfd, path, mode);
}

int close(int fd)
{
    REAL(close);
    /* a failed close(2) still closes the descriptor (Linux): do the same */
    if (hit(OP_CLOSE)) {
        real_close(fd);
        errno = fail_errno;
        return -1;
    }
    return real_close(fd);
}

int unlink(const char *path)
{
    if (hit(OP_UNLINK)) return -1;
    REAL(unlink);
    return real_unlink(path);
}

int unlinkat(int dirfd, const char *path, int flags)
{
    if (hit(OP_UNLINKAT)) return -1;
    REAL(unlinkat);
    return real_unlinkat(dirfd, path, flags);
}

/* SHIM_NO_MALLOC: the I/O half only, for ASan builds (ASan owns malloc;
 * failalloc.c does the allocation half there). */
#ifndef SHIM_NO_MALLOC
void *malloc(size_t n)
{
    if (hit(OP_MALLOC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_malloc(n);
}

void *calloc(size_t n, size_t size)
{
    if (hit(OP_MALLOC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
    /* realloc(p, 0) frees; failing it would make no sense */
    if (n && hit(OP_MALLOC)) {
        errno = ENOMEM;
        return NULL;
    }
    return __libc_realloc(p, n);
}
#endif
