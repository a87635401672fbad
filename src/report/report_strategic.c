/* report_strategic.c - the strategic report: the long-term gaze, focused on
 * order. Roll-ups by dimension, axis, objective and policy; every
 * indicator's trajectory to the plan horizon with its gap and the year it
 * reaches its target; the urgent/important matrix; what changed; data
 * quality; and the rules in force. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "label_place.h"
#include "labels.h"
#include "msg.h"
#include "report_parts.h"
#include "text.h"
#include "report_views.h"

/* ------------------------------------------------------------ roll-ups */

enum { RC_NAME, RC_INDEX, RC_DATA, RC_BAR, RC_MET, RC_N };
static const float rc_w[RC_N] = {185, 55, 65, 140, 50};

static void strat_rollup_header(report_doc *d, const char *first)
{
    static const rv_col cols[RC_N] = {{NULL, 185, RD_LEFT}, {MSG_S_COL_INDEX, 55, RD_RIGHT},
                                      {MSG_S_COL_DATA, 65, RD_RIGHT},
                                      {MSG_S_COL_BAR, 140, RD_LEFT}, {MSG_S_COL_MET, 50, RD_RIGHT}};
    rv_col c[RC_N];
    memcpy(c, cols, sizeof c);
    c[0].head = first;
    rv_table_header(d, c, RC_N);
}

/* Status counts as one proportional bar. */
static void strat_bar(report_doc *d, float x, float y, float w, float h, const analyze_rollup *u)
{
    size_t total = 0;
    for (int s = 0; s < ANALYZE_NSTATUS; s++) total += u->counts[s];
    if (!total) return;
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        float ws = w * (float)u->counts[s] / (float)total;
        if (ws > 0) {
            rd_rect(d->c, x, y, ws, h, report_status_color((analyze_status)s));
            report_status_edge(d, (analyze_status)s, x, y, ws, h, 0.0f);
        }
        x += ws;
    }
}

/* One row; returns 1 when the group excludes indicators without data. head
 * is the table's first column heading, repeated unchanged after a page
 * break. */
static int strat_rollup_row(report_doc *d, const char *head, const char *first, const char *name,
                            const analyze_rollup *u, int zebra, int bold, float indent)
{
    rd_ctx *c = d->c;
    char idx[SMALL_BUF], data[SMALL_BUF], met[SMALL_BUF], label[LINE_BUF];
    const float lead = RD_SIZE_TABLE * 1.2f;
    if (first && *first) snprintf(label, sizeof label, "%s  %s", first, name);
    else snprintf(label, sizeof label, "%s", name);
    int lines = rd_wrap(c, 0, 0, rc_w[RC_NAME] - 8.0f - indent, bold ? RD_BOLD : RD_REGULAR,
                        RD_SIZE_TABLE, lead, rd_hex(RD_INK), RD_LEFT, label, 0);
    float h = (float)lines * lead + 9.0f;
    if (h < 20.0f) h = 20.0f;
    if (rd_need(c, h)) strat_rollup_header(d, head);
    if (zebra) rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_ZEBRA));
    float x = RD_MARGIN, top = c->y - 4.5f;
    /* a table row of five cells, so that a page break repeats the header
     * as furniture with its "(cont.)" caption, as in every other table */
    rd_tag_begin(c, "TR");
    rd_cell_begin(c, 0);
    rd_wrap(c, x + 4.0f + indent, top, rc_w[RC_NAME] - 8.0f - indent, bold ? RD_BOLD : RD_REGULAR,
            RD_SIZE_TABLE, lead, rd_hex(RD_INK), RD_LEFT, label, 1);
    rd_cell_end(c);
    x += rc_w[RC_NAME];
    int excluded = u->with_data < u->total;
    rd_fmt_pct(idx, sizeof idx, u->index);
    if (excluded && isfinite(u->index)) strncat(idx, MSG_S_ASTERISK, sizeof idx - strlen(idx) - 1);
    rd_cell_begin(c, 0);
    rd_text_right(c, x + rc_w[RC_INDEX] - 4.0f, top - RD_SIZE_TABLE, RD_BOLD, RD_SIZE_TABLE,
                  rd_hex(RD_NAVY), idx);
    rd_cell_end(c);
    x += rc_w[RC_INDEX];
    snprintf(data, sizeof data, MSG_S_DATA_FMT, u->with_data, u->total);
    rd_cell_begin(c, 0);
    rd_text_right(c, x + rc_w[RC_DATA] - 4.0f, top - RD_SIZE_TABLE, RD_REGULAR, RD_SIZE_TABLE,
                  rd_hex(RD_INK), data);
    rd_cell_end(c);
    x += rc_w[RC_DATA];
    rd_cell_begin(c, 0);
    rd_rect(c, x + 4.0f, c->y - h / 2.0f - 4.0f, rc_w[RC_BAR] - 8.0f, 8.0f, rd_hex(RD_MISSING));
    strat_bar(d, x + 4.0f, c->y - h / 2.0f - 4.0f, rc_w[RC_BAR] - 8.0f, 8.0f, u);
    rd_cell_end(c);
    x += rc_w[RC_BAR];
    snprintf(met, sizeof met, MSG_S_DATA_FMT, u->counts[ANALYZE_MET], u->total);
    rd_cell_begin(c, 0);
    rd_text_right(c, x + rc_w[RC_MET] - 4.0f, top - RD_SIZE_TABLE, RD_REGULAR, RD_SIZE_TABLE,
                  rd_hex(RD_INK), met);
    rd_cell_end(c);
    rd_tag_end(c);
    c->y -= h;
    return excluded;
}

