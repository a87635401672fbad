/* test_hpdf_fast.c - the program's replacements for libharu's helpers
 * (src/report/hpdf_fast.c, linked into the program only, so included here).
 * HPDF_FToA (every number of every page operator) keeps its own contract:
 * the float's exact value rounded half to even to 2 decimals when
 * |v| >= 1, to 3 below 1, trailing zeros and a bare point dropped, no
 * "-0", clamped to +-32767; it is compared with printf's "%.2f" / "%.3f"
 * (trimmed) over a dense sweep of floats, and every result must read back
 * within half a unit of its last place. HPDF_StrLen gives libharu's
 * lengths, HPDF_MemCpy and HPDF_MemSet its end pointers, HPDF_Stream_Write
 * the same memory stream. libharu's own functions are taken from the
 * shared library itself (RTLD_GLOBAL, so that the replacement finds it
 * behind itself as it does in the program). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/report/hpdf_fast.c"

#include <float.h>
#include <stdio.h>
#include <stdlib.h>

#include "test_support.h"

static ftoa_fn lib_ftoa(void)
{
    ftoa_fn f;
    *(void **)&f = dlsym(test_hpdf_lib, "HPDF_FToA");
    assert_non_null(f);
    return f;
}

/* The contract, from printf: v clamped, "%.*f" with 2 or 3 decimals,
 * trailing zeros and the point trimmed, "-0" as "0". */
static void reference(char *out, size_t n, float v)
{
    if (v > HPDF_LIMIT_MAX_REAL) v = HPDF_LIMIT_MAX_REAL;
    if (v < HPDF_LIMIT_MIN_REAL) v = HPDF_LIMIT_MIN_REAL;
    int decimals = fabs((double)v) >= 1.0 ? 2 : 3;
    snprintf(out, n, "%.*f", decimals, (double)v);
    char *dot = strchr(out, '.');
    if (dot) {
        char *e = out + strlen(out);
        while (e > dot + 1 && e[-1] == '0') *--e = 0;
        if (e == dot + 1) *dot = 0;
    }
    if (strcmp(out, "-0") == 0) strcpy(out, "0");
}

/* Ours into buffers like libharu's page operators use (zeroed, end
 * pointer at the last byte) and its WriteReal (11 bytes before the end
 * pointer): the text must be the reference, the end pointer at its NUL,
 * nothing written past it, and the number must read back within half a
 * unit of its last decimal of the clamped value. Returns 1 when not. */
static long check(float v)
{
    char want[64], a[64], c[HPDF_REAL_LEN + 1];
    reference(want, sizeof want, v);
    memset(a, 0, sizeof a);
    char *ea = HPDF_FToA(a, v, a + sizeof a - 1);
    long bad = strcmp(a, want) != 0 || ea != a + strlen(want) || *ea != 0;
    for (size_t i = strlen(want) + 1; i < sizeof a; i++) bad |= a[i] != 0;
    memset(c, 0x55, sizeof c);
    char *ec = HPDF_FToA(c, v, c + HPDF_REAL_LEN);
    bad |= ec != c + strlen(want) || memcmp(c, want, strlen(want) + 1) != 0;
    double clamped = v > HPDF_LIMIT_MAX_REAL ? HPDF_LIMIT_MAX_REAL
                     : v < HPDF_LIMIT_MIN_REAL ? HPDF_LIMIT_MIN_REAL : (double)v;
    double half = fabs(clamped) >= 1.0 ? 0.005 : 0.0005;
    bad |= !(fabs(strtod(a, NULL) - clamped) <= half * (1 + 1e-9));
    bad |= strlen(a) > FTOA_MAX_LEN;
    if (bad) fprintf(stderr, "FToA(%.9g): \"%s\" / expected \"%s\"\n", (double)v, a, want);
    return bad;
}

