/* report_citizen.c - "Rendición de cuentas": a two-page summary for
 * citizens in plain words and large type. How many goals are met, three
 * things that go well, three that need attention, and what the city will
 * do next (the "actuar ya" list). No jargon: no slopes, intervals or pp. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "report_parts.h"
#include "text.h"
#include "report_views.h"

#define CIT_BODY 14.0f
#define CIT_LEAD 19.0f
#define CIT_ACTIONS_MAX 4   /* committed actions on page 2 at most */
#define CIT_H2 19.0f

/* Whole numbers read better than decimals for a general audience. */
static const char *cit_num(char *buf, size_t n, double v)
{
    snprintf(buf, n, MSG_CIT_NUM_FMT, isfinite(v) ? floor(v + 0.5) : 0.0);
    return buf;
}

static void cit_h2(report_doc *d, const char *title, unsigned long col)
{
    rd_ctx *c = d->c;
    c->y -= 10.0f;
    rd_need(c, CIT_H2 + 60.0f);
    rd_rect(c, RD_MARGIN, c->y - CIT_H2 - 2.0f, 5.0f, CIT_H2 + 4.0f, rd_hex(col));
    rd_tag_begin(c, "H2");
    rd_text(c, RD_MARGIN + 14.0f, c->y - CIT_H2 + 2.0f, RD_BOLD, CIT_H2, rd_hex(RD_NAVY), title);
    rd_tag_end(c);
    c->y -= CIT_H2 + 14.0f;
}

/* One item: a coloured dot, the name in bold on its own line(s) and the
 * sentence under it. */
/* The height cit_item takes for name and rest. */
static float cit_item_height(report_doc *d, const char *name, const char *rest)
{
    const float w = RD_CONTENT_W - 22.0f;
    int l1 = rd_wrap(d->c, 0, 0, w, RD_BOLD, CIT_BODY, CIT_LEAD, rd_hex(RD_NAVY), RD_LEFT, name, 0);
    int l2 = rd_wrap(d->c, 0, 0, w, RD_REGULAR, CIT_BODY, CIT_LEAD, rd_hex(RD_INK), RD_LEFT, rest, 0);
    return (float)(l1 + l2) * CIT_LEAD + 10.0f;
}

static void cit_item(report_doc *d, const char *name, const char *rest, unsigned long col)
{
    rd_ctx *c = d->c;
    const float x = RD_MARGIN + 22.0f, w = RD_CONTENT_W - 22.0f;
    int l1 = rd_wrap(c, x, c->y, w, RD_BOLD, CIT_BODY, CIT_LEAD, rd_hex(RD_NAVY), RD_LEFT, name, 0);
    int l2 = rd_wrap(c, x, c->y, w, RD_REGULAR, CIT_BODY, CIT_LEAD, rd_hex(RD_INK), RD_LEFT, rest, 0);
    rd_need(c, (float)(l1 + l2) * CIT_LEAD + 10.0f);
    rd_marker(c, RD_MARGIN + 8.0f, c->y - CIT_BODY * 0.38f, 5.0f, RD_SHAPE_CIRCLE, rd_hex(col),
              rd_hex(col));
    rd_wrap(c, x, c->y, w, RD_BOLD, CIT_BODY, CIT_LEAD, rd_hex(RD_NAVY), RD_LEFT, name, 1);
    rd_wrap(c, x, c->y - (float)l1 * CIT_LEAD, w, RD_REGULAR, CIT_BODY, CIT_LEAD, rd_hex(RD_INK),
            RD_LEFT, rest, 1);
    c->y -= (float)(l1 + l2) * CIT_LEAD + 10.0f;
}

/* "1 punto" / "16 puntos". */
static const char *cit_points(char *buf, size_t n, double v)
{
    long r = isfinite(v) ? (long)floor(v + 0.5) : 0;
    snprintf(buf, n, r == 1 || r == -1 ? MSG_CIT_POINT_FMT : MSG_CIT_POINTS_FMT, r);
    return buf;
}