static void strat_legend(report_doc *d)
{
    rd_ctx *c = d->c;
    float x = RD_MARGIN;
    rd_need(c, 28.0f);
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        const char *label = msg_status_label((analyze_status)s);
        float w = 7.0f + 4.0f + rd_width(c, RD_REGULAR, 7.0f, label);
        if (x > RD_MARGIN && x + w > RD_MARGIN + RD_CONTENT_W) {   /* next line */
            x = RD_MARGIN;
            c->y -= 12.0f;
        }
        x += report_status_chip(d, x, c->y - 8.0f, (analyze_status)s, 7.0f) + 12.0f;
    }
    c->y -= 16.0f;
}

/* The roll-up table of one level (groups without indicators are counted
 * in a note, not listed). */
static void strat_level_table(report_doc *d, analyze_level l, const char *heading,
                              const char *first)
{
    if (!d->ri->res->nlevel[l]) return;   /* nothing at that level */
    const analyze_result *res = d->ri->res;
    const plan *p = d->ri->plan;
    char buf[LINE_BUF];
    report_h2(d, heading, 80.0f);
    strat_rollup_header(d, first);
    int any_excluded = 0, zebra = 0;
    size_t empty = 0, last_row = 0;
    float notes_h = 6.0f;
    for (size_t k = 0; k < res->nlevel[l]; k++) {
        const analyze_rollup *u = analyze_rollup_at(res, l, d->ri->entity, k);
        if (u->total == 0) {
            empty++;
            continue;
        }
        last_row = k;
        any_excluded |= u->with_data < u->total;
    }
    if (any_excluded) notes_h += report_note_height(d, MSG_S_NOTE_EXCLUDED);
    if (empty) {
        snprintf(buf, sizeof buf, MSG_S_NOTE_EMPTY, empty);
        notes_h += report_note_height(d, buf);
    }
    any_excluded = 0;
    empty = 0;
    for (size_t k = 0; k < res->nlevel[l]; k++) {
        const analyze_rollup *u = analyze_rollup_at(res, l, d->ri->entity, k);
        if (u->total == 0) {
            empty++;
            continue;
        }
        /* the footnotes stay with the table's last row */
        if (k == last_row) rd_keep_next(d->c, notes_h);
        any_excluded |= strat_rollup_row(d, first, NULL, analyze_group_name(p, l, k), u, zebra, 0, 0);
        zebra = !zebra;
    }
    rv_table_end(d);
    if (any_excluded) report_note(d, MSG_S_NOTE_EXCLUDED);
    if (empty) {
        snprintf(buf, sizeof buf, MSG_S_NOTE_EMPTY, empty);
        report_note(d, buf);
    }
}

static void strat_objective_table(report_doc *d)
{
    if (!d->ri->res->nlevel[ANALYZE_LEVEL_OBJECTIVE]) return;
    const analyze_result *res = d->ri->res;
    const plan *p = d->ri->plan;
    report_h2(d, MSG_S_H_OBJECTIVES, 80.0f);
    strat_rollup_header(d, MSG_S_COL_OBJECTIVE);
    int any_excluded = 0, zebra = 0;
    size_t flat = 0;
    for (size_t o = 0; o < p->nobjectives; o++) {
        const plan_objective *ob = &p->objectives[o];
        const analyze_rollup *u = analyze_rollup_at(res, ANALYZE_LEVEL_OBJECTIVE, d->ri->entity, o);
        any_excluded |= strat_rollup_row(d, MSG_S_COL_OBJECTIVE, ob->id, ob->name, u, zebra, 1, 0);
        zebra = !zebra;
        for (size_t k = 0; k < ob->nsubs; k++, flat++) {
            const analyze_rollup *su =
                analyze_rollup_at(res, ANALYZE_LEVEL_SUBOBJECTIVE, d->ri->entity, flat);
            if (su->total == 0) continue;
            any_excluded |= strat_rollup_row(d, MSG_S_COL_OBJECTIVE, ob->subs[k].id, ob->subs[k].text, su, zebra, 0, 12.0f);
            zebra = !zebra;
        }
    }
    rv_table_end(d);
    if (any_excluded) report_note(d, MSG_S_NOTE_EXCLUDED);
    report_note(d, MSG_S_NOTE_OBJECTIVES);
}

