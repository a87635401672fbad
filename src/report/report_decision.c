/* report_decision.c - page 1 of the management, strategic and operational
 * reports: what changed, what needs a decision now, how fresh the data is
 * and where the targets come from. A mayor gives a report five minutes;
 * this page is those five minutes, so every list is short, ordered by what
 * matters and points to the section that holds the rest. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comments.h"
#include "labels.h"
#include "msg.h"
#include "report_parts.h"
#include "text.h"

#define DECISION_CHANGES 5   /* lines of "Qué cambió" */
#define DECISION_ITEMS 5     /* items of "Qué necesita una decisión" */

/* One candidate line of "Qué cambió": its indicator and its sort keys. */
typedef struct dc_line {
    size_t i;
    int year;        /* year of the newer value: fresher first */
    int worse;       /* 1: moved away from the target */
    double size;     /* absolute change, larger first */
    const changes_item *status;  /* a status change to append, or NULL */
    const changes_item *item;    /* the change itself (previous-period
                                    mode), NULL in year-on-year mode */
} dc_line;

static int dc_before(const dc_line *a, const dc_line *b)
{
    if (a->year != b->year) return a->year > b->year;
    if (a->worse != b->worse) return a->worse > b->worse;
    if (a->size != b->size) return a->size > b->size;
    return a->i < b->i;
}

/* Insertion into the sorted list (n entries, capacity cap). */
static void dc_insert(dc_line *v, size_t *n, dc_line x)
{
    size_t k = (*n)++;
    while (k > 0 && dc_before(&x, &v[k - 1])) {
        v[k] = v[k - 1];
        k--;
    }
    v[k] = x;
}

/* 1 when the year-on-year change of m moved away from the target. */
static int dc_worse(const plan_indicator *ind, double before, double after)
{
    return analyze_gap(ind, after) > analyze_gap(ind, before) + ANALYZE_EPS;
}

/* "Movilidad Urbana bajó 4,0 pp (de 53,0 % en 2023 a 49,0 % en 2024)";
 * plain (the citizen summary): "Movilidad Urbana bajó 4 puntos (de 53 en
 * 2023 a 49 en 2024)". */
static void dc_move_text(char *buf, size_t n, int plain, const char *name, double before, int y0,
                         int m0, double after, int y1, int m1)
{
    char a[SMALL_BUF], b[SMALL_BUF], pp[SMALL_BUF], p0[SMALL_BUF], p1[SMALL_BUF];
    char ppu[SMALL_BUF + 16];
    double diff = after - before;
    rv_fmt_period(p0, sizeof p0, y0, m0);
    rv_fmt_period(p1, sizeof p1, y1, m1);
    if (plain) {
        snprintf(a, sizeof a, "%ld", lround(before));
        snprintf(b, sizeof b, "%ld", lround(after));
    } else {
        rd_fmt_pct(a, sizeof a, before);
        rd_fmt_pct(b, sizeof b, after);
    }
    /* plain: the change between the rounded values shown, so that the
     * sentence adds up ("bajó 1 punto, de 79 a 78", never "de 78 a 78") */
    long whole = plain ? labs(lround(after) - lround(before)) : 0;
    if (plain ? whole == 0 : fabs(diff) < 0.05) {
        snprintf(buf, n, MSG_D_STEADY, name, b, p0, p1);
        return;
    }
    if (plain) {
        snprintf(ppu, sizeof ppu, "%ld %s", whole,
                 text_plural((size_t)whole, MSG_W_POINT, MSG_W_POINTS));
    } else {
        rd_fmt_num(pp, sizeof pp, fabs(diff));
        snprintf(ppu, sizeof ppu, "%s pp", pp);
    }
    snprintf(buf, n, MSG_D_MOVE, name, diff < 0 ? MSG_D_WENT_DOWN : MSG_D_WENT_UP, ppu, a, p0, b,
             p1);
}

