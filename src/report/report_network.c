/* report_network.c - the network summary (resumen-red): per area, the
 * quartiles of the municipalities' latest values and their status counts
 * (see report_views.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "labels.h"
#include "msg.h"
#include "network.h"
#include "report_parts.h"
#include "report_views.h"

/* --------------------------------------------------- the network summary */

static void network_build(report_doc *d)
{
    const plan *p = d->ri->plan;
    const network_stats *ns = d->ri->network;
    report_cover(d);
    rd_new_page(d->c);
    report_h1(d, NULL, MSG_N_KICKER, MSG_N_TITLE);
    report_body(d, MSG_N_INTRO);
    static const rv_col cols[6] = {{MSG_N_COL_AREA, 175, RD_LEFT},
                                   {MSG_N_COL_N, 70, RD_RIGHT},
                                   {"Q1", 55, RD_RIGHT},
                                   {MSG_N_COL_MEDIAN, 70, RD_RIGHT},
                                   {"Q3", 55, RD_RIGHT},
                                   {"Mín. – máx.", 70, RD_RIGHT}};
    rv_table_header(d, cols, 6);
    for (size_t i = 0; i < p->nindicators; i++) {
        const network_dist *nd = &ns->latest[i];
        char n[SMALL_BUF], q1[SMALL_BUF], med[SMALL_BUF], q3[SMALL_BUF], lo[SMALL_BUF],
            hi[SMALL_BUF], range[SMALL_BUF];
        snprintf(range, sizeof range, MSG_N_IQR_FMT, rd_fmt_num(lo, sizeof lo, nd->min),
                 rd_fmt_num(hi, sizeof hi, nd->max));
        const char *cells[6] = {p->indicators[i].name, rd_fmt_count(n, sizeof n, nd->n),
                                rd_fmt_pct(q1, sizeof q1, nd->q1),
                                rd_fmt_pct(med, sizeof med, nd->median),
                                rd_fmt_pct(q3, sizeof q3, nd->q3), nd->n ? range : MSG_R_NA};
        rv_table_row(d, cols, 6, cells, (int)(i % 2), 0, -1, ANALYZE_MET);
    }
    rv_table_end(d);
    report_h2(d, MSG_N_H_STATUS, 60.0f);
    rv_col scols[1 + ANALYZE_NSTATUS];
    scols[0] = (rv_col){MSG_N_COL_AREA, 165, RD_LEFT};
    for (int s = 0; s < ANALYZE_NSTATUS; s++)
        scols[1 + s] = (rv_col){msg_status_label((analyze_status)s), 55, RD_RIGHT};
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
    char sub[SMALL_BUF], period[TB_PERIOD_LEN + 1];
    tb_period_str(period, ri->period_year, ri->period_month);
    snprintf(sub, sizeof sub, MSG_N_SUBTITLE_FMT, ri->network->nentities, period);
    d.kicker = MSG_N_KICKER;
    d.title = MSG_N_TITLE;
    d.subtitle = sub;
    d.name = MSG_N_NAME;
    snprintf(d.subject, sizeof d.subject, MSG_N_INFO_SUBJECT, ri->network->nentities);
    return report_render_doc(&d, network_build, out, err);
}
