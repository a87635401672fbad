/* report_comments.c - the secretariats' words next to each indicator
 * (analysis, committed action, owner, due date; overdue against the report
 * period) and, where no action was committed, the board's suggestion,
 * written for the indicator's own situation. One source for every report
 * kind, so an indicator reads the same in all of them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "missing.h"
#include "msg.h"
#include "report_parts.h"

const plan_comment *report_comment_of(const report_doc *d, size_t i)
{
    return missing_comment_of(d->ri->plan, i, report_metrics_of(d, i), d->ri->period_year);
}

const char *report_fmt_date(char *buf, size_t n, int y, int m, int day)
{
    snprintf(buf, n, MSG_K_DATE_FMT, day, m, y);
    return buf;
}

/* "2024" or "septiembre de 2024". */
static const char *comment_period(char *buf, size_t n, const plan_comment *c)
{
    if (c->month) snprintf(buf, n, "%s de %d", msg_month_name(c->month), c->year);
    else snprintf(buf, n, "%d", c->year);
    return buf;
}

void report_suggestion(const report_doc *d, size_t i, char *buf, size_t n)
{
    const analyze_metrics *m = report_metrics_of(d, i);
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    char a[SMALL_BUF], b[SMALL_BUF], c[SMALL_BUF], e[SMALL_BUF], text[LINE_BUF];
    int now = d->ri->period_year;
    int fell = isfinite(m->yoy_change) && isfinite(m->decline) && m->decline > 0.0;
    if (m->n == 0)
        snprintf(text, sizeof text, MSG_K_SUG_NODATA, now);
    else if (m->stale && fell)
        snprintf(text, sizeof text, MSG_K_SUG_STALE_FALL, m->last_year, rd_fmt_num(a, sizeof a, m->decline),
                 rd_fmt_num(b, sizeof b, m->previous), rd_fmt_num(c, sizeof c, m->latest));
    else if (m->stale && m->level_met)
        snprintf(text, sizeof text, MSG_K_SUG_STALE_MET, m->last_year, now);
    else if (m->stale)
        snprintf(text, sizeof text, MSG_K_SUG_STALE_GAP, m->last_year, rd_fmt_num(a, sizeof a, m->gap), now);
    else if (ind->maintain && !m->level_met)
        snprintf(text, sizeof text, MSG_K_SUG_BAND, rd_fmt_num(a, sizeof a, m->latest),
                 rd_fmt_num(b, sizeof b, ind->band_min), rd_fmt_num(c, sizeof c, ind->band_max));
    else if (fell)
        snprintf(text, sizeof text, MSG_K_SUG_FALL, rd_fmt_num(a, sizeof a, m->decline), m->last_year - 1,
                 m->last_year, rd_fmt_num(b, sizeof b, m->previous), rd_fmt_num(c, sizeof c, m->latest));
    else if (m->level_met)
        snprintf(text, sizeof text, MSG_K_SUG_MET, rd_fmt_num(a, sizeof a, m->latest),
                 rd_fmt_num(b, sizeof b, m->target));
    else if (m->gap < 5.0)
        snprintf(text, sizeof text, MSG_K_SUG_NEAR, rd_fmt_num(a, sizeof a, m->gap),
                 rd_fmt_num(b, sizeof b, m->target), m->target_year, now + 1);
    else if (m->nyears < (size_t)d->ri->plan->rules.min_years_trend && m->status != ANALYZE_OFF_TRACK)
        snprintf(text, sizeof text, MSG_K_SUG_FEW, m->nyears, rd_fmt_num(a, sizeof a, m->target),
                 m->target_year);
    else {
        int left = m->target_year - m->last_year;
        snprintf(text, sizeof text, MSG_K_SUG_FAR, rd_fmt_num(a, sizeof a, m->gap),
                 rd_fmt_num(b, sizeof b, m->target), m->target_year,
                 rd_fmt_num(e, sizeof e, m->gap / (left > 0 ? left : 1)));
    }
    snprintf(buf, n, MSG_K_SUGGESTION, text);
}