/* Each axis as a bar from 0 to 100 with its score in words. */
static void cit_axes(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    char num[SMALL_BUF], buf[LINE_BUF];
    cit_h2(d, MSG_CIT_H_AXES, RD_BAND);
    const float namew = 170.0f, bx = RD_MARGIN + namew, bw = RD_CONTENT_W - namew - 90.0f;
    for (size_t a = 0; a < p->naxes; a++) {
        const analyze_rollup *u = analyze_rollup_at(d->ri->res, ANALYZE_LEVEL_AXIS, d->ri->entity, a);
        rd_need(c, 26.0f);
        rd_text(c, RD_MARGIN + 4.0f, c->y - 15.0f, RD_BOLD, 13.0f, rd_hex(RD_NAVY), p->axes[a].name);
        rd_round_rect(c, bx, c->y - 17.0f, bw, 12.0f, 6.0f, rd_hex(RD_MISSING));
        if (isfinite(u->index) && u->index > 0) {
            double v = u->index > 100 ? 100 : u->index;
            rd_round_rect(c, bx, c->y - 17.0f, bw * (float)(v / 100.0), 12.0f, 6.0f, rd_heat_color(v));
            snprintf(buf, sizeof buf, MSG_CIT_AXIS_SCORE, cit_num(num, sizeof num, u->index));
        } else {
            snprintf(buf, sizeof buf, "%s", MSG_CIT_AXIS_NODATA);
        }
        rd_text(c, bx + bw + 10.0f, c->y - 15.0f, RD_REGULAR, 13.0f, rd_hex(RD_INK), buf);
        c->y -= 26.0f;
    }
}

/* How much better the indicator did over the last year, in its good
 * direction; NAN when unknown. */
static double cit_gain(const analyze_metrics *m)
{
    return isfinite(m->decline) && isfinite(m->yoy_change) ? -m->decline : NAN;
}

/* Index of the k-th best of score() among indicators passing keep(), or
 * PLAN_NONE; ties keep plan order. */
static size_t cit_pick(const report_doc *d, size_t k, int (*keep)(const report_doc *, size_t),
                       double (*score)(const analyze_metrics *))
{
    const plan *p = d->ri->plan;
    size_t chosen[8], n = 0;
    while (n <= k && n < 8) {
        size_t best = PLAN_NONE;
        double bv = -INFINITY;
        for (size_t i = 0; i < p->nindicators; i++) {
            const analyze_metrics *m = report_metrics_of(d, i);
            int used = 0;
            for (size_t j = 0; j < n; j++) used |= chosen[j] == i;
            if (used || !keep(d, i)) continue;
            double v = score(m);
            if (best == PLAN_NONE || v > bv) {
                best = i;
                bv = v;
            }
        }
        if (best == PLAN_NONE) return PLAN_NONE;
        chosen[n++] = best;
    }
    return n > k ? chosen[k] : PLAN_NONE;
}

/* Indicators whose target is the config's default, not the plan's. */
static size_t cit_assumed(const plan *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nindicators; i++) n += p->indicators[i].target_is_default != 0;
    return n;
}

static int keep_good(const report_doc *d, size_t i)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    /* a rise counts as good news only on recent data */
    return m->status == ANALYZE_MET || m->status == ANALYZE_ON_TRACK ||
           (m->n > 0 && !m->stale && cit_gain(m) > 0 && m->status != ANALYZE_OFF_TRACK);
}

static double score_good(const analyze_metrics *m)
{
    double g = cit_gain(m);
    return (m->status == ANALYZE_MET ? 1000.0 : 0.0) + (isfinite(g) ? g : 0.0) + m->latest / 1000.0;
}

static int keep_concern(const report_doc *d, size_t i)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    return m->status != ANALYZE_MET && m->status != ANALYZE_ON_TRACK;
}

static double score_concern(const analyze_metrics *m)
{
    return m->urgency;
}
static int keep_committed(const report_doc *d, size_t i)
{
    return plan_comment_has_action(report_comment_of(d, i));
}

