/* test_outfile.c - a period's outputs appear together or not at all:
 * a staged folder, commit, runs that stop before commit, replacement of a
 * whole period folder, folders that cannot be created, stale leftovers. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    *state = f;
    strcpy(f->dir, "/tmp/tablero_outfile_XXXXXX");
    return mkdtemp(f->dir) ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[256];
    /* a test that failed midway may leave a read-only folder behind */
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' && rm -rf '%s'", f->dir, f->dir);
    int rc = system(cmd);
    free(f);
    return rc == 0 ? 0 : -1;
}

static void path_in(char *out, size_t cap, const char *dir, const char *name)
{
    int n = snprintf(out, cap, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < cap);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
}

/* Asserts that path holds exactly len bytes equal to want. */
static void assert_content(const char *path, const void *want, size_t len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) fail_msg("cannot open %s: %s", path, strerror(errno));
    char buf[4096];
    size_t got = fread(buf, 1, sizeof buf, fp);
    assert_int_equal(fclose(fp), 0);
    assert_true(len < sizeof buf);
    assert_int_equal(got, len);
    assert_memory_equal(buf, want, len);
}

static int exists(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0) return 1;
    assert_int_equal(errno, ENOENT);
    return 0;
}

/* Number of entries of dir that look like outfile temporaries
 * (".<name>.tmp-XXXXXX"), and of all entries but "." and "..". */
static void count_entries(const char *dir, size_t *ntmp, size_t *nall)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    *ntmp = *nall = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        (*nall)++;
        if (de->d_name[0] == '.' && strstr(de->d_name, ".tmp-")) (*ntmp)++;
    }
    assert_int_equal(closedir(d), 0);
}

static const char PDF[] = "%PDF-1.4\n\0binary\xff\x00tail";
static const char CSV[] = "municipio,area\nJes\xC3\xBAs Mar\xC3\xAD" "a,x\n";

/* Entries of base other than the lock file: nothing hidden may stay. */
static void assert_no_hidden(const char *base)
{
    DIR *d = opendir(base);
    assert_non_null(d);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
        if (de->d_name[0] == '.') fail_msg("left behind in %s: %s", base, de->d_name);
    }
    assert_int_equal(closedir(d), 0);
}

static void test_stage_commit(void **state)
{
    fixture *f = *state;
    char out[128], per[160], a[192], b[192];
    path_in(out, sizeof out, f->dir, "out");
    path_in(per, sizeof per, out, "2026-11");
    path_in(a, sizeof a, per, "informe.pdf");
    path_in(b, sizeof b, per, "metricas.csv");
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, out, "2026-11", &err), 0);
    assert_false(s.replaced);
    assert_int_equal(outfile_stage(&s, "informe.pdf", PDF, sizeof PDF - 1, &err), 0);
    assert_int_equal(outfile_stage(&s, "metricas.csv", CSV, strlen(CSV), &err), 0);
    assert_int_equal(s.n, 2);
    char path[PATH_MAX];
    assert_string_equal(outfile_path(&s, 0, path, sizeof path), a);
    assert_string_equal(outfile_path(&s, 1, path, sizeof path), b);

    /* Before commit: only the hidden staging folder, no period folder. */
    size_t ntmp, nall;
    count_entries(out, &ntmp, &nall);
    assert_int_equal(ntmp, 1);
    assert_int_equal(nall, 1);
    assert_false(exists(per));

    assert_int_equal(outfile_commit(&s, &err), 0);
    assert_int_equal(err.code, TB_OK);
    assert_content(a, PDF, sizeof PDF - 1);
    assert_content(b, CSV, strlen(CSV));
    count_entries(per, &ntmp, &nall);
    assert_int_equal(nall, 2);
    assert_no_hidden(out);
    /* published documents are readable by others */
    struct stat st;
    assert_int_equal(stat(a, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);

    /* fini after commit must not remove the published files */
    outfile_fini(&s);
    assert_true(exists(a));
    assert_true(exists(b));
    assert_no_hidden(out);
}

static void test_sha256(void **state)
{
    fixture *f = *state;
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, f->dir, "p", &err), 0);
    assert_int_equal(outfile_stage(&s, "abc.txt", "abc", 3, &err), 0);
    char hex[65];
    outfile_hex(s.e[0].sha256, hex);
    /* FIPS 180-2, appendix B.1 */
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(s.e[0].len, 3);
    assert_string_equal(outfile_name(&s, 0), "abc.txt");
    outfile_fini(&s);
}

