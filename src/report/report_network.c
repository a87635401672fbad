/* report_network.c - the network summary (resumen-red): per area, the
 * quartiles of the municipalities' latest values and their status counts
 * (see report_views.h). */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "labels.h"
#include "msg.h"
#include "network.h"
#include "own.h"
#include "report_parts.h"
#include "report_views.h"

/* --------------------------------------------------- the network summary */

/* The rows the first page shows: a director reads "who needs help" there,
 * the whole list is in ranking-red CSV. */
#define RANKING_SHOWN 25

/* How many names the own-plans note lists before "y N más". */
#define OWN_SHOWN 8

/* Which municipalities are measured against their own plan (own.h): their
 * statuses use their own targets, their index the network's weights. */
static void network_own_plans_note(report_doc *d)
{
    const series_table *t = d->ri->series;
    tb_buf names;
    tb_buf_init(&names);
    size_t n = 0;
    for (size_t e = 0; e < t->nentities; e++) {
        const plan *own = NULL;
        if (plan_own_of(d->ri->plan, t->entities[e], &own)) {
            tb_buf_fini(&names);
            rd_oom(d->c);
        }
        if (!own) continue;
        if (n < OWN_SHOWN) tb_buf_printf(&names, "%s%s", n ? ", " : "", t->entities[e]);
        n++;
    }
    if (n > OWN_SHOWN) tb_buf_printf(&names, MSG_N_OWN_MORE, n - OWN_SHOWN);
    if (names.failed) {
        tb_buf_fini(&names);
        rd_oom(d->c);
    }
    if (n) {
        char buf[3 * LINE_BUF];
        snprintf(buf, sizeof buf, MSG_N_OWN_PLANS, names.data);
        report_note(d, buf);
    }
    tb_buf_fini(&names);
}

/* First page: the municipalities with the lowest general index, with
 * their place, statuses, fresh data and coverage, and the method. */
static void network_ranking_page(report_doc *d)
{
    const analyze_result *res = d->ri->res;
    const series_table *t = d->ri->series;
    size_t n = res->nentities;
    network_rank_row *rows = calloc(n + 1, sizeof *rows);
    if (!rows) rd_oom(d->c);
    const network_stats *ns = d->ri->network;
    network_ranking(ns, res, rows);
    size_t ranked = 0;
    for (size_t k = 0; k < n; k++) ranked += rows[k].rank > 0;
    char buf[LINE_BUF];
    report_h1(d, NULL, MSG_N_KICKER, MSG_N_H_RANKING);
    size_t shown = n < RANKING_SHOWN ? n : RANKING_SHOWN;
    if (shown < n) snprintf(buf, sizeof buf, MSG_N_RANKING_INTRO, shown, n);
    else snprintf(buf, sizeof buf, MSG_N_RANKING_INTRO_ALL, n);
    report_body(d, buf);
    if (ns->ref_year) {
        snprintf(buf, sizeof buf, MSG_N_RANKING_YEAR, ns->ref_year, ns->ref_entities, n);
        report_body(d, buf);
    }
    static const rv_col cols[7] = {{MSG_N_COL_PLACE, 55, RD_RIGHT}, {MSG_N_COL_MUNI, 140, RD_LEFT},
                                   {MSG_N_COL_INDEX, 60, RD_RIGHT}, {MSG_N_COL_OFF, 60, RD_RIGHT},
                                   {MSG_N_COL_RISK, 50, RD_RIGHT},  {MSG_N_COL_FRESH, 65, RD_RIGHT},
                                   {MSG_N_COL_COVER, 65, RD_RIGHT}};
    rv_table_header(d, cols, 7);
    for (size_t k = 0; k < shown; k++) {
        const network_rank_row *r = &rows[k];
        char place[SMALL_BUF], idx[SMALL_BUF], off[SMALL_BUF], risk[SMALL_BUF], fresh[SMALL_BUF],
            cover[SMALL_BUF];
        if (r->rank) snprintf(place, sizeof place, MSG_N_PLACE_FMT, r->rank, ranked);
        snprintf(fresh, sizeof fresh, MSG_N_FRAC_FMT, r->fresh, r->with_data);
        snprintf(cover, sizeof cover, MSG_N_FRAC_FMT, r->ref_areas, r->total);
        const char *cells[7] = {r->rank ? place : MSG_R_NA, t->entities[r->entity],
                                rd_fmt_pct(idx, sizeof idx, r->index),
                                rd_fmt_count(off, sizeof off, r->off_track),
                                rd_fmt_count(risk, sizeof risk, r->at_risk), fresh, cover};
        rv_table_row(d, cols, 7, cells, (int)(k % 2), 0, -1, ANALYZE_MET);
    }
    rv_table_end(d);
    free(rows);
    network_own_plans_note(d);
    char why[LINE_BUF];
    if (!ns->ref_year) snprintf(why, sizeof why, "%s", MSG_N_REF_NONE);
    else if (!ns->ref_auto)
        snprintf(why, sizeof why, MSG_N_REF_FIXED, ns->ref_year, ns->ref_entities, n);
    else if (2 * ns->ref_entities > n)
        snprintf(why, sizeof why, MSG_N_REF_AUTO, ns->ref_year, ns->ref_entities, n);
    else snprintf(why, sizeof why, MSG_N_REF_MOST, ns->ref_year, ns->ref_entities, n);
    char note[3 * LINE_BUF];
    snprintf(note, sizeof note, MSG_N_METHOD, ns->ref_year, why, d->ri->plan->nindicators,
             d->ri->period_year);
    report_note(d, note);
}

