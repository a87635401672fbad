/* report_gestion.c - the monthly management report as a PDF: cover, mission, an
 * executive summary, a heat map, one section per axis with a table and a
 * chart per indicator, and the methodological annex. Layout flows from top
 * to bottom with a cursor (report_draw.h); footers come last, once the page
 * count is known. Every visible string lives in es/report.h. */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "label_place.h"
#include "labels.h"
#include "msg.h"
#include "report_draw.h"
#include "report_parts.h"
#include "text.h"


/* ---------------------------------------------------- mission and values */

/* Text in a tinted box with a navy bar on its left. */
static void report_callout(report_doc *d, const char *label, const char *text)
{
    rd_ctx *c = d->c;
    const float pad = 12.0f, size = 10.5f, lead = size * 1.5f;
    const float w = RD_CONTENT_W - 2.0f * pad - 4.0f;
    int lines = rd_wrap(c, 0, 0, w, RD_REGULAR, size, lead, rd_hex(RD_INK),
                        RD_LEFT, text, 0);
    float h = pad * 2.0f + 16.0f + (float)lines * lead;
    rd_need(c, h + 10.0f);
    rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_TILE));
    rd_rect(c, RD_MARGIN, c->y - h, 4.0f, h, rd_hex(RD_NAVY));
    rd_text(c, RD_MARGIN + pad + 4.0f, c->y - pad - 9.0f, RD_BOLD, 11.0f,
            rd_hex(RD_NAVY), label);
    rd_wrap(c, RD_MARGIN + pad + 4.0f, c->y - pad - 18.0f, w, RD_REGULAR, size,
            lead, rd_hex(RD_INK), RD_LEFT, text, 1);
    c->y -= h + 14.0f;
}

static void report_mission(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    rd_section_break(c);
    if (report_plan_is_common(p)) {
        /* measured against the network's common plan: which plan, not an
         * empty mission, vision and values of its own */
        report_h1(d, NULL, MSG_R_PLAN_KICKER, MSG_R_H_COMMON_PLAN);
        report_body(d, p->mission ? p->mission : MSG_R_NA);
        return;
    }
    report_h1(d, NULL, MSG_R_PLAN_KICKER, MSG_R_H_MISSION);
    report_callout(d, MSG_R_MISSION, p->mission && *p->mission ? p->mission
                                                               : MSG_R_NA);
    report_callout(d, MSG_R_VISION, p->vision && *p->vision ? p->vision
                                                            : MSG_R_NA);
    report_h2(d, MSG_R_VALUES, 40.0f);
    if (p->nvalues == 0) {
        report_body(d, MSG_R_NO_VALUES);
        return;
    }
    const float namew = 130.0f, gap = 14.0f, lead = RD_SIZE_BODY * 1.4f;
    const float descw = RD_CONTENT_W - namew - gap;
    for (size_t i = 0; i < p->nvalues; i++) {
        const plan_value *v = &p->values[i];
        int ln = rd_wrap(c, 0, 0, namew, RD_BOLD, RD_SIZE_BODY, lead,
                         rd_hex(RD_NAVY), RD_LEFT, report_nz(v->name), 0);
        int ld = rd_wrap(c, 0, 0, descw, RD_REGULAR, RD_SIZE_BODY, lead,
                         rd_hex(RD_INK), RD_LEFT, report_nz(v->description), 0);
        float h = (float)(ln > ld ? ln : ld) * lead + 10.0f;
        rd_need(c, h);
        rd_wrap(c, RD_MARGIN, c->y - 5.0f, namew, RD_BOLD, RD_SIZE_BODY, lead,
                rd_hex(RD_NAVY), RD_LEFT, report_nz(v->name), 1);
        rd_wrap(c, RD_MARGIN + namew + gap, c->y - 5.0f, descw, RD_REGULAR,
                RD_SIZE_BODY, lead, rd_hex(RD_INK), RD_LEFT,
                report_nz(v->description), 1);
        c->y -= h;
        if (i + 1 < p->nvalues)
            rd_hline(c, RD_MARGIN, RD_MARGIN + RD_CONTENT_W, c->y + 2.0f, 0.4f,
                     rd_hex(RD_RULE));
    }
}

/* ------------------------------------------------------ executive summary */

static void report_plan_numbers(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    if (report_plan_is_common(p)) return;   /* zeros of a plan it does not have */
    const size_t counts[8] = {p->naxes,
                              p->nobjectives,
                              plan_count_subobjectives(p),
                              p->ndimensions,
                              p->npolicies,
                              p->nsecretariats,
                              plan_count_programs(p),
                              p->nindicators};
    static const char *const labels[8] = {
        MSG_R_N_AXES,     MSG_R_N_OBJECTIVES,   MSG_R_N_SUBOBJECTIVES,
        MSG_R_N_DIMENSIONS, MSG_R_N_POLICIES,   MSG_R_N_SECRETARIATS,
        MSG_R_N_PROGRAMS, MSG_R_N_INDICATORS};
    const float gap = 10.0f, h = 50.0f, w = (RD_CONTENT_W - 3.0f * gap) / 4.0f;
    report_h2(d, MSG_R_H_PLAN_NUMBERS, 2.0f * h + gap);
    for (int i = 0; i < 8; i++) {
        char num[SMALL_BUF];
        float x = RD_MARGIN + (float)(i % 4) * (w + gap);
        float y = c->y - (float)(i / 4) * (h + gap);
        report_tile(d, x, y, w, h, rd_fmt_count(num, sizeof num, counts[i]),
                    labels[i], rd_hex(RD_TILE), 1);
    }
    c->y -= 2.0f * h + gap + 8.0f;
}

static void report_overall(report_doc *d)
{
    rd_ctx *c = d->c;
    const analyze_rollup *o = &d->ri->res->overall[d->ri->entity];
    char num[SMALL_BUF], buf[LINE_BUF];
    report_h2(d, MSG_R_H_OVERALL, 50.0f);
    rd_text(c, RD_MARGIN, c->y - 30.0f, RD_BOLD, 30.0f, rd_hex(RD_NAVY),
            rd_fmt_pct(num, sizeof num, o->index));
    const float bx = RD_MARGIN + 140.0f, bw = RD_CONTENT_W - 140.0f;
    rd_round_rect(c, bx, c->y - 12.0f, bw, 8.0f, 4.0f, rd_hex(RD_MISSING));
    if (isfinite(o->index) && o->index > 0.0) {
        double v = o->index > 100.0 ? 100.0 : o->index;
        rd_round_rect(c, bx, c->y - 12.0f, bw * (float)(v / 100.0), 8.0f, 4.0f,
                      rd_heat_color(v));
    }
    int used = snprintf(buf, sizeof buf, MSG_R_OVERALL_EXPLAIN, o->with_data, o->total,
                        text_plural(o->total, MSG_W_INDICATOR, MSG_W_INDICATORS));
    if (used > 0 && (size_t)used < sizeof buf && o->year_min)
        snprintf(buf + used, sizeof buf - (size_t)used,
                 o->year_min != o->year_max ? MSG_R_OVERALL_YEARS : MSG_R_OVERALL_YEAR,
                 o->year_min, o->year_max);
    int lines = rd_wrap(c, bx, c->y - 20.0f, bw, RD_REGULAR, 8.5f, 11.0f,
                        rd_hex(RD_MUTED), RD_LEFT, buf, 1);
    float h = 20.0f + (float)lines * 11.0f;
    c->y -= (h > 38.0f ? h : 38.0f) + 6.0f;
}

static void report_status_tiles(report_doc *d)
{
    rd_ctx *c = d->c;
    const analyze_rollup *o = &d->ri->res->overall[d->ri->entity];
    /* two rows of four: eight tiles in one row break their labels inside
     * words ("Cumpli-do") */
    const int per_row = (ANALYZE_NSTATUS + 1) / 2;
    const float gap = 6.0f, h = 40.0f;
    const float w = (RD_CONTENT_W - (float)(per_row - 1) * gap) / (float)per_row;
    report_h2(d, MSG_R_H_STATUS, 2.0f * h + gap + 24.0f);
    size_t total = 0;
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        char num[SMALL_BUF];
        total += o->counts[s];
        int col = s % per_row, row = s / per_row;
        report_tile(d, RD_MARGIN + (float)col * (w + gap), c->y - (float)row * (h + gap), w, h,
                    rd_fmt_count(num, sizeof num, o->counts[s]),
                    msg_status_label((analyze_status)s),
                    report_status_color((analyze_status)s), 0);
    }
    c->y -= 2.0f * h + gap + 8.0f;
    /* The same counts as one proportional bar. */
    float x = RD_MARGIN;
    for (int s = 0; s < ANALYZE_NSTATUS && total > 0; s++) {
        float w2 = RD_CONTENT_W * (float)o->counts[s] / (float)total;
        if (w2 > 0.0f)
            rd_rect(c, x, c->y - 6.0f, w2, 6.0f,
                    report_status_color((analyze_status)s));
        x += w2;
    }
    c->y -= 16.0f;
}

