/* test_text.c - UTF-8 checks, Windows-1252 round trip, folded keys, edit
 * distance and trimming. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_cp1252_valid),
        cmocka_unit_test(test_cp1252_round_trip),
        cmocka_unit_test(test_utf8_to_cp1252_fallback),
        cmocka_unit_test(test_fold),
        cmocka_unit_test(test_edit_distance),
        cmocka_unit_test(test_trim),
        cmocka_unit_test(test_multibyte_at),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
