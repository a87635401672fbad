/* test_hpdf_fast.c - the program's replacements for libharu's helpers
 * (src/report/hpdf_fast.c, linked into the program only, so included here).
 * HPDF_FToA (every number of every page operator) keeps its own contract:
 * the float's exact value rounded half to even to 2 decimals when
 * |v| >= 1, to 3 below 1, trailing zeros and a bare point dropped, no
 * "-0", clamped to +-32767; it is compared with printf's "%.2f" / "%.3f"
 * (trimmed) over a dense sweep of floats, and every result must read back
 * within half a unit of its last place. HPDF_StrLen gives libharu's
 * lengths, HPDF_MemCpy and HPDF_MemSet its end pointers, HPDF_Stream_Write
 * the same memory stream. HPDF_Page_ShowText and HPDF_Page_MoveTextPos
 * write the same page stream bytes as libharu's and leave the text
 * position and matrix bit for bit as libharu's do, and the font's used[]
 * and widths[] alike, over every byte, escapes, spaces, word and char
 * spacing, slanted matrices, zero-width and long strings, and the cases
 * that go to libharu's own (a glyph not yet used, a base-14 font, no text
 * object). HPDF_Page_SetRGBFill and SetRGBStroke write libharu's bytes
 * and colour state, in and out of range, in every graphics mode. The
 * path, line-state, text-object and font operators write libharu's bytes
 * and leave its page state and graphics-state stack, in random sequences
 * from every mode, with pending errors and refused operands, and take
 * the common case themselves. HPDF_Xref_WriteToStream writes libharu's
 * bytes and byte offsets, with objects added while it writes and with
 * chained xrefs. HPDF_Font_TextWidth gives libharu's counts, width and
 * marks. HPDF_Stream_Read gives libharu's bytes, counts and read
 * positions, HPDF_Stream_WriteBinary its hexadecimal, HPDF_Dict_Write
 * its bytes for every kind of entry, hook and stream. libharu's own
 * functions are taken from the
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

#include "report_draw.h"   /* RD_FONT_DIR */
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
/* A memory manager reporting into *err, for the stream tests (free
 * with HPDF_MMgr_Free). */
static HPDF_MMgr new_mmgr(HPDF_Error_Rec *err)
{
    HPDF_Error_Init(err, NULL);
    HPDF_MMgr mm = HPDF_MMgr_New(err, 0, NULL, NULL);
    assert_non_null(mm);
    return mm;
}

static void test_stream_write_matches_libharu(void **state)
{
    (void)state;
    HPDF_STATUS (*theirs)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT);
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Stream_Write");
    assert_non_null(theirs);
    HPDF_Error_Rec err;
    HPDF_MMgr mm = new_mmgr(&err);
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

/* A document with the TrueType font the reports use, WinAnsiEncoding,
 * and one page in a text object with that font at size 10. No error
 * handler: a failed call returns its code and leaves it in the error. */
typedef struct {
    HPDF_Doc pdf;
    HPDF_Font font;
    HPDF_Page page;
} text_doc;

static void text_doc_open(text_doc *d, int base14)
{
    d->pdf = HPDF_New(NULL, NULL);
    assert_non_null(d->pdf);
    if (base14) {
        d->font = HPDF_GetFont(d->pdf, "Helvetica", "WinAnsiEncoding");
    } else {
        const char *name = HPDF_LoadTTFontFromFile(d->pdf, RD_FONT_DIR "/LiberationSans-Regular.ttf",
                                                   HPDF_TRUE);
        assert_non_null(name);
        d->font = HPDF_GetFont(d->pdf, name, "WinAnsiEncoding");
    }
    assert_non_null(d->font);
    d->page = HPDF_AddPage(d->pdf);
    assert_non_null(d->page);
    assert_int_equal(HPDF_Page_BeginText(d->page), HPDF_OK);
    assert_int_equal(HPDF_Page_SetFontAndSize(d->page, d->font, 10.0f), HPDF_OK);
}

/* Every byte 1..255 measured, so every glyph is marked used. */
static void text_doc_warm(text_doc *d)
{
    HPDF_BYTE all[255];
    for (int i = 0; i < 255; i++) all[i] = (HPDF_BYTE)(i + 1);
    (void)HPDF_Font_TextWidth(d->font, all, sizeof all);
}

/* A memory stream, all of it, into a malloc'd buffer. */
static HPDF_BYTE *stream_bytes(HPDF_Stream s, HPDF_UINT *n)
{
    HPDF_BYTE *out = malloc(s->size + 1);
    assert_non_null(out);
    HPDF_UINT at = 0;
    for (HPDF_UINT i = 0; i < HPDF_MemStream_GetBufCount(s); i++) {
        HPDF_UINT len;
        const HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(s, i, &len);
        memcpy(out + at, b, len);
        at += len;
    }
    assert_int_equal(at, s->size);
    *n = at;
    return out;
}

/* The page's content stream, all of it, into a malloc'd buffer. */
static HPDF_BYTE *page_bytes(HPDF_Page page, HPDF_UINT *n)
{
    return stream_bytes(((HPDF_PageAttr)page->attr)->stream, n);
}

/* Same stream bytes, text position and matrix (bit for bit), error code
 * and font marks on the two pages. */