/* Improvement in the indicator's good direction. */
static double report_improvement(const report_doc *d, size_t i)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    if (!isfinite(m->yoy_change)) return NAN;
    /* distance to the target (the band for "mantener") that was gained */
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    return analyze_gap(ind, m->previous) - analyze_gap(ind, m->latest);
}

/* Index of the k-th best (sign > 0) or worst (sign < 0) improvement among
 * those with that sign, without allocating; PLAN_NONE when fewer. Ties keep
 * plan order, so the output is deterministic. */
static size_t report_ranked(const report_doc *d, int sign, size_t k)
{
    size_t n = d->ri->plan->nindicators, prev = PLAN_NONE;
    double prev_v = 0.0;
    for (size_t r = 0; r <= k; r++) {
        size_t best = PLAN_NONE;
        double best_v = 0.0;
        for (size_t i = 0; i < n; i++) {
            double v = report_improvement(d, i) * sign;
            if (!(v > 0.0)) continue;
            if (prev != PLAN_NONE &&
                (v > prev_v || (v == prev_v && i <= prev)))
                continue;
            if (best == PLAN_NONE || v > best_v) {
                best = i;
                best_v = v;
            }
        }
        if (best == PLAN_NONE) return PLAN_NONE;
        prev = best;
        prev_v = best_v;
    }
    return prev;
}

/* One column of "Mayores mejoras" or "Mayores retrocesos"; returns its
 * height. */
static float report_movers(report_doc *d, float x, float w, int sign,
                           int draw)
{
    rd_ctx *c = d->c;
    const float lead = 11.5f;
    float y = c->y;
    if (draw)
        rd_text(c, x, y - 10.0f, RD_BOLD, 10.0f, rd_hex(RD_NAVY),
                sign > 0 ? MSG_R_H_IMPROVED : MSG_R_H_WORSENED);
    y -= 18.0f;
    size_t first = report_ranked(d, sign, 0);
    if (first == PLAN_NONE) {
        int l = rd_wrap(c, x, y, w, RD_ITALIC, 9.0f, lead, rd_hex(RD_MUTED),
                        RD_LEFT,
                        sign > 0 ? MSG_R_NONE_IMPROVED : MSG_R_NONE_WORSENED,
                        draw);
        return c->y - y + (float)l * lead;
    }
    for (size_t k = 0; k < 3; k++) {
        size_t i = report_ranked(d, sign, k);
        if (i == PLAN_NONE) break;
        const analyze_metrics *m = report_metrics_of(d, i);
        char pp[SMALL_BUF], pct[SMALL_BUF], buf[LINE_BUF];
        if (draw)
            rd_round_rect(c, x, y - 24.0f, 3.0f, 22.0f, 1.5f,
                          rd_hex(sign > 0 ? report_status_hex[ANALYZE_MET]
                                          : report_status_hex[ANALYZE_OFF_TRACK]));
        int l = rd_wrap(c, x + 9.0f, y, w - 9.0f, RD_BOLD, 9.0f, lead,
                        rd_hex(RD_INK), RD_LEFT,
                        d->ri->plan->indicators[i].name, draw);
        y -= (float)l * lead;
        snprintf(buf, sizeof buf, MSG_R_MOVER_DETAIL, rd_fmt_pp(pp, sizeof pp, m->yoy_change),
                 m->last_year - 1, m->last_year, rd_fmt_pct(pct, sizeof pct, m->latest));
        if (draw)
            rd_text(c, x + 9.0f, y - 9.0f, RD_REGULAR, 8.5f, rd_hex(RD_MUTED),
                    buf);
        y -= lead + 8.0f;
    }
    return c->y - y;
}

/* The latest year of any value when every indicator with data is stale
 * (then the report says so once instead of flagging every row), else 0. */
static int report_all_stale_year(const report_doc *d)
{
    const plan *p = d->ri->plan;
    int last = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        if (m->n > 0 && !m->stale) return 0;
        if (m->n > 0 && m->last_year > last) last = m->last_year;
    }
    return last;
}

/* Text of the k-th indicator without recent data into buf; 0 when there
 * are fewer than k + 1 of them. When every one is stale, only those
 * without any value are listed. */
static int report_stale_item(const report_doc *d, size_t k, char *buf,
                             size_t n)
{
    const plan *p = d->ri->plan;
    int all = report_all_stale_year(d) != 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        if (m->n > 0 && !m->stale) continue;
        if (all && m->n > 0) continue;
        if (k-- > 0) continue;
        if (m->n == 0)
            snprintf(buf, n, MSG_R_STALE_NODATA, p->indicators[i].name);
        else
            snprintf(buf, n, MSG_R_STALE_ITEM, p->indicators[i].name,
                     m->last_year);
        return 1;
    }
    return 0;
}

/* The list in two columns, filled top to bottom, so that it stays short. */
static void report_stale(report_doc *d)
{
    rd_ctx *c = d->c;
    char buf[LINE_BUF];
    const float gap = 24.0f, w = (RD_CONTENT_W - gap) / 2.0f, size = 8.5f,
                lead = 10.5f, indent = 10.0f;
    size_t n = 0;
    while (report_stale_item(d, n, buf, sizeof buf)) n++;
    report_h2(d, MSG_R_H_STALE, 30.0f);
    int until = report_all_stale_year(d);
    if (until) {
        snprintf(buf, sizeof buf, MSG_R_STALE_ALL, until, d->ri->plan->rules.stale_years);
        report_body(d, buf);
        if (n == 0) return;
        report_body(d, MSG_R_STALE_ALL_NODATA);
    }
    if (n == 0) {
        report_body(d, MSG_R_STALE_NONE);
        return;
    }
    size_t rows = (n + 1) / 2;
    for (size_t r = 0; r < rows; r++) {
        float h = 0.0f;
        for (size_t col = 0; col < 2; col++) {
            if (!report_stale_item(d, r + col * rows, buf, sizeof buf)) continue;
            float lh = (float)rd_wrap(c, 0, 0, w - indent, RD_REGULAR, size,
                                      lead, rd_hex(RD_INK), RD_LEFT, buf, 0) *
                       lead;
            if (lh > h) h = lh;
        }
        rd_need(c, h);
        for (size_t col = 0; col < 2; col++) {
            if (!report_stale_item(d, r + col * rows, buf, sizeof buf)) continue;
            float x = RD_MARGIN + (float)col * (w + gap);
            rd_wrap(c, x + indent, c->y, w - indent, RD_REGULAR, size, lead,
                    rd_hex(RD_INK), RD_LEFT, buf, 1);
            rd_text(c, x + 2.0f, c->y - size * 0.8f, RD_BOLD, size,
                    rd_hex(RD_NAVY), MSG_R_BULLET);
        }
        c->y -= h + 2.0f;
    }
}

static void report_assumption(report_doc *d)
{
    const plan *p = d->ri->plan;
    size_t n = 0;
    char pct[SMALL_BUF], buf[LINE_BUF];
    for (size_t i = 0; i < p->nindicators; i++)
        n += p->indicators[i].target_is_default != 0;
    if (n == 0) return;
    snprintf(buf, sizeof buf, MSG_R_ASSUMPTION, n, text_plural(n, MSG_W_INDICATOR, MSG_W_INDICATORS),
             text_plural(n, MSG_W_USES, MSG_W_USE), rd_fmt_pct(pct, sizeof pct, p->default_target),
             p->default_target_year);
    d->c->y -= 6.0f;
    report_note(d, buf);
}

static void report_summary(report_doc *d)
{
    rd_ctx *c = d->c;
    rd_section_break(c);
    report_h1(d, NULL, NULL, MSG_R_H_SUMMARY);
    report_overall(d);
    report_status_tiles(d);

    const float gap = 24.0f, w = (RD_CONTENT_W - gap) / 2.0f;
    float h1 = report_movers(d, RD_MARGIN, w, 1, 0);
    float h2 = report_movers(d, RD_MARGIN + w + gap, w, -1, 0);
    float h = h1 > h2 ? h1 : h2;
    c->y -= 6.0f;
    rd_need(c, h);
    report_movers(d, RD_MARGIN, w, 1, 1);
    report_movers(d, RD_MARGIN + w + gap, w, -1, 1);
    c->y -= h;
    report_stale(d);
    report_assumption(d);
}

