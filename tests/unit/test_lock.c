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
#include <time.h>
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

/* Child that takes the lock on d, writes one byte to fd when it holds it,
 * then sleeps hold_ms and exits (releasing it). */
static pid_t holder(const char *d, int fd, long hold_ms)
{
    pid_t pid = fork();
    if (pid != 0) return pid;
    tb_lock l;
    lock_init(&l);
    tb_error err;
    if (lock_acquire(&l, d, 0, &err)) _exit(1);
    if (write(fd, "x", 1) != 1) _exit(2);
    struct timespec t = {hold_ms / 1000, (hold_ms % 1000) * 1000000L};
    nanosleep(&t, NULL);
    _exit(0);
}

static pid_t start_holder(const char *d, long hold_ms)
{
    int p[2];
    assert_int_equal(pipe(p), 0);
    pid_t pid = holder(d, p[1], hold_ms);
    assert_true(pid > 0);
    char c;
    assert_int_equal(read(p[0], &c, 1), 1);   /* it holds the lock now */
    close(p[0]);
    close(p[1]);
    return pid;
}

static void test_second_run_fails_at_once(void **state)
{
    (void)state;
    pid_t pid = start_holder(dir, 2000);
    tb_lock l;
    lock_init(&l);
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 0, &err), TB_EX_TEMPFAIL);
    assert_int_equal(err.code, TB_EX_TEMPFAIL);
    assert_non_null(strstr(err.file, LOCK_FILE_NAME));
    lock_release(&l);
    kill(pid, SIGKILL);   /* the kernel releases a dead holder's lock */
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
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
    pid_t pid = start_holder(dir, 300);
    tb_lock l;
    lock_init(&l);
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 5.0, &err), 0);
    lock_release(&l);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);

    /* a wait shorter than the holder's run still gives up */
    pid = start_holder(dir, 1500);
    tb_error_clear(&err);
    assert_int_equal(lock_acquire(&l, dir, 0.2, &err), TB_EX_TEMPFAIL);
    lock_release(&l);
    kill(pid, SIGKILL);
    assert_int_equal(waitpid(pid, &st, 0), pid);
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
