/* hpdf_fast.c - libharu's byte-at-a-time memory helpers, replaced by the C
 * library's. libharu clears a 512-byte buffer with HPDF_MemSet before
 * writing every page operator (each MoveTo, LineTo, ShowText...), one byte
 * per loop turn; with thousands of documents in a network run that was 11 %
 * of the time (perf). Linked into the program only (not libtablero.a): a
 * function the executable defines takes precedence over the shared
 * library's for the library's own calls, which go through its PLT. Same
 * contract as libharu's hpdf_utils.c for all but HPDF_FToA (below). Where
 * the override does not take (a static or -Bsymbolic libharu), libharu's
 * own versions run: slower, and numbers with libharu's five decimals.
 *
 * HPDF_StrLen (every string written: 4 % of a network run's instructions)
 * is strnlen instead of a byte loop.
 *
 * HPDF_FToA writes every number of every page operator and dictionary. It
 * does not keep libharu's digits: libharu prints five decimals of a float
 * (777.59998 for 777.6f, 0.12157 for 31/255), bytes that page streams then
 * carry, copy and compress by the hundred thousand per report. Ours rounds
 * the float's exact value to 2 decimals when |v| >= 1 (page coordinates
 * and lengths: 0.005 pt, 1/14400 inch, is below any render's resolution)
 * and to 3 decimals below 1 (colour components, alpha, line widths, matrix
 * entries: 3 decimals keep every 1/255 colour step apart and round back to
 * it), half to even, trailing zeros and a bare point dropped, never "-0":
 * what printf("%.2f") / ("%.3f") gives, trimmed. Clamped to libharu's
 * limits (+-32767) as its own is. tests/unit/test_hpdf_fast.c checks that
 * contract against printf over a dense sweep of floats. A NaN, or a buffer
 * shorter than the longest number, goes to libharu's own FToA.
 *
 * HPDF_Stream_Write (and WriteStr, WriteChar on top of it) takes every
 * operator, name and number libharu writes, a few bytes at a time, through
 * three calls and a function pointer (Stream_Write -> MemStream_WriteFunc
 * -> MemStream_InWrite -> MemCpy): 7 % of a network run's CPU (perf). A
 * write into a memory stream whose current block has room is the same
 * memcpy and the same three counters here; anything else (a new block, a
 * file stream, a stream in error) goes to libharu's function.
 *
 * HPDF_Page_ShowText and HPDF_Page_MoveTextPos (every text shown, and its
 * Td), HPDF_Page_SetRGBFill and HPDF_Page_SetRGBStroke are below: one pass
 * and one write for the common case, libharu's own function for anything
 * else. The function-local pointers to libharu's functions are the only
 * state: looked up once, never changed after (the program forks its
 * workers; it does not start threads). */
#define _GNU_SOURCE   /* RTLD_NEXT */
#include <dlfcn.h>
#include <math.h>
#include <string.h>

#include <hpdf.h>
#include <hpdf_consts.h>
#include <hpdf_error.h>
#include <hpdf_font.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include "pdf_num.h"

void *HPDF_MemSet(void *s, HPDF_BYTE c, HPDF_UINT n)
{
    memset(s, c, n);
    return (HPDF_BYTE *)s + n;   /* libharu returns the end, not s */
}

HPDF_BYTE *HPDF_MemCpy(HPDF_BYTE *out, const HPDF_BYTE *in, HPDF_UINT n)
{
    if (n) memmove(out, in, n);   /* libharu copies forwards; never assume disjoint */
    return out + n;
}

HPDF_UINT HPDF_StrLen(const char *s, HPDF_INT maxlen)
{
    if (!s) return 0;
    return (HPDF_UINT)(maxlen < 0 ? strlen(s) : strnlen(s, (size_t)maxlen));
}

typedef char *(*ftoa_fn)(char *, HPDF_REAL, char *);

/* libharu's FToA, behind ours. */
static ftoa_fn libharu_ftoa(void)
{
    ftoa_fn f;
    *(void **)&f = dlsym(RTLD_NEXT, "HPDF_FToA");
    return f;
}

/* The longest result, "-32766.99", is 9 characters; its NUL goes at
 * s[9] <= eptr (libharu's WriteReal gives 11, its operators 512). */
#define FTOA_MAX_LEN 9

