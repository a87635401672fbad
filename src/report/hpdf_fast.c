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
 * file stream, a stream in error) goes to libharu's function. Reads
 * (HPDF_Stream_Read: the TrueType loader's two- and four-byte reads) are
 * the same the other way.
 *
 * HPDF_Page_ShowText and HPDF_Page_MoveTextPos (every text shown, and its
 * Td), HPDF_Page_SetRGBFill and HPDF_Page_SetRGBStroke, and the path,
 * line-state, text-object and font operators the reports call most
 * (MoveTo, LineTo, CurveTo, Rectangle, SetLineWidth, SetLineCap,
 * SetFontAndSize, BeginText, EndText, Stroke, Fill, FillStroke, ClosePath,
 * GSave, GRestore) are below: one pass and one write for the common case,
 * libharu's own function for anything else. So are HPDF_Font_TextWidth
 * (every width the layout measures) and HPDF_Xref_WriteToStream at save
 * time (every object's header and the cross-reference table),
 * HPDF_Dict_Write (every dictionary's entries in one buffer) and
 * HPDF_Stream_WriteBinary (binary objects' hexadecimal). The function-local pointers to libharu's functions are the only
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

/* "00".."99": two digits a load. */
#define PAIR(n) (char)('0' + (n) / 10), (char)('0' + (n) % 10)
#define PAIR10(n) PAIR(n), PAIR((n) + 1), PAIR((n) + 2), PAIR((n) + 3), PAIR((n) + 4), \
                  PAIR((n) + 5), PAIR((n) + 6), PAIR((n) + 7), PAIR((n) + 8), PAIR((n) + 9)
static const char digit_pairs[200] = {PAIR10(0),  PAIR10(10), PAIR10(20), PAIR10(30), PAIR10(40),
                                      PAIR10(50), PAIR10(60), PAIR10(70), PAIR10(80), PAIR10(90)};

static char *put_pair(char *s, unsigned n)   /* n < 100 */
{
    memcpy(s, digit_pairs + 2 * n, 2);
    return s + 2;
}

/* The number, by the contract above, at s; returns the end (no NUL
 * written). val must not be a NaN; s must have FTOA_MAX_LEN bytes. The
 * digits go straight to their places, two at a time, from unsigned
 * 32-bit parts (an integer part below 32768, a fraction below 1000)
 * divided by constants. */
static char *put_num(char *s, HPDF_REAL val)
{
    if (val > HPDF_LIMIT_MAX_REAL) val = HPDF_LIMIT_MAX_REAL;
    else if (val < HPDF_LIMIT_MIN_REAL) val = HPDF_LIMIT_MIN_REAL;
    double a = fabs((double)val);
    /* exact (pdf_num.h): rint rounds the true value, half to even, as
     * printf does */
    unsigned ip, fp;
    int three;   /* 3 decimals (|v| < 1), else 2 */
    if (pdf_num_scale(a) == 100) {
        unsigned q = (unsigned)pdf_num_units(a, 100);
        ip = q / 100;
        fp = q % 100;
        three = 0;
    } else {
        unsigned q = (unsigned)pdf_num_units(a, 1000);
        if (q == 0) {
            *s = '0';
            return s + 1;
        }
        ip = q / 1000;
        fp = q % 1000;
        three = 1;
    }
    if (val < 0) *s++ = '-';
    if (ip < 10) {
        *s++ = (char)('0' + ip);
    } else if (ip < 100) {
        s = put_pair(s, ip);
    } else if (ip < 1000) {
        *s++ = (char)('0' + ip / 100);
        s = put_pair(s, ip % 100);
    } else if (ip < 10000) {
        s = put_pair(s, ip / 100);
        s = put_pair(s, ip % 100);
    } else {
        *s++ = (char)('0' + ip / 10000);
        s = put_pair(s, ip / 100 % 100);
        s = put_pair(s, ip % 100);
    }
    if (!fp) return s;
    *s++ = '.';   /* trailing zeros dropped */
    if (three) {
        if (fp % 100 == 0) {
            *s++ = (char)('0' + fp / 100);
        } else if (fp % 10 == 0) {
            s = put_pair(s, fp / 10);
        } else {
            *s++ = (char)('0' + fp / 100);
            s = put_pair(s, fp % 100);
        }
    } else if (fp % 10 == 0) {
        *s++ = (char)('0' + fp / 10);
    } else {
        s = put_pair(s, fp);
    }
    return s;
}

char *HPDF_FToA(char *s, HPDF_REAL val, char *eptr)
{
    if (isnan(val) || eptr - s < FTOA_MAX_LEN) {
        ftoa_fn f = libharu_ftoa();
        if (f) return f(s, val, eptr);
        *s = 0;
        return s;
    }
    s = put_num(s, val);
    *s = 0;
    return s;
}

typedef HPDF_STATUS (*write_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT);

/* The write function of libharu's memory streams: exported, not declared
 * in its headers. */
HPDF_STATUS HPDF_MemStream_WriteFunc(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz);

/* libharu's HPDF_Stream_Write, behind ours, looked up once; out of line,
 * so that the common case below needs no saved registers. */
__attribute__((noinline))
static HPDF_STATUS libharu_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT size)
{
    static write_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Stream_Write");
    return f ? f(stream, ptr, size) : HPDF_INVALID_OPERATION;
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
            /* the counters first: nothing is left to do after memcpy, so
             * the compiler saves no registers around it */
            HPDF_BYTE *dst = a->w_ptr;
            a->w_ptr += size;
            a->w_pos += size;
            stream->size += size;
            if (size) memcpy(dst, ptr, size);
            return HPDF_OK;
        }
    }
    return libharu_write(stream, ptr, size);
}

/* HPDF_Stream_Read: libharu's TrueType loader (every document loads its
 * fonts) reads the font file's tables two and four bytes at a time,
 * 750,000 reads in a 100-municipality run, each through Stream_Read ->
 * MemStream_ReadFunc -> MemCpy. A read that the memory stream's current
 * block holds whole is ReadFunc's first step, done here: the same copy
 * and the same read position (r_ptr, r_pos); a read that crosses or
 * reaches past a block, a stream without a read pointer yet, or any
 * other stream goes to libharu's function. */
HPDF_STATUS HPDF_MemStream_ReadFunc(HPDF_Stream stream, HPDF_BYTE *buf, HPDF_UINT *size);

typedef HPDF_STATUS (*read_fn)(HPDF_Stream, HPDF_BYTE *, HPDF_UINT *);

__attribute__((noinline))
static HPDF_STATUS libharu_read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    static read_fn f;
    if (!f) *(void **)&f = dlsym(RTLD_NEXT, "HPDF_Stream_Read");
    return f ? f(stream, ptr, size) : HPDF_INVALID_OPERATION;
}

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Stream_Read(HPDF_Stream stream, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    if (stream && stream->read_fn == HPDF_MemStream_ReadFunc && size && *size) {
        HPDF_MemStreamAttr a = (HPDF_MemStreamAttr)stream->attr;
        HPDF_UINT n = *size, count = a->buf ? a->buf->count : 0;
        if (count && a->r_ptr && a->r_ptr_idx <= count - 1) {
            HPDF_UINT end = a->r_ptr_idx < count - 1 ? a->buf_siz : a->w_pos;
            if (a->r_pos <= end && end - a->r_pos >= n) {
                HPDF_BYTE *src = a->r_ptr;
                a->r_pos += n;
                a->r_ptr += n;
                if (n == 2) memcpy(ptr, src, 2);   /* the loader's UINT16, */
                else if (n == 4) memcpy(ptr, src, 4);   /* UINT32: inline */
                else memcpy(ptr, src, n);
                return HPDF_OK;   /* *size stays n, as ReadFunc sets it */
            }
        }
    }
    return libharu_read(stream, ptr, size);
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

/* The path, line-state, text-object and font operators the reports call
 * most (callgrind call counts): LineTo, MoveTo, CurveTo, Rectangle,
 * SetLineWidth, SetLineCap, SetFontAndSize, BeginText/EndText,
 * GSave/GRestore, Stroke, Fill, FillStroke, ClosePath. libharu's each
 * validates, clears a 512-byte buffer, formats its numbers into it,
 * measures it and writes it (or writes a fixed string through WriteStr's
 * strlen). Ours check what libharu's CheckState checks (page_ok, the same
 * graphics modes), format the numbers with our FToA's digits into a
 * buffer of their size, write once, and set the same page and graphics
 * state by libharu's assignments. Anything else (an invalid page, a wrong
 * mode, a pending error, a NaN, an out-of-range argument) goes to
 * libharu's own function, which raises its error as it always has. */

/* libharu's function of that name, behind ours. */
static void *libharu_fn(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* The page's stream takes len bytes of buf: libharu's status. */
__attribute__((no_sanitize("alignment")))
static HPDF_STATUS op_write(HPDF_Page page, const char *buf, size_t len)
{
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    if (HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)buf, (HPDF_UINT)len) != HPDF_OK)
        return HPDF_CheckError(page->error);
    return HPDF_OK;
}

