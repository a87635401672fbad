/* report_views.c - what the strategic, operational and citizen reports
 * share with each other and with the monthly report: the rules annex
 * (statuses, projection model, roll-ups, scores, with the values in
 * force), the data-quality and "Novedades" sections, a simple table, and
 * the staging of every view of a period. */
#include "report_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "msg.h"
#include "report_parts.h"
#include "text.h"

#define RV_HEAD_SIZE 7.5f   /* table headers (drawn at rd's minimum, 8 pt) */
#define RV_MAX_COLS 16
#define RV_MIN_DONOR 90.0f  /* a column that gives width keeps this much */

/* ------------------------------------------------------------- helpers */

int report_secretariat_has_indicators(const plan *p, size_t sec)
{
    for (size_t i = 0; i < p->nindicators; i++)
        if (p->indicators[i].secretariat == sec) return 1;
    return 0;
}

int rv_in_scope(const report_doc *d, size_t i)
{
    return d->secretariat == PLAN_NONE ||
           d->ri->plan->indicators[i].secretariat == d->secretariat;
}

/* Decimal with a comma and up to two decimals, trailing zeros dropped:
 * for the weights and thresholds printed in the annex. */
const char *rv_fmt_weight(char *buf, size_t n, double v)
{
    snprintf(buf, n, MSG_V_WEIGHT_FMT, v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0') *end-- = '\0';
        if (end == dot) *end = '\0';
        else *dot = MSG_R_DECIMAL_SEP;
    }
    return buf;
}

/* Readers see periods in words ("mayo de 2023"), never "2023-05". */
const char *rv_fmt_period(char *buf, size_t n, int year, int month)
{
    if (month >= 1 && month <= 12) snprintf(buf, n, MSG_V_PERIOD_WORDS, msg_month_name(month), year);
    else snprintf(buf, n, MSG_R_YEAR_FMT, year);
    return buf;
}

const char *rv_fmt_period_key(char *buf, size_t n, const char *key)
{
    int y = 0, m = 0;
    if (sscanf(key, "%d-%d", &y, &m) != 2 || m < 1 || m > 12) {
        snprintf(buf, n, "%s", key);
        return buf;
    }
    return rv_fmt_period(buf, n, y, m);
}

int report_plan_is_common(const plan *p)
{
    return !p->vision && !p->nvalues && !p->npolicies && !p->nobjectives && !p->nsecretariats;
}

void report_status_edge(report_doc *d, analyze_status s, float x, float y, float w, float h, float r)
{
    /* "a confirmar" is near white by design (the palette's lightest
     * level): on a white page its shapes need an edge to be seen */
    if (rd_contrast(report_status_color(s), rd_hex(RD_WHITE)) < 1.25)
        rd_round_rect_outline(d->c, x, y, w, h, r, 0.6f, rd_hex(RD_MUTED));
}

float report_status_chip(report_doc *d, float x, float y, analyze_status s, float size)
{
    rd_ctx *c = d->c;
    rd_round_rect(c, x, y - 1.0f, size, size, 2.0f, report_status_color(s));
    report_status_edge(d, s, x, y - 1.0f, size, size, 2.0f);
    rd_text(c, x + size + 4.0f, y, RD_REGULAR, size, rd_hex(RD_INK), msg_status_label(s));
    return size + 4.0f + rd_width(c, RD_REGULAR, size, msg_status_label(s));
}

/* --------------------------------------------------------------- table */

static int rv_cell_lines(report_doc *d, const rv_col *col, const char *text, int bold)
{
    return rd_wrap(d->c, 0, 0, col->w - 8.0f, bold ? RD_BOLD : RD_REGULAR, RD_SIZE_TABLE,
                   RD_SIZE_TABLE * 1.2f, rd_hex(RD_INK), RD_LEFT, text ? text : "", 0);
}

/* The widest word of a header at the header's size. */
static float rv_head_word(report_doc *d, const char *head)
{
    float widest = 0.0f;
    char word[SMALL_BUF];
    for (const char *p = head; *p;) {
        while (*p == ' ') p++;
        size_t n = strcspn(p, " ");
        if (!n) break;
        size_t k = n < sizeof word ? n : sizeof word - 1;
        memcpy(word, p, k);
        word[k] = '\0';
        float w = rd_width(d->c, RD_BOLD, RV_HEAD_SIZE, word);
        if (w > widest) widest = w;
        p += n;
    }
    return widest;
}