char *HPDF_FToA(char *s, HPDF_REAL val, char *eptr)
{
    if (isnan(val) || eptr - s < FTOA_MAX_LEN) {
        ftoa_fn f = libharu_ftoa();
        if (f) return f(s, val, eptr);
        *s = 0;
        return s;
    }
    if (val > HPDF_LIMIT_MAX_REAL) val = HPDF_LIMIT_MAX_REAL;
    else if (val < HPDF_LIMIT_MIN_REAL) val = HPDF_LIMIT_MIN_REAL;
    double a = fabs((double)val);
    long scale = pdf_num_scale(a);
    int decimals = scale == 100 ? 2 : 3;
    /* exact (pdf_num.h): rint rounds the true value, half to even, as
     * printf does */
    long q = pdf_num_units(a, scale);
    if (q == 0) {
        *s++ = '0';
        *s = 0;
        return s;
    }
    if (val < 0) *s++ = '-';
    long ip = q / scale, fp = q % scale;
    char digits[12];
    int n = 0;
    do {
        digits[n++] = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip > 0);
    while (n) *s++ = digits[--n];
    if (fp) {
        int k = decimals;
        while (fp % 10 == 0) {   /* trailing zeros dropped */
            fp /= 10;
            k--;
        }
        *s++ = '.';
        for (int i = k - 1; i >= 0; i--) {
            s[i] = (char)('0' + fp % 10);
            fp /= 10;
        }
        s += k;
    }
    *s = 0;
    return s;
}

typedef HPDF_STATUS (*write_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT);

/* The write function of libharu's memory streams: exported, not declared
 * in its headers. */
HPDF_STATUS HPDF_MemStream_WriteFunc(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz);

/* libharu's HPDF_Stream_Write, behind ours, looked up once. */
static write_fn libharu_write(void)
{
    static write_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Stream_Write");
    return f;
}

/* libharu carves streams out of a pool that does not align them
 * (report_draw.h, RD_POOL_BYTES); x86-64 and arm64 read them in place, as
 * libharu does. Said to UBSan's alignment check only. */
__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Stream_Write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    if (stream && stream->write_fn == HPDF_MemStream_WriteFunc && stream->error &&
        stream->error->error_no == HPDF_OK) {
        HPDF_MemStreamAttr a = (HPDF_MemStreamAttr)stream->attr;
        /* libharu's InWrite, when the block in use takes it all (a fresh
         * stream's w_pos is buf_siz: its first write goes to libharu) */
        if (a->w_ptr && size <= a->buf_siz - a->w_pos) {
            if (size) memcpy(a->w_ptr, ptr, size);
            a->w_ptr += size;
            a->w_pos += size;
            stream->size += size;
            return HPDF_OK;
        }
    }
    write_fn f = libharu_write();
    return f ? f(stream, ptr, size) : HPDF_INVALID_OPERATION;
}

HPDF_STATUS HPDF_Stream_WriteStr(HPDF_Stream stream, const char *value)
{
    return HPDF_Stream_Write(stream, (const HPDF_BYTE *)value, HPDF_StrLen(value, -1));
}

HPDF_STATUS HPDF_Stream_WriteChar(HPDF_Stream stream, char value)
{
    return HPDF_Stream_Write(stream, (const HPDF_BYTE *)&value, 1);
}

/* HPDF_Page_ShowText (every text a report shows: ~1,450 instructions a
 * call in libharu) measures the string through four calls and a function
 * pointer per byte (Page_TextWidth -> Font_TextWidth -> TTFont TextWidth
 * -> CharWidth), then escapes it through WriteEscapeText2 and writes
 * " Tj\n" apart. Ours does it in one pass for the case every report text
 * is: a valid page in a text object, no error pending, a single-byte
 * TrueType font (WinAnsiEncoding, libharu's only HPDF_FONT_TRUETYPE) whose
 * used[] already marks every byte of the string (so CharWidth would only
 * read widths[]), and a string short enough for a local buffer. The width
 * is libharu's float arithmetic, term by term (Page_TextWidth), so
 * text_pos moves by the same float; the escaping is WriteEscapeText2's;
 * the bytes are the same, written by one HPDF_Stream_Write instead of
 * two. A string with a byte not yet used, any other font or state, goes to
 * libharu's own function before anything is written or marked. */
#define SHOW_MAX_LEN 1024u

/* Each byte's class, from libharu's own macros, built at compile time:
 * CLS_ESCAPE for HPDF_NEEDS_ESCAPE (WriteEscapeText2 writes it as three
 * octal digits), CLS_SPACE for HPDF_IS_WHITE_SPACE (TextWidth counts it
 * in numspace). One load a byte instead of fourteen comparisons. */
enum { CLS_ESCAPE = 1, CLS_SPACE = 2 };
#define CLS(c) ((HPDF_NEEDS_ESCAPE((c)) ? CLS_ESCAPE : 0) | (HPDF_IS_WHITE_SPACE((c)) ? CLS_SPACE : 0))
#define CLS4(c) CLS(c), CLS((c) + 1), CLS((c) + 2), CLS((c) + 3)
#define CLS16(c) CLS4(c), CLS4((c) + 4), CLS4((c) + 8), CLS4((c) + 12)
#define CLS64(c) CLS16(c), CLS16((c) + 16), CLS16((c) + 32), CLS16((c) + 48)
static const unsigned char byte_class[256] = {CLS64(0), CLS64(64), CLS64(128), CLS64(192)};