#define OP_MAX_NUMS 6

/* The common case of an operator with n numbers (n <= OP_MAX_NUMS) and
 * the operator's tail op (" l\n"...): 1 when written, *st its status; 0
 * when it is libharu's case, with nothing written. */
static int nums_fast(HPDF_Page page, unsigned mask, const HPDF_REAL *v, unsigned n,
                     const char *op, size_t oplen, HPDF_STATUS *st)
{
    if (!page_ok(page, mask)) return 0;
    for (unsigned i = 0; i < n; i++)
        if (isnan(v[i])) return 0;
    char buf[OP_MAX_NUMS * (FTOA_MAX_LEN + 1) + 8];
    char *s = buf;
    for (unsigned i = 0; i < n; i++) {
        if (i) *s++ = ' ';
        s = put_num(s, v[i]);
    }
    memcpy(s, op, oplen);
    s += oplen;
    *st = op_write(page, buf, (size_t)(s - buf));
    return 1;
}

typedef HPDF_STATUS (*xy_fn)(HPDF_Page, HPDF_REAL, HPDF_REAL);

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_MoveTo(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
    const HPDF_REAL v[2] = {x, y};
    HPDF_STATUS st;
    if (!nums_fast(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT, v, 2, " m\012", 3,
                   &st)) {
        static xy_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_MoveTo");
        return f ? f(page, x, y) : HPDF_INVALID_OPERATION;
    }
    if (st != HPDF_OK) return st;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
    attr->str_pos = attr->cur_pos;
    attr->gmode = HPDF_GMODE_PATH_OBJECT;
    return HPDF_OK;
}

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_LineTo(HPDF_Page page, HPDF_REAL x, HPDF_REAL y)
{
    const HPDF_REAL v[2] = {x, y};
    HPDF_STATUS st;
    if (!nums_fast(page, HPDF_GMODE_PATH_OBJECT, v, 2, " l\012", 3, &st)) {
        static xy_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_LineTo");
        return f ? f(page, x, y) : HPDF_INVALID_OPERATION;
    }
    if (st != HPDF_OK) return st;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
    return HPDF_OK;
}

