/* report_doc.c - the document every report kind shares (see
 * report_parts.h): status colours, accessors of the report's entity,
 * bookmarks and section titles, the cover, footers, document information,
 * saving into memory, and report_render_doc, which owns libharu's error
 * branch (setjmp) for the whole document. */
#include "report_parts.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "msg.h"
#include "report_draw.h"

/* Okabe–Ito hues at eight lightness levels (CIE L* 22, 71, 88, 62, 45, 80,
 * 98, 31):
 * distinct for protanopia, deuteranopia and tritanopia (ΔE ≥ 17 between
 * any two, Machado 2009 simulation) and in greyscale (ΔL* ≥ 8), and each
 * carries its label in white or ink at ≥ 4.5:1. tests/unit/test_palette.c
 * checks all of it from this table. The label always says the status as
 * well; charts add a shape (report_status_marker). */
const unsigned long report_status_hex[ANALYZE_NSTATUS] = {
    0x003d2fUL,   /* cumplido: deep bluish green */
    0x58b6eaUL,   /* en camino: sky blue */
    0xeedf40UL,   /* proyección incierta: yellow */
    0xd08400UL,   /* en riesgo: orange */
    0xb84500UL,   /* fuera de camino: vermillion */
    0xc5c5c5UL,   /* sin datos suficientes: grey */
    0xfbf7feUL,   /* a confirmar: near white (its label says it) */
    0x74305fUL};  /* cumplido, en descenso: deep reddish purple */

rd_rgb report_status_color(analyze_status s)
{
    return rd_hex(s < ANALYZE_NSTATUS ? report_status_hex[s] : RD_RULE);
}

void report_status_marker(report_doc *d, float x, float y, float r, analyze_status s)
{
    static const rd_shape shapes[ANALYZE_NSTATUS] = {
        RD_SHAPE_CIRCLE, RD_SHAPE_TRIANGLE_UP, RD_SHAPE_DIAMOND,
        RD_SHAPE_SQUARE, RD_SHAPE_TRIANGLE_DOWN, RD_SHAPE_RING,
        RD_SHAPE_DIAMOND, RD_SHAPE_TRIANGLE_DOWN};   /* colour tells these two apart */
    rd_marker(d->c, x, y, r, s < ANALYZE_NSTATUS ? shapes[s] : RD_SHAPE_RING,
              report_status_color(s), rd_hex(RD_NAVY));
}

const analyze_metrics *report_metrics_of(const report_doc *d, size_t i)
{
    return analyze_at(d->ri->res, d->ri->entity, i);
}

const series *report_series_of(const report_doc *d, size_t i)
{
    return series_at(d->ri->series, d->ri->entity, i);
}

const char *report_entity_name(const report_doc *d)
{
    if (d->name) return d->name;
    const series_table *t = d->ri->series;
    if (t && d->ri->entity < t->nentities) return t->entities[d->ri->entity];
    return d->ri->plan->city ? d->ri->plan->city : "";
}

const char *report_nz(const char *s)
{
    return s ? s : "";
}

/* ---------------------------------------------------------------- bookmarks */

HPDF_Outline report_bookmark(report_doc *d, HPDF_Outline parent,
                                    const char *utf8, float y)
{
    rd_ctx *c = d->c;
    HPDF_Outline o =
        rd_must(c, HPDF_CreateOutline(c->pdf, parent, rd_cp(c, utf8), c->winansi));
    HPDF_Destination dst = rd_must(c, HPDF_Page_CreateDestination(c->page));
    /* Zoom 1: libharu rejects 0 ("keep the reader's zoom"). */
    if (HPDF_Destination_SetXYZ(dst, 0.0f, y, 1.0f) != HPDF_OK ||
        HPDF_Outline_SetDestination(o, dst) != HPDF_OK)
        rd_hpdf_fail(c);
    return o;
}

/* --------------------------------------------------------------- headings */

float report_anchor_y(const report_doc *d)
{
    float y = d->c->y + 20.0f;
    return d->c->y >= RD_TOP - 1.0f || y > RD_PAGE_H ? RD_PAGE_H : y;
}

/* Section title at the cursor (a fresh page, or after rd_section_break
 * kept a short page going), with its bookmark. */
HPDF_Outline report_h1(report_doc *d, HPDF_Outline parent,
                              const char *kicker, const char *title)
{
    rd_ctx *c = d->c;
    HPDF_Outline o = report_bookmark(d, parent, title, report_anchor_y(d));
    rd_section(c);
    if (kicker) {
        rd_text(c, RD_MARGIN, c->y - RD_SIZE_SMALL, RD_BOLD, RD_SIZE_SMALL,
                rd_hex(RD_MUTED), kicker);
        c->y -= RD_SIZE_SMALL + 6.0f;
    }
    rd_tag_begin(c, "H1");
    int lines = rd_wrap(c, RD_MARGIN, c->y, RD_CONTENT_W, RD_BOLD, RD_SIZE_H1,
                        RD_SIZE_H1 * 1.2f, rd_hex(RD_NAVY), RD_LEFT, title, 1);
    rd_tag_end(c);
    c->y -= (float)lines * RD_SIZE_H1 * 1.2f + 2.0f;
    rd_rect(c, RD_MARGIN, c->y - 2.0f, 36.0f, 2.5f, rd_hex(RD_NAVY));
    rd_hline(c, RD_MARGIN + 36.0f, RD_MARGIN + RD_CONTENT_W, c->y - 0.75f,
             0.5f, rd_hex(RD_RULE));
    c->y -= 20.0f;
    char cont[LINE_BUF];
    snprintf(cont, sizeof cont, MSG_R_CONT_FMT, title);
    rd_set_cont_caption(c, cont);
    return o;
}