/* -------------------------------------------------------------- heat map */

/* 1 when some indicator of the entity has a value for year. */
static int report_year_present(const report_doc *d, int year)
{
    for (size_t i = 0; i < d->ri->plan->nindicators; i++) {
        const series *s = report_series_of(d, i);
        for (size_t k = 0; s && k < s->n; k++)
            if (s->pts[k].year == year) return 1;
    }
    return 0;
}

static int report_year_range(const report_doc *d, int *ymin, int *ymax)
{
    int lo = 0, hi = 0;
    for (size_t i = 0; i < d->ri->plan->nindicators; i++) {
        const series *s = report_series_of(d, i);
        for (size_t k = 0; s && k < s->n; k++) {
            int y = s->pts[k].year;
            if (lo == 0 || y < lo) lo = y;
            if (hi == 0 || y > hi) hi = y;
        }
    }
    *ymin = lo;
    *ymax = hi;
    return lo != 0;
}

static double report_value_at(const report_doc *d, size_t i, int year)
{
    const series *s = report_series_of(d, i);
    for (size_t k = 0; s && k < s->n; k++)
        if (s->pts[k].year == year) return s->pts[k].value;
    return NAN;
}

typedef struct heat_layout {
    int ymin, ymax, nyears;
    float namew, colw, size;
} heat_layout;

static void report_heat_header(report_doc *d, const heat_layout *L)
{
    rd_ctx *c = d->c;
    char yb[SMALL_BUF];
    const float h = 18.0f;
    int again = rd_table_header_begin(c);
    rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_NAVY));
    rd_cell_begin(c, 1);
    rd_text(c, RD_MARGIN + 6.0f, c->y - 12.0f, RD_BOLD, 8.0f, rd_hex(RD_WHITE),
            MSG_R_HEAT_AREA);
    rd_cell_end(c);
    float x = RD_MARGIN + L->namew;
    for (int y = L->ymin; y <= L->ymax; y++) {
        if (!report_year_present(d, y)) continue;
        snprintf(yb, sizeof yb, MSG_R_YEAR_FMT, y);
        rd_cell_begin(c, 1);
        rd_text_center(c, x + L->colw / 2.0f, c->y - 12.0f, RD_BOLD, 8.0f,
                       rd_hex(RD_WHITE), yb);
        rd_cell_end(c);
        x += L->colw;
    }
    rd_table_header_end(c, again);
    c->y -= h + 2.0f;
}

/* Indicator i's value in year (NaN when missing) and its cell's colour. */
static rd_rgb heat_cell(const report_doc *d, size_t i, int year, double *v)
{
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    *v = report_value_at(d, i, year);
    if (!isfinite(*v)) return rd_hex(RD_MISSING);
    /* Colour shows performance: invert where lower is better. */
    /* for "mantener", inside the band is best and each pp outside
     * costs 4 points of the scale (25 pp away reads as the worst) */
    double score = ind->maintain ? 100.0 - 4.0 * (analyze_gap(ind, *v) > 0 ? analyze_gap(ind, *v) : 0)
                   : ind->higher_is_better ? *v : 100.0 - *v;
    if (score < 0) score = 0;
    return rd_heat_color(score);
}

static void report_heat_row(report_doc *d, const heat_layout *L, size_t i)
{
    rd_ctx *c = d->c;
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const float lead = 9.5f;
    int lines = rd_wrap(c, 0, 0, L->namew - 10.0f, RD_REGULAR, 8.0f, lead,
                        rd_hex(RD_INK), RD_LEFT, ind->name, 0);
    float h = (float)lines * lead + 8.0f;
    if (h < 18.0f) h = 18.0f;
    if (rd_need(c, h)) report_heat_header(d, L);
    /* The row's backgrounds first, then all of its text: one artifact
     * sequence and one text object per row instead of one of each per
     * cell. Nothing overlaps (a figure stays inside its cell, the name in
     * its column), so the page draws the same. */
    double v;
    float x = RD_MARGIN + L->namew;
    for (int y = L->ymin; y <= L->ymax; y++) {
        if (!report_year_present(d, y)) continue;
        rd_rect(c, x + 1.0f, c->y - h + 1.0f, L->colw - 2.0f, h - 2.0f, heat_cell(d, i, y, &v));
        x += L->colw;
    }
    rd_tag_begin(c, "TR");
    rd_tag_th(c, "Row");
    rd_wrap(c, RD_MARGIN + 6.0f,
            c->y - (h - (float)lines * lead) / 2.0f + 1.0f, L->namew - 10.0f,
            RD_REGULAR, 8.0f, lead, rd_hex(RD_INK), RD_LEFT, ind->name, 1);
    rd_tag_end(c);
    x = RD_MARGIN + L->namew;
    for (int y = L->ymin; y <= L->ymax; y++) {
        if (!report_year_present(d, y)) continue;
        rd_rgb bg = heat_cell(d, i, y, &v);
        char num[SMALL_BUF];
        rd_cell_begin(c, 0);
        rd_text_center(c, x + L->colw / 2.0f, c->y - h / 2.0f - L->size * 0.35f,
                       isfinite(v) ? RD_BOLD : RD_REGULAR, L->size,
                       isfinite(v) ? rd_text_on(bg) : rd_hex(RD_MUTED),
                       rd_fmt_num(num, sizeof num, v));
        rd_cell_end(c);
        x += L->colw;
    }
    rd_tag_end(c);
    rd_hline(c, RD_MARGIN, RD_MARGIN + L->namew, c->y - h, 0.3f,
             rd_hex(RD_RULE));
    c->y -= h;
}

static void report_heat_legend(report_doc *d, int any_lower)
{
    rd_ctx *c = d->c;
    char lb[SMALL_BUF];
    const float w = 220.0f, h = 8.0f, x0 = RD_MARGIN;
    rd_need(c, 50.0f);
    c->y -= 14.0f;
    rd_text(c, x0, c->y - 8.0f, RD_BOLD, 8.0f, rd_hex(RD_INK),
            MSG_R_HEAT_LEGEND);
    c->y -= 14.0f;
    for (int k = 0; k < 110; k++)
        rd_rect(c, x0 + w * (float)k / 110.0f, c->y - h, w / 110.0f + 0.3f, h,
                rd_heat_color(100.0 * k / 109.0));
    for (int v = 0; v <= 100; v += 20) {
        float x = x0 + w * (float)v / 100.0f;
        rd_text_center(c, x, c->y - h - 9.0f, RD_REGULAR, 7.0f,
                       rd_hex(RD_MUTED), rd_fmt_pct_short(lb, sizeof lb, v));
    }
    float mx = x0 + w + 30.0f;
    rd_rect(c, mx, c->y - h - 2.0f, 22.0f, h + 4.0f, rd_hex(RD_MISSING));
    rd_text_center(c, mx + 11.0f, c->y - h + 0.5f, RD_REGULAR, 7.0f,
                   rd_hex(RD_MUTED), MSG_R_NA);
    rd_text(c, mx + 28.0f, c->y - h + 0.5f, RD_REGULAR, 7.5f, rd_hex(RD_MUTED),
            MSG_R_HEAT_MISSING);
    c->y -= h + 22.0f;
    if (any_lower) report_note(d, MSG_R_HEAT_INVERTED);
}

static void report_heatmap(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    heat_layout L;
    rd_section_break(c);
    report_h1(d, NULL, NULL, MSG_R_H_HEATMAP);
    report_body(d, MSG_R_HEAT_INTRO);
    c->y -= 6.0f;
    if (!report_year_range(d, &L.ymin, &L.ymax)) {
        report_body(d, MSG_R_HEAT_EMPTY);
        return;
    }
    L.nyears = 0;
    for (int y = L.ymin; y <= L.ymax; y++) L.nyears += report_year_present(d, y);
    L.namew = 200.0f;
    L.colw = (RD_CONTENT_W - L.namew) / (float)L.nyears;
    if (L.colw > 58.0f) {
        L.colw = 58.0f;
        L.namew = RD_CONTENT_W - L.colw * (float)L.nyears;
    }
    L.size = 8.0f;
    float need = rd_width(c, RD_BOLD, L.size, MSG_R_HEAT_WIDEST) + 4.0f;
    if (need > L.colw) L.size *= L.colw / need;

    report_heat_header(d, &L);
    int any_lower = 0;
    for (size_t a = 0; a < p->naxes; a++) {
        int first = 1;
        for (size_t i = 0; i < p->nindicators; i++) {
            if (p->indicators[i].axis != a) continue;
            if (first) {
                if (rd_need(c, 16.0f + 18.0f)) report_heat_header(d, &L);
                /* The axis as a row of its own: a header for the rows under it. */
                rd_tag_begin(c, "TR");
                rd_tag_th(c, "Row");
                rd_text(c, RD_MARGIN + 6.0f, c->y - 12.0f, RD_BOLD, 7.5f,
                        rd_hex(RD_NAVY), p->axes[a].name);
                rd_tag_end(c);
                rd_tag_end(c);
                c->y -= 15.0f;
                first = 0;
            }
            any_lower |= !p->indicators[i].higher_is_better;
            report_heat_row(d, &L, i);
        }
    }
    rd_tag_close(c, "Table");
    report_heat_legend(d, any_lower);
}