typedef HPDF_STATUS (*curve_fn)(HPDF_Page, HPDF_REAL, HPDF_REAL, HPDF_REAL, HPDF_REAL, HPDF_REAL,
                                HPDF_REAL);

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_CurveTo(HPDF_Page page, HPDF_REAL x1, HPDF_REAL y1, HPDF_REAL x2,
                              HPDF_REAL y2, HPDF_REAL x3, HPDF_REAL y3)
{
    const HPDF_REAL v[6] = {x1, y1, x2, y2, x3, y3};
    HPDF_STATUS st;
    if (!nums_fast(page, HPDF_GMODE_PATH_OBJECT, v, 6, " c\012", 3, &st)) {
        static curve_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_CurveTo");
        return f ? f(page, x1, y1, x2, y2, x3, y3) : HPDF_INVALID_OPERATION;
    }
    if (st != HPDF_OK) return st;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    attr->cur_pos.x = x3;
    attr->cur_pos.y = y3;
    return HPDF_OK;
}

typedef HPDF_STATUS (*rect_fn)(HPDF_Page, HPDF_REAL, HPDF_REAL, HPDF_REAL, HPDF_REAL);

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_Rectangle(HPDF_Page page, HPDF_REAL x, HPDF_REAL y, HPDF_REAL width,
                                HPDF_REAL height)
{
    const HPDF_REAL v[4] = {x, y, width, height};
    HPDF_STATUS st;
    if (!nums_fast(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_PATH_OBJECT, v, 4, " re\012", 4,
                   &st)) {
        static rect_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_Rectangle");
        return f ? f(page, x, y, width, height) : HPDF_INVALID_OPERATION;
    }
    if (st != HPDF_OK) return st;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    attr->cur_pos.x = x;
    attr->cur_pos.y = y;
    attr->str_pos = attr->cur_pos;
    attr->gmode = HPDF_GMODE_PATH_OBJECT;
    return HPDF_OK;
}

typedef HPDF_STATUS (*real_fn)(HPDF_Page, HPDF_REAL);

/* libharu raises HPDF_PAGE_OUT_OF_RANGE below 0: its case. */
__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_SetLineWidth(HPDF_Page page, HPDF_REAL line_width)
{
    HPDF_STATUS st;
    if (line_width < 0 ||
        !nums_fast(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_TEXT_OBJECT, &line_width, 1,
                   " w\012", 3, &st)) {
        static real_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_SetLineWidth");
        return f ? f(page, line_width) : HPDF_INVALID_OPERATION;
    }
    if (st != HPDF_OK) return st;
    ((HPDF_PageAttr)page->attr)->gstate->line_width = line_width;
    return HPDF_OK;
}

typedef HPDF_STATUS (*cap_fn)(HPDF_Page, HPDF_LineCap);

/* "0 J\n".."2 J\n": libharu's IToA of a one-digit number. */
__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_SetLineCap(HPDF_Page page, HPDF_LineCap line_cap)
{
    if ((unsigned)line_cap >= (unsigned)HPDF_LINECAP_EOF ||
        !page_ok(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_TEXT_OBJECT)) {
        static cap_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_SetLineCap");
        return f ? f(page, line_cap) : HPDF_INVALID_OPERATION;
    }
    const char buf[4] = {(char)('0' + (int)line_cap), ' ', 'J', '\012'};
    HPDF_STATUS st = op_write(page, buf, sizeof buf);
    if (st != HPDF_OK) return st;
    ((HPDF_PageAttr)page->attr)->gstate->line_cap = line_cap;
    return HPDF_OK;
}

/* The operators without operands: the fixed text, the modes libharu's
 * CheckState takes, and the state each sets after writing. */
enum op0_kind { OP0_BT, OP0_ET, OP0_S, OP0_F, OP0_B, OP0_H };

typedef HPDF_STATUS (*page_fn)(HPDF_Page);

__attribute__((no_sanitize("alignment")))
static HPDF_STATUS op0(HPDF_Page page, enum op0_kind k)
{
    static const struct {
        const char *name, *text;
        unsigned mask;
    } ops[] = {
        [OP0_BT] = {"HPDF_Page_BeginText", "BT\012", HPDF_GMODE_PAGE_DESCRIPTION},
        [OP0_ET] = {"HPDF_Page_EndText", "ET\012", HPDF_GMODE_TEXT_OBJECT},
        [OP0_S] = {"HPDF_Page_Stroke", "S\012", HPDF_GMODE_PATH_OBJECT | HPDF_GMODE_CLIPPING_PATH},
        [OP0_F] = {"HPDF_Page_Fill", "f\012", HPDF_GMODE_PATH_OBJECT | HPDF_GMODE_CLIPPING_PATH},
        [OP0_B] = {"HPDF_Page_FillStroke", "B\012",
                   HPDF_GMODE_PATH_OBJECT | HPDF_GMODE_CLIPPING_PATH},
        [OP0_H] = {"HPDF_Page_ClosePath", "h\012", HPDF_GMODE_PATH_OBJECT},
    };
    static page_fn fns[sizeof ops / sizeof ops[0]];
    if (!page_ok(page, ops[k].mask)) {
        if (!fns[k]) *(void **)&fns[k] = libharu_fn(ops[k].name);
        return fns[k] ? fns[k](page) : HPDF_INVALID_OPERATION;
    }
    const char *t = ops[k].text;
    HPDF_STATUS st = op_write(page, t, t[2] ? 3 : 2);
    if (st != HPDF_OK) return st;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    const HPDF_Point origin = {0, 0};   /* libharu's INIT_POS */
    switch (k) {
    case OP0_BT: {
        const HPDF_TransMatrix identity = {1, 0, 0, 1, 0, 0};
        attr->gmode = HPDF_GMODE_TEXT_OBJECT;
        attr->text_pos = origin;
        attr->text_matrix = identity;
        break;
    }
    case OP0_ET:
        attr->text_pos = origin;
        attr->gmode = HPDF_GMODE_PAGE_DESCRIPTION;
        break;
    case OP0_S:
    case OP0_F:
    case OP0_B:
        attr->gmode = HPDF_GMODE_PAGE_DESCRIPTION;
        attr->cur_pos = origin;
        break;
    case OP0_H:
        attr->cur_pos = attr->str_pos;
        break;
    }
    return HPDF_OK;
}

