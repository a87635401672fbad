/* test_lock.c - one run at a time: a second lock on the same output
 * folder fails at once with 75 (TB_EX_TEMPFAIL), --wait polls until the
 * holder goes away, the lock dies with its holder, and a folder that
 * cannot be created is 73. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/tablero_lock_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* A holder child: takes the lock on d, writes one byte to the "held" pipe
 * once it holds it, then keeps it until it reads a byte (or end of file)
 * from the "release" pipe. Handshakes, never sleeps, so a loaded machine
 * cannot change the outcome. */
typedef struct holder_proc {
    pid_t pid;
    int release_fd;   /* parent's write end; closing it also releases */
} holder_proc;

static holder_proc start_holder(const char *d)
{
    int held[2], rel[2];
    assert_int_equal(pipe(held), 0);
    assert_int_equal(pipe(rel), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(held[0]);
        close(rel[1]);
        tb_lock l;
        lock_init(&l);
        tb_error err;
        if (lock_acquire(&l, d, 0, &err)) _exit(1);
        if (write(held[1], "x", 1) != 1) _exit(2);
        char c;
        ssize_t n;
        do n = read(rel[0], &c, 1); while (n < 0);
        _exit(0);
    }
    close(held[1]);
    close(rel[0]);
    char c;
    assert_int_equal(read(held[0], &c, 1), 1);   /* it holds the lock now */
    close(held[0]);
    return (holder_proc){pid, rel[1]};
}

static void release_holder(holder_proc *h)
{
    assert_int_equal(write(h->release_fd, "x", 1), 1);
    close(h->release_fd);
}

static void test_second_run_fails_at_once(void **state)
{
    (void)state;
    holder_proc h = start_holder(dir);
    tb_lock l;
    lock_init(&l);
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 0, &err), TB_EX_TEMPFAIL);
    assert_int_equal(err.code, TB_EX_TEMPFAIL);
    assert_non_null(strstr(err.file, LOCK_FILE_NAME));
    lock_release(&l);
    kill(h.pid, SIGKILL);   /* the kernel releases a dead holder's lock */
    int st;
    assert_int_equal(waitpid(h.pid, &st, 0), h.pid);
    close(h.release_fd);
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 0, &err), 0);
    lock_release(&l);
    lock_release(&l);   /* idempotent */
    /* the lock file stays (see lock.h) */
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, LOCK_FILE_NAME);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
}

static void test_wait_for_holder(void **state)
{
    (void)state;
    /* a wait gives up while the holder still holds: the holder lets go
     * only when told, after lock_acquire has returned */
    holder_proc h = start_holder(dir);
    tb_lock l;
    lock_init(&l);
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 0.2, &err), TB_EX_TEMPFAIL);
    lock_release(&l);
    /* told to let go, the holder exits while we wait; the bound is
     * generous because lock_acquire returns as soon as the lock is free */
    release_holder(&h);
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 600.0, &err), 0);
    lock_release(&l);
    int st;
    assert_int_equal(waitpid(h.pid, &st, 0), h.pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void test_cannot_create(void **state)
{
    (void)state;
    char file[128], under[160];
    snprintf(file, sizeof file, "%s/file", dir);
    FILE *fp = fopen(file, "w");
    assert_non_null(fp);
    assert_int_equal(fclose(fp), 0);
    snprintf(under, sizeof under, "%s/sub", file);
    tb_lock l;
    lock_init(&l);
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, under, 0, &err), TB_EX_CANTCREAT);
    lock_release(&l);
    /* a missing folder is created */
    snprintf(under, sizeof under, "%s/a/b", dir);
    assert_int_equal(lock_acquire(&l, under, 0, &err), 0);
    lock_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_second_run_fails_at_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wait_for_holder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cannot_create, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