static void cit_good(report_doc *d, size_t i)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    char a[SMALL_BUF], b[SMALL_BUF], text[LINE_BUF];
    double g = cit_gain(m);
    if (m->status == ANALYZE_MET && isfinite(g) && g < 0)   /* met, but fell: both said */
        snprintf(text, sizeof text,
                 d->ri->plan->indicators[i].target_is_default ? MSG_CIT_GOOD_MET_DOWN_ASSUMED
                                                              : MSG_CIT_GOOD_MET_DOWN,
                 cit_num(a, sizeof a, m->latest), m->last_year, cit_points(b, sizeof b, -g));
    else if (m->status == ANALYZE_MET)
        snprintf(text, sizeof text,
                 d->ri->plan->indicators[i].target_is_default ? MSG_CIT_GOOD_MET_ASSUMED
                                                              : MSG_CIT_GOOD_MET,
                 cit_num(a, sizeof a, m->latest), m->last_year);
    else if (isfinite(g) && g > 0)
        snprintf(text, sizeof text, MSG_CIT_GOOD_UP, cit_num(a, sizeof a, m->latest), m->last_year,
                 cit_points(b, sizeof b, g));
    else
        snprintf(text, sizeof text, MSG_CIT_GOOD_TRACK, cit_num(a, sizeof a, m->latest), m->last_year);
    cit_item(d, d->ri->plan->indicators[i].name, text, report_status_hex[ANALYZE_MET]);
}

static void cit_concern(report_doc *d, size_t i)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    char a[SMALL_BUF], b[SMALL_BUF], text[LINE_BUF];
    double g = cit_gain(m);
    if (m->n == 0)
        snprintf(text, sizeof text, "%s", MSG_CIT_BAD_NODATA);
    else if (isfinite(g) && g < 0)
        snprintf(text, sizeof text, MSG_CIT_BAD_DOWN, cit_points(a, sizeof a, -g),
                 m->last_year - 1, m->last_year, cit_num(b, sizeof b, m->latest));
    else if (m->stale)
        snprintf(text, sizeof text, MSG_CIT_BAD_OLD, m->last_year, cit_num(a, sizeof a, m->latest));
    else
        snprintf(text, sizeof text, MSG_CIT_BAD_FAR, cit_num(a, sizeof a, m->latest),
                 cit_num(b, sizeof b, ind->target), ind->target_year);
    cit_item(d, ind->name, text, report_status_hex[ANALYZE_OFF_TRACK]);
}

/* "Qué cambió": the page-1 list of the other reports, in plain words.
 * Only what the data say: no action is promised here, since none is
 * configured (the secretariats' own commitments belong to them). */
static void cit_changed(report_doc *d)
{
    char text[LINE_BUF];
    cit_h2(d, MSG_CIT_H_CHANGED, RD_NAVY);
    size_t total = report_changed_line(d, 0, text, sizeof text, NULL);
    for (size_t k = 0; k < total && k < 3; k++) {
        int worse = 0;
        report_changed_line(d, k, text, sizeof text, &worse);
        rd_paragraph(d->c, RD_MARGIN, RD_CONTENT_W, RD_REGULAR, CIT_BODY, CIT_LEAD,
                     rd_hex(worse ? report_status_hex[ANALYZE_OFF_TRACK] : RD_INK), text);
    }
    if (!total)
        rd_paragraph(d->c, RD_MARGIN, RD_CONTENT_W, RD_ITALIC, CIT_BODY, CIT_LEAD, rd_hex(RD_MUTED),
                     MSG_CIT_CHANGED_NONE);
    d->c->y -= 6.0f;
}

/* One committed action of a secretariat (comments file), in plain words,
 * into text; 0 when the indicator has none. */
static int cit_action_text(const report_doc *d, size_t i, char *text, size_t n)
{
    const plan_comment *k = report_comment_of(d, i);
    char date[32], until[SMALL_BUF] = "", act[LINE_BUF];
    if (plan_comment_has_action(k)) {
        /* the sentence closes after the owner and date: drop the action's
         * own final period */
        snprintf(act, sizeof act, "%s", k->action);
        size_t len = strlen(act);
        if (len && act[len - 1] == '.') act[len - 1] = '\0';
        if (k->due_year) {
            int late = plan_comment_overdue(k, d->ri->period_year, d->ri->period_month);
            report_fmt_date(date, sizeof date, k->due_year, k->due_month, k->due_day);
            if (late && k->owner[0]) snprintf(until, sizeof until, MSG_CIT_DO_LATE, date);
            else if (late) snprintf(until, sizeof until, MSG_CIT_DO_LATE_NOOWNER, date);
            else if (k->owner[0]) snprintf(until, sizeof until, MSG_CIT_DO_UNTIL, date);
            else snprintf(until, sizeof until, MSG_CIT_DO_UNTIL_NOOWNER, date);
        }
        if (k->owner[0]) snprintf(text, n, MSG_CIT_DO_COMMITTED, act, k->owner, until);
        else snprintf(text, n, MSG_CIT_DO_COMMITTED_NOOWNER, act, until);
        return 1;
    }
    return 0;
}