HPDF_STATUS HPDF_Page_BeginText(HPDF_Page page)
{
    return op0(page, OP0_BT);
}

HPDF_STATUS HPDF_Page_EndText(HPDF_Page page)
{
    return op0(page, OP0_ET);
}

HPDF_STATUS HPDF_Page_Stroke(HPDF_Page page)
{
    return op0(page, OP0_S);
}

HPDF_STATUS HPDF_Page_Fill(HPDF_Page page)
{
    return op0(page, OP0_F);
}

HPDF_STATUS HPDF_Page_FillStroke(HPDF_Page page)
{
    return op0(page, OP0_B);
}

HPDF_STATUS HPDF_Page_ClosePath(HPDF_Page page)
{
    return op0(page, OP0_H);
}

/* q: libharu's order, the new graphics state first (HPDF_GState_New
 * raises the depth limit's error itself), then the write. */
__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_GSave(HPDF_Page page)
{
    if (!page_ok(page, HPDF_GMODE_PAGE_DESCRIPTION)) {
        static page_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_GSave");
        return f ? f(page) : HPDF_INVALID_OPERATION;
    }
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    HPDF_GState g = HPDF_GState_New(page->mmgr, attr->gstate);
    if (!g) return HPDF_CheckError(page->error);
    HPDF_STATUS st = op_write(page, "q\012", 2);
    if (st != HPDF_OK) return st;   /* libharu's leaks g too: the pool frees it */
    attr->gstate = g;
    return HPDF_OK;
}

/* Q: without a saved state, libharu's (its error). */
__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Page_GRestore(HPDF_Page page)
{
    if (!page_ok(page, HPDF_GMODE_PAGE_DESCRIPTION) ||
        !((HPDF_PageAttr)page->attr)->gstate->prev) {
        static page_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Page_GRestore");
        return f ? f(page) : HPDF_INVALID_OPERATION;
    }
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    attr->gstate = HPDF_GState_Free(page->mmgr, attr->gstate);
    return op_write(page, "Q\012", 2);
}

/* Tf with a font the page already has: its resource name found as
 * libharu's HPDF_Dict_GetKeyByObj finds it (the first element whose value,
 * or a proxy's object, is the font), written as WriteEscapeName writes a
 * name needing no escapes, then the size, in one write. A font new to the
 * page (libharu adds it to the page's resources), a name with a byte to
 * escape, a size libharu refuses (or a NaN), a font of another document,
 * or any state CheckState or Font_Validate would refuse goes to
 * libharu's. */
typedef HPDF_STATUS (*font_fn)(HPDF_Page, HPDF_Font, HPDF_REAL);

__attribute__((no_sanitize("alignment")))
static const char *page_font_name(HPDF_PageAttr attr, HPDF_Font font)
{
    if (!attr->fonts || !attr->fonts->list) return NULL;
    HPDF_List l = attr->fonts->list;
    for (HPDF_UINT i = 0; i < l->count; i++) {
        HPDF_DictElement e = (HPDF_DictElement)l->obj[i];
        HPDF_Obj_Header *h = (HPDF_Obj_Header *)e->value;
        if (h->obj_class == HPDF_OCLASS_PROXY ? ((HPDF_Proxy)e->value)->obj == font
                                              : e->value == font)
            return e->key;
    }
    return NULL;
}

__attribute__((no_sanitize("alignment")))
static int font_fast(HPDF_Page page, HPDF_Font font, HPDF_REAL size, HPDF_STATUS *st)
{
    if (!page_ok(page, HPDF_GMODE_PAGE_DESCRIPTION | HPDF_GMODE_TEXT_OBJECT)) return 0;
    if (!font || !font->attr || font->header.obj_class != (HPDF_OSUBCLASS_FONT | HPDF_OCLASS_DICT))
        return 0;
    if (!(size > 0 && size <= HPDF_MAX_FONTSIZE) || page->mmgr != font->mmgr) return 0;
    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    const char *name = page_font_name(attr, font);
    if (!name) return 0;
    /* "/" + name + " " + size + " Tf\n" */
    char buf[1 + HPDF_LIMIT_MAX_NAME_LEN + 1 + FTOA_MAX_LEN + 4];
    char *s = buf;
    *s++ = '/';
    size_t len = strnlen(name, HPDF_LIMIT_MAX_NAME_LEN);
    for (size_t i = 0; i < len; i++) {
        HPDF_BYTE c = (HPDF_BYTE)name[i];
        if (byte_class[c] & CLS_ESCAPE) return 0;
        *s++ = (char)c;
    }
    *s++ = ' ';
    s = put_num(s, size);
    memcpy(s, " Tf\012", 4);
    s += 4;
    *st = op_write(page, buf, (size_t)(s - buf));
    if (*st != HPDF_OK) return 1;
    attr->gstate->font = font;
    attr->gstate->font_size = size;
    attr->gstate->writing_mode = ((HPDF_FontAttr)font->attr)->writing_mode;
    return 1;
}