/* ---------------------------------------------------------------- footers */

static void report_footers(report_doc *d)
{
    rd_ctx *c = d->c;
    char left[LINE_BUF], right[SMALL_BUF];
    snprintf(left, sizeof left, MSG_R_FOOTER_LEFT, report_entity_name(d),
             report_nz(d->title));
    rd_tag_close(c, "Document");
    for (size_t k = d->no_cover ? 0 : 1; k < c->npages; k++) {
        c->page = c->pages[k];
        rd_footer_begin(c);
        rd_hline(c, RD_MARGIN, RD_MARGIN + RD_CONTENT_W, 40.0f, 0.4f,
                 rd_hex(RD_RULE));
        rd_text(c, RD_MARGIN, 28.0f, RD_REGULAR, 7.5f, rd_hex(RD_MUTED), left);
        snprintf(right, sizeof right, MSG_R_FOOTER_PAGE, k + 1, c->npages);
        rd_text_right(c, RD_MARGIN + RD_CONTENT_W, 28.0f, RD_REGULAR, 7.5f,
                      rd_hex(RD_MUTED), right);
        rd_footer_end(c);
    }
}

/* ------------------------------------------------------- document-level */

static void report_info(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    char buf[LINE_BUF];
    rd_set_created(c, d->ri->generated_epoch);
    snprintf(buf, sizeof buf, MSG_R_INFO_PRODUCER, report_nz(d->ri->version));
    rd_set_info(c, RD_INFO_PRODUCER, buf);
    rd_set_info(c, RD_INFO_CREATOR, buf);
    snprintf(buf, sizeof buf, MSG_R_INFO_TITLE, report_nz(d->title), report_entity_name(d),
             msg_month_name(d->ri->period_month), d->ri->period_year);
    rd_set_info(c, RD_INFO_TITLE, buf);
    if (p->author && *p->author) rd_set_info(c, RD_INFO_AUTHOR, p->author);
    rd_set_info(c, RD_INFO_SUBJECT, report_nz(d->subject));
}

/* Copies the saved document into out, reading exactly its size: asking the
 * memory stream for more raises HPDF_STREAM_EOF through the handler. */
static void report_save(report_doc *d, tb_buf *out)
{
    rd_ctx *c = d->c;
    HPDF_BYTE chunk[8192];
    if (HPDF_SaveToStream(c->pdf) != HPDF_OK) rd_hpdf_fail(c);
    HPDF_UINT32 left = HPDF_GetStreamSize(c->pdf);
    if (left == 0 || HPDF_ResetStream(c->pdf) != HPDF_OK) rd_hpdf_fail(c);
    while (left > 0) {
        HPDF_UINT32 n = left < sizeof chunk ? left : (HPDF_UINT32)sizeof chunk;
        /* A short read would publish a truncated PDF: fail instead. */
        if (HPDF_ReadFromStream(c->pdf, chunk, &n) != HPDF_OK || n == 0) rd_hpdf_fail(c);
        tb_buf_append(out, chunk, n);
        left -= n;
    }
}

/* zlib.h's Z_MEM_ERROR, without depending on zlib's header. */
#define HPDF_ZLIB_MEM_ERROR (-4L)

int report_render_doc(report_doc *d, report_build_fn build, tb_buf *out, tb_error *err)
{
    rd_ctx *c = calloc(1, sizeof *c);
    if (!c) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_R_ERR_NOMEM);
    d->c = c;
    d->axes_outline = NULL;
    /* Changes after setjmp, so volatile (C11 7.13.2.1p3). */
    HPDF_Doc volatile pdf = NULL;
    if (setjmp(c->fail.jb)) {
        int oom = c->fail.oom || c->fail.enomem;
        unsigned long eno = c->fail.error_no, dno = c->fail.detail_no;
        if (pdf) HPDF_Free(pdf);
        rd_ctx_fini(c);
        free(c);
        d->c = NULL;
        /* zlib's Z_MEM_ERROR (-4) comes as HPDF_ZLIB_ERROR's detail. */
        if (oom || eno == HPDF_FAILD_TO_ALLOC_MEM ||
            (eno == HPDF_ZLIB_ERROR && dno == (unsigned long)HPDF_ZLIB_MEM_ERROR))
            return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_R_ERR_NOMEM);
        return tb_error_set(err, TB_EX_SOFTWARE, NULL, 0, 0, MSG_R_ERR_HPDF,
                            eno, dno);
    }
    errno = 0;   /* see rd_error_handler */
    pdf = HPDF_NewEx(rd_error_handler, NULL, NULL, RD_POOL_BYTES, &c->fail);
    if (!pdf) {
        rd_ctx_fini(c);
        free(c);
        d->c = NULL;
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_R_ERR_NOMEM);
    }
    c->pdf = pdf;
    c->assets = d->ri->assets;
    rd_setup(c);
    HPDF_SetCompressionMode(c->pdf, HPDF_COMP_ALL);
    HPDF_SetPageMode(c->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
    report_info(d);
    build(d);
    report_footers(d);
    rd_finish(c);
    report_save(d, out);
    HPDF_Free(pdf);
    rd_ctx_fini(c);
    free(c);
    d->c = NULL;
    if (out->failed)
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_R_ERR_NOMEM);
    return TB_OK;
}

void report_doc_init(report_doc *d, const report_input *ri)
{
    memset(d, 0, sizeof *d);
    d->ri = ri;
    d->secretariat = PLAN_NONE;
    d->kicker = MSG_R_COVER_KICKER;
    d->title = ri->plan->title;
}