/* The text of one line into buf. */
static void dc_line_text(const report_doc *d, const dc_line *l, int plain, char *buf, size_t n)
{
    const plan *p = d->ri->plan;
    const char *name = p->indicators[l->i].name;
    const analyze_metrics *m = report_metrics_of(d, l->i);
    char a[SMALL_BUF], b[SMALL_BUF], per[SMALL_BUF];
    const changes_item *it = l->item;
    if (!it) {
        dc_move_text(buf, n, plain, name, m->previous, m->last_year - 1, m->last_month, m->latest,
                     m->last_year, m->last_month);
    } else if (it->kind == CHANGES_NEW_POINT) {
        const series_point *pr = rv_point_before(d, l->i, it->year, it->month);
        rv_fmt_period(per, sizeof per, it->year, it->month);
        if (pr)
            dc_move_text(buf, n, plain, name, pr->value, pr->year, pr->month, it->after,
                         it->year, it->month);
        else
            snprintf(buf, n, m->n == 1 ? MSG_D_FIRST : MSG_D_NEW, name,
                     rd_fmt_pct(a, sizeof a, it->after), per);
    } else if (it->kind == CHANGES_REVISED) {
        rv_fmt_period(per, sizeof per, it->year, it->month);
        snprintf(buf, n, MSG_D_REVISED, name, per, rd_fmt_pct(a, sizeof a, it->before),
                 rd_fmt_pct(b, sizeof b, it->after));
    } else {
        snprintf(buf, n, MSG_D_STATUS_ONLY, name,
                 msg_status_label((analyze_status)it->status_before),
                 msg_status_label((analyze_status)it->status_after));
        return;
    }
    if (l->status && !plain) {
        size_t used = strlen(buf);
        if (used < n)
            snprintf(buf + used, n - used, MSG_D_STATUS_TAIL,
                     msg_status_label((analyze_status)l->status->status_before),
                     msg_status_label((analyze_status)l->status->status_after));
    }
}

/* A bullet whose marker colour says good news (green) or bad (red). */
static void dc_bullet(report_doc *d, const char *text, int worse, int neutral)
{
    rd_ctx *c = d->c;
    const float size = 9.5f, lead = 12.5f, indent = 12.0f;
    int lines = rd_wrap(c, 0, 0, RD_CONTENT_W - indent, RD_REGULAR, size, lead, rd_hex(RD_INK),
                        RD_LEFT, text, 0);
    float h = (float)lines * lead + 2.0f;
    rd_need(c, h);
    unsigned long col = neutral ? RD_NAVY
                                : worse ? report_status_hex[ANALYZE_OFF_TRACK]
                                        : report_status_hex[ANALYZE_MET];
    rd_round_rect(c, RD_MARGIN + 1.0f, c->y - size * 0.85f, 5.0f, 5.0f, 2.5f, rd_hex(col));
    rd_tag_begin(c, "P");
    rd_wrap(c, RD_MARGIN + indent, c->y, RD_CONTENT_W - indent, RD_REGULAR, size, lead,
            rd_hex(RD_INK), RD_LEFT, text, 1);
    rd_tag_end(c);
    c->y -= h;
}

/* "Y 3 cambios más en «Novedades»" (decide = 0) or "Y 3 indicadores más
 * que piden atención en ..." (decide = 1). */
static void dc_more(report_doc *d, size_t rest, int decide, const char *where)
{
    char buf[LINE_BUF];
    if (!rest) return;
    if (decide && rest == 1) snprintf(buf, sizeof buf, MSG_D_DECIDE_MORE_ONE, where);
    else if (decide) snprintf(buf, sizeof buf, MSG_D_DECIDE_MORE, rest, where);
    else if (rest == 1) snprintf(buf, sizeof buf, MSG_D_MORE_ONE, where);
    else snprintf(buf, sizeof buf, MSG_D_MORE, rest, where);
    report_note(d, buf);
}

/* Collects the lines from the previous period's changes (one per
 * indicator: its new point, else its revision, else its status change). */
