/* report_draw.c - drawing primitives of the PDF report (see report_draw.h).
 * Every libharu failure goes through rd_error_handler, which longjmps to the
 * single error branch in report_render_pdf; our own allocation failures take
 * the same road through rd_oom, so no function here returns an error. */
#include "report_draw.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "pdf_font.h"
#include "pdf_num.h"
#include "report.h"
#include "text.h"

rd_rgb rd_hex(unsigned long hex)
{
    rd_rgb c;
    c.r = (float)((hex >> 16) & 0xff) / 255.0f;
    c.g = (float)((hex >> 8) & 0xff) / 255.0f;
    c.b = (float)(hex & 0xff) / 255.0f;
    return c;
}

void rd_error_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no,
                      void *user_data)
{
    rd_fail *f = user_data;
    f->error_no = (unsigned long)error_no;
    f->detail_no = (unsigned long)detail_no;
    /* Nothing between libharu's failed malloc and this call touches errno
     * (libharu's own code, memcpy); report_render_doc clears it first. */
    f->enomem = errno == ENOMEM;
    longjmp(f->jb, 1);
}

_Noreturn void rd_oom(rd_ctx *c)
{
    c->fail.oom = 1;
    longjmp(c->fail.jb, 1);
}

_Noreturn void rd_hpdf_fail(rd_ctx *c)
{
    HPDF_STATUS eno = c->pdf ? HPDF_GetError(c->pdf) : HPDF_OK;
    c->fail.error_no = (unsigned long)(eno != HPDF_OK ? eno : HPDF_INVALID_OBJECT);
    c->fail.detail_no = c->pdf ? (unsigned long)HPDF_GetErrorDetail(c->pdf) : 0;
    c->fail.enomem = errno == ENOMEM;
    longjmp(c->fail.jb, 1);
}

void *rd_must(rd_ctx *c, void *p)
{
    if (!p) rd_hpdf_fail(c);
    return p;
}

void rd_check_buf(rd_ctx *c, tb_buf *b)
{
    if (!b->failed) return;
    tb_buf_fini(b);
    rd_oom(c);
}

/* Jumps to the error branch for a tagging or metadata failure. */
static void tag_ok(rd_ctx *c, unsigned long rc)
{
    if (rc == 0) return;
    if (rc == PT_ENOMEM) rd_oom(c);
    c->fail.error_no = rc;
    c->fail.detail_no = c->pdf ? (unsigned long)HPDF_GetErrorDetail(c->pdf) : 0;
    c->fail.enomem = errno == ENOMEM;
    longjmp(c->fail.jb, 1);
}

/* Consecutive texts share one text object (BT ... ET): a BT, an ET and
 * a longer absolute Td per text were ~6 % of a report's page-stream bytes.
 * Their marked-content sequences sit inside it, each whole (pdf_tag.h).
 * The object stays open until something that cannot go inside one is
 * drawn (a path, a figure, a footer) or the page changes: text_end. */

/* Ends the open text object, wherever it is (c->page may have moved on). */
static void text_end(rd_ctx *c)
{
    if (!c->text_page) return;
    tag_ok(c, pt_mc_flush(&c->tag));   /* an artifact begun inside it */
    if (HPDF_Page_EndText(c->text_page) != HPDF_OK) rd_hpdf_fail(c);
    c->text_page = NULL;
}

/* The page in page-description mode with no artifact sequence pending:
 * before a figure, a footer, a new page, the end of the document. */
static void settle(rd_ctx *c)
{
    text_end(c);
    tag_ok(c, pt_mc_flush(&c->tag));
}

void rd_ctx_fini(rd_ctx *c)
{
    for (size_t i = 0; i < RD_NSCRATCH; i++) free(c->scratch[i]);
    for (size_t i = 0; i < RD_NINFO; i++) free(c->info[i]);
    free(c->icc);
    free(c->font_file);
    tb_buf_fini(&c->font_trim);
    pt_free(&c->tag);
    tb_buf_fini(&c->alt);
    free(c->pages);
    free(c->wrap_text);
    free(c->wrap_line);
    memset(c, 0, sizeof *c);
}

/* Reads a whole file into *buf (context-owned: freed by rd_ctx_fini, or
 * replaced by the next call with the same buffer). A missing or unreadable
 * file is a broken installation (scripts/deps.sh installs them): libharu's
 * file error. */
