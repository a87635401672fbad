/* test_jsonw.c - the streaming writer gives cJSON_Print's bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cJSON.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

/* An empty buffer and a writer into it. */
static void start(tb_buf *b, jsonw *w)
{
    tb_buf_init(b);
    jsonw_init(w, b);
}

static void assert_same(tb_buf *b, cJSON *doc)
{
    char *want = cJSON_Print(doc);
    assert_non_null(want);
    tb_buf_append(b, "", 1);   /* terminator */
    assert_false(b->failed);
    if (strcmp(b->data, want) != 0) fail_msg("jsonw:\n%s\ncJSON:\n%s", b->data, want);
    free(want);
    cJSON_Delete(doc);
    tb_buf_fini(b);
}

/* Nesting deeper than the 8 tabs a shortcut might assume, empty object
 * and array at several depths, arrays of objects and of arrays, every
 * escape cJSON writes, UTF-8 passed through, raw text, null, booleans. */
static void test_layout_as_cjson(void **state)
{
    (void)state;
    tb_buf b;
    jsonw w;
    start(&b, &w);
    cJSON *doc = cJSON_CreateObject();
    jsonw_object(&w, NULL);
    jsonw_str(&w, "ciudad", "Jesús María \"centro\"\\\n\t\r\b\f\x01\x1f");
    cJSON_AddStringToObject(doc, "ciudad", "Jesús María \"centro\"\\\n\t\r\b\f\x01\x1f");
    jsonw_object(&w, "vacio");
    jsonw_end(&w);
    cJSON_AddObjectToObject(doc, "vacio");
    jsonw_array(&w, "lista_vacia");
    jsonw_end(&w);
    cJSON_AddArrayToObject(doc, "lista_vacia");
    jsonw_raw(&w, "crudo", "0.30000000000000004");
    cJSON_AddRawToObject(doc, "crudo", "0.30000000000000004");
    jsonw_null(&w, "nulo");
    cJSON_AddNullToObject(doc, "nulo");
    jsonw_bool(&w, "si", 1);
    jsonw_bool(&w, "no", 0);
    cJSON_AddBoolToObject(doc, "si", 1);
    cJSON_AddBoolToObject(doc, "no", 0);
    jsonw_array(&w, "filas");
    cJSON *arr = cJSON_AddArrayToObject(doc, "filas");
    for (int i = 0; i < 3; i++) {
        jsonw_object(&w, NULL);
        cJSON *o = cJSON_CreateObject();
        jsonw_number(&w, "i", i);
        cJSON_AddNumberToObject(o, "i", i);
        jsonw_array(&w, "par");
        cJSON *par = cJSON_AddArrayToObject(o, "par");
        jsonw_number(&w, NULL, i * 0.5);
        jsonw_array(&w, NULL);
        jsonw_end(&w);
        jsonw_object(&w, NULL);
        jsonw_end(&w);
        cJSON_AddItemToArray(par, cJSON_CreateNumber(i * 0.5));
        cJSON_AddItemToArray(par, cJSON_CreateArray());
        cJSON_AddItemToArray(par, cJSON_CreateObject());
        jsonw_end(&w);
        jsonw_end(&w);
        cJSON_AddItemToArray(arr, o);
    }
    jsonw_end(&w);
    /* eleven levels of objects */
    cJSON *cur = doc;
    for (int d = 0; d < 11; d++) {
        jsonw_object(&w, "hondo");
        cur = cJSON_AddObjectToObject(cur, "hondo");
    }
    jsonw_str(&w, "fondo", "sí");
    cJSON_AddStringToObject(cur, "fondo", "sí");
    for (int d = 0; d < 11; d++) jsonw_end(&w);
    jsonw_end(&w);
    assert_int_equal(w.depth, 0);
    assert_false(w.failed);
    assert_same(&b, doc);
}

/* Numbers as cJSON prints them: %1.15g, %1.17g when that does not read
 * back (-0 included, the int range's ends and beyond), non-finite as
 * null; and whole numbers (the writer's printf-free path) across
 * magnitudes and signs, up to and past 10^15. One array, against cJSON. */
