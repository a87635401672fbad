/* lock.h - one tablero run at a time per output folder.
 * An exclusive flock(2) on OUTPUT/.tablero.lock, held until lock_release
 * (or until the process dies: the kernel drops flock locks with the last
 * descriptor, so a killed run never leaves a stale lock behind). */
#ifndef TABLERO_LOCK_H
#define TABLERO_LOCK_H

#include "common.h"

#define LOCK_FILE_NAME ".tablero.lock"

/* Caller-owned; lock_init, then lock_acquire, always lock_release. */
typedef struct tb_lock {
    int fd;       /* -1 when not held */
    char *path;   /* owned; the lock file */
} tb_lock;

void lock_init(tb_lock *l);

/* Creates dir (and missing parents) and locks dir/.tablero.lock. When
 * another process holds it, polls for up to wait_seconds (0 = give up at
 * once; negative = block until it is free). Returns 0; TB_EX_CANTCREAT when dir or the lock file cannot be
 * created; TB_EX_TEMPFAIL when still locked (err names the lock file);
 * TB_EX_OSERR when memory runs out. The lock file is never removed:
 * unlinking a lock file that others may have open lets two runs hold
 * "the" lock at once. */
int lock_acquire(tb_lock *l, const char *dir, double wait_seconds, tb_error *err);

/* Releases the lock (if held) and frees l's memory; idempotent. */
void lock_release(tb_lock *l);

#endif
