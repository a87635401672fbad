/* outfile.c - all-or-nothing publication of a period's folder: files are
 * staged in a hidden sibling folder, every write checked and fsynced, and
 * the folder is swapped into place with one atomic rename.
 *
 * Why a folder swap: renaming files one by one into OUTPUT/<period> leaves
 * a mix of old and new files if the second rename fails or the process
 * dies between renames. Swapping whole folders makes "the period's
 * outputs" a single directory entry that changes in one step. Replacing
 * an existing folder needs renameat2(RENAME_EXCHANGE) (Linux >= 3.15,
 * glibc >= 2.28): plain rename(2) refuses a non-empty target. Where the
 * file system lacks it (EINVAL/ENOSYS/ENOTSUP, e.g. some network file
 * systems) we fall back to two renames, old -> .<period>.old-<id> and
 * new -> <period>; a kill between them leaves no OUTPUT/<period> for a
 * moment, and outfile_clean_stale renames the .old folder back. */
#define _GNU_SOURCE 1
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"

int outfile_make_dirs(const char *dir)
{
    char *d = tb_strdup(dir);
    if (!d) return -1;
    for (char *p = d + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(d, 0777) && errno != EEXIST) {
            free(d);
            return -1;
        }
        *p = '/';
    }
    int rc = (mkdir(d, 0777) && errno != EEXIST) ? -1 : 0;
    struct stat st;
    if (!rc && stat(d, &st)) rc = -1;
    if (!rc && !S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        rc = -1;
    }
    free(d);
    return rc;
}

void outfile_hex(const unsigned char *digest, char *out)
{
    static const char hx[] = "0123456789abcdef";
    for (size_t i = 0; i < OUTFILE_SHA256_SIZE; i++) {
        out[2 * i] = hx[digest[i] >> 4];
        out[2 * i + 1] = hx[digest[i] & 15];
    }
    out[2 * OUTFILE_SHA256_SIZE] = '\0';
}

/* 1 for the names that make a folder recognisably tablero's to
 * outfile_clean_stale (is_ours): the staging marker and a manifest. */
static int is_mark_name(const char *name)
{
    size_t l = strlen(name);
    return !strcmp(name, OUTFILE_MARKER) ||
           (!strncmp(name, "manifest", 8) && l >= 13 && !strcmp(name + l - 5, ".json"));
}

/* Removes dirfd/name and, if it is a folder, everything below it, without
 * following symbolic links. In the folder itself the marker and manifests
 * go last: a removal that stops half-way (a failing disk) leaves a folder
 * the next run still recognises as its own and removes. Returns 0 or -1
 * (something was left). */
static int remove_tree_at(int parent, const char *name)
{
    if (unlinkat(parent, name, 0) == 0) return 0;
    if (errno == ENOENT) return 0;
    if (errno != EISDIR && errno != EPERM) return -1;
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    int rc = 0, marks = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (is_mark_name(de->d_name)) marks = 1;
        else if (remove_tree_at(dirfd(d), de->d_name)) rc = -1;
    }
    if (marks && !rc) {
        rewinddir(d);
        while ((de = readdir(d)) != NULL)
            if (is_mark_name(de->d_name) && remove_tree_at(dirfd(d), de->d_name)) rc = -1;
    }
    closedir(d);
    if (unlinkat(parent, name, AT_REMOVEDIR) && errno != ENOENT) rc = -1;
    return rc;
}

static int fsync_close(int fd)
{
    int rc = fsync(fd);
    int e = errno;
    if (close(fd) && !rc) return -1;
    errno = e;
    return rc;
}

/* Creates base/.<name>.<kind>-<pid>-<k> as a folder (mkdir) or only picks
 * a free name (mk == 0). Returns the name (caller frees) or NULL. */
static char *sibling_name(int base_fd, const char *name, const char *kind, int mk)
{
    tb_buf b;
    for (int k = 0; k < 1000; k++) {
        tb_buf_init(&b);
        tb_buf_printf(&b, ".%s.%s-%ld-%d", name, kind, (long)getpid(), k);
        if (b.failed) {
            tb_buf_fini(&b);
            errno = ENOMEM;
            return NULL;
        }
        struct stat st;
        int taken = mk ? mkdirat(base_fd, b.data, 0777) != 0
                       : fstatat(base_fd, b.data, &st, AT_SYMLINK_NOFOLLOW) == 0;
        if (!taken) return b.data;
        int e = errno;
        tb_buf_fini(&b);
        if (mk && e != EEXIST) {
            errno = e;
            return NULL;
        }
    }
    errno = EEXIST;
    return NULL;
}

