/* report_operational.c - one operational report per secretariat: the
 * short-term gaze, focused on impact. What to act on now (one page), its
 * programs and indicators with latest values and year-over-year changes,
 * the exceptions, what changed, data quality and the rules in force. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "msg.h"
#include "report_parts.h"
#include "text.h"
#include "report_views.h"

/* Worsening in the good direction over the last year (> 0: declined). */
static int op_declining(const analyze_metrics *m)
{
    return isfinite(m->yoy_change) && m->decline > 0.0;
}

static int op_off(const analyze_metrics *m)
{
    return m->status == ANALYZE_OFF_TRACK || m->status == ANALYZE_AT_RISK;
}

static int op_no_recent(const analyze_metrics *m)
{
    return m->n == 0 || m->stale;
}

/* Why an indicator needs attention, in words, into buf. */
static void op_reasons(const report_doc *d, size_t i, char *buf, size_t n)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    char a[SMALL_BUF], per[SMALL_BUF];
    tb_buf b;
    tb_buf_init(&b);
    tb_buf_printf(&b, MSG_O_WHY_STATUS, msg_status_label(m->status));
    if (op_declining(m)) tb_buf_printf(&b, MSG_O_WHY_DECLINE, rd_fmt_num(a, sizeof a, m->decline),
                                     m->last_year - 1, m->last_year);
    if (m->n == 0) tb_buf_puts(&b, MSG_O_WHY_NODATA);
    else if (m->stale)
        tb_buf_printf(&b, MSG_O_WHY_STALE, rv_fmt_period(per, sizeof per, m->last_year, m->last_month));
    if (m->n > 0 && m->gap > 0) tb_buf_printf(&b, MSG_O_WHY_GAP, rd_fmt_num(a, sizeof a, m->gap));
    int left = m->target_year - d->ri->period_year;
    if (left >= 0) tb_buf_printf(&b, MSG_O_WHY_DEADLINE, m->target_year);
    else tb_buf_printf(&b, MSG_O_WHY_OVERDUE, m->target_year);
    rd_check_buf(d->c, &b);
    snprintf(buf, n, "%s", b.data ? b.data : "");
    tb_buf_fini(&b);
}

/* Height of a card (draw = 0) or draws it at the cursor. */
static float op_card(report_doc *d, size_t i, int draw)
{
    rd_ctx *c = d->c;
    const analyze_metrics *m = report_metrics_of(d, i);
    const float w = RD_CONTENT_W - 16.0f, pillw = 74.0f, lead = 11.5f;
    char why[LINE_BUF], line[LINE_BUF], an[LINE_BUF];
    op_reasons(d, i, why, sizeof why);
    /* the secretariat's committed action, else the board's suggestion */
    report_action_text(d, i, line, sizeof line);
    int has_an = report_analysis_text(d, i, an, sizeof an);
    float y = c->y - 8.0f;
    int l1 = rd_wrap(c, RD_MARGIN + 12.0f, y, w - pillw - 10.0f, RD_BOLD, 10.5f, 13.0f,
                     rd_hex(RD_NAVY), RD_LEFT, d->ri->plan->indicators[i].name, draw);
    y -= (float)l1 * 13.0f + 2.0f;
    int l2 = rd_wrap(c, RD_MARGIN + 12.0f, y, w, RD_REGULAR, 8.5f, lead, rd_hex(RD_INK), RD_LEFT,
                     why, draw);
    y -= (float)l2 * lead + 1.0f;
    if (has_an) {
        int la = rd_wrap(c, RD_MARGIN + 12.0f, y, w, RD_REGULAR, 8.5f, lead, rd_hex(RD_INK), RD_LEFT,
                         an, draw);
        y -= (float)la * lead + 1.0f;
    }
    int l3 = rd_wrap(c, RD_MARGIN + 12.0f, y, w, RD_BOLD, 8.5f, lead, rd_hex(RD_INK), RD_LEFT,
                     line, draw);
    y -= (float)l3 * lead + 8.0f;
    float h = c->y - y;
    if (draw) {
        rd_rect(c, RD_MARGIN, y, 4.0f, h, rd_hex(m->quadrant == ANALYZE_ACT_NOW ? 0xb2331fUL : 0xe08a00UL));
        report_pill(d, RD_MARGIN + RD_CONTENT_W - pillw, c->y - 14.0f, pillw, m->status, 6.5f);
        rd_hline(c, RD_MARGIN, RD_MARGIN + RD_CONTENT_W, y, 0.4f, rd_hex(RD_RULE));
    }
    return h;
}

