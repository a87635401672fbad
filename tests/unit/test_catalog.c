/* test_catalog.c - the small pure pieces the restructuring put in one
 * place each: FNV-1a (published test vectors; shards depend on it never
 * changing), the one period spelling, --informes and --shard parsing, the
 * catalogue's names, and the Spanish number formatters behind every figure
 * of the PDFs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "catalog.h"
#include "parts.h"
#include "common.h"
#include "report_draw.h"

static int strcmp_ptr(const char *const *a, const char *const *b)
{
    return strcmp(*a, *b);
}

static void test_fnv1a_vectors(void **state)
{
    (void)state;
    /* from the FNV reference test suite (64-bit FNV-1a) */
    assert_true(tb_fnv1a("", 0) == 0xcbf29ce484222325ull);
    assert_true(tb_fnv1a("a", 1) == 0xaf63dc4c8601ec8cull);
    assert_true(tb_fnv1a("foobar", 6) == 0x85944171f73967e8ull);
    /* bytes, not a C string: an embedded NUL counts */
    assert_true(tb_fnv1a("a\0b", 3) != tb_fnv1a("a", 1));
}

static void test_period_str(void **state)
{
    (void)state;
    char b[TB_PERIOD_LEN + 1];
    assert_string_equal(tb_period_str(b, 2026, 11), "2026-11");
    assert_string_equal(tb_period_str(b, 2027, 1), "2027-01");
    assert_string_equal(tb_period_str(b, 999, 12), "0999-12");
    assert_int_equal(strlen(tb_period_str(b, 123456, 123)), TB_PERIOD_LEN);   /* never overflows */
}

static void test_parse_kinds(void **state)
{
    (void)state;
    unsigned k = 0;
    assert_int_equal(catalog_parse_kinds("gestion", &k), 0);
    assert_int_equal(k, CATALOG_GESTION);
    assert_int_equal(catalog_parse_kinds("datos,operativo", &k), 0);
    assert_int_equal(k, CATALOG_DATOS | CATALOG_OPERATIVO);
    assert_int_equal(catalog_parse_kinds("todos", &k), 0);
    assert_int_equal(k, CATALOG_ALL);
    assert_int_equal(catalog_parse_kinds("gestion,gestion", &k), 0);
    assert_int_equal(k, CATALOG_GESTION);
    k = 99;
    assert_int_equal(catalog_parse_kinds("", &k), -1);
    assert_int_equal(catalog_parse_kinds(",", &k), -1);
    assert_int_equal(catalog_parse_kinds("gestio", &k), -1);      /* prefix */
    assert_int_equal(catalog_parse_kinds("gestionx", &k), -1);
    assert_int_equal(catalog_parse_kinds("Gestion", &k), -1);     /* exact words */
    assert_int_equal(catalog_parse_kinds("gestion,nada", &k), -1);
    assert_int_equal(k, 99);                                      /* untouched on error */
}

static void test_parse_shard(void **state)
{
    (void)state;
    unsigned k = 0, n = 0;
    assert_int_equal(batch_parse_shard("1/1", &k, &n), 0);
    assert_true(k == 1 && n == 1);
    assert_int_equal(batch_parse_shard("3/7", &k, &n), 0);
    assert_true(k == 3 && n == 7);
    assert_int_equal(batch_parse_shard("100000/100000", &k, &n), 0);
    assert_int_equal(batch_parse_shard("0/3", &k, &n), -1);
    assert_int_equal(batch_parse_shard("4/3", &k, &n), -1);
    assert_int_equal(batch_parse_shard("1/100001", &k, &n), -1);
    assert_int_equal(batch_parse_shard("1/", &k, &n), -1);
    assert_int_equal(batch_parse_shard("1/3x", &k, &n), -1);
    assert_int_equal(batch_parse_shard("1-3", &k, &n), -1);
    assert_int_equal(batch_parse_shard("", &k, &n), -1);
}