/* How many municipalities each movers list shows. */
#define MOVERS_SHOWN 10

/* Who improved and who fell most over their last year of data. */
static void network_movers_section(report_doc *d)
{
    const analyze_result *res = d->ri->res;
    size_t n = res->nentities;
    network_mover *rows = calloc(n + 1, sizeof *rows);
    if (!rows) rd_oom(d->c);
    network_movers(d->ri->plan, res, rows);
    size_t with = 0;
    while (with < n && isfinite(rows[with].change)) with++;
    size_t shown = with < MOVERS_SHOWN ? with : MOVERS_SHOWN;
    /* the title promises a fall only when someone fell */
    int anyone_fell = with > 0 && rows[with - 1].change < 0.0;
    report_h2(d, anyone_fell ? MSG_N_H_MOVERS : MSG_N_H_MOVERS_NOFALL, 80.0f);
    report_body(d, MSG_N_MOVERS_INTRO);
    static const rv_col cols[4] = {{MSG_N_COL_MUNI, 150, RD_LEFT}, {MSG_N_COL_GAIN, 70, RD_RIGHT},
                                   {MSG_N_COL_MUNI, 150, RD_LEFT}, {MSG_N_COL_GAIN, 70, RD_RIGHT}};
    rv_table_header(d, cols, 4);
    for (size_t k = 0; k < shown; k++) {
        /* best k-th on the left, worst k-th on the right; a list shorter
         * than both sides never shows a municipality twice */
        const network_mover *up = &rows[k];
        const network_mover *down = with > k && with - 1 - k >= shown ? &rows[with - 1 - k] : NULL;
        char a[SMALL_BUF], b[SMALL_BUF];
        const char *cells[4] = {d->ri->series->entities[up->entity], rd_fmt_pp(a, sizeof a, up->change),
                                down ? d->ri->series->entities[down->entity] : "",
                                down ? rd_fmt_pp(b, sizeof b, down->change) : ""};
        rv_table_row(d, cols, 4, cells, (int)(k % 2), 0, -1, ANALYZE_MET);
    }
    rv_table_end(d);
    free(rows);
}

/* ------------------------------------------- the whole network at once */