/* ------------------------------------------------------- indicator table */

enum { COL_NAME, COL_LAST, COL_YOY, COL_SLOPE, COL_TARGET, COL_GAP, COL_PROJ,
       COL_STATUS, NCOLS };

static const float col_w[NCOLS] = {126, 52, 48, 50, 48, 42, 66, 63};

static float col_x(int k)
{
    float x = RD_MARGIN;
    for (int i = 0; i < k; i++) x += col_w[i];
    return x;
}

static void report_table_header(report_doc *d)
{
    rd_ctx *c = d->c;
    static const char *const heads[NCOLS] = {
        MSG_R_COL_NAME,   MSG_R_COL_LAST, MSG_R_COL_YOY,  MSG_R_COL_SLOPE,
        MSG_R_COL_TARGET, MSG_R_COL_GAP,  MSG_R_COL_PROJ, MSG_R_COL_STATUS};
    const float h = 26.0f, pad = 4.0f;
    int again = rd_table_header_begin(c);
    rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_NAVY));
    for (int k = 0; k < NCOLS; k++) {
        int lines = rd_wrap(c, 0, 0, col_w[k] - 2 * pad, RD_BOLD, 7.5f, 8.5f,
                            rd_hex(RD_WHITE), RD_LEFT, heads[k], 0);
        rd_cell_begin(c, 1);
        rd_wrap(c, col_x(k) + pad, c->y - (h - (float)lines * 8.5f) / 2.0f + 1.0f,
                col_w[k] - 2 * pad, RD_BOLD, 7.5f, 8.5f, rd_hex(RD_WHITE),
                k == COL_NAME || k == COL_STATUS ? RD_LEFT : RD_RIGHT,
                heads[k], 1);
        rd_cell_end(c);
    }
    rd_table_header_end(c, again);
    c->y -= h;
}

/* Right-aligned two-line cell: main value and an optional muted note. */
static void report_cell(report_doc *d, int k, float y_top, const char *main_s,
                        const char *sub)
{
    rd_ctx *c = d->c;
    const float pad = 4.0f, x = col_x(k) + col_w[k] - pad;
    rd_cell_begin(c, 0);
    rd_text_right(c, x, y_top - RD_SIZE_TABLE, RD_REGULAR, RD_SIZE_TABLE,
                  rd_hex(RD_INK), main_s);
    if (sub && *sub)
        rd_text_right(c, x, y_top - RD_SIZE_TABLE - 10.0f, RD_REGULAR, 7.0f,
                      rd_hex(RD_MUTED), sub);
    rd_cell_end(c);
}

typedef struct table_flags {
    int any_default, any_clamped;
} table_flags;

static void report_table_row(report_doc *d, size_t i, int zebra,
                             table_flags *fl)
{
    rd_ctx *c = d->c;
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const analyze_metrics *m = report_metrics_of(d, i);
    const float pad = 4.0f, lead = RD_SIZE_TABLE * 1.2f;
    char a[SMALL_BUF], b[SMALL_BUF], e[SMALL_BUF], f[SMALL_BUF];
    int lines = rd_wrap(c, 0, 0, col_w[COL_NAME] - 2 * pad, RD_REGULAR,
                        RD_SIZE_TABLE, lead, rd_hex(RD_INK), RD_LEFT, ind->name,
                        0);
    float h = (float)lines * lead;
    if (h < 20.0f) h = 20.0f;
    h += 10.0f;
    if (rd_need(c, h)) report_table_header(d);
    if (zebra) rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_ZEBRA));
    float top = c->y - 5.0f;
    rd_tag_begin(c, "TR");
    rd_cell_begin(c, 0);
    rd_wrap(c, col_x(COL_NAME) + pad, top, col_w[COL_NAME] - 2 * pad,
            RD_REGULAR, RD_SIZE_TABLE, lead, rd_hex(RD_INK), RD_LEFT, ind->name,
            1);
    rd_cell_end(c);

    if (m->n > 0) snprintf(b, sizeof b, MSG_R_YEAR_FMT, m->last_year);
    report_cell(d, COL_LAST, top, rd_fmt_pct(a, sizeof a, m->n ? m->latest : NAN),
                m->n > 0 ? b : NULL);
    report_cell(d, COL_YOY, top, rd_fmt_pp(a, sizeof a, m->yoy_change), NULL);
    report_cell(d, COL_SLOPE, top,
                rd_fmt_signed(a, sizeof a, m->has_fit ? m->fit.c1 : NAN), NULL);
    snprintf(b, sizeof b, ind->target_is_default ? MSG_R_YEAR_DEFAULT_FMT
                                                 : MSG_R_YEAR_FMT,
             ind->target_year);
    fl->any_default |= ind->target_is_default;
    /* "mantener": the band is the target, not a single value */
    if (ind->maintain)
        snprintf(a, sizeof a, MSG_R_BAND_FMT, rd_fmt_num(e, sizeof e, ind->band_min),
                 rd_fmt_num(f, sizeof f, ind->band_max));
    else
        rd_fmt_pct(a, sizeof a, ind->target);
    report_cell(d, COL_TARGET, top, a, b);
    report_cell(d, COL_GAP, top, rv_fmt_gap(a, sizeof a, m), NULL);
    if (isfinite(m->projection)) {
        char pj[48];
        rd_fmt_pct(pj, sizeof pj, m->projection);
        snprintf(a, sizeof a, m->clamped ? MSG_R_CLAMPED_FMT : MSG_R_PLAIN_FMT,
                 pj);
        fl->any_clamped |= m->clamped;
        /* the raw value only when it differs from the one shown (a clamped
         * interval alone shows the interval, its dagger says the rest) */
        if (m->clamped && fabs(m->projection_raw - m->projection) > ANALYZE_EPS)
            snprintf(b, sizeof b, MSG_R_RAW_FMT, rd_fmt_num(e, sizeof e, m->projection_raw));
        else if (isfinite(m->pi_low) && isfinite(m->pi_high))
            snprintf(b, sizeof b, MSG_R_RANGE_FMT,
                     rd_fmt_num(e, sizeof e, m->pi_low),
                     rd_fmt_num(f, sizeof f, m->pi_high));
        else
            b[0] = '\0';
        report_cell(d, COL_PROJ, top, a, b);
    } else {
        report_cell(d, COL_PROJ, top, MSG_R_NA, NULL);
    }
    rd_cell_begin(c, 0);
    report_pill(d, col_x(COL_STATUS) + pad, c->y - h / 2.0f,
                col_w[COL_STATUS] - pad - 3.0f, m->status, 6.5f);
    rd_cell_end(c);
    rd_tag_end(c);
    c->y -= h;
}

static void report_axis_table(report_doc *d, size_t a)
{
    const plan *p = d->ri->plan;
    table_flags fl = {0, 0};
    int zebra = 0;
    report_h2(d, MSG_R_H_AXIS_TABLE, 60.0f);
    report_table_header(d);
    size_t last_row = 0;
    float notes_h = 6.0f + report_note_height(d, MSG_R_NOTE_UNITS);
    for (size_t i = 0; i < p->nindicators; i++) {
        if (p->indicators[i].axis != a) continue;
        last_row = i;
        fl.any_default |= p->indicators[i].target_is_default;
        fl.any_clamped |= report_metrics_of(d, i)->clamped && isfinite(report_metrics_of(d, i)->projection);
    }
    if (fl.any_default) notes_h += report_note_height(d, MSG_R_NOTE_DEFAULT);
    if (fl.any_clamped) notes_h += report_note_height(d, MSG_R_NOTE_CLAMPED);
    fl.any_default = fl.any_clamped = 0;   /* the rows set them again */
    for (size_t i = 0; i < p->nindicators; i++) {
        if (p->indicators[i].axis != a) continue;
        /* the footnotes stay with the table's last row */
        if (i == last_row) rd_keep_next(d->c, notes_h);
        report_table_row(d, i, zebra, &fl);
        zebra = !zebra;
    }
    rd_tag_close(d->c, "Table");
    rd_hline(d->c, RD_MARGIN, RD_MARGIN + RD_CONTENT_W, d->c->y, 0.6f,
             rd_hex(RD_NAVY));
    d->c->y -= 6.0f;
    if (fl.any_default) report_note(d, MSG_R_NOTE_DEFAULT);
    if (fl.any_clamped) report_note(d, MSG_R_NOTE_CLAMPED);
    report_note(d, MSG_R_NOTE_UNITS);
}