/* The columns as drawn: a column whose header has a word wider than the
 * column takes the missing points from the widest column, so that headers
 * wrap between words and never cut one ("Proyecci-ón"); unchanged when
 * the widest column could not spare them. Returns out, or cols when
 * nothing moves or there are more than RV_MAX_COLS columns. */
static const rv_col *rv_fit(report_doc *d, const rv_col *cols, int ncols, rv_col *out)
{
    if (ncols > RV_MAX_COLS) return cols;
    float deficit = 0.0f;
    int donor = 0;
    for (int k = 0; k < ncols; k++) {
        out[k] = cols[k];
        float need = rv_head_word(d, cols[k].head) + 8.5f;
        if (need > cols[k].w) {
            out[k].w = need;
            deficit += need - cols[k].w;
        }
        if (cols[k].w > cols[donor].w) donor = k;
    }
    if (deficit <= 0.0f) return cols;
    float left = cols[donor].w - deficit;
    if (out[donor].w != cols[donor].w || left < rv_head_word(d, cols[donor].head) + 8.5f ||
        left < RV_MIN_DONOR)
        return cols;
    out[donor].w = left;
    return out;
}

void rv_table_header(report_doc *d, const rv_col *cols, int ncols)
{
    rd_ctx *c = d->c;
    rv_col fit[RV_MAX_COLS];
    cols = rv_fit(d, cols, ncols, fit);
    float lead = 8.5f;
    int lines = 1;
    for (int k = 0; k < ncols; k++) {
        int l = rd_wrap(c, 0, 0, cols[k].w - 8.0f, RD_BOLD, RV_HEAD_SIZE, lead,
                        rd_hex(RD_WHITE), RD_LEFT, cols[k].head, 0);
        if (l > lines) lines = l;
    }
    float h = (float)lines * lead + 10.0f, x = RD_MARGIN;
    /* room for a first row of two lines under it: never a header alone */
    rd_need(c, h + 2.0f * RD_SIZE_TABLE * 1.2f + 12.0f);
    int again = rd_table_header_begin(c);
    rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_NAVY));
    for (int k = 0; k < ncols; k++) {
        rd_cell_begin(c, 1);
        rd_wrap(c, x + 4.0f, c->y - 5.0f, cols[k].w - 8.0f, RD_BOLD, RV_HEAD_SIZE, lead,
                rd_hex(RD_WHITE), cols[k].align, cols[k].head, 1);
        rd_cell_end(c);
        x += cols[k].w;
    }
    rd_table_header_end(c, again);
    c->y -= h;
}

void rv_table_row(report_doc *d, const rv_col *cols, int ncols, const char *const *cells,
                  int zebra, int bold, int pill_col, analyze_status pill)
{
    rd_ctx *c = d->c;
    const rv_col *given = cols;
    rv_col fit[RV_MAX_COLS];
    cols = rv_fit(d, cols, ncols, fit);
    const float lead = RD_SIZE_TABLE * 1.2f;
    int lines = 1;
    for (int k = 0; k < ncols; k++) {
        if (k == pill_col) continue;
        int l = rv_cell_lines(d, &cols[k], cells[k], bold && k == 0);
        if (l > lines) lines = l;
    }
    float h = (float)lines * lead + 9.0f;
    if (pill_col >= 0 && h < 22.0f) h = 22.0f;
    if (rd_need(c, h)) rv_table_header(d, given, ncols);
    if (zebra) rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_ZEBRA));
    float x = RD_MARGIN;
    rd_tag_begin(c, "TR");
    for (int k = 0; k < ncols; k++) {
        rd_cell_begin(c, 0);
        if (k == pill_col) {
            report_pill(d, x + 4.0f, c->y - h / 2.0f, cols[k].w - 7.0f, pill, 6.5f);
        } else if (cells[k]) {
            rd_wrap(c, x + 4.0f, c->y - 4.5f, cols[k].w - 8.0f,
                    bold && k == 0 ? RD_BOLD : RD_REGULAR, RD_SIZE_TABLE, lead,
                    rd_hex(RD_INK), cols[k].align, cells[k], 1);
        }
        rd_cell_end(c);
        x += cols[k].w;
    }
    rd_tag_end(c);
    c->y -= h;
}