static size_t dc_from_changes(const report_doc *d, dc_line *v)
{
    const changes_set *cs = d->ri->changes;
    const plan *p = d->ri->plan;
    size_t n = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const changes_item *best = NULL, *status = NULL;
        for (size_t j = 0; j < cs->n; j++) {
            const changes_item *it = &cs->items[j];
            if (it->entity != d->ri->entity || it->indicator != i) continue;
            if (it->kind == CHANGES_STATUS) status = it;
            else if (it->kind == CHANGES_NEW_POINT &&
                     (!best || best->kind != CHANGES_NEW_POINT || it->year > best->year))
                best = it;
            else if (it->kind == CHANGES_REVISED && !best)
                best = it;
        }
        if (!best && !status) continue;
        const plan_indicator *ind = &p->indicators[i];
        const analyze_metrics *m = report_metrics_of(d, i);
        dc_line l = {i, 0, 0, 0.0, best ? status : NULL, best ? best : status};
        if (best && best->kind == CHANGES_NEW_POINT) {
            const series_point *pr = rv_point_before(d, i, best->year, best->month);
            l.year = best->year;
            if (pr) {
                l.worse = dc_worse(ind, pr->value, best->after);
                l.size = fabs(best->after - pr->value);
            }
        } else if (best) {
            l.year = best->year;
            l.worse = dc_worse(ind, best->before, best->after);
            l.size = fabs(best->after - best->before);
        } else {
            l.year = m->last_year;
            l.worse = status->status_after > status->status_before;
        }
        dc_insert(v, &n, l);
    }
    return n;
}

static size_t dc_from_yoy(const report_doc *d, dc_line *v)
{
    const plan *p = d->ri->plan;
    size_t n = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const analyze_metrics *m = report_metrics_of(d, i);
        if (m->n == 0 || !isfinite(m->previous) || !isfinite(m->latest)) continue;
        dc_line l = {i, m->last_year, dc_worse(&p->indicators[i], m->previous, m->latest),
                     fabs(m->latest - m->previous), NULL, NULL};
        dc_insert(v, &n, l);
    }
    return n;
}

static void dc_changed(report_doc *d, const char *where)
{
    const changes_set *cs = d->ri->changes;
    const plan *p = d->ri->plan;
    char buf[LINE_BUF], per[SMALL_BUF];
    dc_line *v = calloc(p->nindicators + 1, sizeof *v);
    if (!v) rd_oom(d->c);
    report_h2(d, MSG_D_H_CHANGED, 40.0f);
    int since = cs && cs->found && cs->matched > 0;
    size_t n;
    if (since) {
        rv_fmt_period_key(per, sizeof per, cs->period);
        n = dc_from_changes(d, v);
        snprintf(buf, sizeof buf, n ? MSG_D_SINCE : MSG_D_SINCE_NONE, per);
    } else {
        n = dc_from_yoy(d, v);
        snprintf(buf, sizeof buf, "%s", n ? MSG_D_YOY_INTRO : MSG_D_YOY_NONE);
    }
    report_body(d, buf);
    for (size_t k = 0; k < n && k < DECISION_CHANGES; k++) {
        dc_line_text(d, &v[k], 0, buf, sizeof buf);
        dc_bullet(d, buf, v[k].worse, v[k].size == 0.0 && !v[k].worse);
    }
    if (n > DECISION_CHANGES)
        dc_more(d, n - DECISION_CHANGES, 0, since ? MSG_D_WHERE_NEWS : where);
    free(v);
}

/* ------------------------------------------------- what needs a decision */

/* 1 when indicator i asks for a decision: urgent (act now, manage),
 * important and still short of its target (plan), never measured, off
 * track, at risk, or met but heading below its target. */
static int dd_candidate(const analyze_metrics *m)
{
    if (m->quadrant == ANALYZE_ACT_NOW || m->quadrant == ANALYZE_MANAGE) return 1;
    if (m->n == 0) return 1;   /* never measured: someone must start */
    if (m->quadrant == ANALYZE_PLAN && m->n > 0 && m->gap > ANALYZE_EPS) return 1;
    return m->status == ANALYZE_OFF_TRACK || m->status == ANALYZE_AT_RISK ||
           m->status == ANALYZE_MET_DECLINING;
}

/* How serious a status is for a decision: off track, at risk, met but
 * heading below, then the rest. */