/* ------------------------------------------------------------------ chart */

typedef struct chart_frame {
    float x0, y0, x1, y1;   /* plot area */
    double xmin, xmax;      /* years */
} chart_frame;

static float fx(const chart_frame *f, double year)
{
    return f->x0 + (float)((year - f->xmin) / (f->xmax - f->xmin)) *
                       (f->x1 - f->x0);
}

static float fy(const chart_frame *f, double v)
{
    if (v < 0.0) v = 0.0;
    if (v > 100.0) v = 100.0;
    return f->y0 + (float)(v / 100.0) * (f->y1 - f->y0);
}

static void chart_axes(report_doc *d, const chart_frame *f, int ylo, int yhi)
{
    rd_ctx *c = d->c;
    char lb[SMALL_BUF];
    for (int v = 0; v <= 100; v += 20) {
        float y = fy(f, v);
        rd_hline(c, f->x0, f->x1, y, v == 0 ? 0.8f : 0.35f,
                 rd_hex(v == 0 ? RD_MUTED : 0xdfe3e8UL));
        rd_text_right(c, f->x0 - 3.0f, y - 2.2f, RD_REGULAR, 6.5f,
                      rd_hex(RD_MUTED), rd_fmt_pct_short(lb, sizeof lb, v));
    }
    /* as many year labels as fit the frame's width side by side (labels
     * print at rd's minimum size, wider than asked), stepping 1, 2, 5, 10 */
    snprintf(lb, sizeof lb, MSG_R_YEAR_FMT, yhi);
    float lw = rd_width(c, RD_REGULAR, 6.5f, lb) + 6.0f;
    int fit = (int)((f->x1 - f->x0) / lw) + 1, span = yhi - ylo;
    static const int steps[] = {1, 2, 5, 10, 20, 50};
    int step = steps[0];
    for (size_t k = 0; k < sizeof steps / sizeof steps[0]; k++) {
        step = steps[k];
        if (span / step + 1 <= (fit > 1 ? fit : 1)) break;
    }
    rd_stroke_color(c, rd_hex(RD_MUTED));
    rd_line_width(c, 0.6f);
    for (int y = ylo; y <= yhi; y += step) {
        float x = fx(f, y);
        HPDF_Page_MoveTo(c->page, x, f->y0);
        HPDF_Page_LineTo(c->page, x, f->y0 - 2.5f);
        HPDF_Page_Stroke(c->page);
        snprintf(lb, sizeof lb, MSG_R_YEAR_FMT, y);
        rd_text_center(c, x, f->y0 - 10.0f, RD_REGULAR, 6.5f, rd_hex(RD_MUTED),
                       lb);
    }
}

/* Shaded prediction interval between from and to (years). */
static void chart_band(report_doc *d, const chart_frame *f,
                       const analyze_metrics *m, double from, double to)
{
    rd_ctx *c = d->c;
    const plan_rules *r = &d->ri->plan->rules;
    const int steps = 24;
    double y, lo, hi;
    HPDF_Page_GSave(c->page);
    HPDF_Page_SetExtGState(c->page, c->band_gs);
    rd_fill_color(c, rd_hex(RD_BAND));
    for (int k = 0; k <= steps; k++) {
        double x = from + (to - from) * k / steps;
        if (analyze_curve(m, r, x, &y, &lo, &hi) != 0 || !isfinite(hi))
            hi = y;
        if (k == 0) HPDF_Page_MoveTo(c->page, fx(f, x), fy(f, hi));
        else HPDF_Page_LineTo(c->page, fx(f, x), fy(f, hi));
    }
    for (int k = steps; k >= 0; k--) {
        double x = from + (to - from) * k / steps;
        if (analyze_curve(m, r, x, &y, &lo, &hi) != 0 || !isfinite(lo))
            lo = y;
        HPDF_Page_LineTo(c->page, fx(f, x), fy(f, lo));
    }
    HPDF_Page_ClosePath(c->page);
    HPDF_Page_Fill(c->page);
    HPDF_Page_GRestore(c->page);
}

/* The fitted line between two years, sampled so clamping at 0 and 100
 * bends it where it leaves the range. */
static void chart_fit_line(report_doc *d, const chart_frame *f,
                           const analyze_metrics *m, double from, double to,
                           int dashed)
{
    rd_ctx *c = d->c;
    static const HPDF_UINT16 dash[2] = {4, 2};
    const int steps = 24;
    double y, lo, hi;
    HPDF_Page_GSave(c->page);
    rd_stroke_color(c, rd_hex(RD_NAVY));
    rd_line_width(c, dashed ? 1.1f : 1.6f);
    if (dashed) HPDF_Page_SetDash(c->page, dash, 2, 0);
    for (int k = 0; k <= steps; k++) {
        double x = from + (to - from) * k / steps;
        if (analyze_curve(m, &d->ri->plan->rules, x, &y, &lo, &hi) != 0) break;
        if (k == 0) HPDF_Page_MoveTo(c->page, fx(f, x), fy(f, y));
        else HPDF_Page_LineTo(c->page, fx(f, x), fy(f, y));
    }
    HPDF_Page_Stroke(c->page);
    HPDF_Page_GRestore(c->page);
}

static void chart_target(report_doc *d, const chart_frame *f, double target)
{
    rd_ctx *c = d->c;
    static const HPDF_UINT16 dot[2] = {1, 2};
    char pct[SMALL_BUF];
    rd_rgb col = rd_hex(0x1a7a45UL);
    float y = fy(f, target);
    HPDF_Page_GSave(c->page);
    rd_stroke_color(c, col);
    rd_line_width(c, 1.1f);
    HPDF_Page_SetLineCap(c->page, HPDF_ROUND_END);
    HPDF_Page_SetDash(c->page, dot, 2, 0);
    HPDF_Page_MoveTo(c->page, f->x0, y);
    HPDF_Page_LineTo(c->page, f->x1, y);
    HPDF_Page_Stroke(c->page);
    HPDF_Page_GRestore(c->page);
    /* Direct label at the line's right end, outside the plot, where no
     * data point can collide with it. */
    rd_text(c, f->x1 + 3.0f, y + 1.8f, RD_BOLD, 6.0f, col, MSG_R_LEG_TARGET);
    rd_text(c, f->x1 + 3.0f, y - 6.2f, RD_BOLD, 6.0f, col,
            rd_fmt_pct_short(pct, sizeof pct, target));
}

/* Observed points (markers only; their values are placed by
 * chart_value_labels). */
static void chart_points(report_doc *d, const chart_frame *f, const series *s)
{
    rd_ctx *c = d->c;
    for (size_t k = 0; k < s->n; k++) {
        float x = fx(f, series_point_x(&s->pts[k])), y = fy(f, s->pts[k].value);
        rd_disc(c, x, y, 2.8f, rd_hex(RD_NAVY), 0.8f, rd_hex(RD_WHITE));
    }
}

/* Projection end point: hollow marker (its value is a label). */
static void chart_projection_mark(report_doc *d, const chart_frame *f,
                                  const analyze_metrics *m)
{
    rd_ctx *c = d->c;
    float x = fx(f, m->projection_year), y = fy(f, m->projection);
    rd_disc(c, x, y, 2.6f, rd_hex(RD_WHITE), 1.1f, rd_hex(RD_NAVY));
}

#define CHART_MAX_LABELS 64
#define CHART_CURVE_STEPS 24
#define CHART_LABEL_SIZE 6.5f

/* The sampled fitted curve between two years as segments; returns how
 * many were added to segs (room for CHART_CURVE_STEPS). */
