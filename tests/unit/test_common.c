/* test_common.c - the one slug function (names that become paths), the
 * one strict period parser, and the integer writer (against printf). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

/* tb_put_uint writes what printf's %llu writes, and nothing past it:
 * every value below 100,000, the powers of ten and their neighbours, and
 * the largest. */
static void check_put_uint(unsigned long long v)
{
    char want[32], got[32];
    snprintf(want, sizeof want, "%llu", v);
    memset(got, 'x', sizeof got);
    char *e = tb_put_uint(got, v);
    assert_int_equal(e - got, (long)strlen(want));
    assert_memory_equal(got, want, strlen(want));
    assert_int_equal(*e, 'x');
}

static void test_put_uint(void **state)
{
    (void)state;
    for (unsigned long long v = 0; v < 100000; v++) check_put_uint(v);
    for (unsigned long long p = 10; p <= 10000000000000000000ull; p *= 10) {
        check_put_uint(p - 1);
        check_put_uint(p);
        check_put_uint(p + 1);
        if (p == 10000000000000000000ull) break;
    }
    check_put_uint(4294967295ull);
    check_put_uint(4294967296ull);
    check_put_uint(18446744073709551615ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slug_names),
        cmocka_unit_test(test_slug_hostile),
        cmocka_unit_test(test_slug_cut),
        cmocka_unit_test(test_parse_year_month),
        cmocka_unit_test(test_put_uint),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
