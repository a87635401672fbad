/* lock.c - one run at a time: flock(2) on OUTPUT/.tablero.lock.
 * flock rather than fcntl locks: fcntl locks are per process and vanish
 * when any descriptor of the file is closed; flock locks belong to the
 * open file and die with the process, so a killed run frees the lock. */
#define _DEFAULT_SOURCE 1
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"
#include "outfile.h"

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void lock_init(tb_lock *l)
{
    l->fd = -1;
    l->path = NULL;
}

int lock_acquire(tb_lock *l, const char *dir, double wait_seconds, tb_error *err)
{
    lock_release(l);
    tb_buf p;
    tb_buf_init(&p);
    tb_buf_printf(&p, "%s/%s", dir, LOCK_FILE_NAME);
    l->path = p.data;
    if (p.failed) return tb_error_set(err, TB_EX_OSERR, dir, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    if (outfile_make_dirs(dir)) {
        /* it copies the path: out of memory is not "cannot create" */
        int e = errno;
        return tb_error_set(err, e == ENOMEM ? TB_EX_OSERR : TB_EX_CANTCREAT, dir, 0, 0,
                            MSG_CLI_CANNOT_MKDIR, strerror(e));
    }
    l->fd = open(l->path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    /* flock needs no write access: another user's lock file will do */
    if (l->fd < 0 && errno == EACCES) {
        l->fd = open(l->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (l->fd < 0) errno = EACCES;   /* the first reason is the real one */
    }
    if (l->fd < 0)
        return tb_error_set(err, TB_EX_CANTCREAT, l->path, 0, 0, MSG_CLI_CANNOT_LOCK, strerror(errno));
    /* a shard waiting to publish: the others hold the lock only for
     * their few renames, so it blocks until its turn */
    while (wait_seconds < 0) {
        if (flock(l->fd, LOCK_EX) == 0) return 0;
        if (errno == EINTR) continue;
        int e = errno;
        close(l->fd);
        l->fd = -1;
        return tb_error_set(err, TB_EX_CANTCREAT, l->path, 0, 0, MSG_CLI_CANNOT_LOCK, strerror(e));
    }
    double deadline = now_seconds() + wait_seconds;
    for (;;) {
        if (flock(l->fd, LOCK_EX | LOCK_NB) == 0) return 0;
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK) {
            int e = errno;
            close(l->fd);
            l->fd = -1;
            return tb_error_set(err, TB_EX_CANTCREAT, l->path, 0, 0, MSG_CLI_CANNOT_LOCK, strerror(e));
        }
        if (now_seconds() >= deadline) break;
        /* polling, not a blocking flock + alarm: no signal handlers, and
         * 0.1 s is nothing next to a monthly run */
        struct timespec pause = {0, 100 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    close(l->fd);
    l->fd = -1;
    return tb_error_set(err, TB_EX_TEMPFAIL, l->path, 0, 0, "%s", MSG_CLI_LOCKED);
}

void lock_release(tb_lock *l)
{
    /* closing the only descriptor releases the flock */
    if (l->fd >= 0) close(l->fd);
    l->fd = -1;
    free(l->path);
    l->path = NULL;
}