static void strat_summary(report_doc *d)
{
    rd_ctx *c = d->c;
    const analyze_rollup *o = &d->ri->res->overall[d->ri->entity];
    const plan *p = d->ri->plan;
    char num[4][SMALL_BUF], buf[LINE_BUF];
    rd_section_break(c);
    report_h1(d, NULL, NULL, MSG_S_H_SUMMARY);
    snprintf(buf, sizeof buf, MSG_S_INTRO, report_nz(p->term_label));
    report_body(d, buf);
    size_t act = 0, plan_n = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        act += report_metrics_of(d, i)->quadrant == ANALYZE_ACT_NOW;
        plan_n += report_metrics_of(d, i)->quadrant == ANALYZE_PLAN;
    }
    const float gap = 10.0f, h = 56.0f, w = (RD_CONTENT_W - 3.0f * gap) / 4.0f;
    c->y -= 6.0f;
    rd_need(c, h + 10.0f);
    snprintf(num[1], SMALL_BUF, MSG_S_DATA_FMT,
             o->counts[ANALYZE_MET] + o->counts[ANALYZE_MET_DECLINING], o->total);
    /* the index averages latest values: say which years they are from */
    char idx_label[SMALL_BUF];
    if (o->year_min && o->year_min != o->year_max)
        snprintf(idx_label, sizeof idx_label, MSG_S_TILE_INDEX_YEARS, o->year_min, o->year_max);
    else if (o->year_min)
        snprintf(idx_label, sizeof idx_label, MSG_S_TILE_INDEX_YEAR, o->year_min);
    else
        snprintf(idx_label, sizeof idx_label, "%s", MSG_S_TILE_INDEX);
    size_t assumed = 0;
    for (size_t i = 0; i < p->nindicators; i++) assumed += p->indicators[i].target_is_default != 0;
    report_tile(d, RD_MARGIN, c->y, w, h, rd_fmt_pct(num[0], SMALL_BUF, o->index),
                idx_label, rd_hex(RD_TILE), 1);
    report_tile(d, RD_MARGIN + (w + gap), c->y, w, h, num[1],
                assumed && assumed == p->nindicators ? MSG_S_TILE_MET_ASSUMED : MSG_S_TILE_MET,
                report_status_color(ANALYZE_MET), 0);
    report_tile(d, RD_MARGIN + 2 * (w + gap), c->y, w, h, rd_fmt_count(num[2], SMALL_BUF, act),
                text_plural(act, MSG_S_TILE_ACT_ONE, MSG_S_TILE_ACT), rd_hex(0xb2331fUL), 0);
    report_tile(d, RD_MARGIN + 3 * (w + gap), c->y, w, h, rd_fmt_count(num[3], SMALL_BUF, plan_n),
                text_plural(plan_n, MSG_S_TILE_PLAN_ONE, MSG_S_TILE_PLAN), rd_hex(RD_BAND), 0);
    c->y -= h + 14.0f;
    strat_legend(d);
    strat_level_table(d, ANALYZE_LEVEL_DIMENSION, MSG_S_H_DIMENSIONS, MSG_S_COL_DIMENSION);
    strat_level_table(d, ANALYZE_LEVEL_AXIS, MSG_S_H_AXES, MSG_S_COL_AXIS);
}

static void strat_levels(report_doc *d)
{
    /* a municipality measured against the network's common plan has no
     * objectives, policies or secretariats of its own: no empty tables */
    const analyze_result *res = d->ri->res;
    if (!res->nlevel[ANALYZE_LEVEL_OBJECTIVE] && !res->nlevel[ANALYZE_LEVEL_POLICY] &&
        !res->nlevel[ANALYZE_LEVEL_SECRETARIAT])
        return;
    rd_section_break(d->c);
    report_h1(d, NULL, NULL, MSG_S_H_LEVELS);
    strat_objective_table(d);
    strat_level_table(d, ANALYZE_LEVEL_POLICY, MSG_S_H_POLICIES, MSG_S_COL_POLICY);
    strat_level_table(d, ANALYZE_LEVEL_SECRETARIAT, MSG_S_H_SECRETARIATS, MSG_S_COL_SECRETARIAT);
}

/* -------------------------------------------------------- trajectories */

#define TRACK_NAME_W 140.0f
#define TRACK_X0 (RD_MARGIN + TRACK_NAME_W + 8.0f)
#define TRACK_W 150.0f

/* The two lines on the right of a trajectory row: the latest value and
 * gap, then what the level or the pace says (line2 empty without data). */
