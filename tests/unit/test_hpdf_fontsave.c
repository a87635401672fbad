/* test_hpdf_fontsave.c - the program's font subset (src/report/hpdf_fontsave.c,
 * linked into the program only, so included here) gives libharu's bytes:
 * fs_build against libharu's own HPDF_TTFontDef_SaveFontData (taken from the
 * shared library, as in test_hpdf_fast.c) on the fonts the reports embed,
 * whole and trimmed as pf_trim trims them, over random glyph sets, with the
 * same length1; and the entry point gives the same bytes on a miss and on a
 * hit of its cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../src/report/hpdf_fontsave.c"

#include <stdio.h>

#include "common.h"
#include "pdf_font.h"
#include "report_draw.h"

#include "test_support.h"

/* The bytes of memory stream s, concatenated (caller frees). */
static unsigned char *stream_bytes(HPDF_Stream s, size_t *n)
{
    *n = s->size;
    unsigned char *b = malloc(*n ? *n : 1), *w = b;
    assert_non_null(b);
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(s); i++) {
        HPDF_UINT k;
        const HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &k);
        memcpy(w, p, k);
        w += k;
    }
    assert_int_equal((size_t)(w - b), *n);
    return b;
}

/* xorshift: the same glyph sets every run */
static uint32_t next(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* fs_build and libharu agree on font ttf (n bytes) over random glyph
 * sets, dense and sparse, and on none and all. */
static void compare_font(const unsigned char *ttf, size_t n, const char *tag)
{
    save_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_TTFontDef_SaveFontData");
    assert_non_null(theirs);
    HPDF_Error_Rec err;
    HPDF_Error_Init(&err, NULL);
    HPDF_MMgr mm = HPDF_MMgr_New(&err, 0, NULL, NULL);
    assert_non_null(mm);
    HPDF_Stream src = HPDF_MemStream_New(mm, (HPDF_UINT)n);
    assert_int_equal(HPDF_Stream_Write(src, ttf, (HPDF_UINT)n), HPDF_OK);
    HPDF_FontDef def = HPDF_TTFontDef_Load(mm, src, HPDF_TRUE);
    assert_non_null(def);
    char t[8];
    memcpy(t, tag, 7);
    HPDF_TTFontDef_SetTagName(def, t);
    HPDF_TTFontDefAttr a = def->attr;
    uint32_t x = 0x2545f491u;
    for (int trial = 0; trial < 40; trial++) {
        unsigned every = trial < 2 ? 1 : 1 + next(&x) % (trial < 20 ? 4 : 64);
        for (unsigned g = 0; g < a->num_glyphs; g++)
            a->glyph_tbl.flgs[g] = trial == 0 ? 0 : (g == 0 || next(&x) % every == 0);
        HPDF_Stream out = HPDF_MemStream_New(mm, 0);
        assert_int_equal(theirs(def, out), HPDF_OK);
        HPDF_UINT want_length1 = a->length1;
        size_t want_len;
        unsigned char *want = stream_bytes(out, &want_len);
        size_t got_len = 0;
        HPDF_UINT got_length1 = 0;
        unsigned char *got = fs_build(a, ttf, n, &got_len, &got_length1);
        assert_non_null(got);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        assert_int_equal(got_length1, want_length1);
        free(got);
        free(want);
        HPDF_Stream_Free(out);
    }
    /* the entry point: a miss (built here), then a hit, each libharu's */
    for (int pass = 0; pass < 2; pass++) {
        HPDF_Stream ours = HPDF_MemStream_New(mm, 0), ref = HPDF_MemStream_New(mm, 0);
        assert_int_equal(HPDF_TTFontDef_SaveFontData(def, ours), HPDF_OK);
        HPDF_UINT ours_length1 = a->length1;
        a->length1 = 0;
        assert_int_equal(theirs(def, ref), HPDF_OK);
        assert_int_equal(ours_length1, a->length1);
        size_t la, lb;
        unsigned char *pa = stream_bytes(ours, &la), *pb = stream_bytes(ref, &lb);
        assert_int_equal(la, lb);
        assert_memory_equal(pa, pb, la);
        free(pa);
        free(pb);
        HPDF_Stream_Free(ours);
        HPDF_Stream_Free(ref);
    }
    HPDF_FontDef_Free(def);
    HPDF_MMgr_Free(mm);
}

static void test_subset_matches_libharu(void **state)
{
    (void)state;
    static const char *const fonts[] = {RD_FONT_DIR "/LiberationSans-Regular.ttf",
                                        RD_FONT_DIR "/LiberationSans-Bold.ttf"};
    for (size_t i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
        size_t n;
        unsigned char *ttf = test_slurp(fonts[i], &n);
        compare_font(ttf, n, "HPDFAA");
        tb_buf trimmed;
        tb_buf_init(&trimmed);
        assert_int_equal(pf_trim(ttf, n, &trimmed), 0);
        compare_font((const unsigned char *)trimmed.data, trimmed.len, "HPDFAB");
        tb_buf_fini(&trimmed);
        free(ttf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subset_matches_libharu),
    };
    return cmocka_run_group_tests(tests, test_hpdf_open, test_hpdf_close);
}
