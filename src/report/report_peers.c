/* report_peers.c - the section "Comparación con la red" of a
 * municipality's reports (see report_parts.h): where it stands among its
 * peers for each indicator, as a table and a chart. */
#include "report_parts.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "labels.h"
#include "msg.h"
#include "network.h"

/* ------------------------------------------------------ the peer table */

static void peers_table(report_doc *d)
{
    const plan *p = d->ri->plan;
    const network_stats *ns = d->ri->network;
    static const rv_col cols[7] = {{MSG_R_COL_NAME, 145, RD_LEFT},
                                   {MSG_N_COL_YEAR, 35, RD_RIGHT},
                                   {MSG_N_COL_VALUE, 45, RD_RIGHT},
                                   {MSG_N_COL_MEDIAN, 55, RD_RIGHT},
                                   {MSG_N_COL_IQR, 70, RD_RIGHT},
                                   {MSG_N_COL_RANK, 90, RD_RIGHT},
                                   {MSG_N_COL_GAP, 55, RD_RIGHT}};
    rv_table_header(d, cols, 7);
    size_t row = 0;
    for (size_t i = 0; i < p->nindicators; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        char year[SMALL_BUF], val[SMALL_BUF], med[SMALL_BUF], q1[SMALL_BUF], q3[SMALL_BUF],
            iqr[SMALL_BUF], rank[SMALL_BUF], gap[SMALL_BUF];
        const char *cells[7] = {p->indicators[i].name, MSG_R_NA, MSG_R_NA, MSG_R_NA,
                                MSG_R_NA, MSG_R_NA, MSG_R_NA};
        if (m->n) {
            double v = network_value_at(d->ri->series, d->ri->entity, i, m->last_year);
            const network_dist *nd = network_year(ns, i, m->last_year);
            snprintf(year, sizeof year, MSG_R_YEAR_FMT, m->last_year);
            cells[1] = year;
            cells[2] = rd_fmt_pct(val, sizeof val, v);
            if (nd && nd->n) {
                cells[3] = rd_fmt_pct(med, sizeof med, nd->median);
                snprintf(iqr, sizeof iqr, MSG_N_IQR_FMT, rd_fmt_num(q1, sizeof q1, nd->q1),
                         rd_fmt_num(q3, sizeof q3, nd->q3));
                cells[4] = iqr;
                snprintf(rank, sizeof rank, MSG_N_RANK_FMT,
                         network_rank_ind(nd, &p->indicators[i], v), nd->n,
                         m->last_year);
                cells[5] = rank;
                cells[6] = rd_fmt_pp(gap, sizeof gap, v - nd->median);
            }
        }
        rv_table_row(d, cols, 7, cells, (int)(row++ % 2), 0, -1, ANALYZE_MET);
    }
    rv_table_end(d);
}

/* ------------------------------------------------------ the peer chart */

/* Rows k..end of the peer chart in words (its Figure's /Alt). */
static const char *peers_alt(report_doc *d, size_t k, size_t end)
{
    tb_buf *o = rd_alt_reset(d->c);
    tb_buf_puts(o, MSG_ALT_PEERS_HEAD);
    for (size_t i = k; i < end; i++) {
        const analyze_metrics *m = report_metrics_of(d, i);
        const network_dist *nd = m->n ? network_year(d->ri->network, i, m->last_year) : NULL;
        const char *name = d->ri->plan->indicators[i].name;
        double v = m->n ? network_value_at(d->ri->series, d->ri->entity, i, m->last_year) : NAN;
        if (!nd || !nd->n || !isfinite(v)) {
            tb_buf_printf(o, MSG_ALT_PEERS_NONE_FMT, name);
            continue;
        }
        char a[SMALL_BUF], b[SMALL_BUF], q1[SMALL_BUF], q3[SMALL_BUF];
        tb_buf_printf(o, MSG_ALT_PEERS_ROW_FMT, name, rd_fmt_pct_short(a, sizeof a, v),
                      rd_fmt_pct_short(b, sizeof b, nd->median),
                      rd_fmt_pct_short(q1, sizeof q1, nd->q1),
                      rd_fmt_pct_short(q3, sizeof q3, nd->q3), msg_status_label(m->status));
    }
    return rd_alt_text(d->c);
}