static void strat_track_words(report_doc *d, const analyze_metrics *m, char line1[LINE_BUF],
                              char line2[LINE_BUF])
{
    char a[SMALL_BUF], b[SMALL_BUF];
    if (m->n == 0) {
        snprintf(line1, LINE_BUF, "%s", MSG_S_TRACK_NODATA);
        line2[0] = '\0';
    } else {
        snprintf(line1, LINE_BUF, MSG_S_TRACK_GAP, rd_fmt_pct(a, sizeof a, m->latest),
                 rv_fmt_gap(b, sizeof b, m));
        /* a met level speaks first; a reach year is a fact only when the
         * pace says so (en camino), a hedge otherwise */
        if (m->status == ANALYZE_MET) snprintf(line2, LINE_BUF, "%s", MSG_S_TRACK_MET);
        else if (m->status == ANALYZE_MET_DECLINING)
            snprintf(line2, LINE_BUF, "%s", MSG_S_TRACK_MET_FALLING);
        else if (m->level_met) snprintf(line2, LINE_BUF, MSG_S_TRACK_MET_OLD, m->last_year);
        else if (m->reach_year && m->status == ANALYZE_ON_TRACK)
            snprintf(line2, LINE_BUF, MSG_S_TRACK_REACH, m->reach_year);
        else if (m->reach_year) snprintf(line2, LINE_BUF, MSG_S_TRACK_REACH_UNSURE, m->reach_year);
        else if (m->has_fit)
            snprintf(line2, LINE_BUF, MSG_S_TRACK_NOREACH,
                     d->ri->period_year + d->ri->plan->rules.reach_horizon_years);
        else snprintf(line2, LINE_BUF, "%s", MSG_S_TRACK_NOTREND);
    }
}

/* One row: the 0-100 track with the latest value (filled), the projection
 * at the target year (hollow), the target (green tick) or band, and the
 * gap and reach year on the right. */
static void strat_track_row(report_doc *d, size_t i, int zebra)
{
    rd_ctx *c = d->c;
    const plan_indicator *ind = &d->ri->plan->indicators[i];
    const analyze_metrics *m = report_metrics_of(d, i);
    const float namew = TRACK_NAME_W, tx0 = TRACK_X0, tw = TRACK_W, lead = 9.6f;
    const float rx = tx0 + tw + 14.0f, pillw = 62.0f;
    char line1[LINE_BUF], line2[LINE_BUF];
    int lines = rd_wrap(c, 0, 0, namew - 6.0f, RD_REGULAR, 8.0f, lead, rd_hex(RD_INK), RD_LEFT,
                        ind->name, 0);
    strat_track_words(d, m, line1, line2);
    /* the words on the right wrap to the room left of the pill, and the
     * row grows with them (a hedged reach year is a long line) */
    const float textw = RD_MARGIN + RD_CONTENT_W - pillw - 6.0f - rx, tlead = 9.5f;
    int n1 = rd_wrap(c, 0, 0, textw, RD_REGULAR, 7.5f, tlead, rd_hex(RD_INK), RD_LEFT, line1, 0);
    int n2 = line2[0] ? rd_wrap(c, 0, 0, textw, RD_BOLD, 7.5f, tlead, rd_hex(RD_NAVY), RD_LEFT,
                                line2, 0)
                      : 0;
    float h = (float)lines * lead + 10.0f;
    float htext = (float)(n1 + n2 - 1) * tlead + 7.5f + 9.0f;
    if (h < htext) h = htext;
    if (h < 26.0f) h = 26.0f;
    rd_need(c, h);
    if (zebra) rd_rect(c, RD_MARGIN, c->y - h, RD_CONTENT_W, h, rd_hex(RD_ZEBRA));
    float yc = c->y - h / 2.0f;
    rd_wrap(c, RD_MARGIN + 4.0f, yc + (float)lines * lead / 2.0f + 1.0f, namew - 6.0f, RD_REGULAR,
            8.0f, lead, rd_hex(RD_INK), RD_LEFT, ind->name, 1);
    rd_hline(c, tx0, tx0 + tw, yc, 2.0f, rd_hex(RD_MISSING));
    for (int v = 0; v <= 100; v += 50)
        rd_rect(c, tx0 + tw * (float)v / 100.0f - 0.3f, yc - 3.0f, 0.6f, 6.0f, rd_hex(RD_RULE));
    rd_rgb green = rd_hex(0x1a7a45UL);
    if (ind->maintain) {
        float b0 = tx0 + tw * (float)(ind->band_min / 100.0), b1 = tx0 + tw * (float)(ind->band_max / 100.0);
        rd_rect(c, b0, yc - 4.0f, b1 - b0 > 1.0f ? b1 - b0 : 1.0f, 8.0f, rd_hex(0xcfe8d6UL));
    } else {
        float tx = tx0 + tw * (float)(fmin(fmax(ind->target, 0.0), 100.0) / 100.0);
        rd_rect(c, tx - 0.8f, yc - 6.0f, 1.6f, 12.0f, green);
    }
    if (m->n > 0) {
        float lx = tx0 + tw * (float)(fmin(fmax(m->latest, 0.0), 100.0) / 100.0);
        if (isfinite(m->projection) && m->target_year > m->last_year) {
            float px = tx0 + tw * (float)(fmin(fmax(m->projection, 0.0), 100.0) / 100.0);
            rd_hline(c, lx, px, yc, 1.4f, rd_hex(RD_NAVY));
            rd_raw_begin(c);
            rd_disc(c, px, yc, 3.0f, rd_hex(RD_WHITE), 1.1f, rd_hex(RD_NAVY));
            rd_raw_end(c);
        }
        rd_raw_begin(c);
        rd_disc(c, lx, yc, 3.2f, rd_hex(RD_NAVY), 0.0f, rd_hex(RD_NAVY));
        rd_raw_end(c);
    }
    /* block centred on the row: with two lines, baselines at yc + 1.5
     * and yc - 8 */
    float ytop = yc + ((float)(n1 + n2 - 1) * tlead + 7.5f) / 2.0f + 0.5f;
    rd_wrap(c, rx, ytop, textw, RD_REGULAR, 7.5f, tlead, rd_hex(RD_INK), RD_LEFT, line1, 1);
    if (n2)
        rd_wrap(c, rx, ytop - (float)n1 * tlead, textw, RD_BOLD, 7.5f, tlead, rd_hex(RD_NAVY),
                RD_LEFT, line2, 1);
    report_pill(d, RD_MARGIN + RD_CONTENT_W - pillw, yc, pillw, m->status, 6.0f);
    c->y -= h;
}