static size_t rd_read_file(rd_ctx *c, const char *path, unsigned char **buf)
{
    FILE *f = fopen(path, "rb");
    if (!f) tag_ok(c, HPDF_FILE_OPEN_ERROR);
    size_t cap = 1u << 16, len = 0;
    free(*buf);
    *buf = malloc(cap);
    for (;;) {
        if (!*buf) {
            fclose(f);
            rd_oom(c);
        }
        size_t n = fread(*buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
        if (len == cap) {
            unsigned char *p = realloc(*buf, cap * 2);
            if (!p) {
                free(*buf);
                *buf = NULL;
                continue;
            }
            *buf = p;
            cap *= 2;
        }
    }
    int bad = ferror(f) || len < 128;
    fclose(f);
    if (bad) tag_ok(c, HPDF_FILE_IO_ERROR);
    return len;
}

static const char *const font_files[2] = {
    RD_FONT_DIR "/LiberationSans-Regular.ttf",
    RD_FONT_DIR "/LiberationSans-Bold.ttf"};

/* The whole file at path, malloc'ed into *buf (NULL on failure). Returns
 * its length, 0 when it cannot be read (or is under 128 bytes, as
 * rd_read_file refuses). */
static size_t slurp(const char *path, unsigned char **buf)
{
    *buf = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t cap = 1u << 16, len = 0;
    unsigned char *b = malloc(cap);
    while (b) {
        size_t n = fread(b + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
        if (len == cap) {
            unsigned char *p = realloc(b, cap * 2);
            if (!p) {
                free(b);
                b = NULL;
                break;
            }
            b = p;
            cap *= 2;
        }
    }
    int bad = !b || ferror(f) || len < 128;
    fclose(f);
    if (bad) {
        free(b);
        return 0;
    }
    *buf = b;
    return len;
}

struct rd_assets *rd_assets_new(void)
{
    struct rd_assets *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    int ok = 1;
    for (int i = 0; i < 2 && ok; i++) {
        unsigned char *ttf;
        size_t n = slurp(font_files[i], &ttf);
        tb_buf_init(&a->font[i]);
        ok = n > 0 && pf_trim(ttf, n, &a->font[i]) == 0 && !a->font[i].failed;
        free(ttf);
    }
    if (ok) ok = (a->icc_len = slurp(RD_ICC_PATH, &a->icc)) > 0;
    if (!ok) {
        rd_assets_free(a);
        return NULL;
    }
    return a;
}

void rd_assets_free(struct rd_assets *a)
{
    if (!a) return;
    for (int i = 0; i < 2; i++) tb_buf_fini(&a->font[i]);
    free(a->icc);
    free(a);
}

static void rd_load_icc(rd_ctx *c)
{
    if (!c->assets) {
        c->icc_len = rd_read_file(c, RD_ICC_PATH, &c->icc);
        return;
    }
    c->icc = malloc(c->assets->icc_len);
    if (!c->icc) rd_oom(c);
    memcpy(c->icc, c->assets->icc, c->assets->icc_len);
    c->icc_len = c->assets->icc_len;
}

/* Loads embedded font i: the run's trimmed copy, or the file, trimmed
 * (pdf_font.h), into the document. */
static HPDF_Font rd_load_font(rd_ctx *c, int i)
{
    const tb_buf *trim = c->assets ? &c->assets->font[i] : &c->font_trim;
    if (!c->assets) {
        size_t n = rd_read_file(c, font_files[i], &c->font_file);
        c->font_trim.len = 0;
        if (pf_trim(c->font_file, n, &c->font_trim) != 0) {
            if (c->font_trim.failed) rd_oom(c);
            tag_ok(c, HPDF_TTF_INVALID_FOMAT);
        }
    }
    const char *name = pf_load(c->pdf, (const unsigned char *)trim->data, trim->len);
    if (!name) rd_hpdf_fail(c);
    HPDF_Font font = rd_must(c, HPDF_GetFont(c->pdf, name, "WinAnsiEncoding"));
    /* libharu embeds the glyphs a document measured or showed, and names,
     * figures and comments differ by municipality: a 100-municipality run
     * embedded 222 distinct subsets of the two fonts, each built anew
     * (hpdf_fontsave.c) and compressed at level 6. Measured here first,
     * the repertoire the reports print (es/report.h) is in every document,
     * so every document of a run embeds the same subset of each font,
     * built and compressed once per process (hpdf_fontsave.c,
     * hpdf_deflate.c's cache): -5 % instructions at 100 municipalities,
     * -16 % for one city, for ~50 more glyphs per font in a citizen
     * summary (+12 KB; +5 % bytes over a run, README). A character outside it is
     * embedded as before, in a subset of its own. */
    const char *rep = rd_cp(c, MSG_R_FONT_REPERTOIRE);
    (void)HPDF_Font_TextWidth(font, (const HPDF_BYTE *)rep, (HPDF_UINT)strlen(rep));
    return font;
}

/* Why embedded TrueType fonts with WinAnsiEncoding: PDF/A and screen
 * readers need every font embedded with a known character mapping, and the
 * base-14 Helvetica is neither. libharu's UTF-8 path (a CID font) re-embeds
 * the whole font per document and writes a ToUnicode map poppler rejects
 * ("Invalid 'begincidrange'"); a single-byte TrueType font is subset by
 * libharu (only the glyphs used keep their outlines), keeps the
 * Windows-1252 pipeline, which holds every Spanish letter and the
 * punctuation we use (– · ± ² « »), and gets a plain bfchar ToUnicode map
 * (pm_font_tounicode). Liberation Sans has Helvetica's metrics. */
void rd_setup(rd_ctx *c)
{
    sha256_init(&c->id_hash);
    /* Before the fonts: libharu picks each font file's filter when the
     * font is loaded. */
    if (HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL) != HPDF_OK) rd_hpdf_fail(c);
    tag_ok(c, pt_init(&c->tag, c->pdf));
    c->winansi = rd_must(c, HPDF_GetEncoder(c->pdf, "WinAnsiEncoding"));
    for (int i = 0; i < 2; i++) {
        c->font[i] = rd_load_font(c, i);
        tag_ok(c, pm_font_tounicode(&c->tag, c->font[i], c->winansi));
    }
    free(c->font_file);
    c->font_file = NULL;
    tb_buf_fini(&c->font_trim);
    /* Oblique is the regular font slanted (show_cp), as Helvetica-Oblique
     * is: a third embedded font would cost ~33 KB per document. */
    c->font[RD_ITALIC] = c->font[RD_REGULAR];
    c->band_gs = rd_must(c, HPDF_CreateExtGState(c->pdf));
    if (HPDF_ExtGState_SetAlphaFill(c->band_gs, 0.22f) != HPDF_OK) rd_hpdf_fail(c);
    rd_load_icc(c);
}

HPDF_Page rd_new_page(rd_ctx *c)
{
    settle(c);   /* the page being left ends whole */
    if (c->npages == c->cappages) {
        size_t ncap = c->cappages ? c->cappages * 2 : 16;
        HPDF_Page *p = tb_reallocarray(c->pages, ncap, sizeof *p);
        if (!p) rd_oom(c);
        c->pages = p;
        c->cappages = ncap;
    }
    c->page = rd_must(c, HPDF_AddPage(c->pdf));
    if (HPDF_Page_SetSize(c->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT) != HPDF_OK)
        rd_hpdf_fail(c);
    c->pages[c->npages++] = c->page;
    c->y = RD_TOP;
    return c->page;
}

int rd_need(rd_ctx *c, float h)
{
    h += c->keep;
    c->keep = 0.0f;
    if (c->y - h >= RD_BOTTOM - 12.0f) return 0;
    rd_new_page(c);
    return 1;
}

void rd_keep_next(rd_ctx *c, float h)
{
    c->keep = h;
}

float rd_page_used(const rd_ctx *c)
{
    float used = (RD_TOP - c->y) / (RD_TOP - RD_BOTTOM);
    return used < 0.0f ? 0.0f : used > 1.0f ? 1.0f : used;
}

/* A page must never end under a third full; the engine keeps a margin
 * above that (a page ending at 0,34 still reads as empty, so a section
 * ending before 45 % is followed on the same page); the gap keeps the new
 * section visibly apart from the tail of the previous one. */
#define RD_SECTION_MIN_USED 0.45f
#define RD_SECTION_GAP 28.0f

int rd_section_break(rd_ctx *c)
{
    return rd_section_break_fit(c, 0.0f);
}

int rd_section_break_fit(rd_ctx *c, float h)
{
    if (c->npages > 0 && c->y < RD_TOP - 1.0f && rd_page_used(c) < RD_SECTION_MIN_USED &&
        c->y - RD_SECTION_GAP - h >= RD_BOTTOM - 12.0f) {
        c->y -= RD_SECTION_GAP;
        return 0;
    }
    rd_new_page(c);
    return 1;
}

void rd_set_cont_caption(rd_ctx *c, const char *utf8)
{
    snprintf(c->cont_caption, sizeof c->cont_caption, "%s", utf8 ? utf8 : "");
}

/* Grows a context-owned buffer to hold need bytes. Buffers live in the
 * context, never in locals, so a longjmp out of libharu cannot leak them. */
static char *reserve(rd_ctx *c, char **buf, size_t *cap, size_t need)
{
    if (need > *cap) {
        char *p = realloc(*buf, need);
        if (!p) rd_oom(c);
        *buf = p;
        *cap = need;
    }
    return *buf;
}

/* utf8 in Windows-1252 straight into a context buffer (the conversion
 * never lengthens), its length in *len: no copy through the heap, and
 * callers that need the length do not measure it again. */
static const char *cp_into(rd_ctx *c, char **buf, size_t *cap,
                           const char *utf8, size_t *len)
{
    const char *src = utf8 ? utf8 : "";
    size_t n = strlen(src);
    char *out = reserve(c, buf, cap, n + 1);
    *len = text_utf8_to_cp1252_buf(src, n, out);
    return out;
}

static const char *cp_len(rd_ctx *c, const char *utf8, size_t *len)
{
    unsigned k = c->next_scratch;
    c->next_scratch = (k + 1) % RD_NSCRATCH;
    return cp_into(c, &c->scratch[k], &c->scratch_cap[k], utf8, len);
}

const char *rd_cp(rd_ctx *c, const char *utf8)
{
    size_t len;
    return cp_len(c, utf8, &len);
}

static float min_size(float size)
{
    return size < RD_MIN_TEXT ? RD_MIN_TEXT : size;
}

float rd_width_cp(rd_ctx *c, rd_font_id f, float size, const char *cp,
                  size_t len)
{
    if (len == 0) return 0.0f;
    size = min_size(size);
    HPDF_TextWidth tw =
        HPDF_Font_TextWidth(c->font[f], (const HPDF_BYTE *)cp, (HPDF_UINT)len);
    return (float)tw.width * size / 1000.0f;
}

float rd_width(rd_ctx *c, rd_font_id f, float size, const char *utf8)
{
    size_t len;
    const char *cp = cp_len(c, utf8, &len);
    return rd_width_cp(c, f, size, cp, len);
}

/* A colour or font the graphics state already holds is not set again:
 * most text and cells repeat the colour and font of the one before, and
 * the repeated operators were 12 % of a report's page streams, every byte
 * formatted, copied and compressed. libharu's own record of the graphics
 * state (per page, pushed by GSave and popped by GRestore as a viewer
 * does) says what holds; a fresh page holds nothing, so its first colour
 * and font are always written. The pages draw the same. */
static int same_rgb(HPDF_RGBColor a, rd_rgb b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b;
}

/* Each channel on one of the 256 steps an 8-bit render has: page numbers
 * carry 3 decimals below 1 (hpdf_fast.c), which name every step exactly
 * but not an interpolated value (a heat-map tint) lying near the middle
 * of two, which a viewer would then round either way. The nearest step;
 * a value within 1/1000 of a step of the middle takes the lower one, as
 * libharu's five truncated decimals did once a viewer read them (the
 * heat map's stop midpoints are such values), so pages draw as before. */
static float step_of(float v)
{
    return (float)ceil((double)v * 255.0 - 0.5 - 1e-3) / 255.0f;
}

static rd_rgb on_8bit_steps(rd_ctx *c, rd_rgb col)
{
    /* the same bits give the same steps (NaN included) */
    if (c->step_known && memcmp(&col, &c->step_in, sizeof col) == 0) return c->step_out;
    rd_rgb q = {step_of(col.r), step_of(col.g), step_of(col.b)};
    c->step_known = 1;
    c->step_in = col;
    c->step_out = q;
    return q;
}

void rd_fill_color(rd_ctx *c, rd_rgb col)
{
    col = on_8bit_steps(c, col);
    if (HPDF_Page_GetFillingColorSpace(c->page) == HPDF_CS_DEVICE_RGB &&
        same_rgb(HPDF_Page_GetRGBFill(c->page), col))
        return;
    HPDF_Page_SetRGBFill(c->page, col.r, col.g, col.b);
}

void rd_stroke_color(rd_ctx *c, rd_rgb col)
{
    col = on_8bit_steps(c, col);
    if (HPDF_Page_GetStrokingColorSpace(c->page) == HPDF_CS_DEVICE_RGB &&
        same_rgb(HPDF_Page_GetRGBStroke(c->page), col))
        return;
    HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
}

void rd_line_width(rd_ctx *c, float width)
{
    /* libharu's record starts at 1, the PDF default, as a viewer's does */
    if (HPDF_Page_GetLineWidth(c->page) == width) return;
    HPDF_Page_SetLineWidth(c->page, width);
}

/* A coordinate as HPDF_FToA (hpdf_fast.c) writes it, in 1/1000 pt: 2
 * decimals from 1 up, 3 below, the float's exact value rounded half to
 * even. A Td moves from the line origin a viewer holds, the sum of what
 * was written: moving by differences of written values puts every text
 * exactly where its own absolute Td put it before, with no drift along a
 * page (differences of the floats would round each step). */
static long written_milli(float v)
{
    double a = fabs((double)v);
    long scale = pdf_num_scale(a);
    long q = pdf_num_units(a, scale) * (1000 / scale);
    return v < 0.0f ? -q : q;
}

/* A difference of written values HPDF_FToA writes back exactly: with
 * magnitude 1 or more it must be whole hundredths (an origin below 1 has
 * thousandths). */
static int exact_step(long d)
{
    return (d > -1000 && d < 1000) || d % 10 == 0;
}

/* cp is NUL-terminated at len. */
static void show_cp(rd_ctx *c, float x, float y, rd_font_id f, float size,
                    rd_rgb col, const char *cp, size_t len)
{
    size = min_size(size);
    if (!*cp) return;
    sha256_update(&c->id_hash, len + 1, (const uint8_t *)cp);
    HPDF_Page p = c->page;
    int fresh = c->text_page != p;
    if (fresh) {
        settle(c);   /* no sequence may straddle the BT */
        HPDF_Page_BeginText(p);
        c->text_page = p;
    }
    tag_ok(c, pt_mc_begin(&c->tag, p, PT_TEXT));
    /* colour is graphics state, and allowed inside a text object */
    rd_fill_color(c, col);
    /* the text font is graphics state too: it outlives ET (above) */
    if (HPDF_Page_GetCurrentFont(p) != c->font[f] ||
        HPDF_Page_GetCurrentFontSize(p) != size)
        HPDF_Page_SetFontAndSize(p, c->font[f], size);
    long wx = written_milli(x), wy = written_milli(y);
    long dx = fresh ? wx : wx - c->text_x, dy = fresh ? wy : wy - c->text_y;
    if (f == RD_ITALIC) {
        /* 12 degrees of slant, Helvetica-Oblique's. */
        HPDF_Page_SetTextMatrix(p, 1.0f, 0.0f, 0.2126f, 1.0f, x, y);
    } else if ((!fresh && c->text_slanted) || !exact_step(dx) || !exact_step(dy)) {
        /* a Td would move along the slant (or not land exactly) */
        HPDF_Page_SetTextMatrix(p, 1.0f, 0.0f, 0.0f, 1.0f, x, y);
    } else {
        /* even "0 0 Td": the text before moved the text matrix to its end,
         * and Td puts it back on the line origin */
        HPDF_Page_MoveTextPos(p, (float)dx / 1000.0f, (float)dy / 1000.0f);
    }
    c->text_x = wx;
    c->text_y = wy;
    c->text_slanted = f == RD_ITALIC;
    HPDF_Page_ShowText(p, cp);
    tag_ok(c, pt_mc_end(&c->tag, p));
    /* raw path operators may follow any text in a figure (report_draw.h) */
    if (c->tag.figure) text_end(c);
}

void rd_text(rd_ctx *c, float x, float y, rd_font_id f, float size,
             rd_rgb col, const char *utf8)
{
    size_t len;
    const char *cp = cp_len(c, utf8, &len);
    show_cp(c, x, y, f, size, col, cp, len);
}

void rd_text_right(rd_ctx *c, float x, float y, rd_font_id f, float size,
                   rd_rgb col, const char *utf8)
{
    size_t len;
    const char *cp = cp_len(c, utf8, &len);
    show_cp(c, x - rd_width_cp(c, f, size, cp, len), y, f, size, col, cp,
            len);
}

void rd_text_center(rd_ctx *c, float x, float y, rd_font_id f, float size,
                    rd_rgb col, const char *utf8)
{
    size_t len;
    const char *cp = cp_len(c, utf8, &len);
    show_cp(c, x - rd_width_cp(c, f, size, cp, len) / 2.0f, y, f, size, col,
            cp, len);
}

/* 1 when text drawn now would get a paragraph of its own: a wrapped
 * block is then one P, not one per line. */
static int wants_p(const rd_ctx *c)
{
    static const char *const groups[] = {"Document", "Sect", "L", "LI", "Table"};
    if (c->tag.figure || c->tag.artifact) return 0;
    const char *cur = pt_current(&c->tag);
    for (size_t i = 0; i < sizeof groups / sizeof groups[0]; i++)
        if (strcmp(cur, groups[i]) == 0) return 1;
    return 0;
}

/* Advance of byte b in font f (1/1000 em), measured once per document
 * through libharu, which also marks the glyph as used for the subset, as
 * measuring the whole text does. Out of line: after the document's first
 * pages nearly every byte is known, and the known case is the inline
 * lookup in char_units. */
static HPDF_UINT char_units_measure(rd_ctx *c, rd_font_id f, unsigned char b)
{
    HPDF_TextWidth tw = HPDF_Font_TextWidth(c->font[f], &b, 1);
    c->cw[f][b] = tw.width;
    c->cw_known[f][b] = 1;
    return tw.width;
}

static inline HPDF_UINT char_units(rd_ctx *c, rd_font_id f, unsigned char b)
{
    return c->cw_known[f][b] ? c->cw[f][b] : char_units_measure(c, f, b);
}

/* Width in points of `units` at size: rd_width_cp's arithmetic, so a
 * summed prefix compares exactly as a measured one. */
static float units_width(HPDF_UINT units, float size)
{
    return (float)units * min_size(size) / 1000.0f;
}

/* The longest prefix of the first line of cp that fits width, broken at
 * the last space when there is one (else at the last byte that fits, at
 * least one); *next is where the next line starts (spaces and one newline
 * skipped). One pass that stops at the first byte that no longer fits:
 * measuring up to the newline first made a long paragraph quadratic, as
 * every line re-measured all the text after it. The prefix widths grow
 * with every byte, so the whole line fits exactly when no prefix
 * overflowed; the final check repeats the old whole-line comparison for
 * the cases where that does not hold (an empty line, a NaN width). */
long long rd_units_limit(float size, float width)
{
    float ms = min_size(size);
    if (!isfinite(ms) || !isfinite(width) || ms <= 0.0f) return RD_NO_LIMIT;
    if (units_width(0, size) > width) return -1;
    double e = floor((double)width * 1000.0 / (double)ms);
    if (!(e < 2147483647.0)) return RD_NO_LIMIT;
    long long l = e < 0.0 ? 0 : (long long)e;
    /* the double estimate is off by a rounding or two of the float
     * arithmetic at most; walk to the exact boundary */
    while (l > 0 && units_width((HPDF_UINT)l, size) > width) l--;
    while (l < 2147483647LL && !(units_width((HPDF_UINT)(l + 1), size) > width)) l++;
    return l < 2147483647LL ? l : RD_NO_LIMIT;
}

static size_t wrap_fit(rd_ctx *c, rd_font_id f, float size, float width,
                       const char *cp, size_t len, size_t *next)
{
    size_t i = 0, best_space = 0;
    HPDF_UINT sum = 0;
    int overflow = 0;
    if (!c->limit_known || memcmp(&size, &c->limit_size, sizeof size) != 0 ||
        memcmp(&width, &c->limit_width, sizeof width) != 0) {
        c->limit = rd_units_limit(size, width);
        c->limit_size = size;
        c->limit_width = width;
        c->limit_known = 1;
    }
    long long limit = c->limit;
    if (limit != RD_NO_LIMIT) {
        /* units_width only grows with the sum: it overflows exactly when
         * the sum passes the limit, an integer comparison per byte instead
         * of a conversion, a product and a quotient. Glyph advances are
         * far below 2^31, so the sum cannot wrap before passing it. */
        while (i < len && cp[i] != '\n') {
            sum += char_units(c, f, (unsigned char)cp[i]);
            if ((long long)sum > limit) {
                overflow = 1;
                break;
            }
            i++;
            if (i < len && cp[i] == ' ') best_space = i;
        }
    } else {
        while (i < len && cp[i] != '\n') {
            sum += char_units(c, f, (unsigned char)cp[i]);
            if (units_width(sum, size) > width) {
                overflow = 1;
                break;
            }
            i++;
            if (i < len && cp[i] == ' ') best_space = i;
        }
    }
    if (!overflow && units_width(sum, size) <= width) {
        *next = i < len ? i + 1 : i;
        return i;
    }
    size_t fit = i;  /* bytes whose prefix fits */
    size_t cut = best_space ? best_space : (fit ? fit : 1);
    size_t nx = cut;
    while (nx < len && cp[nx] == ' ') nx++;
    *next = nx;
    while (cut > 0 && cp[cut - 1] == ' ') cut--;
    return cut;
}

int rd_wrap(rd_ctx *c, float x, float y_top, float width, rd_font_id f,
            float size, float leading, rd_rgb col, rd_align align,
            const char *utf8, int draw)
{
    /* its own buffer: drawing a line may convert other text (rd_cp's
     * buffers rotate), or start a page */
    size_t len;
    const char *text = cp_into(c, &c->wrap_text, &c->wrap_text_cap, utf8, &len);
    size_t pos = 0;
    int lines = 0;
    if (size < RD_MIN_TEXT) {
        leading *= RD_MIN_TEXT / size;
        size = RD_MIN_TEXT;
    }
    float y = y_top - size * 0.8f;
    int own = draw && wants_p(c);
    if (own) rd_tag_begin(c, "P");
    while (pos < len) {
        size_t next;
        size_t n = wrap_fit(c, f, size, width, text + pos, len - pos, &next);
        if (draw && n > 0) {
            char *line =
                reserve(c, &c->wrap_line, &c->wrap_line_cap, n + 1);
            memcpy(line, text + pos, n);
            line[n] = '\0';
            /* left-aligned lines need no width (wrap_fit has already
             * marked their glyphs for the subset) */
            float w = align == RD_LEFT ? 0.0f : rd_width_cp(c, f, size, line, n);
            float dx = align == RD_RIGHT    ? width - w
                       : align == RD_CENTER ? (width - w) / 2.0f
                                            : 0.0f;
            show_cp(c, x + dx, y, f, size, col, line, n);
        }
        lines++;
        pos += next;
        y -= leading;
    }
    if (own) rd_tag_end(c);
    return lines;
}

float rd_paragraph(rd_ctx *c, float x, float width, rd_font_id f, float size,
                   float leading, rd_rgb col, const char *utf8)
{
    /* its own buffer: drawing a line may convert other text (rd_cp's
     * buffers rotate), or start a page */
    size_t len;
    const char *text = cp_into(c, &c->wrap_text, &c->wrap_text_cap, utf8, &len);
    size_t pos = 0;
    float used = 0.0f;
    if (size < RD_MIN_TEXT) {
        leading *= RD_MIN_TEXT / size;
        size = RD_MIN_TEXT;
    }
    int own = wants_p(c);
    if (own) rd_tag_begin(c, "P");
    while (pos < len) {
        size_t next;
        size_t n = wrap_fit(c, f, size, width, text + pos, len - pos, &next);
        if (c->y - leading < RD_BOTTOM - 12.0f) {
            rd_new_page(c);
            used = 0.0f;
        }
        char *line = reserve(c, &c->wrap_line, &c->wrap_line_cap, n + 1);
        memcpy(line, text + pos, n);
        line[n] = '\0';
        show_cp(c, x, c->y - size * 0.8f, f, size, col, line, n);
        c->y -= leading;
        used += leading;
        pos += next;
    }
    if (own) rd_tag_end(c);
    return used;
}

void rd_rect(rd_ctx *c, float x, float y, float w, float h, rd_rgb fill)
{
    text_end(c);
    tag_ok(c, pt_mc_begin(&c->tag, c->page, PT_GRAPHIC));
    rd_fill_color(c, fill);
    HPDF_Page_Rectangle(c->page, x, y, w, h);
    HPDF_Page_Fill(c->page);
    tag_ok(c, pt_mc_end(&c->tag, c->page));
}

/* A straight segment to (x, y), unless the path is already there: a fully
 * rounded side (a pill, a dot) has no straight part, and a zero-length
 * segment is bytes that draw nothing. */
static void line_to(HPDF_Page p, float x, float y)
{
    HPDF_Point cur = HPDF_Page_GetCurrentPos(p);
    if (cur.x == x && cur.y == y) return;
    HPDF_Page_LineTo(p, x, y);
}

/* The path of a rounded rectangle (quarter circles as Bézier curves,
 * kappa = 0.5523). */
static void round_rect_path(HPDF_Page p, float x, float y, float w, float h, float r)
{
    if (r > h / 2.0f) r = h / 2.0f;
    const float k = 0.5523f * r;
    HPDF_Page_MoveTo(p, x + r, y);
    line_to(p, x + w - r, y);
    HPDF_Page_CurveTo(p, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    line_to(p, x + w, y + h - r);
    HPDF_Page_CurveTo(p, x + w, y + h - r + k, x + w - r + k, y + h,
                      x + w - r, y + h);
    line_to(p, x + r, y + h);
    HPDF_Page_CurveTo(p, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    line_to(p, x, y + r);
    HPDF_Page_CurveTo(p, x, y + r - k, x + r - k, y, x + r, y);
    HPDF_Page_ClosePath(p);
}

/* A segment (x0, y0)-(x1, y1), width points wide, with round caps, in
 * col: a stadium, or a disc when the ends coincide (PDF 32000-1 8.5.3.2:
 * a zero-length segment is painted with round caps). The same shape as
 * the filled outline of quarter circles round_rect_path draws, in about a
 * third of the bytes: a dot or a pill was 4 curves, 13 numbers and 160
 * bytes, and a network run draws hundreds per municipality. Inside q/Q,
 * so the line cap, width and stroke colour the page had are back after
 * it (libharu's record of them too, which the colour and width dedupe
 * read). */
static void round_stroke(rd_ctx *c, float x0, float y0, float x1, float y1, float width,
                         rd_rgb col)
{
    HPDF_Page p = c->page;
    HPDF_Page_GSave(p);
    HPDF_Page_SetLineCap(p, HPDF_ROUND_END);
    rd_stroke_color(c, col);
    rd_line_width(c, width);
    HPDF_Page_MoveTo(p, x0, y0);
    HPDF_Page_LineTo(p, x1, y1);
    HPDF_Page_Stroke(p);
    HPDF_Page_GRestore(p);
}

void rd_disc(rd_ctx *c, float x, float y, float r, rd_rgb fill, float edge_w, rd_rgb edge)
{
    if (edge_w > 0.0f) {
        round_stroke(c, x, y, x, y, 2.0f * r + edge_w, edge);
        if (2.0f * r > edge_w) round_stroke(c, x, y, x, y, 2.0f * r - edge_w, fill);
    } else {
        round_stroke(c, x, y, x, y, 2.0f * r, fill);
    }
}

void rd_round_rect(rd_ctx *c, float x, float y, float w, float h, float r,
                   rd_rgb fill)
{
    text_end(c);
    HPDF_Page p = c->page;
    tag_ok(c, pt_mc_begin(&c->tag, p, PT_GRAPHIC));
    if (r > h / 2.0f) r = h / 2.0f;
    /* fully rounded (a pill, a dot, a round-ended bar): a round-capped
     * segment along its middle */
    if (r >= h / 2.0f && w >= h) {
        round_stroke(c, x + h / 2.0f, y + h / 2.0f, x + w - h / 2.0f, y + h / 2.0f, h, fill);
    } else if (r >= w / 2.0f && h >= w) {
        round_stroke(c, x + w / 2.0f, y + w / 2.0f, x + w / 2.0f, y + h - w / 2.0f, w, fill);
    } else {
        rd_fill_color(c, fill);
        round_rect_path(p, x, y, w, h, r);
        HPDF_Page_Fill(p);
    }
    tag_ok(c, pt_mc_end(&c->tag, p));
}

void rd_round_rect_outline(rd_ctx *c, float x, float y, float w, float h, float r,
                           float width, rd_rgb col)
{
    text_end(c);
    HPDF_Page p = c->page;
    tag_ok(c, pt_mc_begin(&c->tag, p, PT_GRAPHIC));
    rd_stroke_color(c, col);
    rd_line_width(c, width);
    round_rect_path(p, x + width / 2.0f, y + width / 2.0f, w - width, h - width, r);
    HPDF_Page_Stroke(p);
    tag_ok(c, pt_mc_end(&c->tag, p));
}

void rd_hline(rd_ctx *c, float x0, float x1, float y, float width,
              rd_rgb col)
{
    text_end(c);
    tag_ok(c, pt_mc_begin(&c->tag, c->page, PT_GRAPHIC));
    rd_stroke_color(c, col);
    rd_line_width(c, width);
    HPDF_Page_MoveTo(c->page, x0, y);
    HPDF_Page_LineTo(c->page, x1, y);
    HPDF_Page_Stroke(c->page);
    tag_ok(c, pt_mc_end(&c->tag, c->page));
}

void rd_marker(rd_ctx *c, float x, float y, float r, rd_shape shape, rd_rgb fill,
               rd_rgb outline)
{
    text_end(c);
    HPDF_Page p = c->page;
    tag_ok(c, pt_mc_begin(&c->tag, p, PT_GRAPHIC));
    switch (shape) {
    case RD_SHAPE_SQUARE:
    case RD_SHAPE_DIAMOND:
    case RD_SHAPE_TRIANGLE_UP:
    case RD_SHAPE_TRIANGLE_DOWN:
        rd_fill_color(c, fill);
        rd_stroke_color(c, outline);
        rd_line_width(c, 0.8f);
        if (shape == RD_SHAPE_SQUARE) {
            HPDF_Page_Rectangle(p, x - r * 0.85f, y - r * 0.85f, r * 1.7f, r * 1.7f);
        } else if (shape == RD_SHAPE_DIAMOND) {
            HPDF_Page_MoveTo(p, x, y + r * 1.15f);
            HPDF_Page_LineTo(p, x + r * 1.15f, y);
            HPDF_Page_LineTo(p, x, y - r * 1.15f);
            HPDF_Page_LineTo(p, x - r * 1.15f, y);
            HPDF_Page_ClosePath(p);
        } else {
            float s = shape == RD_SHAPE_TRIANGLE_UP ? 1.0f : -1.0f;
            HPDF_Page_MoveTo(p, x, y + s * r * 1.2f);
            HPDF_Page_LineTo(p, x + r * 1.1f, y - s * r * 0.8f);
            HPDF_Page_LineTo(p, x - r * 1.1f, y - s * r * 0.8f);
            HPDF_Page_ClosePath(p);
        }
        HPDF_Page_FillStroke(p);
        break;
    case RD_SHAPE_RING:
        rd_disc(c, x, y, r, rd_hex(RD_WHITE), 1.6f, fill);
        break;
    case RD_SHAPE_CIRCLE:
    default:
        rd_disc(c, x, y, r, fill, 0.8f, outline);
        break;
    }
    tag_ok(c, pt_mc_end(&c->tag, p));
}

rd_rgb rd_heat_color(double v)
{
    /* One hue, lightness falling with the value (CIE L* 96 to 62): the
     * order survives every colour-vision deficiency and greyscale, and ink
     * stays readable on every cell (test_palette.c). The figure in the cell
     * carries the value as well. */
    static const struct { double at; unsigned long hex; } stops[] = {
        {0.0, 0xf3f7fcUL},  {30.0, 0xd7e6f4UL}, {55.0, 0xb3cfe9UL},
        {75.0, 0x8ebbe2UL}, {90.0, 0x70a8dcUL}, {100.0, 0x5b9bd5UL}};
    const size_t ns = sizeof stops / sizeof stops[0];
    if (!(v > 0.0)) v = 0.0;
    if (v > 100.0) v = 100.0;
    for (size_t i = 1; i < ns; i++) {
        if (v <= stops[i].at) {
            double t = (v - stops[i - 1].at) / (stops[i].at - stops[i - 1].at);
            rd_rgb a = rd_hex(stops[i - 1].hex), b = rd_hex(stops[i].hex);
            rd_rgb o = {a.r + (float)t * (b.r - a.r),
                        a.g + (float)t * (b.g - a.g),
                        a.b + (float)t * (b.b - a.b)};
            return o;
        }
    }
    return rd_hex(stops[ns - 1].hex);
}

static double lin(float v)
{
    return v <= 0.04045f ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double rd_luminance(rd_rgb c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

double rd_contrast(rd_rgb a, rd_rgb b)
{
    double la = rd_luminance(a), lb = rd_luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

rd_rgb rd_text_on(rd_rgb bg)
{
    rd_rgb w = rd_hex(RD_WHITE), k = rd_hex(RD_INK);
    return rd_contrast(w, bg) > rd_contrast(k, bg) ? w : k;
}

/* MSG_R_NUM_FMT ("%.1f") of a finite v with |v| < 1e13 into out, with
 * the decimal separator, without printf: the figures of a report are a
 * few thousand of these per municipality, and snprintf was 2 % of a run's
 * instructions. glibc rounds the exact binary value half to even; 10 v is
 * 8 v + 2 v, both exact, and their sum's rounding error err is recovered
 * exactly (Knuth's TwoSum), so s + err is 10 v exactly. Below 1e14 s has
 * at least 5 fractional bits and every half is representable: s rounds
 * as 10 v does unless s is a half, where err (or evenness) decides.
 * test_report.c checks it against snprintf. Returns the length. */
static size_t fmt_tenths(char *out, double v)
{
    double a = 8.0 * v, b = 2.0 * v;
    double s = a + b, bb = s - a;
    double err = (a - (s - bb)) + (b - bb);
    double fl = floor(s), f = s - fl;
    double r = fl;
    if (f > 0.5 || (f == 0.5 && (err > 0.0 ||
                                 (err == 0.0 && fmod(fl, 2.0) != 0.0))))
        r = fl + 1.0;
    unsigned long long m = (unsigned long long)fabs(r);
    char d[24];
    size_t k = 0;
    d[k++] = (char)('0' + m % 10);
    m /= 10;
    d[k++] = MSG_R_DECIMAL_SEP;
    do {
        d[k++] = (char)('0' + m % 10);
        m /= 10;
    } while (m);
    size_t o = 0;
    if (signbit(v)) out[o++] = '-';
    while (k) out[o++] = d[--k];
    out[o] = '\0';
    return o;
}

const char *rd_fmt_num(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", MSG_R_NA);
        return buf;
    }
    if (fabs(v) < 0.05) v = 0.0;   /* no "-0,0" */
    if (fabs(v) < 1e13 && n >= 24) {
        fmt_tenths(buf, v);
        return buf;
    }
    snprintf(buf, n, MSG_R_NUM_FMT, v);
    for (char *p = buf; *p; p++)
        if (*p == '.') *p = MSG_R_DECIMAL_SEP;
    return buf;
}

/* snprintf(buf, n, fmt, a, b) for the formats of this file that take
 * only strings (MSG_R_PCT_FMT, MSG_R_SIGNED_FMT, MSG_R_PP_FMT: "%s" and
 * "%%"), without printf's parsing and stream set-up, which cost more than
 * the bytes they copy; truncated as snprintf truncates. test_report.c
 * compares every one of them with snprintf. */
static void fmt_strings(char *buf, size_t n, const char *fmt, const char *a,
                        const char *b)
{
    if (n == 0) return;
    const char *args[2] = {a, b};
    size_t o = 0, next = 0;
    for (const char *f = fmt; *f && o + 1 < n; f++) {
        if (f[0] == '%' && f[1] == 's') {
            const char *arg = next < 2 ? args[next++] : NULL;
            for (; arg && *arg && o + 1 < n; arg++) buf[o++] = *arg;
            f++;
            continue;
        }
        if (f[0] == '%' && f[1] == '%') f++;
        buf[o++] = *f;
    }
    buf[o] = '\0';
}

const char *rd_fmt_pct(char *buf, size_t n, double v)
{
    char num[48];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    fmt_strings(buf, n, MSG_R_PCT_FMT, rd_fmt_num(num, sizeof num, v), NULL);
    return buf;
}

const char *rd_fmt_pct_short(char *buf, size_t n, double v)
{
    char num[48];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    if (fabs(v - floor(v + 0.5)) < 0.05) {
        double r = floor(v + 0.5);
        if (fabs(r) < 2147483647.0) {
            /* MSG_R_INT_FMT ("%ld") of a whole value */
            long l = (long)r;
            char *o = num;
            if (l < 0) *o++ = '-';
            *tb_put_uint(o, l < 0 ? 0ull - (unsigned long long)l
                                  : (unsigned long long)l) = '\0';
        } else {
            snprintf(num, sizeof num, MSG_R_INT_FMT, (long)r);
        }
    } else {
        rd_fmt_num(num, sizeof num, v);
    }
    fmt_strings(buf, n, MSG_R_PCT_FMT, num, NULL);
    return buf;
}

const char *rd_fmt_signed(char *buf, size_t n, double v)
{
    char num[48];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    rd_fmt_num(num, sizeof num, v);
    fmt_strings(buf, n, MSG_R_SIGNED_FMT,
                (num[0] != '-' && strcmp(num, MSG_R_ZERO) != 0) ? MSG_R_PLUS
                                                                 : "",
                num);
    return buf;
}

const char *rd_fmt_pp(char *buf, size_t n, double v)
{
    char num[64];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    fmt_strings(buf, n, MSG_R_PP_FMT, rd_fmt_signed(num, sizeof num, v), NULL);
    return buf;
}

const char *rd_fmt_count(char *buf, size_t n, size_t v)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, MSG_R_SIZE_FMT, v);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[o++] = MSG_R_THOUSANDS_SEP;
        buf[o++] = digits[i];
    }
    buf[o < n ? o : n - 1] = '\0';
    return buf;
}

/* ------------------------------------------------------------ tagging */

void rd_set_info(rd_ctx *c, rd_info_key k, const char *utf8)
{
    TB_ASSERT(k < RD_NINFO);
    char *v = tb_strdup(utf8 ? utf8 : "");
    if (!v) rd_oom(c);
    free(c->info[k]);
    c->info[k] = v;
}

void rd_set_created(rd_ctx *c, long long epoch)
{
    c->created = epoch;
}

void rd_finish(rd_ctx *c)
{
    settle(c);
    pm_info in = {c->info[RD_INFO_TITLE], c->info[RD_INFO_AUTHOR],
                  c->info[RD_INFO_SUBJECT], c->info[RD_INFO_CREATOR],
                  c->info[RD_INFO_PRODUCER], c->created};
    /* The /ID: a digest of the information and of every string shown, so
     * the same content gives the same bytes and different content a
     * different identifier. */
    for (size_t i = 0; i < RD_NINFO; i++)
        if (c->info[i])
            sha256_update(&c->id_hash, strlen(c->info[i]) + 1,
                          (const uint8_t *)c->info[i]);
    uint8_t d[SHA256_DIGEST_SIZE];
    char pages[32];
    snprintf(pages, sizeof pages, "%zu", c->npages);
    sha256_update(&c->id_hash, strlen(pages), (const uint8_t *)pages);
    sha256_digest(&c->id_hash, sizeof d, d);
    tag_ok(c, pt_finish(&c->tag, RD_LANG));
    tag_ok(c, pm_write_info(&c->tag, &in));
    tag_ok(c, pm_finish(&c->tag, &in, c->icc, c->icc_len, d));
}

void rd_tag_begin(rd_ctx *c, const char *type)
{
    tag_ok(c, pt_begin(&c->tag, type));
}

void rd_tag_end(rd_ctx *c)
{
    tag_ok(c, pt_end(&c->tag));
}

void rd_tag_close(rd_ctx *c, const char *type)
{
    tag_ok(c, pt_close_to(&c->tag, type));
}

const char *rd_tag_current(const rd_ctx *c)
{
    return pt_current(&c->tag);
}

void rd_section(rd_ctx *c)
{
    tag_ok(c, pt_end_all(&c->tag));
    c->table_head = 0;
    c->cont_caption[0] = '\0';
    tag_ok(c, pt_begin(&c->tag, "Sect"));
}

void rd_tag_th(rd_ctx *c, const char *scope)
{
    tag_ok(c, pt_begin(&c->tag, "TH"));
    tag_ok(c, pt_set_scope(&c->tag, scope));
}

void rd_artifact_begin(rd_ctx *c)
{
    pt_artifact_begin(&c->tag);
}

void rd_artifact_end(rd_ctx *c)
{
    pt_artifact_end(&c->tag);
}

void rd_footer_begin(rd_ctx *c)
{
    settle(c);
    tag_ok(c, pt_pagination_begin(&c->tag, c->page));
}

void rd_footer_end(rd_ctx *c)
{
    text_end(c);
    tag_ok(c, pt_pagination_end(&c->tag, c->page));
}

void rd_figure_begin(rd_ctx *c, const char *alt)
{
    sha256_update(&c->id_hash, strlen(alt) + 1, (const uint8_t *)alt);
    settle(c);
    tag_ok(c, pt_figure_begin(&c->tag, c->page, alt));
}

void rd_figure_end(rd_ctx *c)
{
    text_end(c);
    tag_ok(c, pt_figure_end(&c->tag, c->page));
}

tb_buf *rd_alt_reset(rd_ctx *c)
{
    if (c->alt.failed) rd_oom(c);
    c->alt.len = 0;
    if (c->alt.data) c->alt.data[0] = '\0';
    return &c->alt;
}

const char *rd_alt_text(rd_ctx *c)
{
    if (c->alt.failed) rd_oom(c);
    return c->alt.data ? c->alt.data : "";
}

void rd_raw_begin(rd_ctx *c)
{
    text_end(c);
    tag_ok(c, pt_mc_begin(&c->tag, c->page, PT_GRAPHIC));
}

void rd_raw_end(rd_ctx *c)
{
    tag_ok(c, pt_mc_end(&c->tag, c->page));
}

int rd_table_header_begin(rd_ctx *c)
{
    if (strcmp(pt_current(&c->tag), "Table") == 0 || strcmp(pt_current(&c->tag), "TR") == 0) {
        /* The header again after a page break: furniture, not content. */
        rd_tag_close(c, "TR");
        pt_artifact_begin(&c->tag);
        if (c->cont_caption[0]) {   /* says the table goes on, not a new one */
            rd_text(c, RD_MARGIN, c->y - RD_SIZE_SMALL, RD_BOLD, RD_SIZE_SMALL,
                    rd_hex(RD_MUTED), c->cont_caption);
            c->y -= RD_SIZE_SMALL + 6.0f;
        }
        return 1;
    }
    rd_tag_begin(c, "Table");
    rd_tag_begin(c, "TR");
    return 0;
}

void rd_table_header_end(rd_ctx *c, int repeated)
{
    if (repeated) pt_artifact_end(&c->tag);
    else rd_tag_close(c, "TR");
}

void rd_cell_begin(rd_ctx *c, int header)
{
    if (c->tag.artifact) return;
    if (header) rd_tag_th(c, "Column");
    else rd_tag_begin(c, "TD");
}

void rd_cell_end(rd_ctx *c)
{
    if (c->tag.artifact) return;
    rd_tag_end(c);
}
