/* report_blocks.c - the blocks sections are made of (see report_parts.h):
 * sub-headings, paragraphs, notes, formulas, bullets, status pills and
 * number tiles, each advancing the layout cursor. */
#include "report_parts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "labels.h"
#include "msg.h"
#include "network.h"
#include "report_draw.h"

/* Sub-heading; keeps at least `keep` points of what follows on its page. */
static float longest_word(rd_ctx *c, rd_font_id f, const char *utf8, float size);

void report_h2(report_doc *d, const char *title, float keep)
{
    rd_ctx *c = d->c;
    if (c->y < RD_TOP - 1.0f) c->y -= 8.0f;
    rd_need(c, RD_SIZE_H2 + 10.0f + keep);
    rd_tag_begin(c, "H2");
    rd_text(c, RD_MARGIN, c->y - RD_SIZE_H2, RD_BOLD, RD_SIZE_H2,
            rd_hex(RD_NAVY), title);
    rd_tag_end(c);
    char cont[LINE_BUF];
    snprintf(cont, sizeof cont, MSG_R_CONT_FMT, title);
    rd_set_cont_caption(c, cont);   /* a table under it repeats it as caption */
    c->y -= RD_SIZE_H2 + 10.0f;
}

void report_body(report_doc *d, const char *text)
{
    rd_paragraph(d->c, RD_MARGIN, RD_CONTENT_W, RD_REGULAR, RD_SIZE_BODY,
                 RD_SIZE_BODY * 1.45f, rd_hex(RD_INK), text);
    d->c->y -= 4.0f;
}

float report_note_height(report_doc *d, const char *text)
{
    int lines = rd_wrap(d->c, 0, 0, RD_CONTENT_W, RD_ITALIC, RD_SIZE_SMALL,
                        RD_SIZE_SMALL * 1.4f, rd_hex(RD_MUTED), RD_LEFT, text, 0);
    return (float)lines * RD_SIZE_SMALL * 1.4f + 3.0f;
}

void report_note(report_doc *d, const char *text)
{
    rd_paragraph(d->c, RD_MARGIN, RD_CONTENT_W, RD_ITALIC, RD_SIZE_SMALL,
                 RD_SIZE_SMALL * 1.4f, rd_hex(RD_MUTED), text);
    d->c->y -= 3.0f;
}

/* A formula on its own line, centred on a tinted band. */
void report_formula(report_doc *d, const char *text)
{
    rd_ctx *c = d->c;
    /* The text wraps to the band's inside, so that it never spills out. */
    const float size = 10.5f, lead = 14.0f, inset = 20.0f, pad = 10.0f;
    const float boxw = RD_CONTENT_W - 2.0f * inset, textw = boxw - 2.0f * pad;
    int lines = rd_wrap(c, 0, 0, textw, RD_ITALIC, size, lead,
                        rd_hex(RD_NAVY), RD_CENTER, text, 0);
    float h = (float)lines * lead + 12.0f;
    rd_need(c, h + 6.0f);
    c->y -= 2.0f;
    rd_rect(c, RD_MARGIN + inset, c->y - h, boxw, h, rd_hex(RD_TILE));
    rd_wrap(c, RD_MARGIN + inset + pad, c->y - 6.0f - (lead - size) / 2.0f,
            textw, RD_ITALIC, size, lead, rd_hex(RD_NAVY),
            RD_CENTER, text, 1);
    c->y -= h + 8.0f;
}

/* Bulleted, wrapped item at the cursor. */
void report_bullet(report_doc *d, const char *marker, const char *text,
                          rd_font_id f, rd_rgb col)
{
    rd_ctx *c = d->c;
    const float lead = RD_SIZE_BODY * 1.4f, indent = 14.0f;
    int lines = rd_wrap(c, RD_MARGIN + indent, c->y, RD_CONTENT_W - indent, f,
                        RD_SIZE_BODY, lead, col, RD_LEFT, text, 0);
    rd_need(c, (float)lines * lead);
    if (strcmp(rd_tag_current(c), "L") != 0) rd_tag_begin(c, "L");
    rd_tag_begin(c, "LI");
    rd_tag_begin(c, "Lbl");
    rd_text(c, RD_MARGIN + 3.0f, c->y - RD_SIZE_BODY * 0.8f, RD_BOLD,
            RD_SIZE_BODY, rd_hex(RD_NAVY), marker);
    rd_tag_end(c);
    rd_tag_begin(c, "LBody");
    rd_wrap(c, RD_MARGIN + indent, c->y, RD_CONTENT_W - indent, f,
            RD_SIZE_BODY, lead, col, RD_LEFT, text, 1);
    rd_tag_end(c);
    rd_tag_end(c);
    c->y -= (float)lines * lead + 3.0f;
}