/* "Lo que vamos a hacer": only what the secretariats committed to in the
 * comments file, the most worrying indicators first; no section at all
 * when nothing is committed, so that nothing is promised on their behalf.
 * The summary is two pages: the actions take the room left above
 * reserve (the closing box) and count the rest in one line. */
static void cit_actions(report_doc *d, float reserve)
{
    const plan *p = d->ri->plan;
    rd_ctx *c = d->c;
    size_t chosen[CIT_ACTIONS_MAX], n = 0, total = 0;
    for (size_t i = 0; i < p->nindicators; i++) total += keep_committed(d, i);
    while (n < CIT_ACTIONS_MAX) {
        size_t i = cit_pick(d, n, keep_committed, score_concern);
        if (i == PLAN_NONE) break;
        chosen[n++] = i;
    }
    if (!n) return;
    char text[LINE_BUF], more[LINE_BUF];
    const float more_h = 2.0f * CIT_LEAD;
    size_t shown = 0;
    for (size_t k = 0; k < n; k++) {
        const char *name = p->indicators[chosen[k]].name;
        cit_action_text(d, chosen[k], text, sizeof text);
        float h = cit_item_height(d, name, text) + (shown ? 0.0f : CIT_H2 + 24.0f);
        float after = total > k + 1 ? more_h : 0.0f;
        if (c->y - h - after - reserve < RD_BOTTOM) break;
        if (!shown) cit_h2(d, MSG_CIT_H_NEXT, RD_NAVY);
        cit_item(d, name, text, RD_NAVY);
        shown++;
    }
    if (shown && total > shown) {
        if (total - shown == 1) snprintf(more, sizeof more, "%s", MSG_CIT_DO_MORE_ONE);
        else snprintf(more, sizeof more, MSG_CIT_DO_MORE, total - shown);
        rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_ITALIC, CIT_BODY, CIT_LEAD, rd_hex(RD_MUTED), more);
    }
    if (shown) c->y -= 10.0f;
}

/* A big number with its label under it. */
static void cit_tile(report_doc *d, float x, float w, const char *num, const char *label,
                     unsigned long bg)
{
    rd_ctx *c = d->c;
    const float h = 84.0f;
    rd_rgb col = rd_hex(bg), fg = rd_text_on(col);
    rd_round_rect(c, x, c->y - h, w, h, 6.0f, col);
    rd_tag_begin(c, "P");
    rd_text(c, x + 12.0f, c->y - 38.0f, RD_BOLD, 32.0f, fg, num);
    rd_wrap(c, x + 12.0f, c->y - 46.0f, w - 18.0f, RD_REGULAR, 11.5f, 13.0f, fg, RD_LEFT, label, 1);
    rd_tag_end(c);
}