static void same_text_state(const text_doc *a, const text_doc *b)
{
    HPDF_UINT na, nb;
    HPDF_BYTE *pa = page_bytes(a->page, &na), *pb = page_bytes(b->page, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(pa, pb, na);
    free(pa);
    free(pb);
    HPDF_PageAttr x = (HPDF_PageAttr)a->page->attr, y = (HPDF_PageAttr)b->page->attr;
    assert_memory_equal(&x->text_pos, &y->text_pos, sizeof x->text_pos);
    assert_memory_equal(&x->text_matrix, &y->text_matrix, sizeof x->text_matrix);
    assert_int_equal(x->gmode, y->gmode);
    assert_int_equal(HPDF_GetError(a->pdf), HPDF_GetError(b->pdf));
    HPDF_FontAttr fa = (HPDF_FontAttr)a->font->attr, fb = (HPDF_FontAttr)b->font->attr;
    if (fa->used) {
        assert_memory_equal(fa->used, fb->used, 256);
        assert_memory_equal(fa->widths, fb->widths, 256 * sizeof *fa->widths);
    }
}

/* A tiny PRNG with its state in the caller (xorshift32). */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

typedef HPDF_STATUS (*show_text_fn)(HPDF_Page, const char *);

/* Shows t through ours on a and libharu's on b: same status, same state. */
static void show_both(text_doc *a, text_doc *b, show_text_fn theirs, const char *t)
{
    HPDF_STATUS sa = HPDF_Page_ShowText(a->page, t), sb = theirs(b->page, t);
    assert_int_equal(sa, sb);
    same_text_state(a, b);
}

/* The strings every comparison shows, in order, into a (ours) and b
 * (libharu's), changing spacing and the text matrix along the way. */
static void show_sequence(text_doc *a, text_doc *b, show_text_fn theirs)
{
    char t[4096];
    show_both(a, b, theirs, "");
    show_both(a, b, theirs, NULL);
    show_both(a, b, theirs, "Hello, world");
    show_both(a, b, theirs, "(a) \\b\\ ((c)) %#/<>[]{}");
    show_both(a, b, theirs, "tab\there\nnew\rline\fform  two  spaces ");
    for (int c = 1; c < 256; c++) {   /* every byte alone, then in a string */
        t[0] = (char)c;
        t[1] = 0;
        show_both(a, b, theirs, t);
        snprintf(t, sizeof t, "x%cy(%c)\\%c", c, c, c);
        show_both(a, b, theirs, t);
    }
    for (int i = 0; i < 255; i++) t[i] = (char)(i + 1);   /* all of them at once */
    t[255] = 0;
    show_both(a, b, theirs, t);
    uint32_t seed = 2463534242u;
    for (int k = 0; k < 3000; k++) {
        if (k == 1000) {
            HPDF_Page_SetWordSpace(a->page, 1.5f);
            HPDF_Page_SetWordSpace(b->page, 1.5f);
            HPDF_Page_SetCharSpace(a->page, 0.3f);
            HPDF_Page_SetCharSpace(b->page, 0.3f);
        }
        if (k == 2000) {
            HPDF_Page_SetTextMatrix(a->page, 1.1f, 0.2f, 0.2126f, 0.9f, 33.3f, 701.7f);
            HPDF_Page_SetTextMatrix(b->page, 1.1f, 0.2f, 0.2126f, 0.9f, 33.3f, 701.7f);
        }
        size_t len = next_rand(&seed) % 41;
        int printable = next_rand(&seed) % 2;
        for (size_t i = 0; i < len; i++) {
            uint32_t r = next_rand(&seed);
            t[i] = (char)(printable ? 0x20 + r % 0x60 : 1 + r % 255);
        }
        t[len] = 0;
        show_both(a, b, theirs, t);
        HPDF_Page_MoveTextPos(a->page, 0.5f, -12.0f);
        HPDF_Page_MoveTextPos(b->page, 0.5f, -12.0f);
    }
    /* longer than ours takes, and the longest it takes */
    for (size_t len = SHOW_MAX_LEN - 1; len <= SHOW_MAX_LEN + 1; len++) {
        for (size_t i = 0; i < len; i++) t[i] = (char)('a' + i % 26);
        t[len] = 0;
        show_both(a, b, theirs, t);
    }
    memset(t, '(', 4000);
    t[4000] = 0;
    show_both(a, b, theirs, t);
    /* zero width: spacing that cancels a glyph's advance exactly */
    HPDF_Page_SetWordSpace(a->page, 0.0f);
    HPDF_Page_SetWordSpace(b->page, 0.0f);
    HPDF_FontAttr fa = (HPDF_FontAttr)a->font->attr;
    if (fa->used) {
        assert_true(fa->used['A']);
        float adv = (float)fa->widths['A'] * 10.0f / 1000;
        HPDF_Page_SetCharSpace(a->page, -adv);
        HPDF_Page_SetCharSpace(b->page, -adv);
        HPDF_UINT before = ((HPDF_PageAttr)a->page->attr)->stream->size;
        show_both(a, b, theirs, "AAA");
        assert_int_equal(((HPDF_PageAttr)a->page->attr)->stream->size, before);
        /* and glyphs of zero width, if the font has any */
        HPDF_Page_SetCharSpace(a->page, 0.0f);
        HPDF_Page_SetCharSpace(b->page, 0.0f);
        size_t n = 0;
        for (int c = 1; c < 256; c++)
            if (fa->used[c] && fa->widths[c] == 0) t[n++] = (char)c;
        t[n] = 0;
        show_both(a, b, theirs, t);
    }
    /* outside a text object: both refuse */
    HPDF_Page_EndText(a->page);
    HPDF_Page_EndText(b->page);
    show_both(a, b, theirs, "no text object");
}

static void close_both(text_doc *a, text_doc *b)
{
    HPDF_Free(a->pdf);
    HPDF_Free(b->pdf);
}

/* Fresh fonts: each string's new glyphs go to libharu's function, the
 * rest to ours, and the marks must follow libharu's. Warm fonts (every
 * glyph used): every string the common case takes is ours. And a base-14
 * font, which is libharu's throughout. */
static void test_show_text_matches_libharu(void **state)
{
    (void)state;
    show_text_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Page_ShowText");
    assert_non_null(theirs);
    for (int mode = 0; mode < 3; mode++) {
        text_doc a, b;
        text_doc_open(&a, mode == 2);
        text_doc_open(&b, mode == 2);
        if (mode == 1) {
            text_doc_warm(&a);
            text_doc_warm(&b);
        }
        show_sequence(&a, &b, theirs);
        close_both(&a, &b);
    }
}

/* Which strings ours takes itself: with every glyph used, all of up to
 * SHOW_MAX_LEN bytes in a text object; a glyph not yet used, a longer
 * string, an empty one, or a page not in a text object, none, and those
 * leave the stream and the font's marks untouched. */
static void test_show_text_takes_common_case(void **state)
{
    (void)state;
    text_doc d;
    text_doc_open(&d, 0);
    HPDF_FontAttr fa = (HPDF_FontAttr)d.font->attr;
    HPDF_Stream s = ((HPDF_PageAttr)d.page->attr)->stream;
    HPDF_STATUS st = HPDF_OK;
    HPDF_UINT size = s->size;
    assert_false(show_fast(d.page, "fresh", &st));
    assert_int_equal(s->size, size);
    for (const char *p = "fresh"; *p; p++) assert_false(fa->used[(HPDF_BYTE)*p]);
    text_doc_warm(&d);
    assert_true(show_fast(d.page, "fresh (now) \\ \xe9", &st));
    assert_int_equal(st, HPDF_OK);
    HPDF_UINT n;
    HPDF_BYTE *b = page_bytes(d.page, &n);
    const char tail[] = "(fresh \\050now\\051 \\134 \\351) Tj\012";
    assert_true(n >= sizeof tail - 1);
    assert_memory_equal(b + n - (sizeof tail - 1), tail, sizeof tail - 1);
    free(b);
    char t[SHOW_MAX_LEN + 2];
    memset(t, 'a', sizeof t - 1);
    t[sizeof t - 1] = 0;
    size = s->size;
    assert_false(show_fast(d.page, t, &st));
    t[SHOW_MAX_LEN] = 0;
    assert_true(show_fast(d.page, t, &st));
    assert_int_equal(s->size, size + 1 + SHOW_MAX_LEN + 5);
    assert_false(show_fast(d.page, "", &st));
    HPDF_Page_EndText(d.page);
    assert_false(show_fast(d.page, "a", &st));
    HPDF_Free(d.pdf);
}

/* Td through ours and through libharu's, from plain and slanted matrices,
 * over numbers of every written form (and a NaN, which is libharu's):
 * same bytes, same matrix and position bit for bit. */
static void test_move_text_pos_matches_libharu(void **state)
{
    (void)state;
    HPDF_STATUS (*theirs)(HPDF_Page, HPDF_REAL, HPDF_REAL);
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Page_MoveTextPos");
    assert_non_null(theirs);
    text_doc a, b;
    text_doc_open(&a, 0);
    text_doc_open(&b, 0);
    const float v[] = {0.0f, -0.0f, 1.0f, -1.0f, 0.5f, -0.001f, 0.0005f, 12.345f, -12.005f,
                       595.28f, 841.89f, -32766.99f, 40000.0f, -1e9f, 0.999f, 1e-7f};
    const size_t nv = sizeof v / sizeof v[0];
    for (int m = 0; m < 2; m++) {
        if (m) {
            HPDF_Page_SetTextMatrix(a.page, 1.0f, 0.1f, 0.2126f, 1.0f, 72.0f, 720.0f);
            HPDF_Page_SetTextMatrix(b.page, 1.0f, 0.1f, 0.2126f, 1.0f, 72.0f, 720.0f);
        }
        for (size_t i = 0; i < nv; i++)
            for (size_t j = 0; j < nv; j++) {
                assert_int_equal(HPDF_Page_MoveTextPos(a.page, v[i], v[j]),
                                 theirs(b.page, v[i], v[j]));
                same_text_state(&a, &b);
            }
    }
    uint32_t seed = 88172645u;
    for (int k = 0; k < 5000; k++) {
        float x = (float)((int32_t)next_rand(&seed) % 6000000) / 1000.0f;
        float y = (float)((int32_t)next_rand(&seed) % 6000000) / 1000.0f;
        assert_int_equal(HPDF_Page_MoveTextPos(a.page, x, y), theirs(b.page, x, y));
        same_text_state(&a, &b);
    }
    assert_int_equal(HPDF_Page_MoveTextPos(a.page, NAN, 1.0f), theirs(b.page, NAN, 1.0f));
    same_text_state(&a, &b);
    /* outside a text object: both refuse, and write nothing */
    HPDF_Page_EndText(a.page);
    HPDF_Page_EndText(b.page);
    assert_int_equal(HPDF_Page_MoveTextPos(a.page, 1.0f, 2.0f), theirs(b.page, 1.0f, 2.0f));
    same_text_state(&a, &b);
    close_both(&a, &b);
}

/* The class table is libharu's two macros, byte for byte. */
static void test_byte_class_is_libharus(void **state)
{
    (void)state;
    for (int c = 0; c < 256; c++) {
        assert_int_equal(!!(byte_class[c] & CLS_ESCAPE), !!HPDF_NEEDS_ESCAPE(c));
        assert_int_equal(!!(byte_class[c] & CLS_SPACE), !!HPDF_IS_WHITE_SPACE(c));
    }
}

/* rg and RG through ours and libharu's: every 8-bit step, odd values,
 * out of range and NaN (libharu's), on a page, in a text object and in a
 * path (where both refuse): same bytes, same colour state and error. */
static void test_rgb_matches_libharu(void **state)
{
    (void)state;
    rgb_fn theirs[2];
    *(void **)&theirs[0] = dlsym(test_hpdf_lib, "HPDF_Page_SetRGBFill");
    *(void **)&theirs[1] = dlsym(test_hpdf_lib, "HPDF_Page_SetRGBStroke");
    assert_non_null(theirs[0]);
    assert_non_null(theirs[1]);
    rgb_fn ours[2] = {HPDF_Page_SetRGBFill, HPDF_Page_SetRGBStroke};
    text_doc a, b;
    text_doc_open(&a, 0);
    text_doc_open(&b, 0);
    const float odd[] = {0.0f, -0.0f, 1.0f, 0.5f, 0.0005f, 0.9995f, 0.12345f, 1e-9f,
                         -0.001f, 1.001f, 2.0f, NAN, INFINITY};
    const size_t nodd = sizeof odd / sizeof odd[0];
    for (int mode = 0; mode < 3; mode++) {
        if (mode == 1) {   /* out of the text object: page description */
            HPDF_Page_EndText(a.page);
            HPDF_Page_EndText(b.page);
        }
        if (mode == 2) {   /* a path under construction */
            HPDF_Page_MoveTo(a.page, 1.0f, 2.0f);
            HPDF_Page_MoveTo(b.page, 1.0f, 2.0f);
        }
        for (int w = 0; w < 2; w++) {
            for (int k = 0; k <= 255; k++) {
                float v = (float)k / 255.0f, u = (float)(255 - k) / 255.0f;
                assert_int_equal(ours[w](a.page, v, u, v), theirs[w](b.page, v, u, v));
                same_text_state(&a, &b);
            }
            for (size_t i = 0; i < nodd; i++)
                for (size_t j = 0; j < nodd; j++) {
                    assert_int_equal(ours[w](a.page, odd[i], odd[j], 0.25f),
                                     theirs[w](b.page, odd[i], odd[j], 0.25f));
                    assert_int_equal(ours[w](a.page, 0.75f, odd[i], odd[j]),
                                     theirs[w](b.page, 0.75f, odd[i], odd[j]));
                    same_text_state(&a, &b);
                }
            HPDF_GState ga = ((HPDF_PageAttr)a.page->attr)->gstate;
            HPDF_GState gb = ((HPDF_PageAttr)b.page->attr)->gstate;
            assert_memory_equal(&ga->rgb_fill, &gb->rgb_fill, sizeof ga->rgb_fill);
            assert_memory_equal(&ga->rgb_stroke, &gb->rgb_stroke, sizeof ga->rgb_stroke);
            assert_int_equal(ga->cs_fill, gb->cs_fill);
            assert_int_equal(ga->cs_stroke, gb->cs_stroke);
            HPDF_ResetError(a.pdf);
            HPDF_ResetError(b.pdf);
        }
    }
    close_both(&a, &b);
}

/* The path, line-state, text-object and font operators (hpdf_fast.c),
 * through ours on one document and libharu's own on another, in random
 * order from every graphics mode: same status, same stream bytes, same
 * page state (graphics mode, current, subpath-start and text positions,
 * text matrix) and graphics-state stack field by field, same error. The
 * operands include every written form of a number, NaN, infinities,
 * negative widths, sizes libharu refuses, line caps out of range, a font
 * new to the page, one of another document and none; errors are left
 * pending at times (ours then go to libharu's, whose stream writes are
 * then skipped), and GRestore without a save and GSave past libharu's
 * depth limit occur. */
enum op_kind {
    OPK_MOVETO, OPK_LINETO, OPK_CURVETO, OPK_RECT, OPK_WIDTH, OPK_CAP, OPK_FONT, OPK_BT, OPK_ET,
    OPK_STROKE, OPK_FILL, OPK_FILLSTROKE, OPK_CLOSE, OPK_GSAVE, OPK_GRESTORE, OPK_COUNT
};

static const char *const op_names[OPK_COUNT] = {
    "HPDF_Page_MoveTo",    "HPDF_Page_LineTo",  "HPDF_Page_CurveTo", "HPDF_Page_Rectangle",
    "HPDF_Page_SetLineWidth", "HPDF_Page_SetLineCap", "HPDF_Page_SetFontAndSize",
    "HPDF_Page_BeginText", "HPDF_Page_EndText", "HPDF_Page_Stroke",  "HPDF_Page_Fill",
    "HPDF_Page_FillStroke", "HPDF_Page_ClosePath", "HPDF_Page_GSave", "HPDF_Page_GRestore",
};

/* One call of op k on page, ours (fn NULL) or libharu's fn. */
static HPDF_STATUS op_call(enum op_kind k, void *fn, HPDF_Page page, const float *v, int cap,
                           HPDF_Font font)
{
    switch (k) {
    case OPK_MOVETO:
    case OPK_LINETO: {
        HPDF_STATUS (*f)(HPDF_Page, HPDF_REAL, HPDF_REAL) =
            k == OPK_MOVETO ? HPDF_Page_MoveTo : HPDF_Page_LineTo;
        if (fn) *(void **)&f = fn;
        return f(page, v[0], v[1]);
    }
    case OPK_CURVETO: {
        curve_fn f = HPDF_Page_CurveTo;
        if (fn) *(void **)&f = fn;
        return f(page, v[0], v[1], v[2], v[3], v[4], v[5]);
    }
    case OPK_RECT: {
        rect_fn f = HPDF_Page_Rectangle;
        if (fn) *(void **)&f = fn;
        return f(page, v[0], v[1], v[2], v[3]);
    }
    case OPK_WIDTH: {
        real_fn f = HPDF_Page_SetLineWidth;
        if (fn) *(void **)&f = fn;
        return f(page, v[0]);
    }
    case OPK_CAP: {
        cap_fn f = HPDF_Page_SetLineCap;
        if (fn) *(void **)&f = fn;
        return f(page, (HPDF_LineCap)cap);
    }
    case OPK_FONT: {
        font_fn f = HPDF_Page_SetFontAndSize;
        if (fn) *(void **)&f = fn;
        return f(page, font, v[0]);
    }
    default: {
        page_fn ours[OPK_COUNT] = {
            [OPK_BT] = HPDF_Page_BeginText,   [OPK_ET] = HPDF_Page_EndText,
            [OPK_STROKE] = HPDF_Page_Stroke,  [OPK_FILL] = HPDF_Page_Fill,
            [OPK_FILLSTROKE] = HPDF_Page_FillStroke, [OPK_CLOSE] = HPDF_Page_ClosePath,
            [OPK_GSAVE] = HPDF_Page_GSave,    [OPK_GRESTORE] = HPDF_Page_GRestore,
        };
        page_fn f = ours[k];
        if (fn) *(void **)&f = fn;
        return f(page);
    }
    }
}

/* A document with two fonts (the reports' TrueType one, on the page
 * after text_doc_open, and Helvetica, not yet) and one page. */
typedef struct {
    text_doc d;
    HPDF_Font helv;
} ops_doc;

static void ops_doc_open(ops_doc *o)
{
    text_doc_open(&o->d, 0);
    o->helv = HPDF_GetFont(o->d.pdf, "Helvetica", "WinAnsiEncoding");
    assert_non_null(o->helv);
}

/* The font of a's graphics state and b's are the same one of each. */
static void same_font(const ops_doc *a, HPDF_Font fa, const ops_doc *b, HPDF_Font fb)
{
    int ia = fa == NULL ? 0 : fa == a->d.font ? 1 : fa == a->helv ? 2 : 3;
    int ib = fb == NULL ? 0 : fb == b->d.font ? 1 : fb == b->helv ? 2 : 3;
    assert_int_equal(ia, ib);
}

/* Page state and the whole graphics-state stack, field by field; the
 * bytes only when full (their size always). */
static void same_ops_state(const ops_doc *a, const ops_doc *b, int full)
{
    HPDF_PageAttr x = (HPDF_PageAttr)a->d.page->attr, y = (HPDF_PageAttr)b->d.page->attr;
    assert_int_equal(x->stream->size, y->stream->size);
    if (full) same_text_state(&a->d, &b->d);
    assert_int_equal(x->gmode, y->gmode);
    assert_memory_equal(&x->cur_pos, &y->cur_pos, sizeof x->cur_pos);
    assert_memory_equal(&x->str_pos, &y->str_pos, sizeof x->str_pos);
    assert_memory_equal(&x->text_pos, &y->text_pos, sizeof x->text_pos);
    assert_memory_equal(&x->text_matrix, &y->text_matrix, sizeof x->text_matrix);
    assert_int_equal(HPDF_GetError(a->d.pdf), HPDF_GetError(b->d.pdf));
    HPDF_GState g = x->gstate, h = y->gstate;
    while (g || h) {
        assert_non_null(g);
        assert_non_null(h);
        /* every field before the font pointer (not the padding before
         * it, which HPDF_GState_New leaves as it found it), then those
         * after */
        assert_memory_equal(g, h, offsetof(HPDF_GState_Rec, gray_stroke) + sizeof g->gray_stroke);
        same_font(a, g->font, b, h->font);
        assert_memory_equal(&g->font_size, &h->font_size, sizeof g->font_size);
        assert_int_equal(g->writing_mode, h->writing_mode);
        assert_int_equal(g->depth, h->depth);
        g = g->prev;
        h = h->prev;
    }
}

static void test_ops_match_libharu(void **state)
{
    (void)state;
    void *theirs[OPK_COUNT];
    for (int k = 0; k < OPK_COUNT; k++) {
        theirs[k] = dlsym(test_hpdf_lib, op_names[k]);
        assert_non_null(theirs[k]);
    }
    ops_doc a, b, other;
    ops_doc_open(&a);
    ops_doc_open(&b);
    ops_doc_open(&other);   /* whose font is of another document */
    const float v[] = {0.0f,    -0.0f,    1.0f,     -1.0f,     0.5f,     0.0005f, 0.00049f,
                       12.345f, -12.005f, 595.28f,  841.89f,   32767.0f, 40000.0f, -1e9f,
                       1e-7f,   0.999f,   0.9995f,  1.005f,    100.0f,   99.995f, 1234.5f,
                       10000.01f, -32766.99f, 9.5f, 600.0f,   600.5f,   INFINITY, -INFINITY,
                       NAN};
    const size_t nv = sizeof v / sizeof v[0];
    uint32_t seed = 1597334677u;
    for (int step = 0; step < 60000; step++) {
        /* most steps in the modes where the operator is allowed */
        enum op_kind k = (enum op_kind)(next_rand(&seed) % OPK_COUNT);
        float n[6];
        for (int i = 0; i < 6; i++) {
            uint32_t r = next_rand(&seed);
            n[i] = r % 4 == 0 ? v[r / 4 % nv]
                              : (float)((int32_t)(r >> 4) % 2000000) / (float)(1 + r % 3 * 450);
        }
        if (k == OPK_FONT && next_rand(&seed) % 2) n[0] = 0.5f + (float)(next_rand(&seed) % 40);
        int cap = (int)(next_rand(&seed) % 5) - 1;
        uint32_t which = next_rand(&seed) % 16;
        HPDF_Font fa = which < 11 ? a.d.font : which < 14 ? a.helv : which < 15 ? other.d.font : NULL;
        HPDF_Font fb = which < 11 ? b.d.font : which < 14 ? b.helv : which < 15 ? other.d.font : NULL;
        if (k == OPK_GSAVE) {
            /* with an error pending, a memory stream skips writes, and
             * libharu's GSave then returns without keeping the state it
             * allocated (a leak of libharu's, ours going to libharu's
             * there alike): not exercised, to keep the test leak-free */
            HPDF_ResetError(a.d.pdf);
            HPDF_ResetError(b.d.pdf);
        }
        HPDF_STATUS sa = op_call(k, NULL, a.d.page, n, cap, fa);
        HPDF_STATUS sb = op_call(k, theirs[k], b.d.page, n, cap, fb);
        if (sa != sb) fprintf(stderr, "step %d: %s: %#lx / %#lx\n", step, op_names[k],
                              (unsigned long)sa, (unsigned long)sb);
        assert_int_equal(sa, sb);
        same_ops_state(&a, &b, step % 1000 == 0);
        if (next_rand(&seed) % 8) {   /* else the error stays pending */
            HPDF_ResetError(a.d.pdf);
            HPDF_ResetError(b.d.pdf);
        }
    }
    same_ops_state(&a, &b, 1);
    /* past libharu's depth of saved states, and back below none */
    HPDF_ResetError(a.d.pdf);
    HPDF_ResetError(b.d.pdf);
    while (((HPDF_PageAttr)a.d.page->attr)->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
        HPDF_Page_EndText(a.d.page);
        HPDF_Page_Stroke(a.d.page);
        HPDF_ResetError(a.d.pdf);
    }
    while (((HPDF_PageAttr)b.d.page->attr)->gmode != HPDF_GMODE_PAGE_DESCRIPTION) {
        HPDF_Page_EndText(b.d.page);
        HPDF_Page_Stroke(b.d.page);
        HPDF_ResetError(b.d.pdf);
    }
    for (int i = 0; i < HPDF_LIMIT_MAX_GSTATE + 3; i++) {
        assert_int_equal(HPDF_Page_GSave(a.d.page),
                         op_call(OPK_GSAVE, theirs[OPK_GSAVE], b.d.page, NULL, 0, NULL));
        same_ops_state(&a, &b, 0);
    }
    for (int i = 0; i < 2 * HPDF_LIMIT_MAX_GSTATE + 3; i++) {
        assert_int_equal(HPDF_Page_GRestore(a.d.page),
                         op_call(OPK_GRESTORE, theirs[OPK_GRESTORE], b.d.page, NULL, 0, NULL));
        same_ops_state(&a, &b, 0);
        HPDF_ResetError(a.d.pdf);
        HPDF_ResetError(b.d.pdf);
    }
    same_ops_state(&a, &b, 1);
    /* no page at all */
    const float n[6] = {1, 2, 3, 4, 5, 6};
    for (int k = 0; k < OPK_COUNT; k++)
        assert_int_equal(op_call((enum op_kind)k, NULL, NULL, n, 1, a.d.font),
                         op_call((enum op_kind)k, theirs[k], NULL, n, 1, a.d.font));
    close_both(&a.d, &b.d);
    HPDF_Free(other.d.pdf);
}

/* Which calls ours take itself: numbers on a valid page in an allowed
 * mode, with no error pending; Tf with a font the page has. A font new
 * to the page, a NaN, a wrong mode or a pending error, none, and those
 * leave the stream untouched. */
static void test_ops_take_common_case(void **state)
{
    (void)state;
    ops_doc o;
    ops_doc_open(&o);
    HPDF_Page p = o.d.page;
    HPDF_Stream s = ((HPDF_PageAttr)p->attr)->stream;
    HPDF_STATUS st = HPDF_OK;
    const HPDF_REAL xy[2] = {1.5f, -0.25f}, bad[2] = {1.0f, NAN};
    HPDF_UINT size = s->size;
    assert_true(font_fast(p, o.d.font, 9.5f, &st));
    assert_int_equal(st, HPDF_OK);
    assert_int_equal(s->size, size + strlen("/F1 9.5 Tf\012"));
    size = s->size;
    assert_false(font_fast(p, o.helv, 9.5f, &st));
    assert_false(font_fast(p, o.d.font, NAN, &st));
    assert_false(nums_fast(p, HPDF_GMODE_PATH_OBJECT, xy, 2, " l\012", 3, &st));
    assert_int_equal(s->size, size);
    assert_true(nums_fast(p, HPDF_GMODE_TEXT_OBJECT, xy, 2, " l\012", 3, &st));
    assert_int_equal(st, HPDF_OK);
    HPDF_UINT n;
    HPDF_BYTE *b = page_bytes(p, &n);
    assert_memory_equal(b + n - strlen("1.5 -0.25 l\012"), "1.5 -0.25 l\012", strlen("1.5 -0.25 l\012"));
    free(b);
    size = s->size;
    assert_false(nums_fast(p, HPDF_GMODE_TEXT_OBJECT, bad, 2, " l\012", 3, &st));
    HPDF_Page_LineTo(p, 1.0f, 2.0f);   /* wrong mode: an error, pending */
    assert_int_not_equal(HPDF_GetError(o.d.pdf), HPDF_OK);
    assert_false(nums_fast(p, HPDF_GMODE_TEXT_OBJECT, xy, 2, " l\012", 3, &st));
    assert_false(font_fast(p, o.d.font, 9.5f, &st));
    assert_int_equal(s->size, size);
    HPDF_Free(o.d.pdf);
}

/* Two documents built alike: 300 pages of drawing and text with the
 * TrueType font (whose before-write hook adds objects to the xref while
 * it is being written), written by ours and by libharu's
 * HPDF_Xref_WriteToStream into fresh memory streams: same bytes, same
 * byte offsets in every entry, same table address; again (the trailer
 * then has its /Size); and an xref chained to the first (start offset
 * past 0, /Prev in the trailer). */
static void build_pages(text_doc *d)
{
    for (int i = 0; i < 300; i++) {
        HPDF_Page p = HPDF_AddPage(d->pdf);
        assert_non_null(p);
        HPDF_Page_Rectangle(p, 10.0f + (float)i, 20.0f, 30.5f, 40.25f);
        HPDF_Page_Fill(p);
        HPDF_Page_BeginText(p);
        HPDF_Page_SetFontAndSize(p, d->font, 9.0f);
        HPDF_Page_ShowText(p, "Xref");
        HPDF_Page_EndText(p);
    }
}

static void same_xref_write(text_doc *a, text_doc *b, HPDF_Xref xa, HPDF_Xref xb,
                            xref_fn theirs)
{
    HPDF_Stream sa = HPDF_MemStream_New(a->pdf->mmgr, 4096);
    HPDF_Stream sb = HPDF_MemStream_New(b->pdf->mmgr, 4096);
    assert_non_null(sa);
    assert_non_null(sb);
    assert_int_equal(HPDF_Xref_WriteToStream(xa, sa, NULL), HPDF_OK);
    assert_int_equal(theirs(xb, sb, NULL), HPDF_OK);
    HPDF_UINT na, nb;
    HPDF_BYTE *pa = stream_bytes(sa, &na), *pb = stream_bytes(sb, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(pa, pb, na);
    assert_true(na > 300 * 2 * XREF_LINE);
    free(pa);
    free(pb);
    for (HPDF_Xref x = xa, y = xb; x || y; x = x->prev, y = y->prev) {
        assert_non_null(x);
        assert_non_null(y);
        assert_int_equal(x->addr, y->addr);
        assert_int_equal(x->entries->count, y->entries->count);
        for (HPDF_UINT i = 0; i < x->entries->count; i++)
            assert_int_equal(((HPDF_XrefEntry)x->entries->obj[i])->byte_offset,
                             ((HPDF_XrefEntry)y->entries->obj[i])->byte_offset);
    }
    HPDF_Stream_Free(sa);
    HPDF_Stream_Free(sb);
}

static void test_xref_write_matches_libharu(void **state)
{
    (void)state;
    xref_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Xref_WriteToStream");
    assert_non_null(theirs);
    text_doc a, b;
    text_doc_open(&a, 0);
    text_doc_open(&b, 0);
    build_pages(&a);
    build_pages(&b);
    HPDF_UINT before = a.pdf->xref->entries->count;
    same_xref_write(&a, &b, a.pdf->xref, b.pdf->xref, theirs);
    assert_true(a.pdf->xref->entries->count > before);   /* the hook added objects */
    same_xref_write(&a, &b, a.pdf->xref, b.pdf->xref, theirs);
    HPDF_Xref xa = HPDF_Xref_New(a.pdf->mmgr, a.pdf->xref->entries->count);
    HPDF_Xref xb = HPDF_Xref_New(b.pdf->mmgr, b.pdf->xref->entries->count);
    assert_non_null(xa);
    assert_non_null(xb);
    xa->prev = a.pdf->xref;
    xb->prev = b.pdf->xref;
    for (int i = 0; i < 5; i++) {
        HPDF_Dict da = HPDF_Dict_New(a.pdf->mmgr), db = HPDF_Dict_New(b.pdf->mmgr);
        assert_non_null(da);
        assert_non_null(db);
        HPDF_Dict_AddNumber(da, "N", i);
        HPDF_Dict_AddNumber(db, "N", i);
        assert_int_equal(HPDF_Xref_Add(xa, da), HPDF_OK);
        assert_int_equal(HPDF_Xref_Add(xb, db), HPDF_OK);
    }
    same_xref_write(&a, &b, xa, xb, theirs);
    xa->prev = NULL;   /* the documents free their own xref */
    xb->prev = NULL;
    HPDF_Xref_Free(xa);
    HPDF_Xref_Free(xb);
    close_both(&a, &b);
}

/* HPDF_Font_TextWidth through ours and libharu's on fonts alike: a fresh
 * TrueType font (each text's new bytes go to libharu's, which marks
 * them), the same font warm, and Helvetica (libharu's throughout); every
 * byte alone, random texts with white space and NULs anywhere, empty
 * ones, the longest libharu takes and one past it (its error): same
 * counts and width, same marks, same error. */
static void test_text_width_matches_libharu(void **state)
{
    (void)state;
    width_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Font_TextWidth");
    assert_non_null(theirs);
    static HPDF_BYTE t[HPDF_LIMIT_MAX_STRING_LEN + 1];
    for (int mode = 0; mode < 3; mode++) {
        text_doc a, b;
        text_doc_open(&a, mode == 2);
        text_doc_open(&b, mode == 2);
        if (mode == 1) {
            text_doc_warm(&a);
            text_doc_warm(&b);
        }
        uint32_t seed = 3141592653u;
        for (int k = 0; k < 4000; k++) {
            HPDF_UINT len;
            if (k < 256) {
                t[0] = (HPDF_BYTE)k;
                len = 1;
            } else {
                len = next_rand(&seed) % 50;
                for (HPDF_UINT i = 0; i < len; i++) {
                    uint32_t r = next_rand(&seed);
                    t[i] = r % 5 == 0 ? (HPDF_BYTE)" \t\n\r\f\0"[r / 5 % 6] : (HPDF_BYTE)(r >> 8);
                }
            }
            if (k == 3000) len = 0;
            if (k == 3001 || k == 3002) {
                len = HPDF_LIMIT_MAX_STRING_LEN + (HPDF_UINT)(k - 3001);
                memset(t, 'a', len);
            }
            HPDF_TextWidth x = HPDF_Font_TextWidth(a.font, t, len), y = theirs(b.font, t, len);
            assert_int_equal(x.numchars, y.numchars);
            assert_int_equal(x.numwords, y.numwords);
            assert_int_equal(x.width, y.width);
            assert_int_equal(x.numspace, y.numspace);
            assert_int_equal(HPDF_GetError(a.pdf), HPDF_GetError(b.pdf));
            HPDF_FontAttr fa = (HPDF_FontAttr)a.font->attr, fb = (HPDF_FontAttr)b.font->attr;
            if (fa->used) {
                assert_memory_equal(fa->used, fb->used, 256);
                assert_memory_equal(fa->widths, fb->widths, 256 * sizeof *fa->widths);
            }
            HPDF_ResetError(a.pdf);
            HPDF_ResetError(b.pdf);
        }
        HPDF_TextWidth x = HPDF_Font_TextWidth(NULL, t, 3), y = theirs(NULL, t, 3);
        assert_memory_equal(&x, &y, sizeof x);
        close_both(&a, &b);
    }
    /* and a warm font takes the common case itself */
    text_doc d;
    text_doc_open(&d, 0);
    HPDF_TextWidth tw;
    assert_false(width_fast(d.font, (const HPDF_BYTE *)"fresh", 5, &tw));
    text_doc_warm(&d);
    assert_true(width_fast(d.font, (const HPDF_BYTE *)"two words ", 10, &tw));
    assert_int_equal(tw.numchars, 10);
    assert_int_equal(tw.numspace, 2);
    assert_int_equal(tw.numwords, 2);
    HPDF_Free(d.pdf);
}

/* Reads through ours and libharu's HPDF_Stream_Read from two memory
 * streams alike (blocks of 7 and of 4,096 bytes; 0, 1, 5,000 and 20,000
 * bytes written), fresh (no read pointer yet) and after seeks to random
 * places: sizes 0 to 4,100, within a block, across blocks, to the end and
 * past it. Same status, count, bytes, and read position (block, offset,
 * pointer into the block) after each. */
static void same_read_pos(HPDF_Stream a, HPDF_Stream b)
{
    HPDF_MemStreamAttr x = (HPDF_MemStreamAttr)a->attr, y = (HPDF_MemStreamAttr)b->attr;
    assert_int_equal(x->r_ptr_idx, y->r_ptr_idx);
    assert_int_equal(x->r_pos, y->r_pos);
    assert_int_equal(x->r_ptr == NULL, y->r_ptr == NULL);
    if (x->r_ptr && x->r_ptr_idx < x->buf->count) {
        HPDF_UINT n;
        assert_int_equal(x->r_ptr - HPDF_MemStream_GetBufPtr(a, x->r_ptr_idx, &n),
                         y->r_ptr - HPDF_MemStream_GetBufPtr(b, y->r_ptr_idx, &n));
    }
}

static void test_stream_read_matches_libharu(void **state)
{
    (void)state;
    read_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Stream_Read");
    assert_non_null(theirs);
    HPDF_Error_Rec err;
    HPDF_MMgr mm = new_mmgr(&err);
    static HPDF_BYTE data[20000], ra[4200], rb[4200];
    for (size_t i = 0; i < sizeof data; i++) data[i] = (HPDF_BYTE)(i * 7 + i / 251);
    const HPDF_UINT blocks[] = {7, 4096};
    const HPDF_UINT sizes[] = {0, 1, 5000, 20000};
    uint32_t seed = 2718281828u;
    for (size_t bk = 0; bk < 2; bk++)
        for (size_t sz = 0; sz < 4; sz++) {
            HPDF_Stream a = HPDF_MemStream_New(mm, blocks[bk]), b = HPDF_MemStream_New(mm, blocks[bk]);
            assert_non_null(a);
            assert_non_null(b);
            if (sizes[sz]) {
                assert_int_equal(HPDF_Stream_Write(a, data, sizes[sz]), HPDF_OK);
                assert_int_equal(HPDF_Stream_Write(b, data, sizes[sz]), HPDF_OK);
            }
            for (int k = 0; k < 3000; k++) {
                if (k > 0 && next_rand(&seed) % 4 == 0) {
                    HPDF_INT pos = sizes[sz] ? (HPDF_INT)(next_rand(&seed) % (sizes[sz] + 1)) : 0;
                    assert_int_equal(HPDF_Stream_Seek(a, pos, HPDF_SEEK_SET),
                                     HPDF_Stream_Seek(b, pos, HPDF_SEEK_SET));
                }
                uint32_t r = next_rand(&seed);
                HPDF_UINT na = r % 3 == 0 ? r / 3 % 4101 : r % 3 == 1 ? 2 : 4;
                HPDF_UINT nb = na;
                memset(ra, 0x55, sizeof ra);
                memset(rb, 0x55, sizeof rb);
                HPDF_STATUS sa = HPDF_Stream_Read(a, ra, &na), sb = theirs(b, rb, &nb);
                assert_int_equal(sa, sb);
                assert_int_equal(na, nb);
                assert_memory_equal(ra, rb, sizeof ra);
                same_read_pos(a, b);
                assert_int_equal(err.error_no, HPDF_OK);
            }
            HPDF_Stream_Free(a);
            HPDF_Stream_Free(b);
        }
    HPDF_MMgr_Free(mm);
}

/* Binary objects' hexadecimal through ours and libharu's
 * HPDF_Stream_WriteBinary: every byte value, lengths 0 to 5,000 (across
 * ours and libharu's write sizes), into memory streams alike: the same
 * bytes and status. */
static void test_write_binary_matches_libharu(void **state)
{
    (void)state;
    binary_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Stream_WriteBinary");
    assert_non_null(theirs);
    HPDF_Error_Rec err;
    HPDF_MMgr mm = new_mmgr(&err);
    HPDF_Stream a = HPDF_MemStream_New(mm, 4096), b = HPDF_MemStream_New(mm, 4096);
    assert_non_null(a);
    assert_non_null(b);
    static HPDF_BYTE data[5000];
    uint32_t seed = 1618033988u;
    for (size_t i = 0; i < sizeof data; i++) data[i] = i < 256 ? (HPDF_BYTE)i : (HPDF_BYTE)next_rand(&seed);
    const HPDF_UINT lens[] = {0, 1, 2, 127, 128, 129, 255, 256, 1023, 1024, 1025, 2047, 2048, 5000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
        assert_int_equal(HPDF_Stream_WriteBinary(a, data, lens[i], NULL),
                         theirs(b, data, lens[i], NULL));
    for (int k = 0; k < 200; k++) {
        HPDF_UINT n = next_rand(&seed) % 5001, off = next_rand(&seed) % (5001 - n);
        assert_int_equal(HPDF_Stream_WriteBinary(a, data + off, n, NULL),
                         theirs(b, data + off, n, NULL));
    }
    HPDF_UINT na, nb;
    HPDF_BYTE *pa = stream_bytes(a, &na), *pb = stream_bytes(b, &nb);
    assert_int_equal(na, nb);
    assert_memory_equal(pa, pb, na);
    free(pa);
    free(pb);
    HPDF_Stream_Free(a);
    HPDF_Stream_Free(b);
    HPDF_MMgr_Free(mm);
}

/* Dictionaries of every kind of entry through ours and libharu's
 * HPDF_Dict_Write (built alike in two memory managers, written into
 * memory streams alike): integers to both limits, reals (NaN and the
 * infinities included), names and keys with bytes to escape and at the
 * longest libharu writes, booleans, null, references, a string, a binary,
 * an array and a dictionary inside, a hidden entry; enough long entries
 * to fill our buffer several times; hooks before, during and after
 * (which see the stream at the size libharu's see it at); stream
 * dictionaries with and without Flate, one with no /Length and one with
 * a direct one (libharu's errors). Same bytes, status, error and /Length
 * each time. A nested dictionary is written by ours on both sides (its
 * write goes through the program's HPDF_Dict_Write), as it is itself one
 * of those compared. */
typedef struct {
    HPDF_UINT before, during, after;   /* stream sizes the hooks saw */
    HPDF_Stream s;
} dw_hooks;

static HPDF_STATUS hook_before(HPDF_Dict d)
{
    dw_hooks *h = d->attr;
    h->before = h->s->size;
    return HPDF_OK;
}

static HPDF_STATUS hook_write(HPDF_Dict d, HPDF_Stream s)
{
    dw_hooks *h = d->attr;
    h->during = s->size;
    return HPDF_Stream_WriteStr(s, "/Hook 1\012");
}

static HPDF_STATUS hook_after(HPDF_Dict d)
{
    dw_hooks *h = d->attr;
    h->after = h->s->size;
    return HPDF_OK;
}

typedef struct {
    HPDF_Error_Rec err;
    HPDF_MMgr mm;
    HPDF_Xref xref;
    HPDF_Stream out;
    dw_hooks hooks;
} dw_side;

static void dw_side_open(dw_side *d)
{
    HPDF_Error_Init(&d->err, NULL);
    d->mm = HPDF_MMgr_New(&d->err, 0, NULL, NULL);
    assert_non_null(d->mm);
    d->xref = HPDF_Xref_New(d->mm, 0);
    assert_non_null(d->xref);
    d->out = HPDF_MemStream_New(d->mm, 4096);
    assert_non_null(d->out);
    memset(&d->hooks, 0, sizeof d->hooks);
    d->hooks.s = d->out;
}

static void dw_side_close(dw_side *d)
{
    HPDF_Stream_Free(d->out);
    HPDF_Xref_Free(d->xref);
    HPDF_MMgr_Free(d->mm);
}

/* The dictionary of kind k (0: every entry kind; 1: long escaped entries;
 * 2: hooks; 3, 4: stream, filtered or not; 5: stream without /Length;
 * 6: stream with a direct /Length). */
static HPDF_Dict dw_build(dw_side *d, int k)
{
    HPDF_MMgr mm = d->mm;
    HPDF_Dict dict = k >= 3 ? HPDF_DictStream_New(mm, d->xref) : HPDF_Dict_New(mm);
    assert_non_null(dict);
    if (k == 0) {
        const HPDF_INT32 ints[] = {0, 1, -1, 12345, -98765, 2147483647, -2147483647,
                                   (HPDF_INT32)-2147483647 - 1};
        char key[16];
        for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
            snprintf(key, sizeof key, "I%zu", i);
            HPDF_Dict_AddNumber(dict, key, ints[i]);
        }
        const float reals[] = {0.0f, -0.0f, 1.5f, -0.001f, 595.28f, 1e9f, -1e9f, INFINITY,
                               -INFINITY, NAN};
        for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
            /* set directly: HPDF_Real_SetValue refuses what is out of
             * range, but the writers must write any float alike */
            snprintf(key, sizeof key, "R%zu", i);
            HPDF_Real r = HPDF_Real_New(mm, 0);
            assert_non_null(r);
            r->value = reals[i];
            HPDF_Dict_Add(dict, key, r);
        }
        HPDF_Dict_AddName(dict, "Plain", "FlateDecode");
        HPDF_Dict_AddName(dict, "Esc aped#(key)", "a b#c/d\x80\xff%e");
        HPDF_Dict_AddBoolean(dict, "T", HPDF_TRUE);
        HPDF_Dict_AddBoolean(dict, "F", HPDF_FALSE);
        HPDF_Dict_Add(dict, "Null", HPDF_Null_New(mm));
        HPDF_Dict ind = HPDF_Dict_New(mm);
        assert_int_equal(HPDF_Xref_Add(d->xref, ind), HPDF_OK);
        HPDF_Dict_Add(dict, "Ref", ind);   /* a proxy: "id 0 R" */
        HPDF_Dict_Add(dict, "Str", HPDF_String_New(mm, "text (with) \\ parens", NULL));
        const HPDF_BYTE bin[] = {0, 1, 0x7f, 0x80, 0xfe, 0xff};
        HPDF_Dict_Add(dict, "Bin", HPDF_Binary_New(mm, (HPDF_BYTE *)bin, sizeof bin));
        HPDF_Array arr = HPDF_Array_New(mm);
        HPDF_Array_AddNumber(arr, 7);
        HPDF_Array_AddName(arr, "N");
        HPDF_Dict_Add(dict, "Arr", arr);
        HPDF_Dict inner = HPDF_Dict_New(mm);
        HPDF_Dict_AddNumber(inner, "In", 3);
        HPDF_Dict_Add(dict, "Dict", inner);
        HPDF_Number hidden = HPDF_Number_New(mm, 5);
        hidden->header.obj_id |= HPDF_OTYPE_HIDDEN;
        HPDF_Dict_Add(dict, "Hidden", hidden);
        HPDF_Dict_AddNumber(dict, "Last", 9);
    } else if (k == 1) {
        char key[HPDF_LIMIT_MAX_NAME_LEN + 1], name[HPDF_LIMIT_MAX_NAME_LEN + 1];
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < HPDF_LIMIT_MAX_NAME_LEN; j++) {
                key[j] = (char)(j == 0 ? 'A' + i % 26 : i % 2 ? '#' : 'a' + j % 26);
                name[j] = (char)(i % 3 ? ' ' : 'x');
            }
            key[HPDF_LIMIT_MAX_NAME_LEN] = name[HPDF_LIMIT_MAX_NAME_LEN] = 0;
            key[1] = (char)('a' + i / 26);
            HPDF_Dict_AddName(dict, key, name);
            HPDF_Dict_AddNumber(dict, key[0] == 'A' ? "NA" : "NB", i);
        }
    } else if (k == 2) {
        dict->attr = &d->hooks;
        dict->before_write_fn = hook_before;
        dict->write_fn = hook_write;
        dict->after_write_fn = hook_after;
        HPDF_Dict_AddNumber(dict, "Before", 1);
    } else {
        HPDF_Stream_WriteStr(dict->stream, "0 0 m 100 100 l S\012");
        for (int i = 0; i < 500; i++) HPDF_Stream_WriteStr(dict->stream, "1 2 3 4 re f\012");
        if (k == 3) dict->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        if (k == 5) HPDF_Dict_RemoveElement(dict, "Length");
        if (k == 6) {
            HPDF_Dict_RemoveElement(dict, "Length");
            HPDF_Dict_AddNumber(dict, "Length", 0);
        }
        HPDF_Dict_AddName(dict, "Type", "XObject");
    }
    return dict;
}