/* Rows k..end of the strip chart in words (its Figure's /Alt). */
static const char *strip_alt(report_doc *d, size_t k, size_t end)
{
    tb_buf *o = rd_alt_reset(d->c);
    tb_buf_puts(o, MSG_ALT_STRIP_HEAD);
    for (size_t i = k; i < end; i++) {
        const network_dist *nd = &d->ri->network->latest[i];
        const char *name = d->ri->plan->indicators[i].name;
        if (!nd->n) {
            tb_buf_printf(o, MSG_ALT_PEERS_NONE_FMT, name);
            continue;
        }
        char lo[SMALL_BUF], hi[SMALL_BUF], med[SMALL_BUF], q1[SMALL_BUF], q3[SMALL_BUF];
        tb_buf_printf(o, MSG_ALT_STRIP_ROW_FMT, name, nd->n, rd_fmt_pct_short(med, sizeof med, nd->median),
                      rd_fmt_pct_short(q1, sizeof q1, nd->q1), rd_fmt_pct_short(q3, sizeof q3, nd->q3),
                      rd_fmt_pct_short(lo, sizeof lo, nd->min), rd_fmt_pct_short(hi, sizeof hi, nd->max));
    }
    return rd_alt_text(d->c);
}

/* One row: a dot per municipality's latest value, the central half as a
 * light box and the median as a navy tick. */
static void strip_row(report_doc *d, size_t i, float x0, float x1, float yc)
{
    rd_ctx *c = d->c;
    const network_dist *nd = &d->ri->network->latest[i];
    if (!nd->n) {
        rd_text(c, x0, yc - 2.5f, RD_ITALIC, 8.0f, rd_hex(RD_MUTED), MSG_N_NO_PEERS);
        return;
    }
    HPDF_Page page = c->page;
    /* every municipality, as a small ring: overlaps stay visible. Equal
     * values (sorted, so adjacent) draw one ring: the same opaque ring
     * again only darkened its anti-aliased edge (pdftoppm at 110 dpi, a
     * few pixels; compared by eye at 200 dpi), and with one decimal on a
     * 0-100 scale most of a national network's values repeat (this page's
     * content was the largest allocation of a 2,300-municipality run, 9 MB
     * of rings) */
    rd_stroke_color(c, rd_hex(RD_MUTED));
    rd_line_width(c, 0.5f);
    for (size_t k = 0; k < nd->n; k++) {
        if (k > 0 && nd->sorted[k] == nd->sorted[k - 1]) continue;
        HPDF_Page_Circle(page, report_row_x(x0, x1, nd->sorted[k]), yc, 1.8f);
        HPDF_Page_Stroke(page);
    }
    report_row_box(d, x0, x1, yc, nd);
}

/* Every indicator at a glance: where each municipality's latest value
 * lies, with the median and the central half. */
static void network_strip_chart(report_doc *d)
{
    report_h1(d, NULL, MSG_N_KICKER, MSG_N_H_STRIP);
    report_note(d, MSG_N_STRIP_NOTE);
    report_row_chart(d, strip_alt, strip_row);
}