static void test_fini_without_commit(void **state)
{
    fixture *f = *state;
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, f->dir, "2026-11", &err), 0);
    assert_int_equal(outfile_stage(&s, "informe.pdf", PDF, sizeof PDF - 1, &err), 0);
    assert_int_equal(outfile_stage(&s, "metricas.json", "{}\n", 3, &err), 0);
    outfile_fini(&s);
    size_t ntmp, nall;
    count_entries(f->dir, &ntmp, &nall);
    assert_int_equal(nall, 0);
    /* fini twice is harmless */
    outfile_fini(&s);
}

static void test_replace_at_commit(void **state)
{
    fixture *f = *state;
    char per[128], a[192], extra[192];
    path_in(per, sizeof per, f->dir, "2026-11");
    path_in(a, sizeof a, per, "metricas.csv");
    path_in(extra, sizeof extra, per, "informe-otro.pdf");
    assert_int_equal(mkdir(per, 0755), 0);
    write_file(a, "old contents, longer than the new ones\n");
    write_file(extra, "from a run with more municipalities\n");
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, f->dir, "2026-11", &err), 0);
    assert_true(s.replaced);
    assert_int_equal(outfile_stage(&s, "metricas.csv", "new\n", 4, &err), 0);
    /* staged but not committed: the old folder is untouched */
    assert_content(a, "old contents, longer than the new ones\n", 39);
    assert_int_equal(outfile_commit(&s, &err), 0);
    assert_false(s.old_left);
    outfile_fini(&s);
    /* the period holds exactly the new run's files */
    assert_content(a, "new\n", 4);
    assert_false(exists(extra));
    size_t ntmp, nall;
    count_entries(per, &ntmp, &nall);
    assert_int_equal(nall, 1);
    assert_no_hidden(f->dir);

    /* a run that stops before commit leaves the previous output as it was */
    assert_int_equal(outfile_init(&s, f->dir, "2026-11", &err), 0);
    assert_int_equal(outfile_stage(&s, "metricas.csv", "newer\n", 6, &err), 0);
    outfile_fini(&s);
    assert_content(a, "new\n", 4);
    assert_no_hidden(f->dir);
}

static void test_empty_file(void **state)
{
    fixture *f = *state;
    char a[192];
    path_in(a, sizeof a, f->dir, "p/vacio.csv");
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, f->dir, "p", &err), 0);
    assert_int_equal(outfile_stage(&s, "vacio.csv", "", 0, &err), 0);
    assert_int_equal(outfile_commit(&s, &err), 0);
    outfile_fini(&s);
    assert_content(a, "", 0);
}

static void test_cannot_create_dir(void **state)
{
    fixture *f = *state;
    char file[128], under[192];
    path_in(file, sizeof file, f->dir, "file");
    path_in(under, sizeof under, file, "sub");
    write_file(file, "x");
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, under, "2026-11", &err), TB_EX_CANTCREAT);
    assert_int_equal(err.code, TB_EX_CANTCREAT);
    assert_string_equal(err.file, under);
    assert_true(strlen(err.msg) > 0);
    outfile_fini(&s);

    /* the output path itself is a regular file */
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, file, "2026-11", &err), TB_EX_CANTCREAT);
    assert_int_equal(err.code, TB_EX_CANTCREAT);
    outfile_fini(&s);
    assert_content(file, "x", 1);
}

static void test_read_only_dir(void **state)
{
    fixture *f = *state;
    /* root ignores permission bits, so mkdir would succeed there and the
     * test would say nothing about the error path. */
    if (geteuid() == 0) {
        fprintf(stderr, "test_read_only_dir: running as root, permissions not enforced; skipped\n");
        skip();
    }
    char ro[128];
    path_in(ro, sizeof ro, f->dir, "ro");
    assert_int_equal(mkdir(ro, 0700), 0);
    assert_int_equal(chmod(ro, 0500), 0);
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, ro, "2026-11", &err), TB_EX_CANTCREAT);
    assert_int_equal(err.code, TB_EX_CANTCREAT);
    assert_non_null(strstr(err.file, "/ro/2026-11"));
    outfile_fini(&s);
    assert_int_equal(chmod(ro, 0700), 0);
    size_t ntmp, nall;
    count_entries(ro, &ntmp, &nall);
    assert_int_equal(nall, 0);
}