void rv_table_end(report_doc *d)
{
    rd_tag_close(d->c, "Table");
    rd_hline(d->c, RD_MARGIN, RD_MARGIN + RD_CONTENT_W, d->c->y, 0.6f, rd_hex(RD_NAVY));
    d->c->y -= 6.0f;
}

/* ------------------------------------------------------------ rules annex */

/* What the run's own backtest found, in the annex (analyze_backtest). */
static void report_backtest_rules(report_doc *d)
{
    const plan_rules *r = &d->ri->plan->rules;
    const analyze_backtest *bt = &d->ri->res->backtest;
    char buf[LINE_BUF], n[6][SMALL_BUF], conf[SMALL_BUF], confb[SMALL_BUF];
    int need = r->min_years_trend > r->min_points_interval ? r->min_years_trend
                                                            : r->min_points_interval;
    report_h2(d, MSG_V_BT_H, 30.0f);
    if (!bt->checks) {
        snprintf(buf, sizeof buf, MSG_V_BT_NONE, need);
        report_body(d, buf);
        snprintf(buf, sizeof buf, MSG_V_BT_NODAMP,
                 rd_fmt_num(n[0], SMALL_BUF, ANALYZE_DAMP_DEFAULT));
        report_body(d, buf);
        return;
    }
    rd_fmt_pct(conf, sizeof conf, 100.0 * r->confidence);
    (void)confb;
    snprintf(buf, sizeof buf, MSG_V_BT_A, need, rd_fmt_count(n[0], SMALL_BUF, bt->checks), conf,
             rd_fmt_pct(n[1], SMALL_BUF, 100.0 * (double)bt->covered / (double)bt->checks),
             rd_fmt_num(n[2], SMALL_BUF, bt->mae));
    report_body(d, buf);
    if (bt->calibrated) {
        snprintf(buf, sizeof buf, MSG_V_BT_CAL,
                 rd_fmt_count(n[0], SMALL_BUF, (size_t)r->calib_min_checks),
                 rd_fmt_num(n[1], SMALL_BUF, bt->widen),
                 rd_fmt_num(n[2], SMALL_BUF, analyze_backtest_widen(bt, 1)),
                 rd_fmt_num(n[3], SMALL_BUF, analyze_backtest_widen(bt, 5)),
                 rd_fmt_pct(n[4], SMALL_BUF,
                            100.0 * (double)bt->covered_widened / (double)bt->checks));
    } else {
        snprintf(buf, sizeof buf, MSG_V_BT_NOCAL,
                 rd_fmt_count(n[0], SMALL_BUF, (size_t)r->calib_min_checks));
    }
    report_body(d, buf);
    if (bt->damp_learnt)
        snprintf(buf, sizeof buf, MSG_V_BT_DAMP,
                 rd_fmt_num(n[0], SMALL_BUF, analyze_backtest_damp(bt, 1)),
                 rd_fmt_num(n[1], SMALL_BUF, analyze_backtest_damp(bt, 5)));
    else
        snprintf(buf, sizeof buf, MSG_V_BT_NODAMP,
                 rd_fmt_num(n[0], SMALL_BUF, ANALYZE_DAMP_DEFAULT));
    report_body(d, buf);
    snprintf(buf, sizeof buf, MSG_V_BT_CALLS, rd_fmt_count(n[0], SMALL_BUF, bt->on_calls),
             rd_fmt_count(n[1], SMALL_BUF, bt->on_hits), rd_fmt_count(n[2], SMALL_BUF, bt->off_calls),
             rd_fmt_count(n[3], SMALL_BUF, bt->off_hits));
    report_body(d, buf);
}