HPDF_STATUS HPDF_Page_SetFontAndSize(HPDF_Page page, HPDF_Font font, HPDF_REAL size)
{
    HPDF_STATUS st;
    if (font_fast(page, font, size, &st)) return st;
    static font_fn f;
    if (!f) *(void **)&f = libharu_fn("HPDF_Page_SetFontAndSize");
    return f ? f(page, font, size) : HPDF_INVALID_OPERATION;
}

/* v in decimal at s (libharu's IToA for 0 <= v <= HPDF_LIMIT_MAX_INT, the
 * only values the xref writer gives it); returns the end, no NUL. */
static char *put_uint(char *s, HPDF_UINT32 v)
{
    char t[10];
    char *e = t + sizeof t;
    while (v >= 100) {
        e -= 2;
        memcpy(e, digit_pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        e -= 2;
        memcpy(e, digit_pairs + 2 * v, 2);
    } else {
        *--e = (char)('0' + v);
    }
    size_t n = (size_t)(t + sizeof t - e);
    memcpy(s, e, n);
    return s + n;
}

/* v zero-padded to exactly n digits (libharu's IToA2 with len n + 1, for
 * a v of at most n digits). */
static char *put_padded(char *s, HPDF_UINT32 v, unsigned n)
{
    unsigned i = n;
    for (; i >= 2; i -= 2) {
        memcpy(s + i - 2, digit_pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (i) s[0] = (char)('0' + v % 10);
    return s + n;
}

/* HPDF_Xref_WriteToStream (every object of every document, and the
 * cross-reference table: ~8,000 objects at 5 municipalities) writes each
 * object's "id gen obj\n" through IToA, StrCpy and WriteStr's strlen, and
 * each 20-byte table line the same way, one write a line. Ours writes the
 * same bytes: an object's closing "\nendobj\n" and the next one's header
 * in one write (the next object's offset is the stream's size after the
 * first eight), the table lines a few hundred to a write, and the
 * trailer by libharu's own steps (WriteTrailer is static in libharu:
 * Dict_AddNumber "Size" and "Prev", Dict_Write, WriteUInt). The entries
 * are read as libharu reads them, count and array afresh for each object:
 * a font's before-write hook adds its descriptor to the xref while the
 * objects are being written. An encrypted document, or an xref with ids
 * past IToA's range, goes to libharu's function. */
typedef HPDF_STATUS (*xref_fn)(HPDF_Xref, HPDF_Stream, HPDF_Encrypt);

__attribute__((no_sanitize("alignment")))
static int xref_plain(HPDF_Xref xref)
{
    for (HPDF_Xref x = xref; x; x = x->prev)
        if (!x->entries || x->entries->count > (HPDF_UINT)HPDF_LIMIT_MAX_INT - x->start_offset)
            return 0;
    return 1;
}

__attribute__((no_sanitize("alignment")))
static HPDF_STATUS xref_objects(HPDF_Xref x, HPDF_Stream stream)
{
    /* "\nendobj\n" and "id gen obj\n" */
    char buf[8 + 10 + 1 + 5 + 5];
    size_t pending = 0;   /* bytes of buf before the header: 8 after an object */
    for (HPDF_UINT i = x->start_offset == 0 ? 1 : 0; i < x->entries->count; i++) {
        HPDF_XrefEntry entry = (HPDF_XrefEntry)x->entries->obj[i];
        HPDF_UINT32 obj_id = x->start_offset + i;
        char *p = buf + pending;
        p = put_uint(p, obj_id);
        *p++ = ' ';
        p = put_uint(p, entry->gen_no);
        memcpy(p, " obj\012", 5);
        p += 5;
        entry->byte_offset = stream->size + (HPDF_UINT)pending;
        HPDF_STATUS ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
        if (ret != HPDF_OK) return ret;
        if ((ret = HPDF_Obj_WriteValue(entry->obj, stream, NULL)) != HPDF_OK) return ret;
        memcpy(buf, "\012endobj\012", 8);
        pending = 8;
    }
    if (pending) return HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, 8);
    return HPDF_OK;
}

#define XREF_LINE 20   /* "0000000000 00000 n\r\n" */

__attribute__((no_sanitize("alignment")))
static HPDF_STATUS xref_table(HPDF_Xref x, HPDF_Stream stream)
{
    char buf[256 * XREF_LINE];
    x->addr = stream->size;
    char *p = buf;
    memcpy(p, "xref\012", 5);
    p = put_uint(p + 5, x->start_offset);
    *p++ = ' ';
    p = put_uint(p, x->entries->count);
    *p++ = '\012';
    HPDF_STATUS ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
    if (ret != HPDF_OK) return ret;
    p = buf;
    for (HPDF_UINT i = 0; i < x->entries->count; i++) {
        HPDF_XrefEntry entry = (HPDF_XrefEntry)x->entries->obj[i];
        HPDF_UINT32 off = entry->byte_offset;
        if (off > HPDF_LIMIT_MAX_INT) off = HPDF_LIMIT_MAX_INT;   /* IToA2's clamp */
        p = put_padded(p, off, HPDF_BYTE_OFFSET_LEN);
        *p++ = ' ';
        p = put_padded(p, entry->gen_no, HPDF_GEN_NO_LEN);
        *p++ = ' ';
        *p++ = entry->entry_typ;
        *p++ = '\015';   /* Acrobat 8.15 wants \r\n, libharu says */
        *p++ = '\012';
        if (p == buf + sizeof buf || i + 1 == x->entries->count) {
            ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, (HPDF_UINT)(p - buf));
            if (ret != HPDF_OK) return ret;
            p = buf;
        }
    }
    return HPDF_OK;
}

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Xref_WriteToStream(HPDF_Xref xref, HPDF_Stream stream, HPDF_Encrypt e)
{
    if (e || !xref || !stream || !xref_plain(xref)) {
        static xref_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Xref_WriteToStream");
        return f ? f(xref, stream, e) : HPDF_INVALID_OPERATION;
    }
    HPDF_STATUS ret;
    for (HPDF_Xref x = xref; x; x = x->prev)
        if ((ret = xref_objects(x, stream)) != HPDF_OK) return ret;
    for (HPDF_Xref x = xref; x; x = x->prev)
        if ((ret = xref_table(x, stream)) != HPDF_OK) return ret;
    /* libharu's WriteTrailer */
    if ((ret = HPDF_Dict_AddNumber(xref->trailer, "Size",
                                   (HPDF_INT32)(xref->entries->count + xref->start_offset))) !=
        HPDF_OK)
        return ret;
    if (xref->prev &&
        (ret = HPDF_Dict_AddNumber(xref->trailer, "Prev", (HPDF_INT32)xref->prev->addr)) != HPDF_OK)
        return ret;
    if ((ret = HPDF_Stream_WriteStr(stream, "trailer\012")) != HPDF_OK) return ret;
    if ((ret = HPDF_Dict_Write(xref->trailer, stream, NULL)) != HPDF_OK) return ret;
    if ((ret = HPDF_Stream_WriteStr(stream, "\012startxref\012")) != HPDF_OK) return ret;
    if ((ret = HPDF_Stream_WriteUInt(stream, xref->addr)) != HPDF_OK) return ret;
    return HPDF_Stream_WriteStr(stream, "\012%%EOF\012");
}

/* HPDF_Font_TextWidth (every width the layout measures: rd_width, the
 * wrapping, right and centred text) goes through a function pointer to
 * the TrueType font's TextWidth, which calls CharWidth a byte. Ours sums
 * the same widths[] in one loop, as show_fast above does, when the font
 * is a valid single-byte TrueType one whose used[] marks every byte of
 * the text (so CharWidth would only read widths[]); numchars, numwords
 * and numspace by TextWidth's rules (a white-space byte counts as a space
 * and ends a word; a last byte that is not white space ends one more; an
 * empty text has no word, libharu's b = 0 being white space). Anything
 * else, before anything is marked, goes to libharu's. */
typedef HPDF_TextWidth (*width_fn)(HPDF_Font, const HPDF_BYTE *, HPDF_UINT);

__attribute__((no_sanitize("alignment")))
static int width_fast(HPDF_Font font, const HPDF_BYTE *text, HPDF_UINT len, HPDF_TextWidth *tw)
{
    if (!font || !font->attr || font->header.obj_class != (HPDF_OSUBCLASS_FONT | HPDF_OCLASS_DICT) ||
        len > HPDF_LIMIT_MAX_STRING_LEN || (len && !text))
        return 0;
    HPDF_FontAttr fa = (HPDF_FontAttr)font->attr;
    if (fa->type != HPDF_FONT_TRUETYPE || !fa->text_width_fn || !fa->widths || !fa->used)
        return 0;
    const HPDF_BYTE *used = fa->used;
    const HPDF_INT16 *widths = fa->widths;
    HPDF_UINT width = 0, numspace = 0;
    for (HPDF_UINT i = 0; i < len; i++) {
        HPDF_BYTE b = text[i];
        if (!used[b]) return 0;
        width += (HPDF_UINT)widths[b];
        numspace += byte_class[b] >> 1;
    }
    tw->numchars = len;
    tw->width = width;
    tw->numspace = numspace;
    tw->numwords = numspace + (len && !(byte_class[text[len - 1]] & CLS_SPACE));
    return 1;
}

HPDF_TextWidth HPDF_Font_TextWidth(HPDF_Font font, const HPDF_BYTE *text, HPDF_UINT len)
{
    HPDF_TextWidth tw;
    if (width_fast(font, text, len, &tw)) return tw;
    static width_fn f;
    if (!f) *(void **)&f = libharu_fn("HPDF_Font_TextWidth");
    if (f) return f(font, text, len);
    HPDF_TextWidth none = {0, 0, 0, 0};
    return none;
}

/* HPDF_Stream_WriteBinary (the hexadecimal of every binary object: 3,600
 * of them, 26 M instructions in a 100-municipality run) turns a byte into
 * two digits by two comparisons each and writes 256 digits at a time.
 * Ours looks each byte's two digits up (libharu's: upper case) and writes
 * 2,048 at a time: the same bytes. An encrypted document goes to
 * libharu's function. */
#define HEX2(b) "0123456789ABCDEF"[(b) >> 4], "0123456789ABCDEF"[(b) & 15]
#define HEX2x4(b) HEX2(b), HEX2((b) + 1), HEX2((b) + 2), HEX2((b) + 3)
#define HEX2x16(b) HEX2x4(b), HEX2x4((b) + 4), HEX2x4((b) + 8), HEX2x4((b) + 12)
#define HEX2x64(b) HEX2x16(b), HEX2x16((b) + 16), HEX2x16((b) + 32), HEX2x16((b) + 48)
static const char hex_pairs[512] = {HEX2x64(0), HEX2x64(64), HEX2x64(128), HEX2x64(192)};

typedef HPDF_STATUS (*binary_fn)(HPDF_Stream, const HPDF_BYTE *, HPDF_UINT, HPDF_Encrypt);

HPDF_STATUS HPDF_Stream_WriteBinary(HPDF_Stream stream, const HPDF_BYTE *data, HPDF_UINT len,
                                    HPDF_Encrypt e)
{
    if (e || (len && !data)) {
        static binary_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Stream_WriteBinary");
        return f ? f(stream, data, len, e) : HPDF_INVALID_OPERATION;
    }
    char buf[2048];
    HPDF_UINT idx = 0;
    HPDF_STATUS ret = HPDF_OK;
    for (HPDF_UINT i = 0; i < len; i++) {
        memcpy(buf + idx, hex_pairs + 2 * data[i], 2);
        idx += 2;
        if (idx == sizeof buf) {
            if ((ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, idx)) != HPDF_OK) return ret;
            idx = 0;
        }
    }
    if (idx > 0) ret = HPDF_Stream_Write(stream, (const HPDF_BYTE *)buf, idx);
    return ret;
}