static int dd_severity(const analyze_metrics *m)
{
    switch (m->status) {
    case ANALYZE_OFF_TRACK: return 3;
    case ANALYZE_AT_RISK: return 2;
    case ANALYZE_MET_DECLINING: return 1;
    default: return 0;
    }
}

/* Order of the candidates: fresh before stale (old data must not outrank
 * fresh bad news), then the more serious status, then act now, manage,
 * the rest, then the larger gap, then urgency: page 1 never hides an
 * off-track indicator behind an uncertain one, nor a far target behind a
 * near one. */
static int dd_before(const report_doc *d, size_t a, size_t b)
{
    const analyze_metrics *ma = report_metrics_of(d, a), *mb = report_metrics_of(d, b);
    int fa = ma->n > 0 && !ma->stale, fb = mb->n > 0 && !mb->stale;
    if (fa != fb) return fa > fb;
    int sa = dd_severity(ma), sb = dd_severity(mb);
    if (sa != sb) return sa > sb;
    /* act now, then manage, then the rest (plan, off track) */
    int qa = ma->quadrant == ANALYZE_ACT_NOW ? 2 : ma->quadrant == ANALYZE_MANAGE;
    int qb = mb->quadrant == ANALYZE_ACT_NOW ? 2 : mb->quadrant == ANALYZE_MANAGE;
    if (qa != qb) return qa > qb;
    double ga = isfinite(ma->gap) ? ma->gap : -INFINITY, gb = isfinite(mb->gap) ? mb->gap : -INFINITY;
    if (ga != gb) return ga > gb;
    if (ma->urgency != mb->urgency) return ma->urgency > mb->urgency;
    return a < b;
}

/* The reason of indicator i in words, into buf. */
static void dd_reason(const report_doc *d, size_t i, char *buf, size_t n)
{
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const analyze_metrics *m = report_metrics_of(d, i);
    char a[SMALL_BUF], b[SMALL_BUF], c2[SMALL_BUF], t[SMALL_BUF], per[SMALL_BUF];
    tb_buf s;
    int stale_said = 0;
    if (m->n == 0) {
        snprintf(buf, n, "%s", MSG_D_WHY_NODATA);
        return;
    }
    tb_buf_init(&s);
    if (isfinite(m->previous) && !m->stale && dc_worse(ind, m->previous, m->latest)) {
        char pp[SMALL_BUF + 4];
        snprintf(pp, sizeof pp, "%s pp", rd_fmt_num(a, sizeof a, fabs(m->latest - m->previous)));
        rv_fmt_period(per, sizeof per, m->last_year, m->last_month);
        tb_buf_printf(&s, m->latest < m->previous ? MSG_D_WHY_FELL : MSG_D_WHY_ROSE_BAD, pp, per,
                      rd_fmt_pct(b, sizeof b, m->previous), rd_fmt_pct(c2, sizeof c2, m->latest));
    }
    if (ind->maintain)
        snprintf(t, sizeof t, MSG_R_BAND_FMT, rd_fmt_num(a, sizeof a, ind->band_min),
                 rd_fmt_num(b, sizeof b, ind->band_max));
    else
        rd_fmt_pct(t, sizeof t, ind->target);
    if (m->gap > ANALYZE_EPS) {
        char pp[SMALL_BUF + 4];
        snprintf(pp, sizeof pp, "%s pp", rd_fmt_num(a, sizeof a, m->gap));
        tb_buf_printf(&s, MSG_D_WHY_FAR, pp, t, m->target_year);
    } else if (m->stale) {
        rv_fmt_period(per, sizeof per, m->last_year, m->last_month);
        tb_buf_printf(&s, MSG_D_WHY_MET_OLD, per, t, m->target_year);
        stale_said = 1;
    } else {
        tb_buf_printf(&s, MSG_D_WHY_MET, t, m->target_year);
    }
    int left = m->target_year - d->ri->period_year;
    if (left > 1) tb_buf_printf(&s, MSG_D_WHY_TIME, left);
    else if (left == 1) tb_buf_puts(&s, MSG_D_WHY_TIME_ONE);
    else if (left == 0) tb_buf_puts(&s, MSG_D_WHY_TIME_NOW);
    else tb_buf_printf(&s, MSG_D_WHY_TIME_PAST, m->target_year);
    if (m->pace == ANALYZE_OFF_TRACK && m->gap > ANALYZE_EPS) tb_buf_puts(&s, MSG_D_WHY_PACE_OFF);
    else if (m->pace == ANALYZE_AT_RISK && m->gap > ANALYZE_EPS) tb_buf_puts(&s, MSG_D_WHY_PACE_RISK);
    else if (m->status == ANALYZE_MET_DECLINING) tb_buf_puts(&s, MSG_D_WHY_DECLINING);
    if (stale_said) {
        tb_buf_puts(&s, MSG_D_WHY_CONFIRM);
    } else if (m->stale) {
        rv_fmt_period(per, sizeof per, m->last_year, m->last_month);
        tb_buf_printf(&s, MSG_D_WHY_STALE, per);
    }
    rd_check_buf(d->c, &s);
    snprintf(buf, n, "%s", s.data ? s.data : "");
    tb_buf_fini(&s);
}