void report_status_rules(report_doc *d)
{
    const plan_rules *r = &d->ri->plan->rules;
    char buf[LINE_BUF], a[SMALL_BUF], item[16];
    report_h2(d, MSG_R_M_H_STATUS, 30.0f);
    snprintf(buf, sizeof buf, MSG_V_STATUS_INTRO, rd_fmt_num(a, sizeof a, r->target_tolerance));
    report_body(d, buf);
    char p1[SMALL_BUF], p2[SMALL_BUF];
    rd_fmt_num(p1, sizeof p1, r->p_on_track);
    rd_fmt_num(p2, sizeof p2, r->p_off_track);
    for (int k = 1; k <= 9; k++) {
        switch (k) {
        case 1: snprintf(buf, sizeof buf, "%s", MSG_V_STATUS_1); break;
        case 2: snprintf(buf, sizeof buf, "%s", MSG_V_STATUS_2); break;
        case 3: snprintf(buf, sizeof buf, "%s", MSG_V_STATUS_3); break;
        case 4: snprintf(buf, sizeof buf, MSG_V_STATUS_4, p2, r->stale_years); break;
        case 5: snprintf(buf, sizeof buf, "%s", MSG_V_STATUS_5); break;
        case 6: snprintf(buf, sizeof buf, MSG_V_STATUS_6, r->min_years_trend); break;
        case 7:
            snprintf(buf, sizeof buf, MSG_V_STATUS_7, rd_fmt_num(a, sizeof a, r->max_interval_width));
            break;
        case 8: snprintf(buf, sizeof buf, MSG_V_STATUS_8, p1, r->stale_years, p2); break;
        default:
            snprintf(buf, sizeof buf, MSG_V_STATUS_9,
                     r->progress_sdg ? MSG_V_METHOD_SDG : MSG_V_METHOD_P);
            break;
        }
        snprintf(item, sizeof item, MSG_R_ITEM_FMT, k);
        report_bullet(d, item, buf, RD_REGULAR, rd_hex(RD_INK));
    }
    snprintf(buf, sizeof buf, MSG_V_FLOOR, rd_fmt_num(a, sizeof a, r->min_sd));
    report_body(d, buf);
    snprintf(buf, sizeof buf, MSG_V_MAINTAIN_RULE, rd_fmt_num(a, sizeof a, r->maintain_band));
    report_body(d, buf);
    report_backtest_rules(d);
}

void report_model_rules(report_doc *d)
{
    const plan_rules *r = &d->ri->plan->rules;
    report_h2(d, MSG_V_H_MODEL, 30.0f);
    if (r->projection_logit) {
        report_body(d, MSG_V_MODEL_LOGIT_A);
        report_formula(d, MSG_V_MODEL_LOGIT_F);
        report_body(d, MSG_V_MODEL_LOGIT_B);
    } else {
        report_body(d, MSG_V_MODEL_LINEAR);
    }
    report_body(d, MSG_V_MODEL_DAMPED);
    if (r->window_years > 0) {
        char buf[LINE_BUF];
        snprintf(buf, sizeof buf, MSG_V_MODEL_WINDOW, r->window_years);
        report_body(d, buf);
    }
    if (d->ri->res->backtest.p_calibrated) report_body(d, MSG_V_MODEL_CALIB);
    report_body(d, MSG_V_MODEL_MONTHLY);
}

void report_rollup_rule(report_doc *d)
{
    report_h2(d, MSG_V_H_ROLLUP, 30.0f);
    report_body(d, MSG_V_ROLLUP);
}