/* Indicators of the secretariat in quadrant q, most urgent first, as
 * indices into out (capacity cap); returns how many. */
static size_t op_ranked(const report_doc *d, analyze_quadrant q, size_t *out, size_t cap)
{
    size_t n = 0;
    const plan *p = d->ri->plan;
    for (size_t i = 0; i < p->nindicators && n < cap; i++) {
        if (!rv_in_scope(d, i) || report_metrics_of(d, i)->quadrant != q) continue;
        size_t k = n++;
        /* Insertion by urgency (stable: plan order on ties). */
        while (k > 0 && report_metrics_of(d, out[k - 1])->urgency < report_metrics_of(d, i)->urgency) {
            out[k] = out[k - 1];
            k--;
        }
        out[k] = i;
    }
    return n;
}

static void op_act_now(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    char num[4][SMALL_BUF], buf[LINE_BUF];
    rd_section_break(c);
    report_h1(d, NULL, MSG_O_H1_KICKER, MSG_O_H_ACT);
    report_body(d, MSG_O_ACT_INTRO);
    size_t total = 0, met = 0, exc = 0, act = 0, assumed = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const analyze_metrics *m = report_metrics_of(d, i);
        total++;
        met += m->status == ANALYZE_MET || m->status == ANALYZE_MET_DECLINING;
        assumed += p->indicators[i].target_is_default != 0;
        exc += op_off(m) || op_declining(m) || op_no_recent(m);
        act += m->quadrant == ANALYZE_ACT_NOW;
    }
    const float gap = 10.0f, h = 50.0f, w = (RD_CONTENT_W - 3.0f * gap) / 4.0f;
    c->y -= 4.0f;
    report_tile(d, RD_MARGIN, c->y, w, h, rd_fmt_count(num[0], SMALL_BUF, total),
                text_plural(total, MSG_O_TILE_TOTAL_ONE, MSG_O_TILE_TOTAL),
                rd_hex(RD_TILE), 1);
    report_tile(d, RD_MARGIN + (w + gap), c->y, w, h, rd_fmt_count(num[1], SMALL_BUF, act),
                MSG_QUADRANT_ACT_NOW, rd_hex(0xb2331fUL), 0);
    report_tile(d, RD_MARGIN + 2 * (w + gap), c->y, w, h, rd_fmt_count(num[2], SMALL_BUF, exc),
                MSG_O_TILE_EXCEPTIONS, rd_hex(0xfdae61UL), 0);
    report_tile(d, RD_MARGIN + 3 * (w + gap), c->y, w, h, rd_fmt_count(num[3], SMALL_BUF, met),
                assumed && assumed == total ? text_plural(met, MSG_O_TILE_MET_ASSUMED_ONE, MSG_O_TILE_MET_ASSUMED)
                                            : text_plural(met, MSG_O_TILE_MET_ONE, MSG_O_TILE_MET),
                report_status_color(ANALYZE_MET), 0);
    c->y -= h + 14.0f;
    size_t list[256];
    static const analyze_quadrant qs[2] = {ANALYZE_ACT_NOW, ANALYZE_MANAGE};
    static const char *const heads[2] = {MSG_O_H_ACT_NOW, MSG_O_H_MANAGE};
    size_t left_out = 0;
    HPDF_Page first = c->page;
    size_t listed = 0;   /* "otro" only after a first list that had some */
    for (int k = 0; k < 2; k++) {
        size_t n = op_ranked(d, qs[k], list, sizeof list / sizeof list[0]);
        report_h2(d, heads[k], 30.0f);
        if (!n) {
            report_body(d, k == 0 ? MSG_O_NONE_ACT : listed ? MSG_O_NONE_MANAGE : MSG_O_NONE_MANAGE_ALONE);
            continue;
        }
        listed += n;
        for (size_t j = 0; j < n; j++) {
            float hc = op_card(d, list[j], 0);
            /* The list stays on one page: what does not fit is counted. */
            if (c->page != first || c->y - hc < RD_BOTTOM) {
                left_out += n - j;
                break;
            }
            op_card(d, list[j], 1);
            c->y -= hc;
        }
    }
    if (left_out && c->page == first && c->y - 20.0f > RD_BOTTOM - 12.0f) {
        snprintf(buf, sizeof buf, MSG_O_MORE, left_out);
        report_note(d, buf);
    }
}