int outfile_init(outfile_set *s, const char *base, const char *name, tb_error *err)
{
    memset(s, 0, sizeof *s);
    s->base_fd = s->stage_fd = s->sub_fd = -1;
    s->base = tb_strdup(base);
    s->name = tb_strdup(name);
    tb_buf d;
    tb_buf_init(&d);
    tb_buf_printf(&d, "%s/%s", base, name);
    s->dir = d.data;
    if (!s->base || !s->name || d.failed)
        return tb_error_set(err, TB_EX_OSERR, base, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    if (outfile_make_dirs(base)) {
        int e = errno;
        return tb_error_set(err, e == ENOMEM ? TB_EX_OSERR : TB_EX_CANTCREAT, base, 0, 0,
                            MSG_CLI_CANNOT_MKDIR, strerror(e));
    }
    s->base_fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->base_fd < 0)
        return tb_error_set(err, TB_EX_CANTCREAT, base, 0, 0, MSG_CLI_CANNOT_MKDIR, strerror(errno));
    struct stat st;
    s->replaced = fstatat(s->base_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
    s->stage = sibling_name(s->base_fd, name, "tmp", 1);
    if (!s->stage)
        return tb_error_set(err, errno == ENOMEM ? TB_EX_OSERR : TB_EX_CANTCREAT, s->dir, 0, 0,
                            MSG_CLI_CANNOT_MKDIR, strerror(errno));
    s->stage_fd = openat(s->base_fd, s->stage, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (s->stage_fd < 0)
        return tb_error_set(err, TB_EX_CANTCREAT, s->dir, 0, 0, MSG_CLI_CANNOT_MKDIR, strerror(errno));
    /* the mark that lets a later run know this folder is tablero's own
     * (outfile_clean_stale); removed just before publication */
    int mfd = openat(s->stage_fd, OUTFILE_MARKER, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    /* the mode it got is the mode every file staged here gets (the same
     * umask; subfolders inherit this folder's default ACL, if any) */
    struct stat ms;
    if (mfd >= 0 && fstat(mfd, &ms) == 0) s->mode_exact = (ms.st_mode & 07777) == 0644;
    if (mfd < 0 || close(mfd))
        return tb_error_set(err, errno == ENOMEM ? TB_EX_OSERR : TB_EX_CANTCREAT, s->dir, 0, 0,
                            MSG_CLI_CANNOT_MKDIR, strerror(errno));
    /* a live staging folder is locked for as long as its descriptor is
     * open, so that outfile_clean_stale in a concurrent shard leaves it
     * alone (the folder was made under the output lock: nobody can have
     * taken it for stale in between) */
    if (flock(s->stage_fd, LOCK_EX | LOCK_NB))
        return tb_error_set(err, TB_EX_CANTCREAT, s->dir, 0, 0, MSG_CLI_CANNOT_MKDIR, strerror(errno));
    return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

/* Room for one more entry (doubling: a network run stages 20,000).
 * Returns 0 or -1. */
static int grow(outfile_set *s)
{
    outfile_entry *ne = tb_grow(s->e, s->n, &s->cap, sizeof *ne, 16);
    if (!ne) return -1;
    s->e = ne;
    return 0;
}

/* Room for one more entry, with name copied after the other names (at
 * *off; it becomes the entry's only when the entry is added). Returns 0,
 * or TB_EX_OSERR with nothing kept. */
static int entry_prepare(outfile_set *s, const char *name, size_t *off, tb_error *err)
{
    size_t n = strlen(name) + 1;
    while (s->names && s->nnames + n > s->capnames) {
        char *nn = tb_grow(s->names, s->capnames, &s->capnames, 1, 4096);
        if (!nn) return tb_error_set(err, TB_EX_OSERR, name, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
        s->names = nn;
    }
    if (!s->names) {
        s->capnames = n > 4096 ? n : 4096;
        s->names = malloc(s->capnames);
    }
    if (!s->names || grow(s))
        return tb_error_set(err, TB_EX_OSERR, name, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    memcpy(s->names + s->nnames, name, n);
    *off = s->nnames;
    return 0;
}

/* Adds the entry prepared at name offset off. */
static outfile_entry *entry_add(outfile_set *s, size_t off, size_t len)
{
    outfile_entry *en = &s->e[s->n++];
    en->name_off = off;
    en->len = len;
    s->nnames = off + strlen(s->names + off) + 1;
    return en;
}

/* One path component that stays where it is put: not empty, not "." or
 * "..", no leading dot (hidden, and staging's own names start with one),
 * no slash in [p, p + n). */
static int component_safe(const char *p, size_t n)
{
    return n > 0 && p[0] != '.' && !memchr(p, '/', n);
}

int outfile_name_safe(const char *name)
{
    const char *slash = strchr(name, '/');
    if (!slash) return component_safe(name, strlen(name));
    return component_safe(name, (size_t)(slash - name)) &&
           component_safe(slash + 1, strlen(slash + 1));
}

/* Closes the subfolder outfile_stage kept open, if any. s->sub says
 * whether one is (a set that was only zeroed, never initialised, holds
 * none: run.c's publish finalises such a set when the lock fails). */
static void close_sub(outfile_set *s)
{
    if (s->sub) close(s->sub_fd);
    s->sub_fd = -1;
    free(s->sub);
    s->sub = NULL;
}

int outfile_stage(outfile_set *s, const char *name, const void *data, size_t len, tb_error *err)
{
    TB_ASSERT(s->stage_fd >= 0 && !s->committed);
    /* Names come from tb_slug, which cannot make them unsafe; this is the
     * second wall: nothing is written outside the staging folder, ever. */
    if (!outfile_name_safe(name))
        return tb_error_set(err, TB_EX_SOFTWARE, name, 0, 0, "%s", MSG_CLI_UNSAFE_NAME);
    size_t off;
    if (entry_prepare(s, name, &off, err)) return err->code;
    char finpath[PATH_MAX];   /* for messages: where it will be */
    snprintf(finpath, sizeof finpath, "%s/%s", s->dir, name);
    /* "sub/name": a municipality's folder of a network run, made on first
     * use (one level: slugs never hold a slash) and kept open while its
     * files are written. Everything is opened relative to the staging
     * folder's descriptor, without following a symbolic link at any
     * step. */
    const char *slash = strchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    int dfd = s->stage_fd;
    if (slash) {
        size_t sl = (size_t)(slash - name);
        if (!s->sub || strlen(s->sub) != sl || memcmp(s->sub, name, sl) != 0) {
            close_sub(s);
            char *sub = tb_strndup(name, sl);
            if (!sub) {
                return tb_error_set(err, TB_EX_OSERR, name, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
            }
            int fd = -1;
            int mk = mkdirat(s->stage_fd, sub, 0777) && errno != EEXIST;
            if (!mk) {
                fd = openat(s->stage_fd, sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                mk = fd < 0;
            }
            if (mk) {
                int e = errno;
                free(sub);
                tb_error_set(err, TB_EX_CANTCREAT, finpath, 0, 0, MSG_CLI_CANNOT_MKDIR, strerror(e));
                return TB_EX_CANTCREAT;
            }
            s->sub = sub;
            s->sub_fd = fd;
        }
        dfd = s->sub_fd;
    }
    int fd = openat(dfd, base, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        tb_error_set(err, TB_EX_CANTCREAT, finpath, 0, 0, MSG_CLI_CANNOT_CREATE, strerror(errno));
        return TB_EX_CANTCREAT;
    }
    /* explicit: the umask must not hide published documents (needless
     * where files come out 0644 anyway: outfile_init's probe) */
    int rc = (!s->mode_exact && fchmod(fd, 0644)) || write_all(fd, data, len) ||
             (!s->sync_at_commit && fsync(fd));
    int e = errno;
    if (close(fd) && !rc) {
        rc = 1;
        e = errno;
    }
    if (rc) unlinkat(dfd, base, 0);
    if (rc) {
        tb_error_set(err, TB_EX_IOERR, finpath, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(e));
        return TB_EX_IOERR;
    }
    outfile_entry *en = entry_add(s, off, len);
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, len, data);
    sha256_digest(&h, OUTFILE_SHA256_SIZE, en->sha256);
    return 0;
}

/* Puts the staging folder at s->name; s->old gets where an earlier
 * folder went (NULL if there was none). Returns 0 or -1 with errno, and
 * then OUTPUT is as before. */
static int swap_in(outfile_set *s)
{
    if (renameat2(s->base_fd, s->stage, s->base_fd, s->name, RENAME_EXCHANGE) == 0) {
        s->old = s->stage;   /* the old folder now has the staging name */
        s->stage = NULL;
        return 0;
    }
    if (errno == ENOENT) {   /* no earlier folder: a plain rename */
        if (renameat(s->base_fd, s->stage, s->base_fd, s->name)) return -1;
        free(s->stage);
        s->stage = NULL;
        return 0;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
    /* no RENAME_EXCHANGE here (ENOSYS says so before looking at the
     * target): with no earlier folder a plain rename publishes, else two
     * renames (see the top of the file) */
    struct stat st;
    if (fstatat(s->base_fd, s->name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno != ENOENT || renameat(s->base_fd, s->stage, s->base_fd, s->name)) return -1;
        free(s->stage);
        s->stage = NULL;
        return 0;
    }
    char *old = sibling_name(s->base_fd, s->name, "old", 0);
    if (!old) return -1;
    if (renameat(s->base_fd, s->name, s->base_fd, old)) {
        free(old);
        return -1;
    }
    if (renameat(s->base_fd, s->stage, s->base_fd, s->name)) {
        int e = errno;
        renameat(s->base_fd, old, s->base_fd, s->name);
        free(old);
        errno = e;
        return -1;
    }
    free(s->stage);
    s->stage = NULL;
    s->old = old;
    return 0;
}

/* Undoes swap_in after a later failure: the new folder goes back to a
 * staging name (removed by outfile_fini), the old one back in place. */
static void swap_out(outfile_set *s)
{
    char *tmp = sibling_name(s->base_fd, s->name, "tmp", 0);
    if (!tmp) return;
    if (s->old && renameat2(s->base_fd, s->old, s->base_fd, s->name, RENAME_EXCHANGE) == 0) {
        s->stage = s->old;
        s->old = NULL;
        free(tmp);
    } else if (renameat(s->base_fd, s->name, s->base_fd, tmp) == 0) {
        s->stage = tmp;
        if (s->old && renameat(s->base_fd, s->old, s->base_fd, s->name) == 0) {
            free(s->old);
            s->old = NULL;
        }
    } else {
        free(tmp);
    }
    int fd = dup(s->base_fd);
    if (fd >= 0) fsync_close(fd);
}

void outfile_writeback(outfile_set *s)
{
    if (s->sync_at_commit && s->stage_fd >= 0) (void)syncfs(s->stage_fd);
}

int outfile_commit(outfile_set *s, tb_error *err)
{
    TB_ASSERT(s->stage_fd >= 0 && !s->committed);
    close_sub(s);
    /* the files' directory entries must be durable before they are
     * published; each file's data was fsynced when staged */
    /* the marker goes before the folder is published; from here on the
     * staged manifest is what marks the folder as tablero's */
    int rc = unlinkat(s->stage_fd, OUTFILE_MARKER, 0);
    /* one syncfs for thousands of files (and their folders) instead of an
     * fsync each: same guarantee before the swap, far less waiting */
    if (!rc && s->sync_at_commit) rc = syncfs(s->stage_fd);
    if (!rc) rc = fsync_close(s->stage_fd);
    else close(s->stage_fd);
    s->stage_fd = -1;
    if (rc) return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(errno));
    if (swap_in(s))
        return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_PUBLISH, strerror(errno));
    /* fsync OUTPUT so that the swap survives a power cut; if it fails we
     * cannot promise that, so undo it and report the run as failed */
    int fd = dup(s->base_fd);
    if (fd < 0 || fsync_close(fd)) {
        int e = errno;
        swap_out(s);
        return tb_error_set(err, TB_EX_IOERR, s->base, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(e));
    }
    s->committed = 1;
    if (s->old && remove_tree_at(s->base_fd, s->old) == 0) {
        free(s->old);
        s->old = NULL;
    }
    s->old_left = s->old != NULL;
    return 0;
}

/* Moves the staging folder's entry `name` into the period folder pfd. */
static int move_in(outfile_set *s, int pfd, const char *name, int is_dir)
{
    if (!is_dir) return renameat(s->stage_fd, name, pfd, name);
    if (renameat2(s->stage_fd, name, pfd, name, RENAME_EXCHANGE) == 0) return 0;
    if (errno == ENOENT) return renameat(s->stage_fd, name, pfd, name);
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
    /* no RENAME_EXCHANGE: the old folder aside into staging, then the new
     * one in (a kill between them loses this folder until the rerun) */
    tb_buf aside;
    tb_buf_init(&aside);
    tb_buf_printf(&aside, ".anterior-%s", name);
    if (aside.failed) {
        errno = ENOMEM;
        return -1;
    }
    int rc = renameat(pfd, name, s->stage_fd, aside.data);
    if (!rc && renameat(s->stage_fd, name, pfd, name)) {
        int e = errno;
        renameat(s->stage_fd, aside.data, pfd, name);
        errno = e;
        rc = -1;
    }
    tb_buf_fini(&aside);
    return rc;
}

typedef struct staged_name {
    char *name;
    int is_dir, last;
} staged_name;

static int cmp_staged(const void *a, const void *b)
{
    const staged_name *x = a, *y = b;
    if (x->last != y->last) return x->last - y->last;
    return strcmp(x->name, y->name);
}

/* The staging folder's entries, manifests last. Returns the count or -1. */
static long list_staged(int stage_fd, staged_name **out)
{
    int fd = dup(stage_fd);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0) close(fd);
        return -1;
    }
    staged_name *v = NULL;
    size_t n = 0, cap = 0;
    int bad = 0;
    struct dirent *de;
    while (!bad && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        struct stat st;
        staged_name *nv = tb_grow(v, n, &cap, sizeof *nv, 16);
        if (!nv || fstatat(stage_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
            bad = 1;
            break;
        }
        v = nv;
        v[n].name = tb_strdup(de->d_name);
        if (!v[n].name) {
            bad = 1;
            break;
        }
        v[n].is_dir = S_ISDIR(st.st_mode);
        v[n].last = !strncmp(de->d_name, "manifest", 8);
        n++;
    }
    closedir(d);
    if (bad) {
        for (size_t i = 0; i < n; i++) free(v[i].name);
        free(v);
        return -1;
    }
    qsort(v, n, sizeof *v, cmp_staged);
    *out = v;
    return (long)n;
}

int outfile_commit_parts(outfile_set *s, tb_error *err)
{
    TB_ASSERT(s->stage_fd >= 0 && !s->committed);
    close_sub(s);
    /* the marker must not be published; the staged manifest marks the
     * folder as tablero's from here on (outfile_commit does the same) */
    int rc = unlinkat(s->stage_fd, OUTFILE_MARKER, 0);
    if (!rc && s->sync_at_commit) rc = syncfs(s->stage_fd);
    if (!rc) rc = fsync(s->stage_fd);
    if (rc) return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(errno));
    if (mkdirat(s->base_fd, s->name, 0777) && errno != EEXIST)
        return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_PUBLISH, strerror(errno));
    int pfd = openat(s->base_fd, s->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (pfd < 0)
        return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_PUBLISH, strerror(errno));
    staged_name *v = NULL;
    long n = list_staged(s->stage_fd, &v);
    if (n < 0) rc = tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_PUBLISH, strerror(errno));
    for (long i = 0; !rc && i < n; i++)
        if (move_in(s, pfd, v[i].name, v[i].is_dir))
            rc = tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_PUBLISH, strerror(errno));
    for (long i = 0; i < n; i++) free(v[i].name);
    free(v);
    /* the renames must survive a power cut before the part says "done" */
    if (fsync_close(pfd) && !rc)
        rc = tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(errno));
    int bfd = dup(s->base_fd);
    if ((bfd < 0 || fsync_close(bfd)) && !rc)
        rc = tb_error_set(err, TB_EX_IOERR, s->base, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(errno));
    if (!rc) s->committed = 1;
    return rc;
}

