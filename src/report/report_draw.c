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

void rd_ctx_fini(rd_ctx *c)
{
    for (size_t i = 0; i < RD_NSCRATCH; i++) free(c->scratch[i]);
    free(c->pages);
    free(c->wrap_text);
    free(c->wrap_line);
    memset(c, 0, sizeof *c);
}

/* Why base-14 Helvetica with WinAnsiEncoding rather than an embedded
 * Unicode font: a base-14 document costs about 3 ms and 4 KB, an embedded
 * DejaVu regular+bold about 30 ms and 180 KB per report, and libharu's
 * UTF-8 ToUnicode map makes poppler warn "Invalid 'begincidrange' operator"
 * on every open. Windows-1252 holds every Spanish letter and the
 * punctuation we use (– · ± ² « »), so nothing is lost: every string is
 * converted with text_utf8_to_cp1252() before it is measured or shown. */
void rd_setup(rd_ctx *c)
{
    static const char *const names[3] = {"Helvetica", "Helvetica-Bold",
                                         "Helvetica-Oblique"};
    for (int i = 0; i < 3; i++)
        c->font[i] = rd_must(c, HPDF_GetFont(c->pdf, names[i], "WinAnsiEncoding"));
    c->winansi = rd_must(c, HPDF_GetEncoder(c->pdf, "WinAnsiEncoding"));
    c->band_gs = rd_must(c, HPDF_CreateExtGState(c->pdf));
    if (HPDF_ExtGState_SetAlphaFill(c->band_gs, 0.22f) != HPDF_OK) rd_hpdf_fail(c);
}

HPDF_Page rd_new_page(rd_ctx *c)
{
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
    if (c->y - h >= RD_BOTTOM - 12.0f) return 0;
    rd_new_page(c);
    return 1;
}

const char *rd_cp(rd_ctx *c, const char *utf8)
{
    unsigned k = c->next_scratch;
    c->next_scratch = (k + 1) % RD_NSCRATCH;
    char *conv = text_utf8_to_cp1252(utf8 ? utf8 : "");
    if (!conv) rd_oom(c);
    size_t len = strlen(conv);
    if (len + 1 > c->scratch_cap[k]) {
        char *p = realloc(c->scratch[k], len + 1);
        if (!p) {
            free(conv);
            rd_oom(c);
        }
        c->scratch[k] = p;
        c->scratch_cap[k] = len + 1;
    }
    memcpy(c->scratch[k], conv, len + 1);
    /* Freed before any libharu call, so a longjmp cannot leak it. */
    free(conv);
    return c->scratch[k];
}

float rd_width_cp(rd_ctx *c, rd_font_id f, float size, const char *cp,
                  size_t len)
{
    if (len == 0) return 0.0f;
    HPDF_TextWidth tw =
        HPDF_Font_TextWidth(c->font[f], (const HPDF_BYTE *)cp, (HPDF_UINT)len);
    return (float)tw.width * size / 1000.0f;
}

float rd_width(rd_ctx *c, rd_font_id f, float size, const char *utf8)
{
    const char *cp = rd_cp(c, utf8);
    return rd_width_cp(c, f, size, cp, strlen(cp));
}

void rd_fill_color(rd_ctx *c, rd_rgb col)
{
    HPDF_Page_SetRGBFill(c->page, col.r, col.g, col.b);
}

void rd_stroke_color(rd_ctx *c, rd_rgb col)
{
    HPDF_Page_SetRGBStroke(c->page, col.r, col.g, col.b);
}

static void show_cp(rd_ctx *c, float x, float y, rd_font_id f, float size,
                    rd_rgb col, const char *cp)
{
    if (!*cp) return;
    rd_fill_color(c, col);
    HPDF_Page_BeginText(c->page);
    HPDF_Page_SetFontAndSize(c->page, c->font[f], size);
    HPDF_Page_TextOut(c->page, x, y, cp);
    HPDF_Page_EndText(c->page);
}