void report_score_rules(report_doc *d)
{
    const plan_scores *s = &d->ri->plan->scores;
    char buf[2048], w[8][32];
    report_h2(d, MSG_V_H_SCORES, 30.0f);
    report_body(d, MSG_V_SCORES_INTRO);
    /* weights that add up to 1 need no division (no stray "/ 1") */
    double wi = s->w_weight + s->w_gap;
    double wu = s->w_status + s->w_decline + s->w_deadline + s->w_age;
    snprintf(buf, sizeof buf, fabs(wi - 1.0) < 1e-9 ? MSG_V_F_IMPORTANCE_UNIT : MSG_V_F_IMPORTANCE,
             rv_fmt_weight(w[0], 32, s->w_weight),
             rv_fmt_weight(w[1], 32, s->w_gap), rv_fmt_weight(w[2], 32, s->gap_ref),
             rv_fmt_weight(w[3], 32, wi));
    report_formula(d, buf);
    snprintf(buf, sizeof buf, MSG_V_IMPORTANCE_NOTE, rv_fmt_weight(w[0], 32, s->unknown_gap));
    report_body(d, buf);
    snprintf(buf, sizeof buf, fabs(wu - 1.0) < 1e-9 ? MSG_V_F_URGENCY_UNIT : MSG_V_F_URGENCY,
             rv_fmt_weight(w[0], 32, s->w_status),
             rv_fmt_weight(w[1], 32, s->w_decline), rv_fmt_weight(w[2], 32, s->decline_ref),
             rv_fmt_weight(w[3], 32, s->w_deadline), rv_fmt_weight(w[4], 32, s->deadline_horizon),
             rv_fmt_weight(w[5], 32, s->w_age), rv_fmt_weight(w[6], 32, s->age_ref),
             rv_fmt_weight(w[7], 32, wu));
    report_formula(d, buf);
    tb_buf b;
    tb_buf_init(&b);
    for (int k = 0; k < ANALYZE_NSTATUS; k++)
        tb_buf_printf(&b, "%s%s %s", k ? "; " : "", msg_status_label((analyze_status)k),
                      rv_fmt_weight(w[0], 32, s->status[k]));
    rd_check_buf(d->c, &b);
    snprintf(buf, sizeof buf, MSG_V_URGENCY_NOTE, b.data ? b.data : "");
    tb_buf_fini(&b);
    report_body(d, buf);
    snprintf(buf, sizeof buf, MSG_V_QUADRANTS, rv_fmt_weight(w[0], 32, s->urgency_threshold),
             rv_fmt_weight(w[1], 32, s->importance_threshold));
    report_body(d, buf);
}

/* ------------------------------------------------------- data quality */

/* Latest year with any value for the entity, or 0. */
static int rv_latest_year(const report_doc *d)
{
    int hi = 0;
    for (size_t i = 0; i < d->ri->plan->nindicators; i++) {
        const series *s = report_series_of(d, i);
        if (s && s->n && s->pts[s->n - 1].year > hi) hi = s->pts[s->n - 1].year;
    }
    return hi;
}

static int rv_has_year(const series *s, int y)
{
    for (size_t k = 0; s && k < s->n; k++)
        if (s->pts[k].year == y) return 1;
    return 0;
}

/* Years from the indicator's first value to the latest year of the
 * entity's data that have no value, as "2021, 2023" (or "–"). */
static void rv_missing_years(const report_doc *d, size_t i, int latest, char *buf, size_t n)
{
    const series *s = report_series_of(d, i);
    size_t used = 0;
    buf[0] = '\0';
    for (int y = s && s->n ? s->pts[0].year : latest + 1; y <= latest; y++) {
        if (rv_has_year(s, y)) continue;
        int w = snprintf(buf + used, n - used, "%s%d", used ? ", " : "", y);
        if (w < 0 || (size_t)w >= n - used) break;
        used += (size_t)w;
    }
    if (!used) snprintf(buf, n, "%s", MSG_R_NA);
}

/* Red or falling indicators in scope with no analysis in the comments
 * file (only when there is one): the planning office asks for them. */
static void rv_missing_analyses(report_doc *d)
{
    const plan *p = d->ri->plan;
    if (!p->comments) return;
    size_t idx[256];
    size_t n = report_missing_analyses(d, idx, sizeof idx / sizeof idx[0]);
    if (!n) return;
    char buf[LINE_BUF], why[SMALL_BUF], a[SMALL_BUF];
    report_h2(d, MSG_K_MISSING_H, 50.0f);
    report_note(d, MSG_K_MISSING_INTRO);
    for (size_t k = 0; k < n; k++) {
        const plan_indicator *ind = &p->indicators[idx[k]];
        const analyze_metrics *m = report_metrics_of(d, idx[k]);
        if (m->status == ANALYZE_OFF_TRACK || m->status == ANALYZE_AT_RISK)
            snprintf(why, sizeof why, MSG_K_MISSING_RED, msg_status_label(m->status));
        else
            snprintf(why, sizeof why, MSG_K_MISSING_FALL, rd_fmt_num(a, sizeof a, m->decline), m->last_year);
        /* an analysis of an earlier year exists: say it does not cover the
         * latest data, so the list does not contradict the one shown */
        const plan_comment *old = report_comment_of(d, idx[k]);
        if (old && old->analysis && old->analysis[0] && old->year != m->last_year) {
            size_t used = strlen(why);
            snprintf(why + used, sizeof why - used, MSG_K_MISSING_OLDER, m->last_year, old->year);
        }
        if (ind->secretariat != PLAN_NONE)
            snprintf(buf, sizeof buf, MSG_K_MISSING_ITEM, ind->name, p->secretariats[ind->secretariat].name, why);
        else
            snprintf(buf, sizeof buf, MSG_K_MISSING_ITEM_NOSEC, ind->name, why);
        report_bullet(d, MSG_R_BULLET, buf, RD_REGULAR, rd_hex(RD_INK));
    }
}