static void test_nested_dirs(void **state)
{
    fixture *f = *state;
    char deep[192], a[256];
    snprintf(deep, sizeof deep, "%s/a/b/c/", f->dir);
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, deep, "p", &err), 0);
    struct stat st;
    snprintf(a, sizeof a, "%s/a/b/c", f->dir);
    assert_int_equal(stat(a, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(outfile_stage(&s, "x.json", "{}\n", 3, &err), 0);
    assert_int_equal(outfile_commit(&s, &err), 0);
    outfile_fini(&s);
    snprintf(a, sizeof a, "%s/a/b/c/p/x.json", f->dir);
    assert_content(a, "{}\n", 3);
}

/* Files of several subfolders, staged in any order (outfile_stage keeps
 * the last subfolder open), land in their own folders; under a umask that
 * would hide them, published files are still 0644 (its fchmod), and under
 * the usual one too (no fchmod needed). */
static void test_subfolders_and_mode(void **state)
{
    fixture *f = *state;
    static const mode_t masks[2] = {077, 022};
    for (int k = 0; k < 2; k++) {
        char base[128], a[256];
        snprintf(base, sizeof base, "%s/out%d", f->dir, k);
        mode_t old = umask(masks[k]);
        outfile_set s;
        tb_error err;
        tb_error_clear(&err);
        assert_int_equal(outfile_init(&s, base, "p", &err), 0);
        static const char *const names[] = {"m-1/a.csv", "m-1/b.csv", "m-2/a.csv",
                                            "top.json", "m-1/c.csv", "m-2/b.csv"};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            assert_int_equal(outfile_stage(&s, names[i], names[i], strlen(names[i]), &err), 0);
        assert_int_equal(outfile_commit(&s, &err), 0);
        outfile_fini(&s);
        umask(old);
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            path_in(a, sizeof a, base, "p");
            char full[320];
            path_in(full, sizeof full, a, names[i]);
            assert_content(full, names[i], strlen(names[i]));
            struct stat st;
            assert_int_equal(stat(full, &st), 0);
            assert_int_equal(st.st_mode & 07777, 0644);
        }
    }
}

/* Names that would leave the staging folder are refused (70), and a
 * symbolic link planted as a municipality's folder is not followed. */
static void test_unsafe_names(void **state)
{
    fixture *f = *state;
    char out[128], victim[128];
    path_in(out, sizeof out, f->dir, "out");
    path_in(victim, sizeof victim, f->dir, "victim");
    assert_int_equal(mkdir(victim, 0755), 0);
    outfile_set s;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(outfile_init(&s, out, "2026-11", &err), 0);
    static const char *const bad[] = {"", ".", "..", "../x", "../../victim/x", "/tmp/x",
                                      ".hidden", "a/../x", "a/b/c", "a/", "/", "a//b", "./x",
                                      "x/.."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tb_error_clear(&err);
        assert_int_equal(outfile_stage(&s, bad[i], "x", 1, &err), TB_EX_SOFTWARE);
        assert_int_equal(err.code, TB_EX_SOFTWARE);
        unsigned char h[OUTFILE_SHA256_SIZE] = {0};
        assert_int_equal(outfile_adopt(&s, bad[i], 1, h, &err), TB_EX_SOFTWARE);
    }
    assert_int_equal(s.n, 0);
    assert_true(outfile_name_safe("jesus-maria/informe.pdf"));
    assert_true(outfile_name_safe("informe.pdf"));
    /* a link in the staging folder pointing outside: refused, not followed */
    char link[256];
    int n = snprintf(link, sizeof link, "%s/%s/evil", out, s.stage);
    assert_true(n > 0 && (size_t)n < sizeof link);
    assert_int_equal(symlink(victim, link), 0);
    tb_error_clear(&err);
    assert_int_equal(outfile_stage(&s, "evil/x.pdf", "x", 1, &err), TB_EX_CANTCREAT);
    n = snprintf(link, sizeof link, "%s/%s/evil.pdf", out, s.stage);
    assert_true(n > 0 && (size_t)n < sizeof link);
    char target[160];
    path_in(target, sizeof target, victim, "y");
    assert_int_equal(symlink(target, link), 0);
    assert_int_equal(outfile_stage(&s, "evil.pdf", "x", 1, &err), TB_EX_CANTCREAT);
    size_t ntmp, nall;
    count_entries(victim, &ntmp, &nall);
    assert_int_equal(nall, 0);
    outfile_fini(&s);
}

/* What killed runs leave: staging folders (with tablero's marker, or
 * already holding their manifest), and (fallback swap) a replaced period
 * folder under .<period>.old-*, possibly with the period missing. Names
 * that only look alike, or folders without tablero's mark, are someone
 * else's and stay. */