/* HPDF_Dict_Write (every dictionary of every document: pages, fonts,
 * annotations, the structure tree's ~1,000 elements per management
 * report) writes "<<\n", then per entry the key through WriteEscapeName,
 * a space through WriteChar, the value through Obj_Write and "\n" through
 * WriteStr, then ">>": five writes and two strlen an entry. Ours puts the
 * same bytes into one buffer: the keys escaped as WriteEscapeName escapes
 * them, references ("id gen R"), integers (IToA's clamp to +-2147483647),
 * names, reals (our FToA), booleans and nulls as libharu's writers write
 * them; any other value (a string, a binary, an array, a dictionary, a
 * NaN real) after a flush, by libharu's HPDF_Obj_WriteValue. The buffer is
 * flushed before every hook (before-write, write, after-write) and before
 * the stream part, which follows libharu's steps and calls exactly (the
 * /Filter array, /Length, WriteToStream). An encrypted document goes to
 * libharu's function. */
typedef HPDF_STATUS (*dict_write_fn)(HPDF_Dict, HPDF_Stream, HPDF_Encrypt);

#define DW_BUF 2048
/* Room an entry of the fast kinds needs: "/" + a key of
 * HPDF_LIMIT_MAX_NAME_LEN bytes escaped (3 each) + " " + a name value as
 * long + "\n". */