void outfile_forget_from(outfile_set *s, size_t n)
{
    if (s->n > n) {
        s->nnames = s->e[n].name_off;
        s->n = n;
    }
}

void outfile_fini(outfile_set *s)
{
    close_sub(s);
    if (s->stage_fd >= 0) close(s->stage_fd);
    if (s->stage && s->base_fd >= 0) remove_tree_at(s->base_fd, s->stage);
    if (s->base_fd >= 0) close(s->base_fd);
    free(s->e);
    free(s->names);
    free(s->base);
    free(s->name);
    free(s->dir);
    free(s->stage);
    free(s->old);
    memset(s, 0, sizeof *s);
    s->base_fd = s->stage_fd = s->sub_fd = -1;
}

int outfile_adopt(outfile_set *s, const char *name, size_t len,
                  const unsigned char sha256[OUTFILE_SHA256_SIZE], tb_error *err)
{
    TB_ASSERT(!s->committed);
    if (!outfile_name_safe(name))
        return tb_error_set(err, TB_EX_SOFTWARE, name, 0, 0, "%s", MSG_CLI_UNSAFE_NAME);
    size_t off;
    if (entry_prepare(s, name, &off, err)) return err->code;
    outfile_entry *en = entry_add(s, off, len);
    memcpy(en->sha256, sha256, OUTFILE_SHA256_SIZE);
    return 0;
}