void rd_text(rd_ctx *c, float x, float y, rd_font_id f, float size,
             rd_rgb col, const char *utf8)
{
    show_cp(c, x, y, f, size, col, rd_cp(c, utf8));
}

void rd_text_right(rd_ctx *c, float x, float y, rd_font_id f, float size,
                   rd_rgb col, const char *utf8)
{
    const char *cp = rd_cp(c, utf8);
    show_cp(c, x - rd_width_cp(c, f, size, cp, strlen(cp)), y, f, size, col,
            cp);
}

void rd_text_center(rd_ctx *c, float x, float y, rd_font_id f, float size,
                    rd_rgb col, const char *utf8)
{
    const char *cp = rd_cp(c, utf8);
    show_cp(c, x - rd_width_cp(c, f, size, cp, strlen(cp)) / 2.0f, y, f,
            size, col, cp);
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

/* Length of the longest prefix of cp[0..len) that fits in width, cutting
 * at a space when one is available. *next gets where the next line starts
 * (spaces and one newline skipped). Always takes at least one character. */
static size_t wrap_fit(rd_ctx *c, rd_font_id f, float size, float width,
                       const char *cp, size_t len, size_t *next)
{
    size_t nl = 0;
    while (nl < len && cp[nl] != '\n') nl++;
    if (rd_width_cp(c, f, size, cp, nl) <= width) {
        *next = nl < len ? nl + 1 : nl;
        return nl;
    }
    size_t best_space = 0, fit = 0;
    for (size_t i = 1; i <= nl; i++) {
        if (rd_width_cp(c, f, size, cp, i) > width) break;
        fit = i;
        if (i < nl && cp[i] == ' ') best_space = i;
    }
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
    const char *conv = rd_cp(c, utf8);
    size_t len = strlen(conv);
    char *text = reserve(c, &c->wrap_text, &c->wrap_text_cap, len + 1);
    memcpy(text, conv, len + 1);
    size_t pos = 0;
    int lines = 0;
    float y = y_top - size * 0.8f;
    while (pos < len) {
        size_t next;
        size_t n = wrap_fit(c, f, size, width, text + pos, len - pos, &next);
        if (draw && n > 0) {
            char *line =
                reserve(c, &c->wrap_line, &c->wrap_line_cap, n + 1);
            memcpy(line, text + pos, n);
            line[n] = '\0';
            float w = rd_width_cp(c, f, size, line, n);
            float dx = align == RD_RIGHT    ? width - w
                       : align == RD_CENTER ? (width - w) / 2.0f
                                            : 0.0f;
            show_cp(c, x + dx, y, f, size, col, line);
        }
        lines++;
        pos += next;
        y -= leading;
    }
    return lines;
}

float rd_paragraph(rd_ctx *c, float x, float width, rd_font_id f, float size,
                   float leading, rd_rgb col, const char *utf8)
{
    const char *conv = rd_cp(c, utf8);
    size_t len = strlen(conv);
    char *text = reserve(c, &c->wrap_text, &c->wrap_text_cap, len + 1);
    memcpy(text, conv, len + 1);
    size_t pos = 0;
    float used = 0.0f;
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
        show_cp(c, x, c->y - size * 0.8f, f, size, col, line);
        c->y -= leading;
        used += leading;
        pos += next;
    }
    return used;
}

void rd_rect(rd_ctx *c, float x, float y, float w, float h, rd_rgb fill)
{
    rd_fill_color(c, fill);
    HPDF_Page_Rectangle(c->page, x, y, w, h);
    HPDF_Page_Fill(c->page);
}