/* The committed action of indicator i for its latest data, as
 * "Owner: action. Vence el 30 de junio de 2027." (or "Vencida: ...") into
 * buf, with *late set when the period closes with it still due; 0 when
 * its secretariat registered no action. */
static int dd_owner(const report_doc *d, size_t i, char *buf, size_t n, int *late)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    const plan_comment *pc = plan_comment_for(d->ri->plan, i, m->n ? m->last_year : 0);
    *late = 0;
    if (!pc || !plan_comment_has_action(pc)) return 0;
    int used = snprintf(buf, n, "%s", pc->owner && *pc->owner ? pc->owner : MSG_D_OWNER_UNKNOWN);
    if (used < 0 || (size_t)used >= n) return 1;
    size_t alen = strlen(pc->action);
    int stop = alen > 0 && strchr(".!?", pc->action[alen - 1]) != NULL;
    used += snprintf(buf + used, n - (size_t)used, stop ? MSG_D_OWNER_ACTION : MSG_D_OWNER_ACTION_STOP,
                     pc->action);
    if (used < 0 || (size_t)used >= n || !pc->due_year) return 1;
    *late = plan_comment_overdue(pc, d->ri->period_year, d->ri->period_month);
    snprintf(buf + used, n - (size_t)used, *late ? MSG_D_OWNER_LATE : MSG_D_OWNER_DUE, pc->due_day,
             msg_month_name(pc->due_month), pc->due_year);
    return 1;
}

static float dd_item(report_doc *d, size_t i, int draw)
{
    rd_ctx *c = d->c;
    const analyze_metrics *m = report_metrics_of(d, i);
    const float pillw = 74.0f, x = RD_MARGIN + 10.0f, w = RD_CONTENT_W - 10.0f, lead = 11.5f;
    char why[LINE_BUF];
    dd_reason(d, i, why, sizeof why);
    float y = c->y - 2.0f;
    if (draw) rd_tag_begin(c, "P");
    int l1 = rd_wrap(c, x, y, w - pillw - 8.0f, RD_BOLD, 10.0f, 12.5f, rd_hex(RD_NAVY), RD_LEFT,
                     d->ri->plan->indicators[i].name, draw);
    y -= (float)l1 * 12.5f + 1.0f;
    int l2 = rd_wrap(c, x, y, w - pillw - 8.0f, RD_REGULAR, 9.0f, lead, rd_hex(RD_INK), RD_LEFT, why,
                     draw);
    y -= (float)l2 * lead;
    if (draw) rd_tag_end(c);
    /* The secretariat's own owner and committed action, when it wrote one. */
    char owner[LINE_BUF];
    int late = 0;
    if (dd_owner(d, i, owner, sizeof owner, &late)) {
        if (draw) rd_tag_begin(c, "P");
        int l3 = rd_wrap(c, x, y, w - pillw - 8.0f, RD_BOLD, 8.5f, lead,
                         rd_hex(late ? 0xb2331fUL : RD_INK), RD_LEFT, owner, draw);
        if (draw) rd_tag_end(c);
        y -= (float)l3 * lead;
    }
    y -= 6.0f;
    if (c->y - y < 32.0f) y = c->y - 32.0f;   /* room for a two-line pill */
    float h = c->y - y;
    if (draw) {
        rd_rect(c, RD_MARGIN, y + 4.0f, 3.0f, h - 4.0f,
                rd_hex(m->quadrant == ANALYZE_ACT_NOW ? 0xb2331fUL : 0xe08a00UL));
        report_pill(d, RD_MARGIN + RD_CONTENT_W - pillw, c->y - 8.0f, pillw, m->status, 6.5f);
    }
    return h;
}