const char *outfile_name(const outfile_set *s, size_t i)
{
    TB_ASSERT(i < s->n);
    return s->names + s->e[i].name_off;
}

const char *outfile_path(const outfile_set *s, size_t i, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s/%s", s->dir, outfile_name(s, i));
    return buf;
}

/* 1 when s[0..n) is one or more ASCII digits. */
static int all_digits(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Exactly the names sibling_name makes for a period: ".YYYY-MM.tmp-P-K" or
 * ".YYYY-MM.old-P-K" (P, K decimal). Copies "YYYY-MM" to out (cap > 7) and
 * returns 't' or 'o'; anything else (".cache.tmp-keep", ".notes.tmp-1",
 * ".htaccess.old-2023") is not tablero's: 0. */
static int stale_kind(const char *name, char *out, size_t cap)
{
    size_t n = strlen(name);
    if (n < 14 || name[0] != '.' || cap < 8) return 0;
    const char *per = name + 1;
    if (!all_digits(per, 4) || per[4] != '-' || !all_digits(per + 5, 2) || per[7] != '.')
        return 0;
    int month = (per[5] - '0') * 10 + (per[6] - '0');
    if (month < 1 || month > 12) return 0;
    const char *k = per + 8;
    int kind = !strncmp(k, "tmp-", 4) ? 't' : !strncmp(k, "old-", 4) ? 'o' : 0;
    if (!kind) return 0;
    const char *ids = k + 4, *dash = strchr(ids, '-');
    if (!dash || !all_digits(ids, (size_t)(dash - ids)) || !all_digits(dash + 1, strlen(dash + 1)))
        return 0;
    memcpy(out, per, 7);
    out[7] = '\0';
    return kind;
}

/* 1 when the folder name (in bfd) is a real folder that tablero wrote:
 * it holds the staging marker or a manifest, or it is empty (a run killed
 * between mkdir and the marker). Never follows a link. */
static int is_ours(int bfd, const char *name)
{
    int fd = openat(bfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return 0;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return 0;
    }
    int entries = 0, mark = 0;
    struct dirent *de;
    while (!mark && (de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        entries++;
        struct stat st;
        if (is_mark_name(de->d_name) &&
            fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
            mark = 1;
    }
    closedir(d);
    return mark || entries == 0;
}

/* A staging folder whose run is alive: its flock is taken (outfile_init). */
static int in_use(int bfd, const char *name)
{
    int fd = openat(bfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return 0;
    int busy = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);   /* drops the probe's lock, if it got one */
    return busy;
}

size_t outfile_clean_stale(const char *base, size_t *failed)
{
    *failed = 0;
    int bfd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (bfd < 0) return 0;
    int lfd = dup(bfd);   /* fdopendir takes over lfd; bfd stays ours */
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        if (lfd >= 0) close(lfd);
        close(bfd);
        return 0;
    }
    /* collect first: renaming while reading may show an entry twice */
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    char period[256];
    while ((de = readdir(d)) != NULL) {
        if (!stale_kind(de->d_name, period, sizeof period) || !is_ours(bfd, de->d_name)) continue;
        char **nn = tb_reallocarray(names, n + 1, sizeof *nn);
        char *dup_name = nn ? tb_strdup(de->d_name) : NULL;
        if (nn) names = nn;
        if (!dup_name) {
            (*failed)++;
            continue;
        }
        names[n++] = dup_name;
    }
    closedir(d);
    size_t live = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        int kind = stale_kind(names[i], period, sizeof period);
        if (kind == 't' && in_use(bfd, names[i])) {
            live++;   /* a concurrent shard's: not stale */
        } else if (kind == 'o' && fstatat(bfd, period, &st, AT_SYMLINK_NOFOLLOW) && errno == ENOENT) {
            if (renameat(bfd, names[i], bfd, period)) (*failed)++;
        } else if (remove_tree_at(bfd, names[i])) {
            (*failed)++;
        }
        free(names[i]);
    }
    free(names);
    if (n > live && fsync(bfd)) (*failed)++;
    close(bfd);
    return n - live;
}