typedef HPDF_STATUS (*show_fn)(HPDF_Page, const char *);

/* libharu's HPDF_Page_ShowText, behind ours. */
static show_fn libharu_show(void)
{
    static show_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Page_ShowText");
    return f;
}

/* 1 when page is one libharu's checks pass for an operator allowed in
 * the graphics modes of mask (its Page_Validate and CheckState), with no
 * error pending (libharu's TextWidth would call the handler on one). */
__attribute__((no_sanitize("alignment")))
static int page_ok(HPDF_Page page, unsigned mask)
{
    if (!page || !page->attr || !page->error || page->error->error_no != HPDF_OK ||
        page->header.obj_class != (HPDF_OSUBCLASS_PAGE | HPDF_OCLASS_DICT))
        return 0;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    return (attr->gmode & mask) && attr->gstate && attr->stream;
}

static int text_page_ok(HPDF_Page page)
{
    return page_ok(page, HPDF_GMODE_TEXT_OBJECT);
}

/* The common case of HPDF_Page_ShowText: 1 when it was shown (or, as
 * libharu does, not, having zero width) with *st its status; 0 when it is
 * not the common case, with nothing written or marked. Unaligned pool
 * memory is read in place, as for HPDF_Stream_Write above. */
__attribute__((no_sanitize("alignment")))
static int show_fast(HPDF_Page page, const char *text, HPDF_STATUS *st)
{
    if (!text_page_ok(page) || !text || !text[0]) return 0;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_GState gs = attr->gstate;
    HPDF_Font font = gs->font;
    if (!font || !font->attr || font->header.obj_class != (HPDF_OSUBCLASS_FONT | HPDF_OCLASS_DICT))
        return 0;
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (fa->type != HPDF_FONT_TRUETYPE || !fa->widths || !fa->used) return 0;

    /* "(" + 4 bytes a byte at most + ") Tj\n" */
    HPDF_BYTE buf[1 + 4 * SHOW_MAX_LEN + 5];
    HPDF_BYTE *o = buf;
    *o++ = '(';
    size_t len = strnlen(text, SHOW_MAX_LEN + 1);
    if (len > SHOW_MAX_LEN) return 0;
    const HPDF_BYTE *t = (const HPDF_BYTE *)text;
    const HPDF_BYTE *used = fa->used;
    const HPDF_INT16 *widths = fa->widths;
    HPDF_UINT width = 0, numspace = 0, numchars = (HPDF_UINT)len;
    for (size_t i = 0; i < len; i++) {
        HPDF_BYTE b = t[i];
        if (!used[b]) return 0;
        width += (HPDF_UINT)widths[b];   /* TextWidth's HPDF_UINT sum */
        unsigned cls = byte_class[b];
        numspace += cls >> 1;
        if (cls & CLS_ESCAPE) {
            o[0] = '\\';
            o[1] = (HPDF_BYTE)('0' + (b >> 6));
            o[2] = (HPDF_BYTE)('0' + ((b & 0x38) >> 3));
            o[3] = (HPDF_BYTE)('0' + (b & 0x07));
            o += 4;
        } else {
            *o++ = b;
        }
    }
    *st = HPDF_OK;
    /* Page_TextWidth's float arithmetic, in its order */
    HPDF_REAL tw = 0;
    tw += gs->word_space * numspace;
    tw += width * gs->font_size / 1000;
    tw += gs->char_space * numchars;
    if (!tw) return 1;
    memcpy(o, ") Tj\012", 5);
    o += 5;
    if (HPDF_Stream_Write(attr->stream, buf, (HPDF_UINT)(o - buf)) != HPDF_OK) {
        *st = HPDF_CheckError(page->error);
        return 1;
    }
    if (gs->writing_mode == HPDF_WMODE_HORIZONTAL) {
        attr->text_pos.x += tw * attr->text_matrix.a;
        attr->text_pos.y += tw * attr->text_matrix.b;
    } else {
        attr->text_pos.x -= tw * attr->text_matrix.b;
        attr->text_pos.y -= tw * attr->text_matrix.a;
    }
    return 1;
}

HPDF_STATUS HPDF_Page_ShowText(HPDF_Page page, const char *text)
{
    HPDF_STATUS st;
    if (show_fast(page, text, &st)) return st;
    show_fn f = libharu_show();
    return f ? f(page, text) : HPDF_INVALID_OPERATION;
}