static size_t chart_curve_segs(report_doc *d, const chart_frame *f, const analyze_metrics *m,
                               double from, double to, lp_seg *segs)
{
    size_t n = 0;
    float px = 0.0f, py = 0.0f;
    for (int k = 0; k <= CHART_CURVE_STEPS; k++) {
        double x = from + (to - from) * k / CHART_CURVE_STEPS, y, lo, hi;
        if (analyze_curve(m, &d->ri->plan->rules, x, &y, &lo, &hi) != 0) break;
        float qx = fx(f, x), qy = fy(f, y);
        if (k > 0) segs[n++] = (lp_seg){px, py, qx, qy};
        px = qx;
        py = qy;
    }
    return n;
}

/* Values of the observed points and of the projection, placed clear of the
 * trend, projection and target lines, of the markers and of each other
 * (label_place.h); what cannot be placed is left out (the table and the
 * figure's alternative text carry every value). Priority: the latest value,
 * the projection, the first value, then the rest from newest to oldest. */
static void chart_value_labels(report_doc *d, const chart_frame *f, const series *s,
                               const analyze_metrics *m, double target, int has_proj)
{
    rd_ctx *c = d->c;
    lp_seg segs[2 * CHART_CURVE_STEPS + 1];
    lp_box marks[CHART_MAX_LABELS + 2];
    lp_label ls[CHART_MAX_LABELS + 1];
    char txt[CHART_MAX_LABELS + 1][32];
    size_t nsegs = 0, nmarks = 0, nl = 0;
    if (m->has_fit) nsegs += chart_curve_segs(d, f, m, m->first_year, m->last_year, segs);
    if (has_proj)
        nsegs += chart_curve_segs(d, f, m, m->last_year, m->target_year, segs + nsegs);
    float ty = fy(f, target);
    segs[nsegs++] = (lp_seg){f->x0, ty, f->x1, ty};
    marks[nmarks++] = (lp_box){f->x1 + 2.0f, ty - 8.0f, f->x1 + 30.0f, ty + 9.0f};   /* "Meta" */
    size_t npts = s ? s->n : 0;
    if (npts > CHART_MAX_LABELS) npts = CHART_MAX_LABELS;
    size_t first = s ? s->n - npts : 0;   /* the newest points when too many */
    for (size_t k = first; k < first + npts; k++) {
        float x = fx(f, series_point_x(&s->pts[k])), y = fy(f, s->pts[k].value);
        marks[nmarks++] = (lp_box){x - 3.2f, y - 3.2f, x + 3.2f, y + 3.2f};
    }
    if (has_proj) {
        float x = fx(f, m->projection_year), y = fy(f, m->projection);
        marks[nmarks++] = (lp_box){x - 3.0f, y - 3.0f, x + 3.0f, y + 3.0f};
    }
    /* order: latest, projection, first, then newest to oldest */
    size_t order[CHART_MAX_LABELS + 1], no = 0;
    if (npts) order[no++] = first + npts - 1;
    if (has_proj) order[no++] = (size_t)-1;
    if (npts > 1) order[no++] = first;
    for (size_t k = first + npts - 1; npts > 2 && k > first; k--)
        if (k != first + npts - 1) order[no++] = k;
    for (size_t j = 0; j < no; j++) {
        double v, px;
        if (order[j] == (size_t)-1) {
            v = m->projection;
            px = m->projection_year;
        } else {
            v = s->pts[order[j]].value;
            px = series_point_x(&s->pts[order[j]]);
        }
        rd_fmt_num(txt[nl], sizeof txt[nl], v);
        ls[nl] = (lp_label){fx(f, px), fy(f, v),
                            rd_width(c, RD_BOLD, CHART_LABEL_SIZE, txt[nl]) + 1.0f,
                            CHART_LABEL_SIZE, 0, {0, 0, 0, 0}};
        nl++;
    }
    lp_scene sc = {{f->x0 - 2.0f, f->y0 + 0.5f, f->x1 + 4.0f, f->y1 + 12.0f},
                   segs, nsegs, marks, nmarks, 2.5f};
    lp_place(ls, nl, &sc);
    for (size_t j = 0; j < nl; j++) {
        if (!ls[j].placed) continue;
        int proj = order[j] == (size_t)-1;
        rd_text(c, ls[j].box.x0 + 0.5f, ls[j].box.y0 + 1.3f, proj ? RD_REGULAR : RD_BOLD,
                CHART_LABEL_SIZE, rd_hex(proj ? RD_NAVY : RD_INK), txt[j]);
    }
}

/* Legend entries under the plot; only what the chart shows. The target line
 * is labelled directly at its right end instead. */
static void chart_legend(report_doc *d, float x, float y, int fit, int band)
{
    rd_ctx *c = d->c;
    static const HPDF_UINT16 dash[2] = {4, 2};
    const float size = 6.5f;
    /* Observed. */
    rd_disc(c, x + 3.0f, y + 2.2f, 2.3f, rd_hex(RD_NAVY), 0.0f, rd_hex(RD_NAVY));
    rd_text(c, x + 8.0f, y, RD_REGULAR, size, rd_hex(RD_MUTED),
            MSG_R_LEG_OBSERVED);
    x += 14.0f + rd_width(c, RD_REGULAR, size, MSG_R_LEG_OBSERVED);
    if (fit) {
        rd_hline(c, x, x + 12.0f, y + 2.2f, 1.6f, rd_hex(RD_NAVY));
        rd_text(c, x + 15.0f, y, RD_REGULAR, size, rd_hex(RD_MUTED),
                MSG_R_LEG_TREND);
        x += 21.0f + rd_width(c, RD_REGULAR, size, MSG_R_LEG_TREND);
        HPDF_Page_GSave(c->page);
        HPDF_Page_SetDash(c->page, dash, 2, 0);
        rd_hline(c, x, x + 12.0f, y + 2.2f, 1.1f, rd_hex(RD_NAVY));
        HPDF_Page_GRestore(c->page);
        rd_text(c, x + 15.0f, y, RD_REGULAR, size, rd_hex(RD_MUTED),
                MSG_R_LEG_PROJECTION);
        x += 21.0f + rd_width(c, RD_REGULAR, size, MSG_R_LEG_PROJECTION);
    }
    if (band) {
        HPDF_Page_GSave(c->page);
        HPDF_Page_SetExtGState(c->page, c->band_gs);
        rd_rect(c, x, y - 1.0f, 12.0f, 6.5f, rd_hex(RD_BAND));
        HPDF_Page_GRestore(c->page);
        rd_text(c, x + 15.0f, y, RD_REGULAR, size, rd_hex(RD_MUTED),
                MSG_R_LEG_INTERVAL);
        x += 21.0f + rd_width(c, RD_REGULAR, size, MSG_R_LEG_INTERVAL);
    }
}


/* The chart of indicator i in words: first and last value, target,
 * projection and status. In the context's buffer (rd_alt_text). */
static const char *report_chart_alt(report_doc *d, size_t i)
{
    rd_ctx *c = d->c;
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const analyze_metrics *m = report_metrics_of(d, i);
    const series *s = report_series_of(d, i);
    char a[SMALL_BUF], b[SMALL_BUF], ya[SMALL_BUF], yb[SMALL_BUF], span[LINE_BUF];
    tb_buf *o = rd_alt_reset(c);
    if (s && s->n >= 2) {
        snprintf(ya, sizeof ya, MSG_R_YEAR_FMT, s->pts[0].year);
        snprintf(yb, sizeof yb, MSG_R_YEAR_FMT, s->pts[s->n - 1].year);
        snprintf(span, sizeof span, MSG_ALT_FROM_TO_FMT,
                 rd_fmt_pct_short(a, sizeof a, s->pts[0].value), ya,
                 rd_fmt_pct_short(b, sizeof b, s->pts[s->n - 1].value), yb);
    } else if (s && s->n == 1) {
        snprintf(ya, sizeof ya, MSG_R_YEAR_FMT, s->pts[0].year);
        snprintf(span, sizeof span, MSG_ALT_ONE_FMT,
                 rd_fmt_pct_short(a, sizeof a, s->pts[0].value), ya);
    } else {
        snprintf(span, sizeof span, "%s", MSG_R_NA);
    }
    tb_buf_printf(o, MSG_ALT_CHART_FMT, ind->name, span);
    tb_buf_printf(o, MSG_ALT_TARGET_FMT, rd_fmt_pct_short(a, sizeof a, ind->target),
                  ind->target_year);
    if (m->has_fit && m->target_year > m->last_year && isfinite(m->projection))
        tb_buf_printf(o, MSG_ALT_PROJ_FMT, rd_fmt_pct_short(a, sizeof a, m->projection),
                      m->target_year);
    tb_buf_printf(o, MSG_ALT_STATUS_FMT, msg_status_label(m->status));
    return rd_alt_text(c);
}