static void strat_track_scale(report_doc *d)
{
    rd_ctx *c = d->c;
    const float tx0 = TRACK_X0, tw = TRACK_W;
    char lb[SMALL_BUF];
    rd_need(c, 20.0f);
    for (int v = 0; v <= 100; v += 50)
        rd_text_center(c, tx0 + tw * (float)v / 100.0f, c->y - 8.0f, RD_REGULAR, 6.5f,
                       rd_hex(RD_MUTED), rd_fmt_pct_short(lb, sizeof lb, v));
    c->y -= 12.0f;
}

static void strat_track_legend(report_doc *d)
{
    rd_ctx *c = d->c;
    float x = RD_MARGIN, y = c->y - 10.0f;
    rd_need(c, 20.0f);
    rd_raw_begin(c);
    rd_disc(c, x + 3.0f, y + 2.5f, 3.0f, rd_hex(RD_NAVY), 0.0f, rd_hex(RD_NAVY));
    rd_raw_end(c);
    rd_text(c, x + 9.0f, y, RD_REGULAR, 7.5f, rd_hex(RD_MUTED), MSG_S_LEG_LATEST);
    x += 20.0f + rd_width(c, RD_REGULAR, 7.5f, MSG_S_LEG_LATEST);
    rd_raw_begin(c);
    rd_disc(c, x + 3.0f, y + 2.5f, 3.0f, rd_hex(RD_WHITE), 1.1f, rd_hex(RD_NAVY));
    rd_raw_end(c);
    rd_text(c, x + 9.0f, y, RD_REGULAR, 7.5f, rd_hex(RD_MUTED), MSG_S_LEG_PROJECTION);
    x += 20.0f + rd_width(c, RD_REGULAR, 7.5f, MSG_S_LEG_PROJECTION);
    rd_rect(c, x + 2.0f, y - 2.0f, 1.6f, 10.0f, rd_hex(0x1a7a45UL));
    rd_text(c, x + 8.0f, y, RD_REGULAR, 7.5f, rd_hex(RD_MUTED), MSG_S_LEG_TARGET);
    c->y -= 20.0f;
}

static void strat_trajectories(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    rd_section_break(c);
    report_h1(d, NULL, NULL, MSG_S_H_TRAJECTORIES);
    report_body(d, MSG_S_TRAJ_INTRO);
    strat_track_legend(d);
    for (size_t a = 0; a < p->naxes; a++) {
        int first = 1, zebra = 0;
        for (size_t i = 0; i < p->nindicators; i++) {
            if (p->indicators[i].axis != a) continue;
            if (first) {
                rd_need(c, 60.0f);
                rd_text(c, RD_MARGIN, c->y - 11.0f, RD_BOLD, 9.5f, rd_hex(RD_NAVY), p->axes[a].name);
                c->y -= 14.0f;
                strat_track_scale(d);
                first = 0;
            }
            strat_track_row(d, i, zebra);
            zebra = !zebra;
        }
        if (!first) c->y -= 6.0f;
    }
    report_note(d, MSG_S_TRAJ_NOTE);
    size_t idx[256], n = 0;
    for (size_t i = 0; i < p->nindicators && n < sizeof idx / sizeof idx[0]; i++) idx[n++] = i;
    report_comments_list(d, idx, n);
}