static void test_numbers_as_cjson(void **state)
{
    (void)state;
    const double fixed[] = {0.0, -0.0, 1.0, -7.0, 2147483647.0, -2147483648.0, 2147483648.0,
                            1e15, 1e16, 123456789012345678.0, 0.1, 1.0 / 3.0, 86.5, 1e-7,
                            DBL_MAX, DBL_MIN, 5e-324, NAN, INFINITY, -INFINITY, 0.1 + 0.2,
                            999999999999999.0, -999999999999999.0, 1e15 - 1, -1e15, 2019.0,
                            -2147483649.0, 4503599627370496.0, 12.0, -12.0};
    double v[sizeof fixed / sizeof fixed[0] + 18 * 7 * 3];
    size_t n = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) v[n++] = fixed[i];
    for (double p = 1; p <= 1e17; p *= 10)
        for (int k = -3; k <= 3; k++) {
            v[n++] = p + k;
            v[n++] = -(p + k);
            v[n++] = p * 7 + k;
        }
    tb_buf b;
    jsonw w;
    start(&b, &w);
    cJSON *doc = cJSON_CreateObject();
    jsonw_object(&w, NULL);
    jsonw_array(&w, "n");
    cJSON *arr = cJSON_AddArrayToObject(doc, "n");
    for (size_t i = 0; i < n; i++) {
        jsonw_number(&w, NULL, v[i]);
        cJSON_AddItemToArray(arr, cJSON_CreateNumber(v[i]));
    }
    jsonw_end(&w);
    jsonw_end(&w);
    assert_same(&b, doc);
}

/* Misuse is flagged, not written past: an end without a begin, and
 * nesting beyond JSONW_MAX_DEPTH. */
static void test_misuse(void **state)
{
    (void)state;
    tb_buf b;
    jsonw w;
    start(&b, &w);
    jsonw_end(&w);
    assert_true(w.failed);
    jsonw_init(&w, &b);
    for (int d = 0; d <= JSONW_MAX_DEPTH; d++) jsonw_array(&w, NULL);
    assert_true(w.failed);
    assert_int_equal(w.depth, JSONW_MAX_DEPTH);
    tb_buf_fini(&b);
}

/* Random keys and values, plain (the in-place path) and with something
 * to escape at any place (the general one), in objects nested to 12
 * levels and in arrays: cJSON's bytes. */
static void test_strings_as_cjson(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "Z", " ", "í", "€", "\"", "\\", "\n", "\t",
                                         "\x01", "\x1f", "/", "clave", "\x7f", "ñandú"};
    unsigned long long x = 0x9E3779B97F4A7C15ULL;
    for (int doc_i = 0; doc_i < 200; doc_i++) {
        tb_buf b;
        jsonw w;
        start(&b, &w);
        cJSON *doc = cJSON_CreateObject(), *stack[13];
        int depth = 0;
        stack[0] = doc;
        jsonw_object(&w, NULL);
        for (int m = 0; m < 60; m++) {
            char key[64], val[64];
            char *bufs[2] = {key, val};
            for (int j = 0; j < 2; j++) {
                size_t len = 0;
                x ^= x >> 12;
                x ^= x << 25;
                x ^= x >> 27;
                unsigned long long r = x * 2685821657736338717ULL;
                int nparts = (int)(r % 5);
                /* mostly plain: escapes in one string of four */
                int plain = (r >> 8) % 4 != 0;
                for (int k = 0; k < nparts; k++) {
                    const char *pc = pieces[(r >> (12 + 4 * k)) % (plain ? 5 : 15)];
                    if (plain && (pc[0] == '"' || pc[0] == '\\')) pc = "b";
                    memcpy(bufs[j] + len, pc, strlen(pc));
                    len += strlen(pc);
                }
                bufs[j][len] = '\0';
            }
            unsigned what = (unsigned)(x % 6);
            if (what == 0 && depth < 12) {
                jsonw_object(&w, key);
                stack[depth + 1] = cJSON_AddObjectToObject(stack[depth], key);
                depth++;
            } else if (what == 1 && depth > 0) {
                jsonw_end(&w);
                depth--;
            } else if (what == 2) {
                jsonw_array(&w, key);
                cJSON *a = cJSON_AddArrayToObject(stack[depth], key);
                jsonw_str(&w, NULL, val);
                jsonw_str(&w, NULL, key);
                cJSON_AddItemToArray(a, cJSON_CreateString(val));
                cJSON_AddItemToArray(a, cJSON_CreateString(key));
                jsonw_end(&w);
            } else {
                jsonw_str(&w, key, val);
                cJSON_AddStringToObject(stack[depth], key, val);
            }
        }
        while (depth-- > 0) jsonw_end(&w);
        jsonw_end(&w);
        assert_false(w.failed);
        assert_same(&b, doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layout_as_cjson),
        cmocka_unit_test(test_numbers_as_cjson),
        cmocka_unit_test(test_strings_as_cjson),
        cmocka_unit_test(test_misuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