static void op_programs(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    const plan_secretariat *s = &p->secretariats[d->secretariat];
    rd_section_break(c);
    report_h1(d, NULL, NULL, MSG_O_H_PROGRAMS);
    report_h2(d, MSG_O_H_PROGRAM_LIST, 30.0f);
    for (size_t k = 0; k < s->nprograms; k++)
        report_bullet(d, MSG_R_BULLET, s->programs[k], RD_REGULAR, rd_hex(RD_INK));
    if (!s->nprograms) report_body(d, MSG_O_NO_PROGRAMS);
    static const rv_col cols[7] = {{MSG_R_COL_NAME, 140, RD_LEFT}, {MSG_O_COL_LAST, 62, RD_RIGHT},
                                   {MSG_R_COL_YOY, 52, RD_RIGHT}, {MSG_R_COL_SLOPE, 52, RD_RIGHT},
                                   {MSG_O_COL_TARGET, 60, RD_RIGHT}, {MSG_R_COL_STATUS, 68, RD_LEFT},
                                   {MSG_O_COL_QUADRANT, 61, RD_LEFT}};
    report_h2(d, MSG_O_H_INDICATORS, 60.0f);
    rv_table_header(d, cols, 7);
    int zebra = 0;
    size_t last_row = 0;
    for (size_t i = 0; i < p->nindicators; i++)
        if (rv_in_scope(d, i)) last_row = i;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        /* the footnote stays with the table's last row */
        if (i == last_row) rd_keep_next(d->c, 6.0f + report_note_height(d, MSG_O_NOTE_UNITS));
        const analyze_metrics *m = report_metrics_of(d, i);
        const plan_indicator *ind = &p->indicators[i];
        char last[SMALL_BUF], yoy[SMALL_BUF], slope[SMALL_BUF], tgt[SMALL_BUF], per[SMALL_BUF],
            t2[SMALL_BUF];
        if (m->n) {
            char v[SMALL_BUF];
            snprintf(last, sizeof last, MSG_O_LAST_FMT, rd_fmt_pct(v, sizeof v, m->latest),
                     rv_fmt_period(per, sizeof per, m->last_year, m->last_month));
        } else {
            snprintf(last, sizeof last, "%s", MSG_R_NA);
        }
        rd_fmt_pp(yoy, sizeof yoy, m->yoy_change);
        rd_fmt_signed(slope, sizeof slope, m->has_fit ? m->fit.c1 : NAN);
        if (ind->maintain) {
            char lo[SMALL_BUF], hi[SMALL_BUF];
            snprintf(tgt, sizeof tgt, MSG_O_BAND_FMT, rd_fmt_num(lo, sizeof lo, ind->band_min),
                     rd_fmt_num(hi, sizeof hi, ind->band_max), ind->target_year);
        } else {
            snprintf(tgt, sizeof tgt, MSG_O_TARGET_FMT, rd_fmt_pct(t2, sizeof t2, ind->target),
                     ind->target_year);
        }
        const char *cells[7] = {ind->name, last, yoy, slope, tgt, NULL, msg_quadrant_label(m->quadrant)};
        rv_table_row(d, cols, 7, cells, zebra, 0, 5, m->status);
        zebra = !zebra;
    }
    rv_table_end(d);
    report_note(d, MSG_O_NOTE_UNITS);
}