#define DW_ENTRY (2 * (1 + 3 * HPDF_LIMIT_MAX_NAME_LEN) + 2)

typedef struct {
    HPDF_Stream s;
    size_t n;
    char b[DW_BUF];
} dw_out;

static HPDF_STATUS dw_flush(dw_out *o)
{
    if (!o->n) return HPDF_OK;
    HPDF_STATUS ret = HPDF_Stream_Write(o->s, (const HPDF_BYTE *)o->b, (HPDF_UINT)o->n);
    o->n = 0;
    return ret;
}

/* "/" and value, escaped as HPDF_Stream_WriteEscapeName does. */
static char *put_name(char *p, const char *value)
{
    size_t len = strnlen(value, HPDF_LIMIT_MAX_NAME_LEN);
    *p++ = '/';
    for (size_t i = 0; i < len; i++) {
        HPDF_BYTE c = (HPDF_BYTE)value[i];
        if (byte_class[c] & CLS_ESCAPE) {
            *p++ = '#';
            memcpy(p, hex_pairs + 2 * c, 2);
            p += 2;
        } else {
            *p++ = (char)c;
        }
    }
    return p;
}

/* HPDF_IToA's text of an HPDF_INT32. */
static char *put_int(char *p, HPDF_INT32 v)
{
    if (v < 0) {
        *p++ = '-';
        return put_uint(p, v < -HPDF_LIMIT_MAX_INT ? (HPDF_UINT32)HPDF_LIMIT_MAX_INT
                                                   : (HPDF_UINT32)-v);
    }
    return put_uint(p, (HPDF_UINT32)v);
}

/* The value at p when it is of a kind written here; NULL when not. */
__attribute__((no_sanitize("alignment")))
static char *put_simple_value(char *p, void *value)
{
    HPDF_Obj_Header *h = (HPDF_Obj_Header *)value;
    if (h->obj_class == HPDF_OCLASS_PROXY) {
        const HPDF_Obj_Header *t = (const HPDF_Obj_Header *)((HPDF_Proxy)value)->obj;
        p = put_uint(p, t->obj_id & 0x00FFFFFF);
        *p++ = ' ';
        p = put_uint(p, t->gen_no);
        memcpy(p, " R", 2);
        return p + 2;
    }
    switch (h->obj_class & HPDF_OCLASS_ANY) {
    case HPDF_OCLASS_NUMBER:
        return put_int(p, ((HPDF_Number)value)->value);
    case HPDF_OCLASS_NAME:
        return put_name(p, ((HPDF_Name)value)->value);
    case HPDF_OCLASS_REAL: {
        HPDF_REAL r = ((HPDF_Real)value)->value;
        return isnan(r) ? NULL : put_num(p, r);
    }
    case HPDF_OCLASS_BOOLEAN:
        if (((HPDF_Boolean)value)->value) {
            memcpy(p, "true", 4);
            return p + 4;
        }
        memcpy(p, "false", 5);
        return p + 5;
    case HPDF_OCLASS_NULL:
        memcpy(p, "null", 4);
        return p + 4;
    default:
        return NULL;
    }
}