static void network_build(report_doc *d)
{
    const plan *p = d->ri->plan;
    const network_stats *ns = d->ri->network;
    /* page 1 answers "who needs help": no cover before it */
    rd_new_page(d->c);
    network_ranking_page(d);
    network_movers_section(d);
    /* heading, note, one 19-point row per indicator and the scale */
    rd_section_break_fit(d->c, 90.0f + 19.0f * (float)p->nindicators + 24.0f);
    network_strip_chart(d);
    rd_new_page(d->c);
    report_h1(d, NULL, MSG_N_KICKER, MSG_N_TITLE);
    report_body(d, MSG_N_INTRO);
    /* the latest values of different municipalities can be of different
     * years: the years column says which mix each row summarises */
    static const rv_col cols[7] = {{MSG_N_COL_AREA, 140, RD_LEFT},
                                   {MSG_N_COL_N, 50, RD_RIGHT},
                                   {MSG_N_COL_YEARS, 60, RD_RIGHT},
                                   {MSG_N_COL_Q1, 55, RD_RIGHT},
                                   {MSG_N_COL_MEDIAN, 65, RD_RIGHT},
                                   {MSG_N_COL_Q3, 55, RD_RIGHT},
                                   {MSG_N_COL_RANGE, 70, RD_RIGHT}};
    rv_table_header(d, cols, 7);
    for (size_t i = 0; i < p->nindicators; i++) {
        const network_dist *nd = &ns->latest[i];
        char n[SMALL_BUF], q1[SMALL_BUF], med[SMALL_BUF], q3[SMALL_BUF], lo[SMALL_BUF],
            hi[SMALL_BUF], range[SMALL_BUF], years[SMALL_BUF];
        snprintf(range, sizeof range, MSG_N_IQR_FMT, rd_fmt_num(lo, sizeof lo, nd->min),
                 rd_fmt_num(hi, sizeof hi, nd->max));
        int ymin = 0, ymax = 0;
        for (size_t e = 0; e < d->ri->res->nentities; e++) {
            const analyze_digest *m = analyze_digest_at(d->ri->res, e, i);
            if (!m->n) continue;
            if (!ymin || m->last_year < ymin) ymin = m->last_year;
            if (m->last_year > ymax) ymax = m->last_year;
        }
        if (!ymin) snprintf(years, sizeof years, "%s", MSG_R_NA);
        else if (ymin == ymax) snprintf(years, sizeof years, "%d", ymin);
        else snprintf(years, sizeof years, MSG_N_YEARS_FMT, ymin, ymax);
        const char *cells[7] = {p->indicators[i].name, rd_fmt_count(n, sizeof n, nd->n), years,
                                rd_fmt_pct(q1, sizeof q1, nd->q1),
                                rd_fmt_pct(med, sizeof med, nd->median),
                                rd_fmt_pct(q3, sizeof q3, nd->q3), nd->n ? range : MSG_R_NA};
        rv_table_row(d, cols, 7, cells, (int)(i % 2), 0, -1, ANALYZE_MET);
    }
    rv_table_end(d);
    report_h2(d, MSG_N_H_STATUS, 60.0f);
    rv_col scols[1 + ANALYZE_NSTATUS];
    scols[0] = (rv_col){MSG_N_COL_AREA, 135, RD_LEFT};
    for (int s = 0; s < ANALYZE_NSTATUS; s++)
        scols[1 + s] = (rv_col){msg_status_label((analyze_status)s), 45, RD_RIGHT};
    rv_table_header(d, scols, 1 + ANALYZE_NSTATUS);
    for (size_t i = 0; i < p->nindicators; i++) {
        char cnt[ANALYZE_NSTATUS][SMALL_BUF];
        const char *cells[1 + ANALYZE_NSTATUS];
        cells[0] = p->indicators[i].name;
        for (int s = 0; s < ANALYZE_NSTATUS; s++)
            cells[1 + s] = rd_fmt_count(cnt[s], SMALL_BUF,
                                        ns->status_count[i * ANALYZE_NSTATUS + (size_t)s]);
        rv_table_row(d, scols, 1 + ANALYZE_NSTATUS, cells, (int)(i % 2), 0, -1, ANALYZE_MET);
    }
    rv_table_end(d);
}

int report_render_network(const report_input *ri, tb_buf *out, tb_error *err)
{
    report_doc d;
    report_doc_init(&d, ri);
    char sub[SMALL_BUF], period[SMALL_BUF / 2];
    rv_fmt_period(period, sizeof period, ri->period_year, ri->period_month);
    snprintf(sub, sizeof sub, MSG_N_SUBTITLE_FMT, ri->network->nentities, period);
    d.kicker = MSG_N_KICKER;
    d.title = MSG_N_TITLE;
    d.subtitle = sub;
    d.name = MSG_N_NAME;
    d.no_cover = 1;
    snprintf(d.subject, sizeof d.subject, MSG_N_INFO_SUBJECT, ri->network->nentities);
    return report_render_doc(&d, network_build, out, err);
}