/* -------------------------------------------------------------- matrix */

static const unsigned long quadrant_tint[ANALYZE_NQUADRANTS] = {0xfbe1dcUL, 0xdfeaf5UL,
                                                                0xfdf0d9UL, 0xe6f0e4UL};
static const unsigned long quadrant_ink[ANALYZE_NQUADRANTS] = {0xb2331fUL, 0x1f3b57UL,
                                                               0x8a5200UL, 0x2f6b3aUL};

/* The matrix in words: how many indicators fall in each quadrant (the
 * lists under the plot name them). */
static const char *strat_matrix_alt(report_doc *d)
{
    const plan *p = d->ri->plan;
    size_t n[ANALYZE_NQUADRANTS] = {0};
    for (size_t i = 0; i < p->nindicators; i++) {
        analyze_quadrant q = report_metrics_of(d, i)->quadrant;
        if (q < ANALYZE_NQUADRANTS) n[q]++;
    }
    tb_buf *o = rd_alt_reset(d->c);
    tb_buf_printf(o, MSG_ALT_MATRIX_FMT, p->nindicators, MSG_QUADRANT_ACT_NOW, n[ANALYZE_ACT_NOW],
                  MSG_QUADRANT_PLAN, n[ANALYZE_PLAN], MSG_QUADRANT_MANAGE, n[ANALYZE_MANAGE],
                  MSG_QUADRANT_MONITOR, n[ANALYZE_MONITOR]);
    return rd_alt_text(d->c);
}

#define STRAT_MAX_POINTS 64