static void test_dict_write_matches_libharu(void **state)
{
    (void)state;
    dict_write_fn theirs;
    *(void **)&theirs = dlsym(test_hpdf_lib, "HPDF_Dict_Write");
    assert_non_null(theirs);
    for (int k = 0; k <= 6; k++) {
        dw_side a, b;
        dw_side_open(&a);
        dw_side_open(&b);
        HPDF_Dict da = dw_build(&a, k), db = dw_build(&b, k);
        for (int twice = 0; twice < 2; twice++) {   /* the second sees /Filter from the first */
            HPDF_STATUS sa = HPDF_Dict_Write(da, a.out, NULL), sb = theirs(db, b.out, NULL);
            assert_int_equal(sa, sb);
            assert_int_equal(a.err.error_no, b.err.error_no);
            HPDF_UINT na, nb;
            HPDF_BYTE *pa = stream_bytes(a.out, &na), *pb = stream_bytes(b.out, &nb);
            if (na != nb || memcmp(pa, pb, na))
                fprintf(stderr, "k %d:\n[%.*s]\n[%.*s]\n", k, (int)na, pa, (int)nb, pb);
            assert_int_equal(na, nb);
            assert_memory_equal(pa, pb, na);
            free(pa);
            free(pb);
            assert_int_equal(a.hooks.before, b.hooks.before);
            assert_int_equal(a.hooks.during, b.hooks.during);
            assert_int_equal(a.hooks.after, b.hooks.after);
            HPDF_Number la = HPDF_Dict_GetItem(da, "Length", HPDF_OCLASS_NUMBER);
            HPDF_Number lb = HPDF_Dict_GetItem(db, "Length", HPDF_OCLASS_NUMBER);
            assert_int_equal(la == NULL, lb == NULL);
            if (la) assert_int_equal(la->value, lb->value);
            HPDF_Error_Reset(&a.err);
            HPDF_Error_Reset(&b.err);
        }
        if (k == 2) assert_true(a.hooks.after > a.hooks.during && a.hooks.during > a.hooks.before);
        if (k < 3) {
            HPDF_Dict_Free(da);
            HPDF_Dict_Free(db);
        }
        dw_side_close(&a);
        dw_side_close(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ftoa_rounds_to_contract),
        cmocka_unit_test(test_strlen_memcpy_memset),
        cmocka_unit_test(test_stream_write_matches_libharu),
        cmocka_unit_test(test_show_text_matches_libharu),
        cmocka_unit_test(test_show_text_takes_common_case),
        cmocka_unit_test(test_move_text_pos_matches_libharu),
        cmocka_unit_test(test_byte_class_is_libharus),
        cmocka_unit_test(test_rgb_matches_libharu),
        cmocka_unit_test(test_ops_match_libharu),
        cmocka_unit_test(test_ops_take_common_case),
        cmocka_unit_test(test_xref_write_matches_libharu),
        cmocka_unit_test(test_text_width_matches_libharu),
        cmocka_unit_test(test_stream_read_matches_libharu),
        cmocka_unit_test(test_write_binary_matches_libharu),
        cmocka_unit_test(test_dict_write_matches_libharu),
    };
    return cmocka_run_group_tests(tests, test_hpdf_open, test_hpdf_close);
}