/* HPDF_Page_MoveTextPos (most texts' Td) clears a 512-byte buffer, writes
 * two numbers and " Td\n" into it, measures it and writes it. Ours writes
 * the same two numbers (our FToA above, as libharu's call of it would)
 * into a buffer of their size and updates the text matrix and position by
 * libharu's expressions. An invalid page, a pending error or a NaN goes to
 * libharu's. */
typedef HPDF_STATUS (*move_fn)(HPDF_Page, HPDF_REAL, HPDF_REAL);

static move_fn libharu_move(void)
{
    static move_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Page_MoveTextPos");
    return f;
}

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_MoveTextPos(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
    if (!text_page_ok(page) || isnan(x) || isnan(y)) {
        move_fn f = libharu_move();
        return f ? f(page, x, y) : HPDF_INVALID_OPERATION;
    }
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    /* two numbers of FTOA_MAX_LEN, a space, " Td\n" and FToA's NUL */
    char buf[2 * FTOA_MAX_LEN + 6];
    char *s = HPDF_FToA(buf, x, buf + sizeof buf - 1);
    *s++ = ' ';
    s = HPDF_FToA(s, y, buf + sizeof buf - 1);
    memcpy(s, " Td\012", 4);
    s += 4;
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(s - buf)) != HPDF_OK)
        return HPDF_CheckError(page->error);
    attr->text_matrix.x += x * attr->text_matrix.a + y * attr->text_matrix.c;
    attr->text_matrix.y += y * attr->text_matrix.d + x * attr->text_matrix.b;
    attr->text_pos.x = attr->text_matrix.x;
    attr->text_pos.y = attr->text_matrix.y;
    return HPDF_OK;
}

/* HPDF_Page_SetRGBFill and HPDF_Page_SetRGBStroke (every colour change,
 * text's included) are MoveTextPos's pattern with three numbers: ours
 * writes them (our FToA) into a buffer of their size and sets the same
 * graphics state. A component outside [0, 1] (or a NaN), an invalid page
 * or a pending error goes to libharu's function. */
typedef HPDF_STATUS (*rgb_fn)(HPDF_Page, HPDF_REAL, HPDF_REAL, HPDF_REAL);

static int unit_range(HPDF_REAL v)
{
    return v >= 0 && v <= 1;
}

/* 1 when written, *st its status; 0 when the case is libharu's. */
__attribute__((no_sanitize("alignment")))
static int rgb_fast(HPDF_Page page, HPDF_REAL r, HPDF_REAL g, HPDF_REAL b, int fill,
                    HPDF_STATUS *st)
{
    if (!page_ok(page, HPDF_GMODE_TEXT_OBJECT | HPDF_GMODE_PAGE_DESCRIPTION) ||
        !unit_range(r) || !unit_range(g) || !unit_range(b))
        return 0;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    /* three numbers of FTOA_MAX_LEN, two spaces, " rg\n" and FToA's NUL */
    char buf[3 * FTOA_MAX_LEN + 7];
    char *end = buf + sizeof buf - 1;
    char *s = HPDF_FToA(buf, r, end);
    *s++ = ' ';
    s = HPDF_FToA(s, g, end);
    *s++ = ' ';
    s = HPDF_FToA(s, b, end);
    memcpy(s, fill ? " rg\012" : " RG\012", 4);
    s += 4;
    *st = HPDF_OK;
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(s - buf)) != HPDF_OK) {
        *st = HPDF_CheckError(page->error);
        return 1;
    }
    HPDF_RGBColor *c = fill ? &attr->gstate->rgb_fill : &attr->gstate->rgb_stroke;
    c->r = r;
    c->g = g;
    c->b = b;
    if (fill)
        attr->gstate->cs_fill = HPDF_CS_DEVICE_RGB;
    else
        attr->gstate->cs_stroke = HPDF_CS_DEVICE_RGB;
    return 1;
}

HPDF_STATUS HPDF_Page_SetRGBFill(HPDF_Page page, HPDF_REAL r, HPDF_REAL g, HPDF_REAL b)
{
    HPDF_STATUS st;
    if (rgb_fast(page, r, g, b, 1, &st)) return st;
    static rgb_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Page_SetRGBFill");
    return f ? f(page, r, g, b) : HPDF_INVALID_OPERATION;
}

HPDF_STATUS HPDF_Page_SetRGBStroke(HPDF_Page page, HPDF_REAL r, HPDF_REAL g, HPDF_REAL b)
{
    HPDF_STATUS st;
    if (rgb_fast(page, r, g, b, 0, &st)) return st;
    static rgb_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Page_SetRGBStroke");
    return f ? f(page, r, g, b) : HPDF_INVALID_OPERATION;
}