static float strat_clampf(float v, float lo, float hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static void strat_matrix(report_doc *d)
{
    rd_ctx *c = d->c;
    const plan *p = d->ri->plan;
    const plan_scores *sc = &p->scores;
    char lb[SMALL_BUF];
    rd_section_break(c);
    report_h1(d, NULL, NULL, MSG_S_H_MATRIX);
    report_body(d, MSG_S_MATRIX_INTRO);
    const float size = 300.0f, x0 = RD_MARGIN + 40.0f, y1 = c->y - 8.0f, y0 = y1 - size;
    const float x1 = x0 + size;
    float ux = x0 + size * (float)sc->urgency_threshold, iy = y0 + size * (float)sc->importance_threshold;
    rd_figure_begin(c, strat_matrix_alt(d));
    /* Quadrants: x = urgency, y = importance. */
    rd_rect(c, ux, iy, x1 - ux, y1 - iy, rd_hex(quadrant_tint[ANALYZE_ACT_NOW]));
    rd_rect(c, x0, iy, ux - x0, y1 - iy, rd_hex(quadrant_tint[ANALYZE_PLAN]));
    rd_rect(c, ux, y0, x1 - ux, iy - y0, rd_hex(quadrant_tint[ANALYZE_MANAGE]));
    rd_rect(c, x0, y0, ux - x0, iy - y0, rd_hex(quadrant_tint[ANALYZE_MONITOR]));
    rd_hline(c, x0, x1, y0, 0.8f, rd_hex(RD_MUTED));
    rd_stroke_color(c, rd_hex(RD_MUTED));
    rd_line_width(c, 0.8f);
    HPDF_Page_MoveTo(c->page, x0, y0);
    HPDF_Page_LineTo(c->page, x0, y1);
    HPDF_Page_Stroke(c->page);
    static const char *const qlabel[ANALYZE_NQUADRANTS] = {MSG_QUADRANT_ACT_NOW, MSG_QUADRANT_PLAN,
                                                          MSG_QUADRANT_MANAGE, MSG_QUADRANT_MONITOR};
    rd_text_right(c, x1 - 6.0f, y1 - 14.0f, RD_BOLD, 10.0f, rd_hex(quadrant_ink[0]), qlabel[0]);
    rd_text(c, x0 + 6.0f, y1 - 14.0f, RD_BOLD, 10.0f, rd_hex(quadrant_ink[1]), qlabel[1]);
    rd_text_right(c, x1 - 6.0f, y0 + 6.0f, RD_BOLD, 10.0f, rd_hex(quadrant_ink[2]), qlabel[2]);
    rd_text(c, x0 + 6.0f, y0 + 6.0f, RD_BOLD, 10.0f, rd_hex(quadrant_ink[3]), qlabel[3]);
    for (int v = 0; v <= 4; v++) {
        double t = v / 4.0;
        rv_fmt_weight(lb, sizeof lb, t);
        rd_text_center(c, x0 + size * (float)t, y0 - 10.0f, RD_REGULAR, 6.5f, rd_hex(RD_MUTED), lb);
        rd_text_right(c, x0 - 4.0f, y0 + size * (float)t - 2.0f, RD_REGULAR, 6.5f, rd_hex(RD_MUTED), lb);
    }
    rd_text_center(c, x0 + size / 2.0f, y0 - 22.0f, RD_BOLD, 8.0f, rd_hex(RD_INK), MSG_S_AXIS_URGENCY);
    HPDF_Page_BeginText(c->page);
    HPDF_Page_SetFontAndSize(c->page, c->font[RD_BOLD], 8.0f);
    rd_fill_color(c, rd_hex(RD_INK));
    const char *il = rd_cp(c, MSG_S_AXIS_IMPORTANCE);
    float ilw = rd_width_cp(c, RD_BOLD, 8.0f, il, strlen(il));
    HPDF_Page_SetTextMatrix(c->page, 0, 1, -1, 0, x0 - 24.0f, y0 + size / 2.0f - ilw / 2.0f);
    HPDF_Page_ShowText(c->page, il);
    HPDF_Page_EndText(c->page);
    /* Points, numbered in plan order, kept whole inside the frame (a
     * score of 0 or 1 would cut the marker in half). Points at the same
     * place share one label ("1, 2, 12"); labels are placed clear of every
     * marker, of the threshold lines, of the quadrant names and of each
     * other (label_place.h). */
    const float r = 3.6f, inset = r + 1.0f;
    size_t npts = p->nindicators < STRAT_MAX_POINTS ? p->nindicators : STRAT_MAX_POINTS;
    float mx[STRAT_MAX_POINTS], my[STRAT_MAX_POINTS];
    lp_box obst[STRAT_MAX_POINTS + ANALYZE_NQUADRANTS];
    size_t nobst = 0;
    for (size_t i = 0; i < npts; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        mx[i] = strat_clampf(x0 + size * (float)m->urgency, x0 + inset, x1 - inset);
        my[i] = strat_clampf(y0 + size * (float)m->importance, y0 + inset, y1 - inset);
        report_status_marker(d, mx[i], my[i], r, m->status);
        obst[nobst++] = (lp_box){mx[i] - r, my[i] - r, mx[i] + r, my[i] + r};
    }
    float qw[ANALYZE_NQUADRANTS];
    for (int q = 0; q < ANALYZE_NQUADRANTS; q++) qw[q] = rd_width(c, RD_BOLD, 10.0f, qlabel[q]);
    obst[nobst++] = (lp_box){x1 - 6.0f - qw[0], y1 - 16.0f, x1 - 6.0f, y1 - 4.0f};
    obst[nobst++] = (lp_box){x0 + 6.0f, y1 - 16.0f, x0 + 6.0f + qw[1], y1 - 4.0f};
    obst[nobst++] = (lp_box){x1 - 6.0f - qw[2], y0 + 4.0f, x1 - 6.0f, y0 + 16.0f};
    obst[nobst++] = (lp_box){x0 + 6.0f, y0 + 4.0f, x0 + 6.0f + qw[3], y0 + 16.0f};
    lp_seg thresholds[2] = {{ux, y0, ux, y1}, {x0, iy, x1, iy}};
    lp_label ls[STRAT_MAX_POINTS];
    char txt[STRAT_MAX_POINTS][SMALL_BUF];
    size_t nl = 0;
    for (size_t i = 0; i < npts; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = fabsf(mx[j] - mx[i]) < 1.5f && fabsf(my[j] - my[i]) < 1.5f;
        if (seen) continue;
        tb_buf lab;
        tb_buf_init(&lab);
        for (size_t j = i; j < npts; j++)
            if (fabsf(mx[j] - mx[i]) < 1.5f && fabsf(my[j] - my[i]) < 1.5f)
                tb_buf_printf(&lab, "%s%zu", lab.len ? ", " : "", j + 1);
        rd_check_buf(c, &lab);
        snprintf(txt[nl], sizeof txt[nl], "%s", lab.data ? lab.data : "");
        tb_buf_fini(&lab);
        ls[nl] = (lp_label){mx[i], my[i], rd_width(c, RD_BOLD, 7.0f, txt[nl]) + 1.0f, 7.0f, 0,
                            {0, 0, 0, 0}};
        nl++;
    }
    lp_scene scene = {{x0 + 1.0f, y0 + 1.0f, x1 - 1.0f, y1 - 1.0f}, thresholds, 2, obst, nobst,
                      r + 1.5f};
    lp_place(ls, nl, &scene);
    for (size_t j = 0; j < nl; j++)
        if (ls[j].placed)
            rd_text(c, ls[j].box.x0 + 0.5f, ls[j].box.y0 + 1.5f, RD_BOLD, 7.0f, rd_hex(RD_NAVY),
                    txt[j]);
    /* Thresholds as dashed lines. */
    static const HPDF_UINT16 dash[2] = {3, 2};
    HPDF_Page_GSave(c->page);
    HPDF_Page_SetDash(c->page, dash, 2, 0);
    rd_stroke_color(c, rd_hex(RD_MUTED));
    rd_line_width(c, 0.6f);
    HPDF_Page_MoveTo(c->page, ux, y0);
    HPDF_Page_LineTo(c->page, ux, y1);
    HPDF_Page_MoveTo(c->page, x0, iy);
    HPDF_Page_LineTo(c->page, x1, iy);
    HPDF_Page_Stroke(c->page);
    HPDF_Page_GRestore(c->page);
    /* The status legend on the right of the plot. */
    float ly0 = y1 - 10.0f;
    rd_text(c, x1 + 16.0f, ly0, RD_BOLD, 8.0f, rd_hex(RD_NAVY), MSG_S_MATRIX_COLOR);
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        float sy = ly0 - 14.0f * (float)(s + 1);
        report_status_marker(d, x1 + 20.0f, sy + 2.8f, 3.6f, (analyze_status)s);
        rd_text(c, x1 + 28.0f, sy, RD_REGULAR, 8.0f, rd_hex(RD_INK),
                msg_status_label((analyze_status)s));
    }
    rd_figure_end(c);
    c->y = y0 - 34.0f;
    /* Quadrant lists, two columns. */
    const float gap = 20.0f, w = (RD_CONTENT_W - gap) / 2.0f;
    for (int row = 0; row < 2; row++) {
        float hcol[2] = {0, 0};
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) {
                float h = hcol[0] > hcol[1] ? hcol[0] : hcol[1];
                rd_need(c, h);
            }
            for (int col = 0; col < 2; col++) {
                analyze_quadrant q = (analyze_quadrant)(row * 2 + col);
                float x = RD_MARGIN + (float)col * (w + gap), y = c->y;
                if (pass) rd_text(c, x, y - 10.0f, RD_BOLD, 10.0f, rd_hex(quadrant_ink[q]), qlabel[q]);
                y -= 16.0f;
                size_t n = 0, idx = 0;
                for (size_t i = 0; i < p->nindicators; i++) {
                    idx++;
                    if (report_metrics_of(d, i)->quadrant != q) continue;
                    char item[LINE_BUF];
                    snprintf(item, sizeof item, MSG_S_MATRIX_ITEM, idx, p->indicators[i].name);
                    int l = rd_wrap(c, x, y, w, RD_REGULAR, 8.0f, 10.0f, rd_hex(RD_INK), RD_LEFT,
                                    item, pass);
                    y -= (float)l * 10.0f + 1.0f;
                    n++;
                }
                if (!n) {
                    if (pass)
                        rd_text(c, x, y - 8.0f, RD_ITALIC, 8.0f, rd_hex(RD_MUTED), MSG_S_MATRIX_EMPTY);
                    y -= 11.0f;
                }
                if (!pass) hcol[col] = c->y - y;
            }
        }
        c->y -= (hcol[0] > hcol[1] ? hcol[0] : hcol[1]) + 10.0f;
    }
    report_note(d, MSG_S_MATRIX_NOTE);
}