static void dc_decide(report_doc *d, const char *where)
{
    const plan *p = d->ri->plan;
    size_t *v = calloc(p->nindicators + 1, sizeof *v), n = 0;
    if (!v) rd_oom(d->c);
    for (size_t i = 0; i < p->nindicators; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        if (!rv_in_scope(d, i)) continue;
        if (!dd_candidate(m)) continue;
        size_t k = n++;
        while (k > 0 && dd_before(d, i, v[k - 1])) {
            v[k] = v[k - 1];
            k--;
        }
        v[k] = i;
    }
    report_h2(d, MSG_D_H_DECIDE, 60.0f);
    if (!n) report_body(d, MSG_D_DECIDE_NONE);
    size_t shown = 0;
    for (size_t k = 0; k < n && k < DECISION_ITEMS; k++) {
        float h = dd_item(d, v[k], 0);
        /* The page is one page: what does not fit is counted below. */
        if (d->c->y - h < RD_BOTTOM + 70.0f) break;
        dd_item(d, v[k], 1);
        d->c->y -= h;
        shown++;
    }
    dc_more(d, n - shown, 1, where);
    size_t owned = 0;
    for (size_t k = 0; k < shown; k++) {
        char tmp[LINE_BUF];
        int late;
        owned += (size_t)dd_owner(d, v[k], tmp, sizeof tmp, &late);
    }
    if (shown == 1 && !owned) report_note(d, MSG_D_OWNER_NONE_ONE);
    else if (shown && !owned) report_note(d, MSG_D_OWNER_NONE);
    else if (owned < shown) report_note(d, MSG_D_OWNER_SOME);
    free(v);
}

/* ------------------------------------------------ freshness, provenance */

static void dc_fresh(report_doc *d)
{
    const plan *p = d->ri->plan;
    char buf[LINE_BUF], pct[SMALL_BUF];
    size_t total = 0, empty = 0, at_max = 0, assumed = 0;
    int ymax = 0, ynext = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const analyze_metrics *m = report_metrics_of(d, i);
        total++;
        assumed += p->indicators[i].target_is_default != 0;
        if (m->n == 0) empty++;
        else if (m->last_year > ymax) ymax = m->last_year;
    }
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const analyze_metrics *m = report_metrics_of(d, i);
        if (m->n == 0) continue;
        if (m->last_year == ymax) at_max++;
        else if (m->last_year > ynext) ynext = m->last_year;
    }
    report_h2(d, MSG_D_H_FRESH, 30.0f);
    size_t with = total - empty;
    if (with == 0)
        snprintf(buf, sizeof buf, "%s", MSG_D_FRESH_NONE);
    else if (total == 1)
        snprintf(buf, sizeof buf, MSG_D_FRESH_ONE, ymax);
    else if (at_max == with && empty == 0)
        snprintf(buf, sizeof buf, MSG_D_FRESH_ALL, total, ymax);
    else if (at_max == with)
        snprintf(buf, sizeof buf, MSG_D_FRESH_SOME, ymax, at_max, total,
                 text_plural(total, MSG_W_INDICATOR, MSG_W_INDICATORS), ymax);
    else
        snprintf(buf, sizeof buf, with - at_max == 1 ? MSG_D_FRESH_SOME_ONE : MSG_D_FRESH_SOME,
                 ymax, at_max, total, text_plural(total, MSG_W_INDICATOR, MSG_W_INDICATORS),
                 ynext);
    if (with > 0 && empty > 0) {
        size_t used = strlen(buf);
        /* "los demás" above counts only indicators with data */
        if (at_max == with && used > 0) {
            char *semi = strrchr(buf, ';');
            if (semi) { semi[0] = '.'; semi[1] = '\0'; used = strlen(buf); }
        }
        snprintf(buf + used, sizeof buf - used, MSG_D_FRESH_EMPTY, empty,
                 text_plural(empty, MSG_W_INDICATOR " sigue", MSG_W_INDICATORS " siguen"));
    }
    report_body(d, buf);
    rd_fmt_pct(pct, sizeof pct, p->default_target);
    if (assumed == 0) snprintf(buf, sizeof buf, "%s", MSG_D_TARGETS_PLAN);
    else if (total == 1)
        snprintf(buf, sizeof buf, MSG_D_TARGETS_ONE, pct, p->default_target_year);
    else if (assumed == total)
        snprintf(buf, sizeof buf, MSG_D_TARGETS_ALL, pct, p->default_target_year);
    else
        snprintf(buf, sizeof buf, MSG_D_TARGETS_SOME, assumed, total,
                 text_plural(total, MSG_W_INDICATOR, MSG_W_INDICATORS), pct,
                 p->default_target_year);
    report_body(d, buf);
}