static void test_catalog_names(void **state)
{
    (void)state;
    char b[64];
    catalog_metrics_json_name(b, sizeof b, "2026-11");
    assert_string_equal(b, "metricas-2026-11.json");
    catalog_manifest_name(b, sizeof b, 1, 1);
    assert_string_equal(b, "manifest.json");
    catalog_manifest_name(b, sizeof b, 2, 3);
    assert_string_equal(b, "manifest-parte-2-de-3.json");
}

static void test_kinds_words(void **state)
{
    (void)state;
    char b[64];
    unsigned k;
    catalog_kinds_str(CATALOG_ALL, b, sizeof b);
    assert_string_equal(b, "todos");
    catalog_kinds_str(CATALOG_DATOS | CATALOG_GESTION, b, sizeof b);
    assert_string_equal(b, "gestion,datos");
    assert_int_equal(catalog_parse_kinds(b, &k), 0);
    assert_int_equal(k, CATALOG_DATOS | CATALOG_GESTION);
}

#define MANI(ver, rep, in1, in2) \
    "{\"tablero_version\":\"" ver "\",\"period\":\"2026-11\"" rep ",\"inputs\":[" in1 "," in2 \
    "],\"config\":[{\"path\":\"c.ini\",\"sha256\":\"cc\"}],\"outputs\":[]}"
#define IN_A "{\"path\":\"a.csv\",\"sha256\":\"aa\"}"
#define IN_B "{\"path\":\"b.csv\",\"sha256\":\"bb\"}"
#define IN_B2 "{\"path\":\"otro/b.csv\",\"sha256\":\"bb\"}"
#define IN_B3 "{\"path\":\"b.csv\",\"sha256\":\"b3\"}"

/* Parts belong together by version, period, kinds and (digest, path) of
 * every input and config file, in any order. */
static void test_parts_fingerprint(void **state)
{
    (void)state;
    char x[PARTS_FP_HEX], y[PARTS_FP_HEX];
    assert_int_equal(parts_fingerprint(MANI("1", "", IN_A, IN_B), x), 0);
    assert_int_equal(strlen(x), 64);
    assert_int_equal(parts_fingerprint(MANI("1", ",\"reports\":\"todos\",\"shard\":{\"k\":2,\"n\":3}", IN_B, IN_A), y), 0);
    assert_string_equal(x, y);   /* order, shard number: the same run */
    assert_int_equal(parts_fingerprint(MANI("1", "", IN_A, IN_B2), y), 0);
    assert_string_not_equal(x, y);   /* another path */
    assert_int_equal(parts_fingerprint(MANI("1", "", IN_A, IN_B3), y), 0);
    assert_string_not_equal(x, y);   /* other bytes */
    assert_int_equal(parts_fingerprint(MANI("2", "", IN_A, IN_B), y), 0);
    assert_string_not_equal(x, y);   /* another version */
    assert_int_equal(parts_fingerprint(MANI("1", ",\"reports\":\"gestion\"", IN_A, IN_B), y), 0);
    assert_string_not_equal(x, y);   /* other kinds */
    assert_int_equal(parts_fingerprint("{\"period\":\"2026-11\"}", y), -1);
    assert_int_equal(parts_fingerprint("no es json", y), -1);
}

