/* test_hpdf_fast.c - the program's replacements for libharu's helpers
 * (src/report/hpdf_fast.c, linked into the program only, so included here)
 * give libharu's results: HPDF_FToA the same text and end pointer over a
 * dense sweep of floats (every coordinate a page operator writes goes
 * through it), HPDF_StrLen the same lengths, HPDF_MemCpy and HPDF_MemSet
 * the same end pointers, HPDF_Stream_Write the same memory stream. libharu's own functions are taken from the
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

static void *lib;

static int setup(void **state)
{
    (void)state;
    lib = dlopen("libhpdf-2.3.0.so", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) lib = dlopen("libhpdf.so", RTLD_NOW | RTLD_GLOBAL);
    return lib ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return dlclose(lib);
}

static ftoa_fn lib_ftoa(void)
{
    ftoa_fn f;
    *(void **)&f = dlsym(lib, "HPDF_FToA");
    assert_non_null(f);
    return f;
}

/* Both versions into buffers like libharu's page operators use (zeroed,
 * end pointer at the last byte) and its WriteReal (12 bytes); the text
 * and the length must match. Returns the number of values that differ. */
static long compare(ftoa_fn theirs, float v)
{
    char a[64], b[64];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    char *ea = HPDF_FToA(a, v, a + sizeof a - 1), *eb = theirs(b, v, b + sizeof b - 1);
    long bad = (ea - a != eb - b) || memcmp(a, b, (size_t)(ea - a)) != 0 || *ea != 0;
    char c[HPDF_REAL_LEN + 1], d[HPDF_REAL_LEN + 1];
    ea = HPDF_FToA(c, v, c + HPDF_REAL_LEN);
    eb = theirs(d, v, d + HPDF_REAL_LEN);
    bad |= (ea - c != eb - d) || memcmp(c, d, (size_t)(ea - c)) != 0;
    if (bad) fprintf(stderr, "FToA(%.9g): \"%s\" / libharu \"%s\"\n", (double)v, a, b);
    return bad;
}

static void test_ftoa_matches_libharu(void **state)
{
    (void)state;
    ftoa_fn theirs = lib_ftoa();
    long bad = 0;
    /* coordinates and values on libharu's 1e-5 grid, with the floats
     * around each (the rounding at 5e-6 is where versions would part) */
    for (long i = -3300000; i <= 3300000 && bad < 10; i += 7) {
        float v = (float)i / 100.0f;
        bad += compare(theirs, v);
        bad += compare(theirs, nextafterf(v, INFINITY));
        bad += compare(theirs, nextafterf(v, -INFINITY));
        bad += compare(theirs, (float)i / 100000.0f);
        bad += compare(theirs, (float)i * 0.0000049f);
    }
    /* every bit pattern, at a stride, across the whole float range */
    for (uint64_t u = 0; u <= UINT32_MAX && bad < 10; u += 4099) {
        uint32_t w = (uint32_t)u;
        float v;
        memcpy(&v, &w, sizeof v);
        if (!isnan(v)) bad += compare(theirs, v);
    }
    const float edge[] = {0.0f, -0.0f, 32767.0f, 32767.5f, 32768.0f, -32767.0f, -32768.0f,
                          1e9f, -1e9f, INFINITY, -INFINITY, FLT_MIN, -FLT_MIN, 0.999995f,
                          0.9999949f, 0.99999951f, 4.9999e-6f, 5e-6f, 5.0001e-6f};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) bad += compare(theirs, edge[i]);
    assert_int_equal(bad, 0);
    /* a buffer too short for a number goes to libharu's own */
    char c[4] = {0}, d[4] = {0};
    char *ea = HPDF_FToA(c, -123.456f, c + 3), *eb = theirs(d, -123.456f, d + 3);
    assert_int_equal(ea - c, eb - d);
    assert_memory_equal(c, d, sizeof c);
}

static void test_strlen_memcpy_memset(void **state)
{
    (void)state;
    HPDF_UINT (*their_len)(const char *, HPDF_INT);
    *(void **)&their_len = dlsym(lib, "HPDF_StrLen");
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
    *(void **)&theirs = dlsym(lib, "HPDF_Stream_Write");
    assert_non_null(theirs);
    HPDF_Error_Rec err;
    HPDF_Error_Init(&err, NULL);
    HPDF_MMgr mm = HPDF_MMgr_New(&err, 0, NULL, NULL);
    assert_non_null(mm);
    HPDF_Stream a = HPDF_MemStream_New(mm, 7), b = HPDF_MemStream_New(mm, 7);
    assert_non_null(a);
    assert_non_null(b);
    const HPDF_BYTE text[] = "0123456789abcdefghijklmnopqrstuvwxyz";
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
        cmocka_unit_test(test_ftoa_matches_libharu),
        cmocka_unit_test(test_strlen_memcpy_memset),
        cmocka_unit_test(test_stream_write_matches_libharu),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