static void op_exception_list(report_doc *d, const char *head, int (*pred)(const analyze_metrics *))
{
    const plan *p = d->ri->plan;
    char buf[LINE_BUF], a[SMALL_BUF], per[SMALL_BUF];
    report_h2(d, head, 30.0f);
    size_t n = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        if (!rv_in_scope(d, i) || !pred(m)) continue;
        if (pred == op_declining)
            snprintf(buf, sizeof buf, MSG_O_EXC_DECLINE, p->indicators[i].name,
                     rd_fmt_pp(a, sizeof a, m->yoy_change));
        else if (pred == op_no_recent && m->n == 0)
            snprintf(buf, sizeof buf, MSG_R_STALE_NODATA, p->indicators[i].name);
        else if (pred == op_no_recent)
            snprintf(buf, sizeof buf, MSG_O_EXC_STALE, p->indicators[i].name,
                     rv_fmt_period(per, sizeof per, m->last_year, m->last_month));
        else
            snprintf(buf, sizeof buf, MSG_O_EXC_STATUS, p->indicators[i].name,
                     msg_status_label(m->status), rv_fmt_gap(a, sizeof a, m));
        report_bullet(d, MSG_R_BULLET, buf, RD_REGULAR, rd_hex(RD_INK));
        n++;
    }
    if (!n) report_body(d, MSG_O_EXC_NONE);
}

static void op_exceptions(report_doc *d)
{
    rd_section_break(d->c);
    report_h1(d, NULL, NULL, MSG_O_H_EXCEPTIONS);
    report_body(d, MSG_O_EXC_INTRO);
    op_exception_list(d, MSG_O_H_EXC_OFF, op_off);
    op_exception_list(d, MSG_O_H_EXC_DECLINE, op_declining);
    op_exception_list(d, MSG_O_H_EXC_STALE, op_no_recent);
    d->c->y -= 8.0f;
    report_news(d, d->secretariat);
    report_quality(d, d->secretariat);
}

static void op_annex(report_doc *d)
{
    rd_section_break(d->c);
    report_h1(d, NULL, NULL, MSG_R_H_ANNEX);
    report_status_rules(d);
    report_score_rules(d);
    report_model_rules(d);
}

/* The secretariat's own analyses and actions, after its indicators. */
static void op_comments(report_doc *d)
{
    size_t idx[256], n = 0;
    for (size_t i = 0; i < d->ri->plan->nindicators && n < sizeof idx / sizeof idx[0]; i++)
        if (rv_in_scope(d, i)) idx[n++] = i;
    report_comments_list(d, idx, n);
}

static void op_build(report_doc *d)
{
    report_decision_page(d, MSG_D_WHERE_PROGRAMS, MSG_D_WHERE_ACT);
    op_act_now(d);
    op_programs(d);
    op_comments(d);
    op_exceptions(d);
    op_annex(d);
}

int report_render_operational(const report_input *ri, size_t sec, tb_buf *out, tb_error *err)
{
    report_doc d;
    report_doc_init(&d, ri);
    TB_ASSERT(sec < ri->plan->nsecretariats);
    d.secretariat = sec;
    d.kicker = MSG_O_KICKER;
    d.title = MSG_O_TITLE;
    d.subtitle = ri->plan->secretariats[sec].name;
    snprintf(d.subject, sizeof d.subject, MSG_O_SUBJECT, ri->plan->secretariats[sec].name,
             report_entity_name(&d));
    return report_render_doc(&d, op_build, out, err);
}