/* One indicator's chart in the box (x, y_top, w, CHART_H). */
static void report_chart(report_doc *d, size_t i, float x, float y_top,
                         float w)
{
    rd_ctx *c = d->c;
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const analyze_metrics *m = report_metrics_of(d, i);
    const series *s = report_series_of(d, i);
    const float pillw = 62.0f, tlead = 10.5f;

    rd_round_rect(c, x, y_top - CHART_H, w, CHART_H, 4.0f, rd_hex(0xf8f9fbUL));
    int lines = rd_wrap(c, 0, 0, w - pillw - 24.0f, RD_BOLD, 8.5f, tlead,
                        rd_hex(RD_NAVY), RD_LEFT, ind->name, 0);
    rd_wrap(c, x + 8.0f, y_top - 8.0f, w - pillw - 24.0f, RD_BOLD, 8.5f, tlead,
            rd_hex(RD_NAVY), RD_LEFT, ind->name, 1);
    report_pill(d, x + w - pillw - 8.0f, y_top - 14.0f, pillw, m->status, 6.0f);
    float title_h = (float)(lines < 2 ? 2 : lines) * tlead + 12.0f;
    rd_figure_begin(c, report_chart_alt(d, i));

    int has_proj = m->has_fit && m->target_year > m->last_year &&
                   isfinite(m->projection);
    int ylo = m->first_year, yhi = m->last_year;
    if (ind->target_year > yhi) yhi = ind->target_year;
    if (yhi == ylo) {
        ylo--;
        yhi++;
    }
    chart_frame f;
    f.x0 = x + 30.0f;
    f.x1 = x + w - 26.0f;
    f.y1 = y_top - title_h - 6.0f;
    f.y0 = y_top - CHART_H + 32.0f;
    f.xmin = ylo - 0.5;
    f.xmax = yhi + 0.5;

    chart_axes(d, &f, ylo, yhi);
    /* an interval wider than the rules' limit is not drawn: it would
     * cover most of the frame and say nothing (the annex says so) */
    int band = has_proj && m->n >= (size_t)d->ri->plan->rules.min_points_interval &&
               isfinite(m->pi_low) && isfinite(m->pi_high_raw) && isfinite(m->pi_low_raw) &&
               m->pi_high_raw - m->pi_low_raw <= d->ri->plan->rules.max_interval_width + ANALYZE_EPS;
    if (band) chart_band(d, &f, m, m->last_year, m->target_year);
    chart_target(d, &f, ind->target);
    if (m->has_fit) chart_fit_line(d, &f, m, m->first_year, m->last_year, 0);
    if (has_proj) {
        chart_fit_line(d, &f, m, m->last_year, m->target_year, 1);
        chart_projection_mark(d, &f, m);
    }
    if (s) chart_points(d, &f, s);
    chart_value_labels(d, &f, s, m, ind->target, has_proj);
    chart_legend(d, x + 10.0f, y_top - CHART_H + 7.0f, m->has_fit, band);
    rd_figure_end(c);
}

#define ONEPOINT_ROW_H 26.0f

/* A one-point series as one compact row instead of a chart panel holding a
 * single dot: the name, the value on a 0-100 scale with the target as a
 * tick, the value and target in words, and the status. */
static void report_onepoint_row(report_doc *d, size_t i)
{
    rd_ctx *c = d->c;
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const analyze_metrics *m = report_metrics_of(d, i);
    const float namew = 170.0f, pillw = 66.0f, textw = 120.0f;
    const float sx0 = RD_MARGIN + namew, sx1 = RD_MARGIN + RD_CONTENT_W - pillw - textw - 12.0f;
    char v[SMALL_BUF], t[SMALL_BUF], buf[LINE_BUF];
    rd_need(c, ONEPOINT_ROW_H);
    float yc = c->y - ONEPOINT_ROW_H / 2.0f;
    rd_figure_begin(c, report_chart_alt(d, i));
    int lines = rd_wrap(c, 0, 0, namew - 8.0f, RD_BOLD, 8.5f, 9.5f, rd_hex(RD_NAVY), RD_LEFT,
                        ind->name, 0);
    rd_wrap(c, RD_MARGIN, yc + (float)lines * 4.75f + 1.5f, namew - 8.0f, RD_BOLD, 8.5f, 9.5f,
            rd_hex(RD_NAVY), RD_LEFT, ind->name, 1);
    rd_hline(c, sx0, sx1, yc, 3.0f, rd_hex(RD_MISSING));
    float tx = report_row_x(sx0, sx1, ind->target);
    rd_stroke_color(c, rd_hex(0x1a7a45UL));
    rd_line_width(c, 1.4f);
    HPDF_Page_MoveTo(c->page, tx, yc - 6.0f);
    HPDF_Page_LineTo(c->page, tx, yc + 6.0f);
    HPDF_Page_Stroke(c->page);
    rd_disc(c, report_row_x(sx0, sx1, m->latest), yc, 3.2f, rd_hex(RD_NAVY), 0.8f,
            rd_hex(RD_WHITE));
    snprintf(buf, sizeof buf, MSG_R_ONEPOINT_VALUE_FMT, rd_fmt_pct(v, sizeof v, m->latest),
             m->last_year, rd_fmt_pct(t, sizeof t, ind->target));
    rd_text(c, sx1 + 8.0f, yc - 3.0f, RD_REGULAR, 8.0f, rd_hex(RD_INK), buf);
    report_pill(d, RD_MARGIN + RD_CONTENT_W - pillw, yc, pillw, m->status, 6.5f);
    rd_figure_end(c);
    c->y -= ONEPOINT_ROW_H;
}

static void report_axis_charts(report_doc *d, size_t a)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    const float gap = 15.0f, w = (RD_CONTENT_W - gap) / 2.0f;
    int col = 0, any = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (p->indicators[i].axis != a || report_metrics_of(d, i)->n < 2) continue;
        if (!any) {
            report_h2(d, MSG_R_H_AXIS_CHARTS, CHART_H);
            any = 1;
        }
        if (col == 0) rd_need(c, CHART_H + 4.0f);
        report_chart(d, i, RD_MARGIN + (float)col * (w + gap), c->y, w);
        col = !col;
        if (col == 0) c->y -= CHART_H + gap;
    }
    if (col) c->y -= CHART_H + gap;
    int any_one = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (p->indicators[i].axis != a || report_metrics_of(d, i)->n != 1) continue;
        if (!any) {
            report_h2(d, MSG_R_H_AXIS_CHARTS, 2.0f * ONEPOINT_ROW_H);
            any = 1;
        }
        if (!any_one) {
            rd_need(c, report_note_height(d, MSG_R_ONEPOINT_NOTE) + ONEPOINT_ROW_H);   /* the note with its first row */
            report_note(d, MSG_R_ONEPOINT_NOTE);
            any_one = 1;
        }
        report_onepoint_row(d, i);
    }
    if (any_one) c->y -= 8.0f;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (p->indicators[i].axis != a || report_metrics_of(d, i)->n != 0) continue;
        char buf[LINE_BUF];
        snprintf(buf, sizeof buf, MSG_R_CHART_NODATA, p->indicators[i].name);
        report_bullet(d, MSG_R_BULLET, buf, RD_ITALIC, rd_hex(RD_MUTED));
    }
}

static void report_axis(report_doc *d, size_t a)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    const plan_axis *ax = &p->axes[a];
    const analyze_rollup *r = &d->ri->res->axis[d->ri->entity * d->ri->res->naxes + a];
    char kicker[SMALL_BUF], buf[LINE_BUF], pct[SMALL_BUF];
    snprintf(kicker, sizeof kicker, MSG_R_AXIS_KICKER, a + 1, p->naxes);
    rd_section_break(c);
    if (!d->axes_outline) {
        d->axes_outline = report_bookmark(d, NULL, MSG_R_BM_AXES, report_anchor_y(d));
        HPDF_Outline_SetOpened(d->axes_outline, HPDF_TRUE);
    }
    report_h1(d, d->axes_outline, kicker, ax->name);
    if (ax->description && *ax->description) report_body(d, ax->description);
    snprintf(buf, sizeof buf, MSG_R_AXIS_INDEX,
             rd_fmt_pct(pct, sizeof pct, r->index), r->with_data, r->total,
             text_plural(r->total, MSG_W_INDICATOR, MSG_W_INDICATORS));
    c->y -= 2.0f;
    rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_BOLD, 9.5f, 13.0f,
                 rd_hex(RD_NAVY), buf);

    report_axis_table(d, a);
    report_axis_charts(d, a);
    size_t idx[256], n = 0;
    for (size_t i = 0; i < p->nindicators && n < sizeof idx / sizeof idx[0]; i++)
        if (p->indicators[i].axis == a) idx[n++] = i;
    report_comments_list(d, idx, n);
}