static void test_clean_stale(void **state)
{
    fixture *f = *state;
    char p[256];
    const struct { const char *dir, *mark; } dirs[] = {
        {".2026-11.tmp-1-0", OUTFILE_MARKER}, {".2026-10.old-1-0", "manifest.json"},
        {".2026-09.old-1-0", "manifest.json"}, {"2026-09", NULL}, {".hidden", NULL},
        {".2026-08.tmp-1-0", NULL},          /* the pattern, not the mark */
        {".cache.tmp-keep", OUTFILE_MARKER}, /* the mark, not the pattern */
        {".2026-13.tmp-1-0", OUTFILE_MARKER}, {".2026-07.tmp-1-x", OUTFILE_MARKER}};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        path_in(p, sizeof p, f->dir, dirs[i].dir);
        assert_int_equal(mkdir(p, 0755), 0);
        snprintf(p, sizeof p, "%s/%s/x.csv", f->dir, dirs[i].dir);
        write_file(p, dirs[i].dir);
        if (dirs[i].mark) {
            snprintf(p, sizeof p, "%s/%s/%s", f->dir, dirs[i].dir, dirs[i].mark);
            write_file(p, "");
        }
    }
    size_t failed = 99;
    assert_int_equal(outfile_clean_stale(f->dir, &failed), 3);
    assert_int_equal(failed, 0);
    size_t ntmp, nall;
    count_entries(f->dir, &ntmp, &nall);
    assert_int_equal(ntmp, 4);   /* the four that are not tablero's */
    assert_int_equal(nall, 7);   /* and 2026-09, 2026-10 (restored), .hidden */
    path_in(p, sizeof p, f->dir, "2026-10/x.csv");
    assert_content(p, ".2026-10.old-1-0", 16);
    path_in(p, sizeof p, f->dir, "2026-09/x.csv");
    assert_content(p, "2026-09", 7);
    path_in(p, sizeof p, f->dir, ".hidden/x.csv");
    assert_true(exists(p));
    /* a missing folder is no error */
    path_in(p, sizeof p, f->dir, "none");
    assert_int_equal(outfile_clean_stale(p, &failed), 0);
    assert_int_equal(failed, 0);
}

/* A --shard part publishes its own entries into the period folder and
 * leaves the others' alone; its replaced folder is gone after fini. */
static void test_commit_parts(void **state)
{
    fixture *f = *state;
    char p[256];
    tb_error err;
    outfile_set a, b;
    assert_int_equal(outfile_init(&a, f->dir, "2026-11", &err), 0);
    assert_int_equal(outfile_stage(&a, "uno/x.csv", "a1", 2, &err), 0);
    assert_int_equal(outfile_stage(&a, "manifest-parte-1-de-2.json", "{}", 2, &err), 0);
    assert_int_equal(outfile_commit_parts(&a, &err), 0);
    outfile_fini(&a);
    assert_int_equal(outfile_init(&b, f->dir, "2026-11", &err), 0);
    assert_int_equal(outfile_stage(&b, "dos/x.csv", "b1", 2, &err), 0);
    assert_int_equal(outfile_stage(&b, "uno/y.csv", "new", 3, &err), 0);   /* replaces uno/ whole */
    assert_int_equal(outfile_stage(&b, "top.csv", "t", 1, &err), 0);
    assert_int_equal(outfile_commit_parts(&b, &err), 0);
    outfile_fini(&b);
    path_in(p, sizeof p, f->dir, "2026-11/manifest-parte-1-de-2.json");
    assert_content(p, "{}", 2);
    path_in(p, sizeof p, f->dir, "2026-11/dos/x.csv");
    assert_content(p, "b1", 2);
    path_in(p, sizeof p, f->dir, "2026-11/uno/y.csv");
    assert_content(p, "new", 3);
    path_in(p, sizeof p, f->dir, "2026-11/uno/x.csv");
    assert_false(exists(p));
    path_in(p, sizeof p, f->dir, "2026-11/top.csv");
    assert_content(p, "t", 1);
    size_t ntmp, nall;
    count_entries(f->dir, &ntmp, &nall);
    assert_int_equal(ntmp, 0);
}

/* A staging folder whose run is alive is not stale, whoever looks. */
static void test_live_stage_kept(void **state)
{
    fixture *f = *state;
    tb_error err;
    outfile_set a;
    assert_int_equal(outfile_init(&a, f->dir, "2026-11", &err), 0);
    assert_int_equal(outfile_stage(&a, "x.csv", "x", 1, &err), 0);
    size_t failed = 99;
    assert_int_equal(outfile_clean_stale(f->dir, &failed), 0);
    assert_int_equal(failed, 0);
    assert_int_equal(outfile_commit(&a, &err), 0);
    outfile_fini(&a);
    char p[256];
    path_in(p, sizeof p, f->dir, "2026-11/x.csv");
    assert_content(p, "x", 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stage_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sha256, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fini_without_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replace_at_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cannot_create_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_read_only_dir, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_dirs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subfolders_and_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unsafe_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clean_stale, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_parts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_stage_kept, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
