/* test_text.c - UTF-8 checks, Windows-1252 round trip, folded keys, edit
 * distance and trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* The iconv version text_utf8_to_cp1252 replaced (glibc
 * "WINDOWS-1252//TRANSLIT", '?' per bad byte): the reference its table
 * must match. Returns malloc'd bytes or NULL. */
static char *iconv_cp1252(const char *s)
{
    size_t n = strlen(s), cap = 4 * n + 16, used = 0;
    char *out = malloc(cap);
    iconv_t cd = iconv_open("WINDOWS-1252//TRANSLIT", "UTF-8");
    if (!out || cd == (iconv_t)-1) abort();
    char *in = (char *)s;
    size_t inleft = n;
    while (inleft > 0) {
        char *o = out + used;
        size_t oleft = cap - used - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        used = (size_t)(o - out);
        if (r != (size_t)-1) break;
        if (errno != EILSEQ && errno != EINVAL) abort();   /* E2BIG: cap is ample */
        out[used++] = '?';
        in++;
        inleft--;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    out[used] = '\0';
    return out;
}

static size_t utf8_put(unsigned long c, char *o)
{
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xC0 | c >> 6); o[1] = (char)(0x80 | (c & 63)); return 2; }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | c >> 12);
        o[1] = (char)(0x80 | ((c >> 6) & 63));
        o[2] = (char)(0x80 | (c & 63));
        return 3;
    }
    o[0] = (char)(0xF0 | c >> 18);
    o[1] = (char)(0x80 | ((c >> 12) & 63));
    o[2] = (char)(0x80 | ((c >> 6) & 63));
    o[3] = (char)(0x80 | (c & 63));
    return 4;
}

static void same_as_iconv(const char *in)
{
    char *want = iconv_cp1252(in), *got = text_utf8_to_cp1252(in);
    assert_non_null(got);
    if (strcmp(want, got)) fail_msg("«%s»: iconv «%s», tabla «%s»", in, want, got);
    free(want);
    free(got);
}

