/* test_common.c - the one slug function (names that become paths), the
 * one strict period parser and the integer writer. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "common.h"

/* A slug is a single safe path component. */
static void assert_safe(const char *s)
{
    assert_true(s[0] != '\0');
    assert_true(s[0] != '.' && s[0] != '-');
    assert_null(strchr(s, '/'));
    assert_null(strchr(s, '\\'));
    assert_null(strchr(s, '.'));
    assert_true(strlen(s) < TB_SLUG_MAX);
}

static void test_slug_names(void **state)
{
    (void)state;
    char s[TB_SLUG_MAX];
    assert_int_equal(tb_slug("Promoción Humana", "x", s, sizeof s), 0);
    assert_string_equal(s, "promocion-humana");
    assert_int_equal(tb_slug("Desarrollo Urbano, Ambiente y Servicios Públicos", "x", s, sizeof s), 0);
    assert_string_equal(s, "desarrollo-urbano-ambiente-y-servicios-publicos");
    assert_int_equal(tb_slug("Jesús María", "municipio", s, sizeof s), 0);
    assert_string_equal(s, "jesus-maria");
    assert_int_equal(tb_slug("¡¿?!", "fallback", s, sizeof s), 0);
    assert_string_equal(s, "fallback");
    /* not UTF-8: the fallback, and no error (only running out of memory is) */
    assert_int_equal(tb_slug("Promoci\xf3n", "fallback", s, sizeof s), 0);
    assert_string_equal(s, "fallback");
}

static void test_slug_hostile(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "—", ".", "..", "/", "=1+2", "@SUM(A1)", "../../../../tmp/x", "/etc/passwd",
        ".hidden", "a/../../b", "..\\..\\x", "-rf", " ", "", "\t\r\n", "\xff\xfe"};
    char s[TB_SLUG_MAX];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        /* the name, and the name as its own fallback: nothing unsafe */
        assert_int_equal(tb_slug(bad[i], bad[i], s, sizeof s), 0);
        assert_safe(s);
        assert_int_equal(tb_slug(NULL, bad[i], s, sizeof s), 0);
        assert_safe(s);
    }
    /* an unsafe id as the fallback of a name that slugs to nothing */
    assert_int_equal(tb_slug("—", "../../../../../tmp/x", s, sizeof s), 0);
    assert_string_equal(s, "tmp-x");
    assert_int_equal(tb_slug("—", "..", s, sizeof s), 0);
    assert_string_equal(s, "sin-nombre");
    assert_int_equal(tb_slug("=1+2", "x", s, sizeof s), 0);
    assert_string_equal(s, "1-2");
}

static void test_slug_cut(void **state)
{
    (void)state;
    /* cut to fit, never inside a character */
    char s[8];
    assert_int_equal(tb_slug("ñandú ñandú ñandú", "x", s, sizeof s), 0);
    assert_string_equal(s, "nandu-n");
    char name[200];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    char big[TB_SLUG_MAX];
    assert_int_equal(tb_slug(name, "x", big, sizeof big), 0);
    assert_int_equal(strlen(big), TB_SLUG_MAX - 1);
    /* non-ASCII letters stay whole (Greek has no accentless ASCII form) */
    char g[6];
    assert_int_equal(tb_slug("αβγ", "x", g, sizeof g), 0);
    assert_string_equal(g, "αβ");
}

static void test_parse_year_month(void **state)
{
    (void)state;
    int y = 0, m = 0;
    assert_true(tb_parse_year_month("2026-11", 1900, 2200, &y, &m));
    assert_int_equal(y, 2026);
    assert_int_equal(m, 11);
    assert_true(tb_parse_year_month("2026-01", 1900, 2200, &y, &m));
    assert_int_equal(m, 1);
    static const char *const bad[] = {"2026-+1", "2026- 1", "2026-1", "2026-13", "2026-00",
                                      " 2026-01", "2026-01 ", "+026-01", "2026/01", "202601",
                                      "2026-011", "", "1899-12", "2201-01", "abcd-ef"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        y = m = -1;
        assert_false(tb_parse_year_month(bad[i], 1900, 2200, &y, &m));
        assert_int_equal(y, -1);
    }
    assert_false(tb_parse_year_month(NULL, 1900, 2200, &y, &m));
}

static void check_put_uint(unsigned long long v)
{
    char got[24], want[24];
    memset(got, 'x', sizeof got);
    char *end = tb_put_uint(got, v);
    int n = snprintf(want, sizeof want, "%llu", v);
    assert_int_equal(end - got, n);
    assert_memory_equal(got, want, (size_t)n);
    assert_int_equal(got[n], 'x');   /* no terminator, nothing past */
}

/* tb_put_uint writes printf's "%llu": every value below 10^6, both sides
 * of every power of ten, random values of every length, the maximum. */
static void test_put_uint(void **state)
{
    (void)state;
    for (unsigned long long v = 0; v < 1000000; v++) check_put_uint(v);
    for (unsigned long long p = 10; p <= 10000000000000000000ULL; p *= 10) {
        check_put_uint(p - 1);
        check_put_uint(p);
        check_put_uint(p + 1);
        if (p > ULLONG_MAX / 10) break;
    }
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 200000; i++) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        unsigned long long r = x * 2685821657736338717ULL;
        check_put_uint(r);
        check_put_uint(r >> (r % 64));
    }
    check_put_uint(ULLONG_MAX);
}

/* tb_buf_put_int and tb_buf_put_uint append what "%lld" and "%llu" print:
 * the ends of the ranges, zero, both sides of powers of ten, and a run
 * of values appended one after another into one buffer. */
static void test_buf_put_int(void **state)
{
    (void)state;
    static const long long v[] = {0, 1, -1, 9, 10, -10, 99, 100, 2026, -2026,
                                  2147483647LL, -2147483647LL - 1, LLONG_MAX, LLONG_MIN};
    tb_buf b;
    tb_buf_init(&b);
    char want[4096];
    size_t w = 0;
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        tb_buf_put_int(&b, v[i]);
        tb_buf_append(&b, ",", 1);
        w += (size_t)snprintf(want + w, sizeof want - w, "%lld,", v[i]);
        tb_buf_put_uint(&b, (unsigned long long)v[i]);
        tb_buf_append(&b, ",", 1);
        w += (size_t)snprintf(want + w, sizeof want - w, "%llu,", (unsigned long long)v[i]);
    }
    for (long long p = 1; p <= 1000000000000000000LL; p *= 10) {
        tb_buf_put_int(&b, -p - 1);
        tb_buf_put_int(&b, p - 1);
        w += (size_t)snprintf(want + w, sizeof want - w, "%lld%lld", -p - 1, p - 1);
        if (p > LLONG_MAX / 10) break;
    }
    assert_false(b.failed);
    assert_int_equal(b.len, w);
    assert_string_equal(b.data, want);
    tb_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug_names),
        cmocka_unit_test(test_slug_hostile),
        cmocka_unit_test(test_slug_cut),
        cmocka_unit_test(test_parse_year_month),
        cmocka_unit_test(test_put_uint),
        cmocka_unit_test(test_buf_put_int),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