/* Exported by libharu 2.3.0, declared in none of its headers. */
HPDF_STATUS HPDF_Dict_Add_FilterParams(HPDF_Dict dict, HPDF_Dict filterParam);

/* libharu's /Filter step for a stream dictionary, call for call. */
__attribute__((no_sanitize("alignment")))
static HPDF_STATUS dw_filter(HPDF_Dict dict)
{
    if (dict->filter == HPDF_STREAM_FILTER_NONE) {
        HPDF_Dict_RemoveElement(dict, "Filter");
        return HPDF_OK;
    }
    HPDF_Array array = HPDF_Dict_GetItem(dict, "Filter", HPDF_OCLASS_ARRAY);
    if (!array) {
        array = HPDF_Array_New(dict->mmgr);
        if (!array) return HPDF_Error_GetCode(dict->error);
        HPDF_STATUS ret = HPDF_Dict_Add(dict, "Filter", array);
        if (ret != HPDF_OK) return ret;
    }
    HPDF_Array_Clear(array);
    if (dict->filter & HPDF_STREAM_FILTER_FLATE_DECODE) HPDF_Array_AddName(array, "FlateDecode");
    if (dict->filter & HPDF_STREAM_FILTER_DCT_DECODE) HPDF_Array_AddName(array, "DCTDecode");
    if (dict->filter & HPDF_STREAM_FILTER_CCITT_DECODE) HPDF_Array_AddName(array, "CCITTFaxDecode");
    if (dict->filterParams != NULL) HPDF_Dict_Add_FilterParams(dict, dict->filterParams);
    return HPDF_OK;
}

__attribute__((no_sanitize("alignment")))
HPDF_STATUS HPDF_Dict_Write(HPDF_Dict dict, HPDF_Stream stream, HPDF_Encrypt e)
{
    if (e || !dict || !stream || !dict->list) {
        static dict_write_fn f;
        if (!f) *(void **)&f = libharu_fn("HPDF_Dict_Write");
        return f ? f(dict, stream, e) : HPDF_INVALID_OPERATION;
    }
    dw_out o;
    o.s = stream;
    memcpy(o.b, "<<\012", 3);
    o.n = 3;
    HPDF_STATUS ret;
    if (dict->before_write_fn) {
        if ((ret = dw_flush(&o)) != HPDF_OK) return ret;
        if ((ret = dict->before_write_fn(dict)) != HPDF_OK) return ret;
    }
    if (dict->stream && (ret = dw_filter(dict)) != HPDF_OK) return ret;
    for (HPDF_UINT i = 0; i < dict->list->count; i++) {
        HPDF_DictElement el = (HPDF_DictElement)dict->list->obj[i];
        HPDF_Obj_Header *h = (HPDF_Obj_Header *)el->value;
        if (!el->value) {
            if ((ret = dw_flush(&o)) != HPDF_OK) return ret;
            return HPDF_SetError(dict->error, HPDF_INVALID_OBJECT, 0);
        }
        if (h->obj_id & HPDF_OTYPE_HIDDEN) continue;
        if (o.n > DW_BUF - DW_ENTRY && (ret = dw_flush(&o)) != HPDF_OK) return ret;
        char *p = put_name(o.b + o.n, el->key);
        *p++ = ' ';
        char *end = put_simple_value(p, el->value);
        if (end) {
            *end++ = '\012';
            o.n = (size_t)(end - o.b);
            continue;
        }
        o.n = (size_t)(p - o.b);
        if ((ret = dw_flush(&o)) != HPDF_OK) return ret;
        if ((ret = HPDF_Obj_WriteValue(el->value, stream, NULL)) != HPDF_OK) return ret;
        o.b[0] = '\012';
        o.n = 1;
    }
    if (dict->write_fn) {
        if ((ret = dw_flush(&o)) != HPDF_OK) return ret;
        if ((ret = dict->write_fn(dict, stream)) != HPDF_OK) return ret;
    }
    memcpy(o.b + o.n, ">>", 2);
    o.n += 2;
    if (dict->stream) {
        HPDF_Number length = (HPDF_Number)HPDF_Dict_GetItem(dict, "Length", HPDF_OCLASS_NUMBER);
        if (!length || !(length->header.obj_id & HPDF_OTYPE_INDIRECT)) {
            if ((ret = dw_flush(&o)) != HPDF_OK) return ret;
            return HPDF_SetError(dict->error,
                                 length ? HPDF_DICT_ITEM_UNEXPECTED_TYPE
                                        : HPDF_DICT_STREAM_LENGTH_NOT_FOUND,
                                 0);
        }
        memcpy(o.b + o.n, "\012stream\015\012", 9);   /* \r\n for Acrobat 8.15, libharu says */
        o.n += 9;
        if ((ret = dw_flush(&o)) != HPDF_OK) return ret;
        HPDF_UINT32 strptr = stream->size;
        if ((ret = HPDF_Stream_WriteToStream(dict->stream, stream, dict->filter, NULL)) != HPDF_OK)
            return ret;
        HPDF_Number_SetValue(length, (HPDF_INT32)(stream->size - strptr));
        ret = HPDF_Stream_WriteStr(stream, "\012endstream");
    } else if ((ret = dw_flush(&o)) != HPDF_OK) {
        return ret;
    }
    /* after "\nendstream" libharu calls it whatever that write returned,
     * and returns its status */
    if (dict->after_write_fn) ret = dict->after_write_fn(dict);
    return ret;
}