/* --------------------------------------------------------------- rest */

static void strat_news_quality(report_doc *d)
{
    rd_section_break(d->c);
    report_h1(d, NULL, NULL, MSG_S_H_NEWS_QUALITY);
    report_news(d, PLAN_NONE);
    report_quality(d, PLAN_NONE);
}

static void strat_annex(report_doc *d)
{
    char buf[LINE_BUF];
    rd_section_break(d->c);
    HPDF_Outline o = report_h1(d, NULL, NULL, MSG_R_H_ANNEX);
    report_status_rules(d);
    report_model_rules(d);
    report_rollup_rule(d);
    report_score_rules(d);
    d->c->y -= 6.0f;
    rd_need(d->c, 80.0f);
    report_bookmark(d, o, MSG_R_H_SOURCES, d->c->y + 20.0f);
    snprintf(buf, sizeof buf, MSG_R_M_VERSION, report_nz(d->ri->version));
    report_sources(d, 10.0f + report_note_height(d, buf));
    report_note(d, buf);
}

static void strat_build(report_doc *d)
{
    report_decision_page(d, MSG_D_WHERE_TRAJ, MSG_D_WHERE_MATRIX);
    strat_summary(d);
    strat_levels(d);
    strat_trajectories(d);
    strat_matrix(d);
    strat_news_quality(d);
    strat_annex(d);
}

int report_render_strategic(const report_input *ri, tb_buf *out, tb_error *err)
{
    report_doc d;
    report_doc_init(&d, ri);
    d.kicker = MSG_S_KICKER;
    d.title = MSG_S_TITLE;
    d.subtitle = MSG_S_SUBTITLE;
    snprintf(d.subject, sizeof d.subject, MSG_S_SUBJECT, report_entity_name(&d));
    return report_render_doc(&d, strat_build, out, err);
}