void report_quality(report_doc *d, size_t sec)
{
    const plan *p = d->ri->plan;
    size_t saved = d->secretariat;
    d->secretariat = sec;
    static const rv_col cols[5] = {{MSG_R_COL_NAME, 175, RD_LEFT},
                                   {MSG_V_Q_COL_YEARS, 80, RD_LEFT},
                                   {MSG_V_Q_COL_MISSING, 80, RD_LEFT},
                                   {MSG_V_Q_COL_LAST, 50, RD_RIGHT},
                                   {MSG_V_Q_COL_NOTE, 110, RD_LEFT}};
    int latest = rv_latest_year(d);
    size_t nmissing = 0, nstale = 0, nexcluded = 0, rows = 0;
    char buf[LINE_BUF];
    report_h2(d, MSG_V_H_QUALITY, 60.0f);
    report_body(d, MSG_V_QUALITY_INTRO);
    /* a first pass finds the last row and the summary, so that the summary
     * footnote stays with that row */
    size_t last_row = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const analyze_metrics *m = report_metrics_of(d, i);
        char miss[SMALL_BUF];
        rv_missing_years(d, i, latest, miss, sizeof miss);
        int has_missing = m->n > 0 && strcmp(miss, MSG_R_NA) != 0;
        if (m->n > 0 && !has_missing && !m->stale) continue;
        last_row = i;
        nexcluded += m->n == 0;
        nstale += m->n > 0 && m->stale;
        nmissing += has_missing;
    }
    snprintf(buf, sizeof buf, MSG_V_QUALITY_SUMMARY, nmissing, nstale,
             text_plural(nstale, MSG_W_OUTDATED, MSG_W_OUTDATEDS), p->rules.stale_years,
             nexcluded, text_plural(nexcluded, MSG_W_EXCLUDED, MSG_W_EXCLUDEDS));
    float notes_h = 6.0f + report_note_height(d, buf);
    for (size_t i = 0; i < p->nindicators; i++) {
        if (!rv_in_scope(d, i)) continue;
        const analyze_metrics *m = report_metrics_of(d, i);
        char years[SMALL_BUF], miss[SMALL_BUF], last[SMALL_BUF];
        rv_missing_years(d, i, latest, miss, sizeof miss);
        int has_missing = m->n > 0 && strcmp(miss, MSG_R_NA) != 0;
        if (m->n > 0 && !has_missing && !m->stale) continue;
        if (rows == 0) rv_table_header(d, cols, 5);
        if (i == last_row) rd_keep_next(d->c, notes_h);
        if (m->n && m->first_year == m->last_year)
            snprintf(years, sizeof years, MSG_V_Q_YEAR_FMT, m->first_year, m->n);
        else if (m->n) snprintf(years, sizeof years, MSG_V_Q_YEARS_FMT, m->first_year, m->last_year, m->n);
        else snprintf(years, sizeof years, "%s", MSG_R_NA);
        if (m->n) rv_fmt_period(last, sizeof last, m->last_year, m->last_month);
        else snprintf(last, sizeof last, "%s", MSG_R_NA);
        const char *note = m->n == 0 ? MSG_V_Q_EXCLUDED : m->stale ? MSG_V_Q_STALE : MSG_V_Q_GAPS;
        const char *cells[5] = {p->indicators[i].name, years, m->n ? miss : MSG_R_NA, last, note};
        rv_table_row(d, cols, 5, cells, (int)(rows % 2), 0, -1, ANALYZE_MET);
        rows++;
    }
    if (rows == 0) {
        report_body(d, MSG_V_QUALITY_NONE);
    } else {
        rv_table_end(d);
        report_note(d, buf);   /* the summary of the first pass */
    }
    rv_missing_analyses(d);
    d->secretariat = saved;
}

/* ---------------------------------------------------------- Novedades */