static void test_spanish_numbers(void **state)
{
    (void)state;
    char b[64];
    assert_string_equal(rd_fmt_num(b, sizeof b, 86.5), "86,5");
    assert_string_equal(rd_fmt_num(b, sizeof b, 0.04), "0,0");     /* never "-0,0" */
    assert_string_equal(rd_fmt_num(b, sizeof b, -0.04), "0,0");
    assert_string_equal(rd_fmt_num(b, sizeof b, -3.25), "-3,2");   /* printf rounds to even */
    assert_string_equal(rd_fmt_num(b, sizeof b, NAN), "–");
    assert_string_equal(rd_fmt_pct(b, sizeof b, 85), "85,0 %");
    assert_string_equal(rd_fmt_pct_short(b, sizeof b, 85.02), "85 %");
    assert_string_equal(rd_fmt_pct_short(b, sizeof b, 85.5), "85,5 %");
    assert_string_equal(rd_fmt_signed(b, sizeof b, 10.94), "+10,9");
    assert_string_equal(rd_fmt_signed(b, sizeof b, -1.0), "-1,0");
    assert_string_equal(rd_fmt_signed(b, sizeof b, 0.01), "0,0");
    assert_string_equal(rd_fmt_pp(b, sizeof b, 10.94), "+10,9 pp");
    assert_string_equal(rd_fmt_pp(b, sizeof b, -4), "-4,0 pp");
    assert_string_equal(rd_fmt_count(b, sizeof b, 0), "0");
    assert_string_equal(rd_fmt_count(b, sizeof b, 999), "999");
    assert_string_equal(rd_fmt_count(b, sizeof b, 1234), "1.234");
    assert_string_equal(rd_fmt_count(b, sizeof b, 2300000), "2.300.000");
    /* a small buffer truncates, never overflows */
    char s[4];
    rd_fmt_count(s, sizeof s, 123456);
    assert_true(strlen(s) < sizeof s);
}

/* Folder names: unique, never '/', '.', empty; the same set of names gets
 * the same folders in any row order; thousands of names that fold alike
 * ("a", "a.", "a..", ...) cost O(n log n), not O(n^3). */
static void test_slugs_unique_stable(void **state)
{
    (void)state;
    enum { N = 3000 };
    char **names = calloc(N, sizeof *names);
    assert_non_null(names);
    /* unique spellings that all fold to "a", to "a" again (capital and
     * spaces) or to nothing ('/' and '.' only) */
    static const char punct[3] = {'.', ',', '!'};
    for (size_t i = 0; i < N; i++) {
        names[i] = calloc(16, 1);
        assert_non_null(names[i]);
        names[i][0] = i % 3 == 0 ? 'a' : i % 3 == 1 ? 'A' : '/';
        size_t v = i;
        unsigned base = i % 3 == 2 ? 2 : 3;
        for (int k = 1; k <= 13; k++, v /= base) names[i][k] = base == 2 ? "./"[v % 2] : punct[v % 3];
    }
    series_table t;
    memset(&t, 0, sizeof t);
    t.entities = names;
    t.nentities = N;
    char **s1 = NULL, **s2 = NULL;
    assert_int_equal(batch_slugs(&t, &s1), 0);
    for (size_t i = 0; i < N; i++) {
        assert_true(s1[i][0] != '\0' && s1[i][0] != '.');
        assert_null(strchr(s1[i], '/'));
        assert_null(strstr(s1[i], ".."));
    }
    /* unique: sort a copy and compare neighbours */
    char **c = malloc(N * sizeof *c);
    assert_non_null(c);
    memcpy(c, s1, N * sizeof *c);
    qsort(c, N, sizeof *c, (int (*)(const void *, const void *))strcmp_ptr);
    for (size_t i = 1; i < N; i++) assert_true(strcmp(c[i - 1], c[i]) != 0);
    free(c);
    /* reversed rows: every name keeps its folder */
    char **rev = malloc(N * sizeof *rev);
    assert_non_null(rev);
    for (size_t i = 0; i < N; i++) rev[i] = names[N - 1 - i];
    t.entities = rev;
    assert_int_equal(batch_slugs(&t, &s2), 0);
    for (size_t i = 0; i < N; i++) assert_string_equal(s1[i], s2[N - 1 - i]);
    batch_slugs_free(s1, N);
    batch_slugs_free(s2, N);
    free(rev);
    for (size_t i = 0; i < N; i++) free(names[i]);
    free(names);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fnv1a_vectors),   cmocka_unit_test(test_period_str),
        cmocka_unit_test(test_parse_kinds),     cmocka_unit_test(test_parse_shard),
        cmocka_unit_test(test_catalog_names),   cmocka_unit_test(test_kinds_words),
        cmocka_unit_test(test_parts_fingerprint),
        cmocka_unit_test(test_spanish_numbers),
        cmocka_unit_test(test_slugs_unique_stable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