void report_action_text(const report_doc *d, size_t i, char *buf, size_t n)
{
    const plan_comment *k = report_comment_of(d, i);
    if (!plan_comment_has_action(k)) {
        report_suggestion(d, i, buf, n);
        return;
    }
    char date[SMALL_BUF];
    tb_buf b;
    tb_buf_init(&b);
    tb_buf_printf(&b, MSG_K_ACTION, k->action);
    if (k->owner[0]) tb_buf_printf(&b, MSG_K_OWNER, k->owner);
    if (k->due_year) {
        report_fmt_date(date, sizeof date, k->due_year, k->due_month, k->due_day);
        int late = plan_comment_overdue(k, d->ri->period_year, d->ri->period_month);
        tb_buf_printf(&b, late ? MSG_K_OVERDUE : MSG_K_DUE, date);
    }
    rd_check_buf(d->c, &b);
    snprintf(buf, n, "%s", b.data ? b.data : "");
    tb_buf_fini(&b);
}

int report_analysis_text(const report_doc *d, size_t i, char *buf, size_t n)
{
    const plan_comment *k = report_comment_of(d, i);
    buf[0] = '\0';
    if (!k || !k->analysis[0]) return 0;
    char per[SMALL_BUF];
    snprintf(buf, n, MSG_K_ANALYSIS, comment_period(per, sizeof per, k), k->analysis);
    return 1;
}

/* One indicator's comment, compact and indented under its name: the
 * name, the analysis, the action (red when overdue), kept together. */
static void comment_entry(report_doc *d, size_t i, const plan_comment *k)
{
    rd_ctx *c = d->c;
    const float x = RD_MARGIN + 10.0f, w = RD_CONTENT_W - 10.0f, size = 8.5f, lead = 11.5f;
    char an[LINE_BUF], act[LINE_BUF];
    int has_an = report_analysis_text(d, i, an, sizeof an);
    int has_act = plan_comment_has_action(k);
    if (has_act) report_action_text(d, i, act, sizeof act);
    int late = has_act && plan_comment_overdue(k, d->ri->period_year, d->ri->period_month);
    const char *name = d->ri->plan->indicators[i].name;
    for (int draw = 0; draw < 2; draw++) {
        float y = c->y - 10.0f;
        int l = rd_wrap(c, RD_MARGIN, y, RD_CONTENT_W, RD_BOLD, 9.0f, 12.0f, rd_hex(RD_NAVY), RD_LEFT,
                        name, draw);
        y -= (float)l * 12.0f;
        if (has_an) {
            l = rd_wrap(c, x, y, w, RD_REGULAR, size, lead, rd_hex(RD_INK), RD_LEFT, an, draw);
            y -= (float)l * lead;
        }
        if (has_act) {
            l = rd_wrap(c, x, y, w, RD_BOLD, size, lead, rd_hex(late ? 0xb2331fUL : RD_INK), RD_LEFT,
                        act, draw);
            y -= (float)l * lead;
        }
        float h = c->y - y + 4.0f;
        if (!draw) rd_need(c, h);
        else c->y -= h;
    }
}

void report_comments_list(report_doc *d, const size_t *idx, size_t nidx)
{
    size_t shown = 0;
    for (size_t k = 0; k < nidx; k++) {
        const plan_comment *c = report_comment_of(d, idx[k]);
        if (!c) continue;
        if (shown++ == 0) {
            report_h2(d, MSG_K_H_LIST, 80.0f);
            report_note(d, MSG_K_LIST_INTRO);
        }
        comment_entry(d, idx[k], c);
    }
}

size_t report_missing_analyses(const report_doc *d, size_t *out, size_t cap)
{
    size_t n = 0;
    const plan *p = d->ri->plan;
    for (size_t i = 0; i < p->nindicators && n < cap; i++)
        if (rv_in_scope(d, i) && missing_analysis(p, i, report_metrics_of(d, i), d->ri->period_year))
            out[n++] = i;
    return n;
}