static int rv_news_item(const report_doc *d, size_t sec, const changes_item *it)
{
    return it->entity == d->ri->entity &&
           (sec == PLAN_NONE || d->ri->plan->indicators[it->indicator].secretariat == sec);
}

/* The point of indicator i's series just before (year, month), or NULL
 * when that is its first point or is not in it. */
const series_point *rv_point_before(const report_doc *d, size_t i, int year, int month)
{
    const series *sr = report_series_of(d, i);
    for (size_t k = 1; sr && k < sr->n; k++)
        if (sr->pts[k].year == year && sr->pts[k].month == month) return &sr->pts[k - 1];
    return NULL;
}

void report_news(report_doc *d, size_t sec)
{
    const changes_set *cs = d->ri->changes;
    const plan *p = d->ri->plan;
    char buf[LINE_BUF], a[SMALL_BUF], b[SMALL_BUF], per[SMALL_BUF];
    static const char *const heads[CHANGES_NKINDS] = {MSG_V_NEWS_H_NEW, MSG_V_NEWS_H_REVISED,
                                                      MSG_V_NEWS_H_STATUS, MSG_V_NEWS_H_URGENT,
                                                      MSG_V_NEWS_H_COMMENT};
    report_h2(d, MSG_V_H_NEWS, 40.0f);
    if (!cs || !cs->found) {
        report_body(d, cs && cs->unreadable ? MSG_V_NEWS_UNREADABLE : MSG_V_NEWS_NONE);
        return;
    }
    if (cs->matched == 0) {   /* a file, but nothing in it is ours */
        snprintf(buf, sizeof buf, MSG_V_NEWS_UNMATCHED, rv_fmt_period_key(per, sizeof per, cs->period));
        report_body(d, buf);
        return;
    }
    size_t total = 0;
    for (size_t j = 0; j < cs->n; j++) total += rv_news_item(d, sec, &cs->items[j]);
    /* one opening sentence: the changes, or that there were none */
    snprintf(buf, sizeof buf, total ? MSG_V_NEWS_INTRO : MSG_V_NEWS_NOCHANGE,
             rv_fmt_period_key(per, sizeof per, cs->period));
    report_body(d, buf);
    for (int k = 0; k < CHANGES_NKINDS; k++) {
        size_t n = 0;
        for (size_t j = 0; j < cs->n; j++)
            n += cs->items[j].kind == (changes_kind)k && rv_news_item(d, sec, &cs->items[j]);
        if (!n) continue;
        snprintf(buf, sizeof buf, MSG_V_NEWS_HEAD_FMT, heads[k], n);
        rd_need(d->c, 40.0f);
        rd_text(d->c, RD_MARGIN, d->c->y - 10.0f, RD_BOLD, 10.0f, rd_hex(RD_NAVY), buf);
        d->c->y -= 16.0f;
        for (size_t j = 0; j < cs->n; j++) {
            const changes_item *it = &cs->items[j];
            if (it->kind != (changes_kind)k || !rv_news_item(d, sec, it)) continue;
            const char *name = p->indicators[it->indicator].name;
            rv_fmt_period(per, sizeof per, it->year, it->month);
            switch (it->kind) {
            case CHANGES_NEW_POINT: {
                /* with its direction and size against the point before it */
                const series_point *pr = rv_point_before(d, it->indicator, it->year, it->month);
                int used = snprintf(buf, sizeof buf, MSG_V_NEWS_NEW, name, per,
                                    rd_fmt_pct(a, sizeof a, it->after));
                if (pr && used > 0 && (size_t)used < sizeof buf) {
                    char pp[SMALL_BUF], was[SMALL_BUF];
                    double diff = it->after - pr->value;
                    rd_fmt_num(pp, sizeof pp, fabs(diff));
                    rv_fmt_period(was, sizeof was, pr->year, pr->month);
                    if (fabs(diff) < 0.05)
                        snprintf(buf + used, sizeof buf - (size_t)used, MSG_V_NEWS_SAME, was);
                    else
                        snprintf(buf + used, sizeof buf - (size_t)used, MSG_V_NEWS_MOVE,
                                 diff < 0 ? MSG_D_WENT_DOWN : MSG_D_WENT_UP, pp,
                                 rd_fmt_pct(b, sizeof b, pr->value), was);
                }
                break;
            }
            case CHANGES_REVISED:
                snprintf(buf, sizeof buf, MSG_V_NEWS_REVISED, name, per,
                         rd_fmt_pct(a, sizeof a, it->before), rd_fmt_pct(b, sizeof b, it->after));
                break;
            case CHANGES_STATUS:
                snprintf(buf, sizeof buf, MSG_V_NEWS_STATUS, name,
                         msg_status_label((analyze_status)it->status_before),
                         msg_status_label((analyze_status)it->status_after));
                break;
            case CHANGES_COMMENT: {
                /* what the secretariat wrote: its analysis, else its action */
                const plan_comment *c = report_comment_of(d, it->indicator);
                snprintf(buf, sizeof buf, MSG_V_NEWS_COMMENT, name, per,
                         c ? (c->analysis[0] ? c->analysis : c->action) : "");
                break;
            }
            default:
                snprintf(buf, sizeof buf, MSG_V_NEWS_URGENT, name);
                break;
            }
            report_bullet(d, MSG_R_BULLET, buf, RD_REGULAR, rd_hex(RD_INK));
        }
        d->c->y -= 4.0f;
    }
}