static void test_ftoa_rounds_to_contract(void **state)
{
    (void)state;
    long bad = 0;
    /* coordinates on the 1e-2 and 1e-3 grids, the floats around each, and
     * the ties between them (where rounding directions part) */
    for (long i = -3300000; i <= 3300000 && bad < 10; i += 7) {
        float v = (float)i / 100.0f;
        bad += check(v);
        bad += check(nextafterf(v, INFINITY));
        bad += check(nextafterf(v, -INFINITY));
        bad += check(((float)i + 0.5f) / 100.0f);
        bad += check((float)i / 100000.0f);
        bad += check(((float)i + 0.5f) / 1000000.0f);
        bad += check((float)i * 0.0000049f);
    }
    /* every k/255 colour component, and its 3-decimal text reads back as
     * the same 8-bit step */
    for (int k = 0; k <= 255; k++) {
        float v = (float)k / 255.0f;
        bad += check(v);
        char t[32];
        HPDF_FToA(t, v, t + sizeof t - 1);
        bad += lrint(strtod(t, NULL) * 255.0) != k;
    }
    /* every bit pattern, at a stride, across the whole float range */
    for (uint64_t u = 0; u <= UINT32_MAX && bad < 10; u += 4099) {
        uint32_t w = (uint32_t)u;
        float v;
        memcpy(&v, &w, sizeof v);
        if (!isnan(v)) bad += check(v);
    }
    const float edge[] = {0.0f, -0.0f, 32767.0f, 32767.5f, 32768.0f, -32767.0f, -32768.0f,
                          1e9f, -1e9f, INFINITY, -INFINITY, FLT_MIN, -FLT_MIN, 0.9995f,
                          0.99949f, 0.99951f, 0.9999f, 1.0f, -1.0f, 0.0625f, 0.0005f,
                          -0.0005f, 0.00049f, 1.005f, 1.015f, 2.675f, -0.125f, 0.2126f,
                          595.276f, 841.89f, 32766.995f, -32766.99f};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) bad += check(edge[i]);
    assert_int_equal(bad, 0);
    /* the shortest and longest forms, spelled out */
    char t[32];
    HPDF_FToA(t, 777.6f, t + sizeof t - 1);
    assert_string_equal(t, "777.6");
    HPDF_FToA(t, 31.0f / 255.0f, t + sizeof t - 1);
    assert_string_equal(t, "0.122");
    HPDF_FToA(t, -32766.99f, t + sizeof t - 1);
    assert_string_equal(t, "-32766.99");
    HPDF_FToA(t, -0.0001f, t + sizeof t - 1);
    assert_string_equal(t, "0");
    /* a buffer too short for the longest number goes to libharu's own */
    ftoa_fn theirs = lib_ftoa();
    char c[4] = {0}, d[4] = {0};
    char *ea = HPDF_FToA(c, -123.456f, c + 3), *eb = theirs(d, -123.456f, d + 3);
    assert_int_equal(ea - c, eb - d);
    assert_memory_equal(c, d, sizeof c);
    /* and so does a NaN */
    char e[64] = {0}, f[64] = {0};
    ea = HPDF_FToA(e, NAN, e + sizeof e - 1);
    eb = theirs(f, NAN, f + sizeof f - 1);
    assert_int_equal(ea - e, eb - f);
    assert_memory_equal(e, f, sizeof e);
}

static void test_strlen_memcpy_memset(void **state)
{
    (void)state;
    HPDF_UINT (*their_len)(const char *, HPDF_INT);
    *(void **)&their_len = dlsym(test_hpdf_lib, "HPDF_StrLen");
    assert_non_null(their_len);
    const char *texts[] = {"", "a", "BT /F1 9 Tf", "1.25 0 0 1.25 10 20 cm"};
    for (size_t i = 0; i < 4; i++)
        for (HPDF_INT max = -1; max < 30; max++)
            assert_int_equal(HPDF_StrLen(texts[i], max), their_len(texts[i], max));
    assert_int_equal(HPDF_StrLen(NULL, -1), their_len(NULL, -1));
    HPDF_BYTE buf[16] = "abcdefgh";
    assert_ptr_equal(HPDF_MemCpy(buf + 2, buf, 6), buf + 8);   /* overlapping */
    assert_memory_equal(buf, "ababcdef", 8);
    assert_ptr_equal(HPDF_MemSet(buf, 'x', 3), buf + 3);
    assert_memory_equal(buf, "xxxbcdef", 8);
}

/* Writes of every size from 0 to 20 bytes, through ours and through
 * libharu's HPDF_Stream_Write, into memory streams of 7-byte blocks (each
 * write fits, fills, or crosses a block): the same bytes, block by block,
 * and the same size. */
static void test_stream_write_matches_libharu(void **state)
{
    (void)state;
    HPDF_STATUS (*theirs)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT);
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Stream_Write");
    assert_non_null(theirs);
    HPDF_Error_Rec err;
    HPDF_Error_Init(&err, NULL);
    HPDF_MMgr mm = HPDF_MMgr_New(&err, 0, NULL, NULL);
    assert_non_null(mm);
    HPDF_Stream a = HPDF_MemStream_New(mm, 7), b = HPDF_MemStream_New(mm, 7);
    assert_non_null(a);
    assert_non_null(b);
    /* n bytes from text + n, n up to 20: 40 bytes and the terminator */
    const HPDF_BYTE text[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ";
    for (HPDF_UINT n = 0; n <= 20; n++) {
        assert_int_equal(HPDF_Stream_Write(a, text + n, n), HPDF_OK);
        assert_int_equal(theirs(b, text + n, n), HPDF_OK);
    }
    assert_int_equal(HPDF_Stream_WriteStr(a, "BT"), HPDF_OK);
    assert_int_equal(theirs(b, (const HPDF_BYTE *)"BT", 2), HPDF_OK);
    assert_int_equal(HPDF_Stream_WriteChar(a, '\n'), HPDF_OK);
    assert_int_equal(theirs(b, (const HPDF_BYTE *)"\n", 1), HPDF_OK);
    assert_int_equal(a->size, b->size);
    assert_int_equal(HPDF_MemStream_GetBufCount(a), HPDF_MemStream_GetBufCount(b));
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(a); i++) {
        HPDF_UINT na, nb;
        const HPDF_BYTE *pa = HPDF_MemStream_GetBufPtr(a, i, &na);
        const HPDF_BYTE *pb = HPDF_MemStream_GetBufPtr(b, i, &nb);
        assert_int_equal(na, nb);
        assert_memory_equal(pa, pb, na);
    }
    HPDF_Stream_Free(a);
    HPDF_Stream_Free(b);
    HPDF_MMgr_Free(mm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ftoa_rounds_to_contract),
        cmocka_unit_test(test_strlen_memcpy_memset),
        cmocka_unit_test(test_stream_write_matches_libharu),
    };
    return cmocka_run_group_tests(tests, test_hpdf_open, test_hpdf_close);
}
