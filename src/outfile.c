/* outfile.c - all-or-nothing output: temporaries in the destination folder,
 * every write checked, renamed into place together, folder fsynced. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msg.h"

/* mkdir -p; returns 0 or -1 with errno. */
static int make_dirs(const char *dir)
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
    if (!rc && (stat(d, &st) || !S_ISDIR(st.st_mode))) {
        if (!errno) errno = ENOTDIR;
        rc = -1;
    }
    free(d);
    return rc;
}

int outfile_init(outfile_set *s, const char *dir, tb_error *err)
{
    memset(s, 0, sizeof *s);
    s->dir = tb_strdup(dir);
    if (!s->dir) return tb_error_set(err, TB_EX_OSERR, dir, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    if (make_dirs(dir))
        return tb_error_set(err, TB_EX_CANTCREAT, dir, 0, 0, MSG_CLI_CANNOT_MKDIR, strerror(errno));
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

int outfile_stage(outfile_set *s, const char *name, const void *data, size_t len, tb_error *err)
{
    tb_buf tmp, fin;
    tb_buf_init(&tmp);
    tb_buf_init(&fin);
    tb_buf_printf(&tmp, "%s/.%s.tmp-XXXXXX", s->dir, name);
    tb_buf_printf(&fin, "%s/%s", s->dir, name);
    outfile_entry *ne = tb_reallocarray(s->e, s->n + 1, sizeof *ne);
    if (tmp.failed || fin.failed || !ne) {
        tb_buf_fini(&tmp);
        tb_buf_fini(&fin);
        return tb_error_set(err, TB_EX_OSERR, name, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    }
    s->e = ne;
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        int e = errno;
        tb_error_set(err, TB_EX_CANTCREAT, fin.data, 0, 0, MSG_CLI_CANNOT_CREATE, strerror(e));
        tb_buf_fini(&tmp);
        tb_buf_fini(&fin);
        return TB_EX_CANTCREAT;
    }
    /* mkstemp creates 0600; outputs are published documents. */
    int rc = fchmod(fd, 0644) || write_all(fd, data, len) || fsync(fd);
    int e = errno;
    if (close(fd) && !rc) {
        rc = 1;
        e = errno;
    }
    if (rc) {
        unlink(tmp.data);
        tb_error_set(err, TB_EX_IOERR, fin.data, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(e));
        tb_buf_fini(&tmp);
        tb_buf_fini(&fin);
        return TB_EX_IOERR;
    }
    s->e[s->n].tmp_path = tmp.data;
    s->e[s->n].final_path = fin.data;
    s->n++;
    return 0;
}

int outfile_commit(outfile_set *s, tb_error *err)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!s->e[i].tmp_path) continue;
        if (rename(s->e[i].tmp_path, s->e[i].final_path)) {
            int e = errno;
            outfile_abort(s);
            return tb_error_set(err, TB_EX_IOERR, s->e[i].final_path, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(e));
        }
        free(s->e[i].tmp_path);
        s->e[i].tmp_path = NULL;
    }
    int fd = open(s->dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || fsync(fd)) {
        int e = errno;
        if (fd >= 0) close(fd);
        return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(e));
    }
    if (close(fd)) return tb_error_set(err, TB_EX_IOERR, s->dir, 0, 0, MSG_CLI_CANNOT_WRITE, strerror(errno));
    return 0;
}

void outfile_abort(outfile_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!s->e[i].tmp_path) continue;
        unlink(s->e[i].tmp_path);
        free(s->e[i].tmp_path);
        s->e[i].tmp_path = NULL;
    }
}

void outfile_fini(outfile_set *s)
{
    outfile_abort(s);
    for (size_t i = 0; i < s->n; i++) free(s->e[i].final_path);
    free(s->e);
    free(s->dir);
    memset(s, 0, sizeof *s);
}

const char *outfile_path(const outfile_set *s, size_t i)
{
    TB_ASSERT(i < s->n);
    return s->e[i].final_path;
}