static void cit_page1(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    const analyze_rollup *o = &d->ri->res->overall[d->ri->entity];
    char buf[LINE_BUF], n[4][SMALL_BUF];
    rd_new_page(c);
    report_bookmark(d, NULL, MSG_CIT_BM_SUMMARY, RD_PAGE_H);
    rd_section(c);
    const float band = 170.0f;
    rd_rect(c, 0, RD_PAGE_H - band, RD_PAGE_W, band, rd_hex(RD_NAVY));
    for (int s = 0; s < ANALYZE_NSTATUS; s++)
        rd_rect(c, RD_PAGE_W * (float)s / ANALYZE_NSTATUS, RD_PAGE_H - band - 5.0f,
                RD_PAGE_W / ANALYZE_NSTATUS + 0.5f, 5.0f, report_status_color((analyze_status)s));
    rd_text(c, RD_MARGIN, RD_PAGE_H - 58.0f, RD_BOLD, 11.0f, rd_hex(0xaec3d8UL), MSG_CIT_KICKER);
    rd_tag_begin(c, "H1");
    rd_text(c, RD_MARGIN, RD_PAGE_H - 104.0f, RD_BOLD, 36.0f, rd_hex(RD_WHITE), report_entity_name(d));
    rd_tag_end(c);
    snprintf(buf, sizeof buf, MSG_CIT_PERIOD, msg_month_name(d->ri->period_month), d->ri->period_year);
    rd_text(c, RD_MARGIN, RD_PAGE_H - 136.0f, RD_REGULAR, 15.0f, rd_hex(0xdbe5ef), buf);
    c->y = RD_PAGE_H - band - 30.0f;
    size_t assumed = cit_assumed(p), met = o->counts[ANALYZE_MET] + o->counts[ANALYZE_MET_DECLINING];
    if (assumed == 0) snprintf(buf, sizeof buf, MSG_CIT_HEADLINE, o->total, met);
    else if (assumed >= o->total) snprintf(buf, sizeof buf, MSG_CIT_HEADLINE_ASSUMED, met, o->total);
    else snprintf(buf, sizeof buf, MSG_CIT_HEADLINE_MIXED, o->total, met);
    int l = rd_wrap(c, RD_MARGIN, c->y, RD_CONTENT_W, RD_BOLD, 22.0f, 27.0f, rd_hex(RD_NAVY),
                    RD_LEFT, buf, 1);
    c->y -= (float)l * 27.0f + 4.0f;
    /* the provenance of the targets goes on the page that counts them */
    char pct[SMALL_BUF];
    cit_num(pct, sizeof pct, p->default_target);
    if (assumed >= o->total && assumed > 0)
        snprintf(buf, sizeof buf, MSG_CIT_ASSUMED_ALL, pct, p->default_target_year);
    else if (assumed > 0)
        snprintf(buf, sizeof buf, MSG_CIT_ASSUMED_SOME, assumed, pct, p->default_target_year);
    if (assumed > 0)
        rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_BOLD, CIT_BODY, CIT_LEAD, rd_hex(0xb2331fUL), buf);
    /* freshness in one paragraph: what was met on old data, and how far
     * the data reach when none is recent */
    buf[0] = '\0';
    size_t used = 0;
    if (o->counts[ANALYZE_TO_CONFIRM])
        used = (size_t)snprintf(buf, sizeof buf, MSG_CIT_TO_CONFIRM, o->counts[ANALYZE_TO_CONFIRM],
                                p->rules.stale_years);
    if (d->ri->res->all_stale_year && used < sizeof buf)
        snprintf(buf + used, sizeof buf - used, used ? MSG_CIT_UNTIL : MSG_CIT_UNTIL + 1,
                 d->ri->res->all_stale_year);
    if (buf[0])
        rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_REGULAR, CIT_BODY, CIT_LEAD, rd_hex(RD_INK), buf);
    c->y -= 4.0f;
    /* "the targets we set ourselves" is only true of the plan's own */
    if (assumed < o->total || assumed == 0) {
        snprintf(buf, sizeof buf, MSG_CIT_INTRO, report_nz(p->term_label));
        rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_REGULAR, CIT_BODY, CIT_LEAD, rd_hex(RD_INK), buf);
    }
    c->y -= 12.0f;
    size_t attention = o->counts[ANALYZE_AT_RISK] + o->counts[ANALYZE_OFF_TRACK] +
                       o->counts[ANALYZE_UNCERTAIN];
    const float gap = 10.0f, w = (RD_CONTENT_W - 3.0f * gap) / 4.0f;
    int all_assumed = assumed > 0 && assumed >= o->total;
    cit_tile(d, RD_MARGIN, w, rd_fmt_count(n[0], SMALL_BUF, met),
             all_assumed ? text_plural(met, MSG_CIT_T_MET_REF_ONE, MSG_CIT_T_MET_REF)
                         : text_plural(met, MSG_CIT_T_MET_ONE, MSG_CIT_T_MET),
             report_status_hex[ANALYZE_MET]);
    cit_tile(d, RD_MARGIN + (w + gap), w, rd_fmt_count(n[1], SMALL_BUF, o->counts[ANALYZE_ON_TRACK]),
             text_plural(o->counts[ANALYZE_ON_TRACK], MSG_CIT_T_TRACK_ONE, MSG_CIT_T_TRACK),
             report_status_hex[ANALYZE_ON_TRACK]);
    cit_tile(d, RD_MARGIN + 2 * (w + gap), w, rd_fmt_count(n[2], SMALL_BUF, attention),
             text_plural(attention, MSG_CIT_T_ATTENTION_ONE, MSG_CIT_T_ATTENTION),
             report_status_hex[ANALYZE_AT_RISK]);
    cit_tile(d, RD_MARGIN + 3 * (w + gap), w,
             rd_fmt_count(n[3], SMALL_BUF,
                          o->counts[ANALYZE_INSUFFICIENT] + o->counts[ANALYZE_TO_CONFIRM]),
             MSG_CIT_T_NODATA,
             RD_MISSING);
    c->y -= 84.0f + 8.0f;
    cit_h2(d, MSG_CIT_H_GOOD, report_status_hex[ANALYZE_MET]);
    size_t shown = 0;
    /* the axes must stay on this page: a highlight that would push them
     * over is left out (the detail is in the other reports) */
    const float axes_h = 44.0f + 26.0f * (float)p->naxes, item_h = 2.0f * CIT_LEAD + 10.0f;
    for (size_t k = 0; k < 3; k++) {
        size_t i = cit_pick(d, k, keep_good, score_good);
        if (i == PLAN_NONE) break;
        if (k > 0 && c->y - item_h - axes_h < RD_BOTTOM - 12.0f) break;
        cit_good(d, i);
        shown++;
    }
    if (!shown)
        rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_ITALIC, CIT_BODY, CIT_LEAD, rd_hex(RD_MUTED),
                     MSG_CIT_GOOD_NONE);
    cit_axes(d);
}