void rd_round_rect(rd_ctx *c, float x, float y, float w, float h, float r,
                   rd_rgb fill)
{
    if (r > h / 2.0f) r = h / 2.0f;
    /* Quarter circles as Bézier curves (kappa = 0.5523). */
    const float k = 0.5523f * r;
    HPDF_Page p = c->page;
    rd_fill_color(c, fill);
    HPDF_Page_MoveTo(p, x + r, y);
    HPDF_Page_LineTo(p, x + w - r, y);
    HPDF_Page_CurveTo(p, x + w - r + k, y, x + w, y + r - k, x + w, y + r);
    HPDF_Page_LineTo(p, x + w, y + h - r);
    HPDF_Page_CurveTo(p, x + w, y + h - r + k, x + w - r + k, y + h,
                      x + w - r, y + h);
    HPDF_Page_LineTo(p, x + r, y + h);
    HPDF_Page_CurveTo(p, x + r - k, y + h, x, y + h - r + k, x, y + h - r);
    HPDF_Page_LineTo(p, x, y + r);
    HPDF_Page_CurveTo(p, x, y + r - k, x + r - k, y, x + r, y);
    HPDF_Page_ClosePath(p);
    HPDF_Page_Fill(p);
}

void rd_hline(rd_ctx *c, float x0, float x1, float y, float width,
              rd_rgb col)
{
    rd_stroke_color(c, col);
    HPDF_Page_SetLineWidth(c->page, width);
    HPDF_Page_MoveTo(c->page, x0, y);
    HPDF_Page_LineTo(c->page, x1, y);
    HPDF_Page_Stroke(c->page);
}

rd_rgb rd_heat_color(double v)
{
    /* Soft red -> amber -> yellow -> light green -> green: readable in
     * print and for the common red-green colour deficiency the lightness
     * still rises with the value. */
    static const struct { double at; unsigned long hex; } stops[] = {
        {0.0, 0xe9897aUL},  {30.0, 0xf6b77fUL}, {55.0, 0xfde59bUL},
        {75.0, 0xb5dc8aUL}, {90.0, 0x5fb86aUL}, {100.0, 0x2e8b57UL}};
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

rd_rgb rd_text_on(rd_rgb bg)
{
    /* Relative luminance (sRGB, approximated without the gamma curve). */
    float lum = 0.2126f * bg.r + 0.7152f * bg.g + 0.0722f * bg.b;
    return lum < 0.55f ? rd_hex(RD_WHITE) : rd_hex(RD_INK);
}

const char *rd_fmt_num(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", MSG_R_NA);
        return buf;
    }
    if (fabs(v) < 0.05) v = 0.0;   /* no "-0,0" */
    snprintf(buf, n, MSG_R_NUM_FMT, v);
    for (char *p = buf; *p; p++)
        if (*p == '.') *p = MSG_R_DECIMAL_SEP;
    return buf;
}

const char *rd_fmt_pct(char *buf, size_t n, double v)
{
    char num[48];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    snprintf(buf, n, MSG_R_PCT_FMT, rd_fmt_num(num, sizeof num, v));
    return buf;
}

const char *rd_fmt_pct_short(char *buf, size_t n, double v)
{
    char num[48];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    if (fabs(v - floor(v + 0.5)) < 0.05)
        snprintf(num, sizeof num, MSG_R_INT_FMT, (long)floor(v + 0.5));
    else
        rd_fmt_num(num, sizeof num, v);
    snprintf(buf, n, MSG_R_PCT_FMT, num);
    return buf;
}

const char *rd_fmt_signed(char *buf, size_t n, double v)
{
    char num[48];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    rd_fmt_num(num, sizeof num, v);
    snprintf(buf, n, MSG_R_SIGNED_FMT,
             (num[0] != '-' && strcmp(num, MSG_R_ZERO) != 0) ? MSG_R_PLUS
                                                              : "",
             num);
    return buf;
}

const char *rd_fmt_pp(char *buf, size_t n, double v)
{
    char num[64];
    if (!isfinite(v)) return rd_fmt_num(buf, n, v);
    snprintf(buf, n, MSG_R_PP_FMT, rd_fmt_signed(num, sizeof num, v));
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