/* Coloured status pill centred vertically on yc, starting at x, at most
 * maxw wide (the label wraps to two lines when needed). Returns its width. */
float report_pill(report_doc *d, float x, float yc, float maxw,
                         analyze_status s, float size)
{
    rd_ctx *c = d->c;
    const char *label = msg_status_label(s);
    if (size < RD_MIN_TEXT) size = RD_MIN_TEXT;
    /* Less padding before a word would be cut (narrow table columns). */
    float longest = longest_word(c, RD_BOLD, label, size) + 1.0f;
    float padx = (maxw - longest) / 2.0f;
    if (padx > 5.0f) padx = 5.0f;
    if (padx < 1.5f) padx = 1.5f;
    const float lead = size * 1.15f;
    float w = rd_width(c, RD_BOLD, size, label) + 2.0f * padx;
    int lines = 1;
    if (w > maxw) {
        w = maxw;
        lines = rd_wrap(c, 0, 0, maxw - 2.0f * padx + 1.0f, RD_BOLD, size, lead,
                        rd_hex(RD_INK), RD_CENTER, label, 0);
    }
    float h = (float)lines * lead + 5.0f;
    rd_rgb bg = report_status_color(s);
    rd_round_rect(c, x, yc - h / 2.0f, w, h, h / 2.0f > 7.0f ? 7.0f : h / 2.0f,
                  bg);
    report_status_edge(d, s, x, yc - h / 2.0f, w, h, h / 2.0f > 7.0f ? 7.0f : h / 2.0f);
    /* First baseline so that the block is centred on yc; +1 pt of width so
     * rounding never wraps a label that was measured to fit. */
    rd_wrap(c, x + padx - 0.5f,
            yc + (float)(lines - 1) * lead / 2.0f + size * 0.45f,
            w - 2.0f * padx + 1.0f, RD_BOLD, size, lead, rd_text_on(bg),
            RD_CENTER, label, 1);
    return w;
}

/* A tile with a big number and a label under it. Light tiles (tinted) get
 * navy and grey text; coloured ones the text colour readable on them. */
/* Width of the widest space-separated word of utf8 in font f at size. */
static float longest_word(rd_ctx *c, rd_font_id f, const char *utf8, float size)
{
    char word[LINE_BUF];
    float best = 0.0f;
    while (*utf8) {
        size_t n = strcspn(utf8, " ");
        if (n >= sizeof word) n = sizeof word - 1;
        memcpy(word, utf8, n);
        word[n] = '\0';
        float w = rd_width(c, f, size, word);
        if (w > best) best = w;
        utf8 += n;
        while (*utf8 == ' ') utf8++;
    }
    return best;
}

void report_tile(report_doc *d, float x, float y_top, float w, float h,
                        const char *number, const char *label, rd_rgb bg,
                        int tinted)
{
    rd_ctx *c = d->c;
    rd_rgb fg = rd_text_on(bg);
    rd_round_rect(c, x, y_top - h, w, h, 4.0f, bg);
    /* Number and label are one paragraph: read together. */
    rd_tag_begin(c, "P");
    /* The label beside the number, not under it: plain-text extraction
     * (poppler's reading order) then keeps each number with its label
     * instead of reading a row of numbers and then a row of labels. The
     * label column starts at the same place in tiles whose numbers have up
     * to two digits, so that rows of tiles line up; a wide number shrinks
     * (down to 15 pt) until the label's longest word fits beside it. */
    const float pad = 8.0f, gap = 6.0f, lsize = 8.0f, lead = 9.0f;
    float wordw = longest_word(c, RD_REGULAR, label, lsize), size = 21.0f, nw, lx;
    for (;;) {
        nw = rd_width(c, RD_BOLD, size, number);
        lx = nw < 28.0f && w - 2.0f * pad - 28.0f - gap >= wordw ? 28.0f : nw;
        if (w - 2.0f * pad - lx - gap >= wordw || size <= 15.0f) break;
        size -= 1.0f;
    }
    float lw = w - 2.0f * pad - lx - gap;
    rd_text(c, x + pad, y_top - h / 2.0f - size * 0.35f, RD_BOLD, size,
            tinted ? rd_hex(RD_NAVY) : fg, number);
    int ll = rd_wrap(c, 0, 0, lw, RD_REGULAR, lsize, lead, fg, RD_LEFT, label, 0);
    rd_wrap(c, x + pad + lx + gap, y_top - h / 2.0f + (float)ll * lead / 2.0f + 1.0f, lw,
            RD_REGULAR, lsize, lead, tinted ? rd_hex(RD_MUTED) : fg, RD_LEFT, label, 1);
    rd_tag_end(c);
}

