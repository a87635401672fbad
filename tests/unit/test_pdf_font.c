/* test_pdf_font.c - the trimmed TrueType font: a valid table directory,
 * post reduced to format 3, only the glyphs WinAnsiEncoding reaches, and
 * libharu measuring every Windows-1252 character exactly as with the
 * original file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_font.h"
#include "report_draw.h"

#define FONT RD_FONT_DIR "/LiberationSans-Regular.ttf"

#include "test_support.h"

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | p[3];
}

/* Length of table tag in a font, 0 when absent. */
static unsigned long table_len(const unsigned char *f, const char *tag)
{
    unsigned n = (unsigned)f[4] << 8 | f[5];
    for (unsigned i = 0; i < n; i++)
        if (memcmp(f + 12 + 16 * i, tag, 4) == 0) return be32(f + 12 + 16 * i + 12);
    return 0;
}

/* Offset of table tag in a font, 0 when absent. */
static unsigned long table_off(const unsigned char *f, const char *tag)
{
    unsigned n = (unsigned)f[4] << 8 | f[5];
    for (unsigned i = 0; i < n; i++)
        if (memcmp(f + 12 + 16 * i, tag, 4) == 0) return be32(f + 12 + 16 * i + 8);
    return 0;
}

static void test_trim_keeps_libharus_tables(void **state)
{
    (void)state;
    size_t n;
    unsigned char *ttf = test_slurp(FONT, &n);
    tb_buf out;
    tb_buf_init(&out);
    assert_int_equal(pf_trim(ttf, n, &out), 0);
    const unsigned char *t = (const unsigned char *)out.data;
    assert_int_equal(be32(t), 0x00010000UL);
    assert_int_equal((unsigned)t[4] << 8 | t[5], 13);
    assert_int_equal(table_len(t, "post"), 32);
    assert_int_equal(be32(t + 12 + 16 * 11 + 0), be32((const unsigned char *)"post"));
    assert_int_equal(table_len(t, "GPOS"), 0);
    /* Only the WinAnsi-reachable glyphs keep their outlines. */
    assert_true(table_len(t, "glyf") > 0);
    assert_true(table_len(t, "glyf") < table_len(ttf, "glyf") / 4);
    /* ... renumbered: the ~230 glyphs left, a full metric each (libharu
     * embeds hmtx and loca whole in every document) */
    unsigned long maxp = table_off(t, "maxp");
    unsigned ng = (unsigned)t[maxp + 4] << 8 | t[maxp + 5];
    assert_true(ng > 200 && ng < 300);
    assert_int_equal(table_len(t, "hmtx"), 4 * ng);
    assert_true(table_len(t, "hmtx") < table_len(ttf, "hmtx") / 8);
    assert_true(table_len(t, "loca") < table_len(ttf, "loca") / 8);
    assert_true(out.len < n);
    tb_buf_fini(&out);
    free(ttf);
}

static void test_trim_rejects_non_fonts(void **state)
{
    (void)state;
    static const unsigned char junk[64] = "not a font";
    unsigned char bad_dir[12] = {0, 1, 0, 0, 0, 200};   /* 200 tables in 12 bytes */
    tb_buf out;
    tb_buf_init(&out);
    assert_int_equal(pf_trim(junk, sizeof junk, &out), -1);
    assert_int_equal(pf_trim(bad_dir, sizeof bad_dir, &out), -1);
    assert_int_equal(out.len, 0);
    tb_buf_fini(&out);
}

static void handler(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)d;
    (void)u;
    fprintf(stderr, "libharu 0x%04lX\n", (unsigned long)e);
    fail();
}

static void test_same_widths_as_the_file(void **state)
{
    (void)state;
    size_t n;
    unsigned char *ttf = test_slurp(FONT, &n);
    tb_buf out;
    tb_buf_init(&out);
    assert_int_equal(pf_trim(ttf, n, &out), 0);
    HPDF_Doc a = HPDF_New(handler, NULL), b = HPDF_New(handler, NULL);
    assert_non_null(a);
    assert_non_null(b);
    const char *na = HPDF_LoadTTFontFromFile(a, FONT, HPDF_TRUE);
    const char *nb = pf_load(b, (const unsigned char *)out.data, out.len);
    assert_non_null(na);
    assert_non_null(nb);
    assert_string_equal(na, nb);
    HPDF_Font fa = HPDF_GetFont(a, na, "WinAnsiEncoding");
    HPDF_Font fb = HPDF_GetFont(b, nb, "WinAnsiEncoding");
    for (unsigned code = 32; code < 256; code++) {
        HPDF_BYTE ch[1] = {(HPDF_BYTE)code};
        HPDF_TextWidth wa = HPDF_Font_TextWidth(fa, ch, 1), wb = HPDF_Font_TextWidth(fb, ch, 1);
        assert_int_equal(wa.width, wb.width);
    }
    assert_int_equal(HPDF_Font_GetCapHeight(fa), HPDF_Font_GetCapHeight(fb));
    assert_int_equal(HPDF_Font_GetXHeight(fa), HPDF_Font_GetXHeight(fb));
    HPDF_Free(a);
    HPDF_Free(b);
    tb_buf_fini(&out);
    free(ttf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim_keeps_libharus_tables),
        cmocka_unit_test(test_trim_rejects_non_fonts),
        cmocka_unit_test(test_same_widths_as_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