static void cit_page2(report_doc *d)
{
    rd_ctx *c = d->c;
    rd_new_page(c);
    cit_changed(d);
    cit_h2(d, MSG_CIT_H_BAD, report_status_hex[ANALYZE_OFF_TRACK]);
    size_t shown = 0;
    for (size_t k = 0; k < 3; k++) {
        size_t i = cit_pick(d, k, keep_concern, score_concern);
        if (i == PLAN_NONE) break;
        cit_concern(d, i);
        shown++;
    }
    if (!shown)
        rd_paragraph(c, RD_MARGIN, RD_CONTENT_W, RD_ITALIC, CIT_BODY, CIT_LEAD, rd_hex(RD_MUTED),
                     MSG_CIT_BAD_NONE);
    c->y -= 10.0f;
    /* How to read it, in a tinted box at the bottom; measured first so
     * that the committed actions take only the room above it. */
    const plan *p = d->ri->plan;
    char targets[LINE_BUF], howto[2 * LINE_BUF], pct[SMALL_BUF];
    size_t assumed = cit_assumed(p);
    cit_num(pct, sizeof pct, p->default_target);
    if (assumed == 0) snprintf(targets, sizeof targets, "%s", MSG_CIT_HOWTO_PLAN);
    else if (assumed >= p->nindicators)
        snprintf(targets, sizeof targets, MSG_CIT_HOWTO_ASSUMED, pct, p->default_target_year);
    else snprintf(targets, sizeof targets, MSG_CIT_HOWTO_SOME, assumed, pct, p->default_target_year);
    snprintf(howto, sizeof howto, p->nsecretariats ? MSG_CIT_HOWTO : MSG_CIT_HOWTO_NOSEC, targets);
    const float pad = 12.0f, lead = 16.0f, w = RD_CONTENT_W - 2 * pad;
    int lines = rd_wrap(c, 0, 0, w, RD_REGULAR, 12.0f, lead, rd_hex(RD_INK), RD_LEFT, howto, 0);
    float h = (float)lines * lead + 2 * pad + 18.0f;
    cit_actions(d, h);
    rd_need(c, h);
    rd_round_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, 6.0f, rd_hex(RD_TILE));
    rd_text(c, RD_MARGIN + pad, c->y - pad - 12.0f, RD_BOLD, 13.0f, rd_hex(RD_NAVY), MSG_CIT_H_HOWTO);
    rd_wrap(c, RD_MARGIN + pad, c->y - pad - 20.0f, w, RD_REGULAR, 12.0f, lead, rd_hex(RD_INK),
            RD_LEFT, howto, 1);
    c->y -= h;
}

static void cit_build(report_doc *d)
{
    cit_page1(d);
    cit_page2(d);
}

int report_render_citizen(const report_input *ri, tb_buf *out, tb_error *err)
{
    report_doc d;
    report_doc_init(&d, ri);
    d.no_cover = 1;
    d.kicker = MSG_CIT_KICKER;
    d.title = MSG_CIT_TITLE;
    snprintf(d.subject, sizeof d.subject, MSG_CIT_SUBJECT, report_entity_name(&d));
    return report_render_doc(&d, cit_build, out, err);
}