/* ------------------------------------------------------------ row charts */

#define ROW_CHART_ROW_H 19.0f   /* two lines of an 8 pt label */
#define ROW_CHART_LABEL_W 170.0f

float report_row_x(float x0, float x1, double v)
{
    if (v < 0.0) v = 0.0;
    if (v > 100.0) v = 100.0;
    return x0 + (float)(v / 100.0) * (x1 - x0);
}

void report_row_box(report_doc *d, float x0, float x1, float yc, const struct network_dist *nd)
{
    rd_ctx *c = d->c;
    HPDF_Page page = c->page;
    float bl = report_row_x(x0, x1, nd->q1), br = report_row_x(x0, x1, nd->q3);
    rd_fill_color(c, rd_hex(RD_TILE));
    rd_stroke_color(c, rd_hex(RD_BAND));
    rd_line_width(c, 0.6f);
    HPDF_Page_Rectangle(page, bl, yc - 4.5f, br - bl > 0.5f ? br - bl : 0.5f, 9.0f);
    HPDF_Page_FillStroke(page);
    float xm = report_row_x(x0, x1, nd->median);
    rd_stroke_color(c, rd_hex(RD_NAVY));
    rd_line_width(c, 1.6f);
    HPDF_Page_MoveTo(page, xm, yc - 5.5f);
    HPDF_Page_LineTo(page, xm, yc + 5.5f);
    HPDF_Page_Stroke(page);
}

/* The indicator's name, wrapped in the label column, centred on yc. */
static void row_label(report_doc *d, size_t i, float yc)
{
    rd_ctx *c = d->c;
    const char *name = d->ri->plan->indicators[i].name;
    int lines = rd_wrap(c, 0, 0, ROW_CHART_LABEL_W - 8.0f, RD_REGULAR, 8.0f, 8.6f, rd_hex(RD_INK),
                        RD_LEFT, name, 0);
    rd_wrap(c, RD_MARGIN, yc + (float)lines * 4.3f + 1.5f, ROW_CHART_LABEL_W - 8.0f, RD_REGULAR,
            8.0f, 8.6f, rd_hex(RD_INK), RD_LEFT, name, 1);
}

void report_row_chart(report_doc *d, report_row_alt_fn alt, report_row_fn row)
{
    rd_ctx *c = d->c;
    size_t n = d->ri->plan->nindicators;
    const float x0 = RD_MARGIN + ROW_CHART_LABEL_W, x1 = RD_MARGIN + RD_CONTENT_W - 8.0f;
    char lb[SMALL_BUF];
    size_t k = 0;
    while (k < n) {
        /* as many rows as fit on this page, then the scale under them */
        size_t fit = (size_t)((c->y - RD_BOTTOM - 24.0f) / ROW_CHART_ROW_H);
        if (fit < 3) {
            rd_new_page(c);
            continue;
        }
        size_t end = k + fit < n ? k + fit : n;
        float top = c->y, bottom = top - (float)(end - k) * ROW_CHART_ROW_H;
        rd_figure_begin(c, alt(d, k, end));
        for (int v = 0; v <= 100; v += 20) {
            float x = report_row_x(x0, x1, v);
            rd_stroke_color(c, rd_hex(v == 0 ? RD_MUTED : 0xdfe3e8UL));
            rd_line_width(c, v == 0 ? 0.8f : 0.35f);
            HPDF_Page_MoveTo(c->page, x, top);
            HPDF_Page_LineTo(c->page, x, bottom);
            HPDF_Page_Stroke(c->page);
            rd_text_center(c, x, bottom - 9.0f, RD_REGULAR, 8.0f, rd_hex(RD_MUTED),
                           rd_fmt_pct_short(lb, sizeof lb, v));
        }
        for (size_t i = k; i < end; i++) {
            float yc = top - ((float)(i - k) + 0.5f) * ROW_CHART_ROW_H;
            if ((i - k) % 2 == 0)
                rd_rect(c, RD_MARGIN, yc - ROW_CHART_ROW_H / 2.0f, ROW_CHART_LABEL_W - 4.0f,
                        ROW_CHART_ROW_H, rd_hex(RD_ZEBRA));
            row_label(d, i, yc);
            row(d, i, x0, x1, yc);
        }
        rd_figure_end(c);
        c->y = bottom - 16.0f;
        k = end;
    }
}