/* ------------------------------------------------------------ the page */

static void dc_title(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    char buf[LINE_BUF];
    struct tm tm;
    time_t t = (time_t)d->ri->generated_epoch;
    memset(&tm, 0, sizeof tm);
    gmtime_r(&t, &tm);
    /* a navy band: the report family's cover colour, one sixth of it */
    const float band = 70.0f;
    rd_rect(c, 0, RD_PAGE_H - band, RD_PAGE_W, band, rd_hex(RD_NAVY));
    if (p->province && *p->province)
        snprintf(buf, sizeof buf, "%s · " MSG_R_COVER_PLACE, report_entity_name(d), p->province,
                 report_nz(p->country));
    else
        snprintf(buf, sizeof buf, "%s · " MSG_R_COVER_COUNTRY, report_entity_name(d),
                 report_nz(p->country));
    rd_text(c, RD_MARGIN, RD_PAGE_H - 30.0f, RD_BOLD, 13.0f, rd_hex(RD_WHITE), buf);
    snprintf(buf, sizeof buf, MSG_D_DATE, msg_month_name(d->ri->period_month), d->ri->period_year,
             tm.tm_mday, msg_month_name(tm.tm_mon + 1), tm.tm_year + 1900);
    rd_text(c, RD_MARGIN, RD_PAGE_H - 46.0f, RD_REGULAR, 9.5f, rd_hex(0xdbe5efUL), buf);
    if (p->author && *p->author) {
        snprintf(buf, sizeof buf, MSG_R_COVER_AUTHOR, p->author);
        rd_wrap(c, RD_MARGIN, RD_PAGE_H - 53.0f, RD_CONTENT_W, RD_REGULAR, 8.0f, 9.5f,
                rd_hex(0xaec3d8UL), RD_LEFT, buf, 1);
    }
    c->y = RD_PAGE_H - band - 18.0f;
    report_h1(d, NULL, d->subtitle ? d->subtitle : NULL, report_nz(d->title));
}

void report_decision_page(report_doc *d, const char *changes_where, const char *decide_where)
{
    rd_new_page(d->c);
    d->no_cover = 1;
    dc_title(d);
    dc_changed(d, changes_where);
    d->c->y -= 4.0f;
    dc_decide(d, decide_where);
    d->c->y -= 4.0f;
    dc_fresh(d);
}

size_t report_changed_line(const report_doc *d, size_t k, char *buf, size_t n, int *worse)
{
    const changes_set *cs = d->ri->changes;
    dc_line *v = calloc(d->ri->plan->nindicators + 1, sizeof *v);
    if (!v) rd_oom(d->c);
    size_t total = cs && cs->found && cs->matched > 0 ? dc_from_changes(d, v) : dc_from_yoy(d, v);
    if (k < total) {
        dc_line_text(d, &v[k], 1, buf, n);
        if (worse) *worse = v[k].worse;
    }
    free(v);
    return total;
}