/* Which marker is which status: shape and colour with the status's name. */
static void peers_legend(report_doc *d)
{
    rd_ctx *c = d->c;
    const float size = 8.0f;
    rd_need(c, 16.0f);
    float x = RD_MARGIN;
    rd_tag_begin(c, "P");
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        const char *label = msg_status_label((analyze_status)s);
        float w = 14.0f + rd_width(c, RD_REGULAR, size, label) + 12.0f;
        if (x + w > RD_MARGIN + RD_CONTENT_W) {
            x = RD_MARGIN;
            c->y -= 13.0f;
        }
        report_status_marker(d, x + 4.0f, c->y - 5.0f, 3.4f, (analyze_status)s);
        rd_text(c, x + 11.0f, c->y - 8.0f, RD_REGULAR, size, rd_hex(RD_INK), label);
        x += w;
    }
    rd_tag_end(c);
    c->y -= 18.0f;
}

/* One row: whisker min-max, box Q1-Q3, median tick, the city's dot. */
static void peer_row(report_doc *d, size_t i, float x0, float x1, float yc)
{
    rd_ctx *c = d->c;
    const analyze_metrics *m = report_metrics_of(d, i);
    const network_dist *nd = m->n ? network_year(d->ri->network, i, m->last_year) : NULL;
    if (!nd || !nd->n) {
        rd_text(c, x0, yc - 2.5f, RD_ITALIC, 7.0f, rd_hex(RD_MUTED), MSG_N_NO_PEERS);
        return;
    }
    HPDF_Page page = c->page;
    rd_stroke_color(c, rd_hex(RD_MUTED));
    rd_line_width(c, 0.6f);
    HPDF_Page_MoveTo(page, report_row_x(x0, x1, nd->min), yc);
    HPDF_Page_LineTo(page, report_row_x(x0, x1, nd->max), yc);
    HPDF_Page_Stroke(page);
    report_row_box(d, x0, x1, yc, nd);
    double v = network_value_at(d->ri->series, d->ri->entity, i, m->last_year);
    if (isfinite(v)) report_status_marker(d, report_row_x(x0, x1, v), yc, 3.4f, m->status);
}

static void peers_chart(report_doc *d)
{
    const plan *p = d->ri->plan;
    /* the whole chart on one page when it fits on one */
    float whole = (float)p->nindicators * 19.0f + 60.0f;
    report_h2(d, MSG_N_H_CHART, whole < RD_TOP - RD_BOTTOM - 40.0f ? whole : 80.0f);
    report_note(d, MSG_N_CHART_NOTE);
    report_row_chart(d, peers_alt, peer_row);
    peers_legend(d);
}

/* Its place in the network's ranking, which is another figure than this
 * report's general index: one reference year for all and the network
 * plan's weights (network.h). */
static void peers_rank_note(report_doc *d, const network_stats *ns)
{
    size_t me = d->ri->network_entity;
    if (!ns->ref_index || me >= ns->nentities) return;
    char buf[2 * LINE_BUF], idx[SMALL_BUF];
    double v = ns->ref_index[me];
    if (!isfinite(v)) {
        snprintf(buf, sizeof buf, MSG_N_PEERS_RANK_NONE, report_entity_name(d), ns->ref_year);
        report_note(d, buf);
        return;
    }
    size_t higher = 0, ranked = 0;
    for (size_t e = 0; e < ns->nentities; e++) {
        if (!isfinite(ns->ref_index[e])) continue;
        ranked++;
        higher += ns->ref_index[e] > v;
    }
    snprintf(buf, sizeof buf, MSG_N_PEERS_RANK, ns->ref_year, report_entity_name(d),
             rd_fmt_pct(idx, sizeof idx, v), higher + 1, ranked);
    report_note(d, buf);
}

void report_peers(report_doc *d)
{
    const network_stats *ns = d->ri->network;
    if (!ns || ns->nentities < 2) return;
    char buf[LINE_BUF];
    rd_section_break(d->c);
    report_h1(d, NULL, MSG_N_PEERS_KICKER, MSG_N_H_PEERS);
    snprintf(buf, sizeof buf, MSG_N_PEERS_INTRO, report_entity_name(d), ns->nentities);
    report_body(d, buf);
    /* which plan the statuses and targets come from; the positions are
     * always among the network's areas */
    const plan *p = d->ri->plan;
    char note[2 * LINE_BUF];
    if (p->plan_note) snprintf(note, sizeof note, "%s", p->plan_note);
    else snprintf(note, sizeof note, MSG_V_OWN_CITY_MEASURED, report_entity_name(d));
    report_note(d, note);
    peers_rank_note(d, ns);
    peers_table(d);
    peers_chart(d);
}