/* --------------------------------------------------------- data sources */
void report_sources(report_doc *d, float tail)
{
    rd_ctx *c = d->c;
    const ingest_set *in = d->ri->in;
    static const float w[6] = {175, 45, 45, 70, 75, 85};
    static const char *const heads[6] = {MSG_R_SRC_FILE,  MSG_R_SRC_SHAPE,
                                         MSG_R_SRC_ROWS,  MSG_R_SRC_OBS,
                                         MSG_R_SRC_MISSING, MSG_R_SRC_ENC};
    report_h2(d, MSG_R_H_SOURCES, 40.0f);
    if (!in || in->nsources == 0) {
        report_body(d, MSG_R_SRC_NONE);
        return;
    }
    const float pad = 4.0f, lead = 10.0f;
    for (size_t r = 0; r <= in->nsources; r++) {
        const ingest_source *s = r ? &in->sources[r - 1] : NULL;
        char cells[6][SMALL_BUF], label[TB_ERR_FILE_MAX];
        const char *txt[6];
        if (!s) {
            for (int k = 0; k < 6; k++) txt[k] = heads[k];
        } else {
            txt[0] = ingest_source_label(s, label, sizeof label, NULL);
            txt[1] = s->shape == INGEST_WIDE ? MSG_R_SHAPE_WIDE : MSG_R_SHAPE_LONG;
            txt[2] = rd_fmt_count(cells[2], SMALL_BUF, s->rows);
            txt[3] = rd_fmt_count(cells[3], SMALL_BUF, s->nobs);
            txt[4] = rd_fmt_count(cells[4], SMALL_BUF, s->nmissing);
            txt[5] = s->was_cp1252 ? MSG_R_ENC_CP1252 : MSG_R_ENC_UTF8;
        }
        int lines = 1;
        for (int k = 0; k < 6; k++) {
            int l = rd_wrap(c, 0, 0, w[k] - 2 * pad, !s ? RD_BOLD : RD_REGULAR,
                            8.0f, lead, rd_hex(RD_INK), RD_LEFT, txt[k], 0);
            if (l > lines) lines = l;
        }
        float h = (float)lines * lead + 8.0f;
        if (r == in->nsources) rd_keep_next(c, tail);
        rd_need(c, h);
        rd_rgb bg = !s ? rd_hex(RD_NAVY) : rd_hex((r % 2) ? RD_WHITE : RD_ZEBRA);
        rd_rgb fg = !s ? rd_hex(RD_WHITE) : rd_hex(RD_INK);
        rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, bg);
        float x = RD_MARGIN;
        for (int k = 0; k < 6; k++) {
            rd_wrap(c, x + pad, c->y - 4.0f, w[k] - 2 * pad,
                    !s ? RD_BOLD : RD_REGULAR, 8.0f, lead, fg,
                    k == 0 || k == 1 || k == 5 ? RD_LEFT : RD_RIGHT, txt[k], 1);
            x += w[k];
        }
        c->y -= h;
    }
    c->y -= 6.0f;
}

const char *rv_fmt_gap(char *buf, size_t n, const analyze_metrics *m)
{
    return rd_fmt_pp(buf, n, m->n ? m->gap : NAN);
}