/* The plan's policies under each axis: for the reader who wants the plan
 * itself, after the indicators (the axis sections open with the data). */
static void report_axis_policies(report_doc *d)
{
    const plan *p = d->ri->plan;
    if (!p->npolicies) return;
    report_h2(d, MSG_R_H_POLICIES_BY_AXIS, 40.0f);
    for (size_t a = 0; a < p->naxes; a++) {
        int any = 0;
        for (size_t k = 0; k < p->npolicies; k++) {
            if (p->policies[k].axis != a) continue;
            if (!any) {
                d->c->y -= 4.0f;
                rd_need(d->c, 40.0f);
                rd_paragraph(d->c, RD_MARGIN, RD_CONTENT_W, RD_BOLD, 10.0f, 13.0f,
                             rd_hex(RD_NAVY), p->axes[a].name);
            }
            any = 1;
            report_bullet(d, MSG_R_BULLET, p->policies[k].name, RD_REGULAR, rd_hex(RD_INK));
        }
    }
}

/* ------------------------------------------------------------------ annex */

/* The configuration files as a table; tail: points of what follows (the
 * closing note) kept on the last row's page. */
static void report_config_files(report_doc *d, float tail)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    const float w0 = 395.0f, w1 = RD_CONTENT_W - w0, pad = 4.0f, lead = 10.0f;
    /* a short table is measured and moved whole with its heading, so that
     * its last row and the note never sit alone on the last page */
    float whole = tail;
    for (size_t r = 0; r <= p->nfiles; r++) {
        const char *name = r ? report_nz(p->files[r - 1].path) : MSG_R_CFG_FILE;
        whole += (float)rd_wrap(c, 0, 0, w0 - 2 * pad, RD_REGULAR, 8.0f, lead, rd_hex(RD_INK),
                                RD_LEFT, name, 0) * lead + 8.0f;
    }
    report_h2(d, MSG_R_H_CONFIG, whole < (RD_TOP - RD_BOTTOM) / 2.0f ? whole : 40.0f);
    for (size_t r = 0; r <= p->nfiles; r++) {
        const plan_file *f = r ? &p->files[r - 1] : NULL;
        char num[SMALL_BUF];
        const char *name = f ? report_nz(f->path) : MSG_R_CFG_FILE;
        const char *rows = f ? rd_fmt_count(num, sizeof num, f->rows)
                             : MSG_R_CFG_ROWS;
        int lines = rd_wrap(c, 0, 0, w0 - 2 * pad, RD_REGULAR, 8.0f, lead,
                            rd_hex(RD_INK), RD_LEFT, name, 0);
        float h = (float)lines * lead + 8.0f;
        if (r == p->nfiles) rd_keep_next(c, tail);
        rd_need(c, h);
        rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h,
                rd_hex(!f ? RD_NAVY : (r % 2) ? RD_WHITE : RD_ZEBRA));
        rd_rgb fg = rd_hex(f ? RD_INK : RD_WHITE);
        rd_wrap(c, RD_MARGIN + pad, c->y - 4.0f, w0 - 2 * pad,
                f ? RD_REGULAR : RD_BOLD, 8.0f, lead, fg, RD_LEFT, name, 1);
        rd_wrap(c, RD_MARGIN + w0 + pad, c->y - 4.0f, w1 - 2 * pad,
                f ? RD_REGULAR : RD_BOLD, 8.0f, lead, fg, RD_RIGHT, rows, 1);
        c->y -= h;
    }
    c->y -= 6.0f;
}

/* Confidence as "95" and the t quantile's probability as "0,975". */
static void report_conf_strings(double conf, char *pct, size_t npct,
                                char *q, size_t nq)
{
    snprintf(pct, npct, MSG_R_CONF_PCT_FMT, conf * 100.0);
    snprintf(q, nq, MSG_R_QUANTILE_FMT, 1.0 - (1.0 - conf) / 2.0);
    for (char *s = pct; *s; s++) if (*s == '.') *s = MSG_R_DECIMAL_SEP;
    for (char *s = q; *s; s++) if (*s == '.') *s = MSG_R_DECIMAL_SEP;
}

static void report_annex(report_doc *d)
{
    const plan *p = d->ri->plan;
    const plan_rules *r = &p->rules;
    char buf[2048], a[SMALL_BUF], b[SMALL_BUF];
    rd_section_break(d->c);
    HPDF_Outline o = report_h1(d, NULL, NULL, MSG_R_H_ANNEX);

    report_h2(d, MSG_R_M_H_TREND, 30.0f);
    report_body(d, MSG_R_M_TREND_A);
    report_formula(d, MSG_R_M_F_TREND);
    report_body(d, MSG_R_M_TREND_B);
    report_formula(d, MSG_R_M_F_R2);
    report_body(d, MSG_R_M_TREND_C);
    report_h2(d, MSG_R_M_H_INTERVAL, 30.0f);
    report_conf_strings(r->confidence, a, sizeof a, b, sizeof b);
    snprintf(buf, sizeof buf, MSG_R_M_INTERVAL_A, a);
    report_body(d, buf);
    snprintf(buf, sizeof buf, MSG_R_M_F_INTERVAL, b);
    report_formula(d, buf);
    snprintf(buf, sizeof buf, MSG_R_M_INTERVAL_B, r->min_points_interval);
    report_body(d, buf);
    report_h2(d, MSG_R_M_H_PROJECTION, 30.0f);
    char wmax[SMALL_BUF];
    snprintf(buf, sizeof buf, MSG_R_M_PROJECTION,
             rd_fmt_num(a, sizeof a, r->value_min),
             rd_fmt_num(b, sizeof b, r->value_max),
             rd_fmt_num(wmax, sizeof wmax, r->max_interval_width));
    report_body(d, buf);
    report_h2(d, MSG_R_M_H_GAP, 30.0f);
    report_formula(d, MSG_R_M_F_GAP);
    snprintf(buf, sizeof buf, MSG_R_M_GAP, r->reach_horizon_years);
    report_body(d, buf);
    report_status_rules(d);
    report_h2(d, MSG_R_M_H_STALE, 30.0f);
    snprintf(buf, sizeof buf, MSG_R_M_STALE, d->ri->period_year,
             r->stale_years);
    report_body(d, buf);
    report_h2(d, MSG_R_M_H_ROLLUP, 30.0f);
    report_body(d, MSG_R_M_ROLLUP);
    report_model_rules(d);
    report_rollup_rule(d);
    report_score_rules(d);
    report_h2(d, MSG_R_M_H_DEFAULT, 30.0f);
    snprintf(buf, sizeof buf, MSG_R_M_DEFAULT,
             rd_fmt_pct(a, sizeof a, p->default_target), p->default_target_year);
    report_body(d, buf);

    d->c->y -= 6.0f;
    rd_need(d->c, 80.0f);
    report_bookmark(d, o, MSG_R_H_SOURCES, d->c->y + 20.0f);
    report_sources(d, 0.0f);
    rd_need(d->c, 60.0f);
    report_bookmark(d, o, MSG_R_H_CONFIG, d->c->y + 20.0f);
    snprintf(buf, sizeof buf, MSG_R_M_VERSION, report_nz(d->ri->version));
    report_config_files(d, 10.0f + report_note_height(d, buf));
    d->c->y -= 4.0f;
    report_note(d, buf);
}

static void report_build(report_doc *d)
{
    const plan *p = d->ri->plan;
    report_decision_page(d, MSG_D_WHERE_AXES, MSG_D_WHERE_STATUS);
    report_summary(d);
    report_heatmap(d);
    for (size_t a = 0; a < p->naxes; a++) report_axis(d, a);
    report_peers(d);
    rd_section_break(d->c);
    report_h1(d, NULL, NULL, MSG_S_H_NEWS_QUALITY);
    report_news(d, PLAN_NONE);
    report_quality(d, PLAN_NONE);
    /* the plan itself, for whoever wants it, after the indicators */
    report_mission(d);
    report_plan_numbers(d);
    report_axis_policies(d);
    report_annex(d);
}

int report_render_pdf(const report_input *ri, tb_buf *out, tb_error *err)
{
    report_doc d;
    report_doc_init(&d, ri);
    snprintf(d.subject, sizeof d.subject, MSG_R_INFO_SUBJECT, report_entity_name(&d));
    return report_render_doc(&d, report_build, out, err);
}