static void test_utf8_valid(void **state)
{
    (void)state;
    assert_true(text_utf8_valid("", 0));
    assert_true(text_utf8_valid("Jes\xC3\xBAs Mar\xC3\xAD" "a", 12));
    assert_true(text_utf8_valid("\xE2\x82\xAC\xF0\x9F\x98\x80", 7));
    assert_false(text_utf8_valid("\xC3", 1));             /* truncated */
    assert_false(text_utf8_valid("\xC0\xAF", 2));         /* overlong */
    assert_false(text_utf8_valid("\xE0\x80\xAF", 3));     /* overlong */
    assert_false(text_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    assert_false(text_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    assert_false(text_utf8_valid("\xFA", 1));
    assert_false(text_utf8_valid("Jes\xFAs", 5));         /* cp1252 ú */
    assert_int_equal(text_utf8_invalid_at("ab\xFA" "c", 4), 2);
    assert_int_equal(text_utf8_invalid_at("abc", 3), 3);
}

static void test_cp1252_valid(void **state)
{
    (void)state;
    assert_true(text_cp1252_valid("Jes\xFAs Mar\xED" "a \x80\x93", 14));
    assert_false(text_cp1252_valid("a\x81", 2));
    assert_false(text_cp1252_valid("a\x8D", 2));
    assert_false(text_cp1252_valid("a\x8F", 2));
    assert_false(text_cp1252_valid("a\x90", 2));
    assert_false(text_cp1252_valid("a\x9D", 2));
    assert_false(text_cp1252_valid("a\0b", 3));
    assert_int_equal(text_cp1252_invalid_at("ab\x9D", 3), 2);
}

static void test_cp1252_round_trip(void **state)
{
    (void)state;
    const char cp[] = "Jes\xFAs Mar\xED" "a \x80 \x96\xAB\xBB";
    size_t n = 0;
    char *u = text_cp1252_to_utf8(cp, strlen(cp), &n);
    assert_non_null(u);
    assert_string_equal(u, "Jes\xC3\xBAs Mar\xC3\xAD" "a \xE2\x82\xAC "
                           "\xE2\x80\x93\xC2\xAB\xC2\xBB");
    assert_int_equal(n, strlen(u));
    char *back = text_utf8_to_cp1252(u);
    assert_non_null(back);
    assert_string_equal(back, cp);
    free(u);
    free(back);
    assert_null(text_cp1252_to_utf8("a\x81", 2, NULL));
    u = text_cp1252_to_utf8("", 0, &n);
    assert_non_null(u);
    assert_string_equal(u, "");
    free(u);
}

static void test_utf8_to_cp1252_fallback(void **state)
{
    (void)state;
    /* CJK has no transliteration: '?' per character, the rest kept. */
    char *s = text_utf8_to_cp1252("a\xE4\xB8\xAD\xE4\xB8\xAD" "b");
    assert_non_null(s);
    assert_string_equal(s, "a??b");
    free(s);
    /* Invalid input bytes also become '?'. */
    s = text_utf8_to_cp1252("x\xFFy");
    assert_non_null(s);
    assert_string_equal(s, "x?y");
    free(s);
    s = text_utf8_to_cp1252("\xC3\x91" "and\xC3\xBA");
    assert_non_null(s);
    assert_string_equal(s, "\xD1" "and\xFA");
    free(s);
}

/* The table gives iconv's bytes for every code point of U+0001..U+02FF,
 * General Punctuation and the other characters it lists (between letters,
 * so that a dropped character shows), for '?' in a sample of the rest,
 * and for broken UTF-8. */
static void test_utf8_to_cp1252_matches_iconv(void **state)
{
    (void)state;
    static const unsigned long extra[] = {
        0x20AC, 0x2116, 0x2122, 0x2190, 0x2192, 0x2194, 0x2212, 0x2215, 0x2264, 0x2265,
        0xFEFF, 0x0300, 0x0301, 0x05D0, 0x0627, 0x2070, 0x2264, 0x4E2D, 0xFFFD, 0x1F600};
    char buf[16];
    for (unsigned long c = 1; c < 0x2070 + sizeof extra / sizeof extra[0]; c++) {
        unsigned long cp = c < 0x300 ? c : c < 0x2000 ? 0 : c < 0x2070 ? c : extra[c - 0x2070];
        if (!cp) {
            c = 0x1FFF;
            continue;
        }
        size_t k = 0;
        buf[k++] = 'a';
        k += utf8_put(cp, buf + k);
        buf[k++] = 'b';
        buf[k] = '\0';
        same_as_iconv(buf);
    }
    static const char *const broken[] = {
        "\xC3", "a\xC3", "\xC3(", "\xE2\x80", "\xE2\x80x", "\xED\xA0\x80", "\xC0\x80",
        "\xF4\x90\x80\x80", "\xF0\x9F\x98", "\x80\xBF", "\xFE\xFF", "\xF8\x88\x80\x80\x80",
        "\xE0\x9F\xBF", "x\xF0\x9F\x98\x80y\xE2\x80\x94z", "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF",
        "\xC1\xBF", "\xF8\x80\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", "\xFD\xBF\xBF\xBF\xBF\xBF",
        "\xFC\x80\x80\x80\x80\x80", "\xF4\x90\x80", "\xF0\x80\x80\x80", "\xF4\x90\x80(x"};
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) same_as_iconv(broken[i]);
}

/* xorshift64*: a fixed sequence, so a failure repeats. */
static uint64_t next_rand(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ULL;
}

/* Long text, where the conversion copies ASCII eight bytes at a time:
 * iconv's bytes for random runs of ASCII (0 to 20 bytes, so a character
 * falls at every offset of a word), Spanish letters, characters the
 * table transliterates or replaces, C1 controls and broken UTF-8; and
 * text_utf8_to_cp1252_buf on a prefix of a longer string stops at n. */
static void test_utf8_to_cp1252_long_text(void **state)
{
    (void)state;
    static const unsigned long chars[] = {0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xFC,
                                          0xBF, 0xA1, 0xAB, 0xBB, 0xB7, 0x20AC, 0x201C,
                                          0x201D, 0x2014, 0x2194, 0x2264, 0x4E2D, 0x1F600,
                                          0x85, 0x9F, 0x100, 0x2FF, 0x7FF, 0x800};
    static const char *const broken[] = {"\xC3", "\xE2\x80", "\xED\xA0\x80", "\xC0\x80",
                                         "\xF0\x9F\x98", "\x80\xBF", "\xFE", "\xC1\xBF",
                                         "\xF8\x88\x80\x80\x80", "\xF4\x90\x80\x80"};
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    char in[512], out[512];
    for (int iter = 0; iter < 20000; iter++) {
        size_t k = 0;
        while (k < 400) {
            uint64_t r = next_rand(&x);
            size_t run = (size_t)(r % 21);
            for (size_t j = 0; j < run; j++)
                in[k++] = (char)(' ' + (next_rand(&x) >> 33) % 95);
            unsigned pick = (unsigned)((r >> 8) % 16);
            if (pick < 12)
                k += utf8_put(chars[(r >> 16) % (sizeof chars / sizeof chars[0])], in + k);
            else if (pick < 13) {
                const char *b = broken[(r >> 16) % (sizeof broken / sizeof broken[0])];
                memcpy(in + k, b, strlen(b));
                k += strlen(b);
            }
        }
        in[k] = '\0';
        same_as_iconv(in);
        size_t cut = (size_t)(next_rand(&x) % (k + 1));
        char save = in[cut];
        in[cut] = '\0';
        char *want = iconv_cp1252(in);
        in[cut] = save;
        size_t len = text_utf8_to_cp1252_buf(in, cut, out);
        assert_int_equal(len, strlen(want));
        assert_string_equal(out, want);
        free(want);
    }
}

static void check_fold(const char *in, const char *want)
{
    char *f = text_fold(in);
    assert_non_null(f);
    assert_string_equal(f, want);
    free(f);
}

static void test_fold(void **state)
{
    (void)state;
    check_fold("  Movilidad  URBANA.", "movilidad urbana");
    check_fold("\xC3\x81rea", "area");
    check_fold("\xC3\x91" "and\xC3\xBA", "nandu");
    check_fold("A\xCC\x81rea", "area");   /* decomposed input */
    check_fold("Autodiagn\xC3\xB3sticos", "autodiagnosticos");
    check_fold("A\xC3\xB1o", "ano");
    check_fold("Atenci\xC3\xB3n-ciudadana (2023)", "atencion ciudadana 2023");
    check_fold("\xC2\xA0\t...", "");
    check_fold("", "");
    check_fold("Stra\xC3\x9F" "e", "strasse");
    /* Name matching: what analysts write against the plan's names. */
    check_fold("GIRSU - Gesti\xC3\xB3n  integral de Residuos",
               "girsu gestion integral de residuos");
    check_fold("ATENCI\xC3\x93N CIUDADANA", "atencion ciudadana");
    check_fold("Atenci\xC3\xB3n\xC2\xA0" "ciudadana.", "atencion ciudadana");
    check_fold("Gobierno abierto y acceso a la informaci\xC3\xB3n ",
               "gobierno abierto y acceso a la informacion");
    check_fold("\xE2\x80\x9C" "Espacio P\xC3\xBA" "blico\xE2\x80\x9D",
               "espacio publico");
    assert_null(text_fold("bad\xFF"));
}

/* ASCII names take a path of their own (no libunistring): every ASCII
 * string folds as the same string followed by "\xC2\xA1" (an inverted
 * exclamation mark, punctuation: it only ends a word), which goes
 * through libunistring. Every byte 1-127, words, runs of separators. */
static void test_fold_ascii_as_unicode(void **state)
{
    (void)state;
    unsigned long x = 12345;
    char in[64], with[70];
    for (int k = 0; k < 200000; k++) {
        size_t n = (size_t)(k % 40);
        for (size_t i = 0; i < n; i++) {
            x = x * 6364136223846793005ul + 1442695040888963407ul;
            unsigned r = (unsigned)(x >> 33);
            /* half letters and digits, half anything else 1-127 */
            static const char alnum[] = "abcXYZmnoQRS0189 ";
            in[i] = (r & 1) ? alnum[(r >> 1) % (sizeof alnum - 1)] : (char)(1 + (r >> 1) % 127);
        }
        in[n] = '\0';
        snprintf(with, sizeof with, "%s\xC2\xA1", in);
        char *a = text_fold(in), *b = text_fold(with);
        assert_non_null(a);
        assert_non_null(b);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    check_fold("\x01Z9\x7F-a", "z9 a");
}

static void test_edit_distance(void **state)
{
    (void)state;
    assert_int_equal(text_edit_distance("", ""), 0);
    assert_int_equal(text_edit_distance("abc", ""), 3);
    assert_int_equal(text_edit_distance("", "ab"), 2);
    assert_int_equal(text_edit_distance("kitten", "sitting"), 3);
    assert_int_equal(text_edit_distance("movilidad", "movilidad"), 0);
    assert_int_equal(text_edit_distance("movilidad", "movlidad"), 1);
    assert_int_equal(text_edit_distance("flaw", "lawn"), 2);
    /* Long keys take the heap path. */
    char a[301], b[301];
    memset(a, 'x', 300);
    memset(b, 'x', 300);
    a[300] = b[300] = '\0';
    b[150] = 'y';
    assert_int_equal(text_edit_distance(a, b), 1);
    b[299] = '\0';
    assert_int_equal(text_edit_distance(a, b), 2);
}

static void test_trim(void **state)
{
    (void)state;
    char a[] = " \t hola mundo \t ";
    assert_string_equal(text_trim(a), "hola mundo");
    char b[] = "\xC2\xA0" "86,5\xC2\xA0";
    assert_string_equal(text_trim(b), "86,5");
    char c[] = "   ";
    assert_string_equal(text_trim(c), "");
    char d[] = "";
    assert_string_equal(text_trim(d), "");
    char e[] = "\xC3\xA1 ";   /* a UTF-8 letter is kept whole */
    assert_string_equal(text_trim(e), "\xC3\xA1");
    char f[] = "x\xC2";       /* lone lead byte is not NBSP */
    assert_string_equal(text_trim(f), "x\xC2");
    char g[] = "86,5\xE2\x80\xAF";   /* narrow no-break space */
    assert_string_equal(text_trim(g), "86,5");
    char h[] = "x\xE2\x80";          /* truncated: kept */
    assert_string_equal(text_trim(h), "x\xE2\x80");
    assert_true(text_is_blank(""));
    assert_true(text_is_blank(" \t\xC2\xA0\xE2\x80\xAF\r\n"));
    assert_false(text_is_blank(" - "));
    assert_false(text_is_blank("\xC2"));
}

static void test_multibyte_at(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_multibyte_at("abc", 3), 3);
    assert_int_equal(text_utf8_multibyte_at("Jes\xFAs", 5), 5);
    assert_int_equal(text_utf8_multibyte_at("Jes\xFAs Mar\xC3\xAD" "a", 12),
                     9);
    assert_int_equal(text_utf8_multibyte_at("\xC3", 1), 1);   /* truncated */
    assert_int_equal(text_utf8_multibyte_at("\xE2\x80\x94", 3), 0);
}

/* Spanish agreement: only exactly one is singular; zero and many are plural. */
static void test_plural(void **state)
{
    (void)state;
    assert_string_equal(text_plural(1, "indicador", "indicadores"), "indicador");
    assert_string_equal(text_plural(0, "indicador", "indicadores"), "indicadores");
    assert_string_equal(text_plural(2, "indicador", "indicadores"), "indicadores");
    assert_string_equal(text_plural(21, "desactualizado", "desactualizados"), "desactualizados");
    assert_string_equal(text_plural((size_t)-1, "a", "b"), "b");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_cp1252_valid),
        cmocka_unit_test(test_cp1252_round_trip),
        cmocka_unit_test(test_utf8_to_cp1252_fallback),
        cmocka_unit_test(test_utf8_to_cp1252_matches_iconv),
        cmocka_unit_test(test_utf8_to_cp1252_long_text),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_fold_ascii_as_unicode),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_multibyte_at),
        cmocka_unit_test(test_plural),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
