/* report.h - the PDF reports (libharu), in Spanish, A4: the monthly
 * management report (here), and the strategic, operational and citizen
 * reports (report_views.h). Renders into memory; writing the bytes to disk is outfile's job,
 * because HPDF_SaveToFile ignores fclose() errors. */
#ifndef TABLERO_REPORT_H
#define TABLERO_REPORT_H

#include <stddef.h>

#include "analyze.h"
#include "common.h"
#include "ingest.h"
#include "plan.h"
#include "series.h"

/* Everything the report reads; all borrowed. */
typedef struct report_input {
    const plan *plan;
    const ingest_set *in;
    const series_table *series;
    const analyze_result *res;
    size_t entity;             /* which municipality this report is for */
    int period_year;           /* report period, e.g. 2026 */
    int period_month;          /* 1..12 */
    long long generated_epoch; /* seconds since 1970 (UTC) shown as the
                                  generation date; from SOURCE_DATE_EPOCH
                                  or the clock, decided by main */
    const char *version;       /* tablero's version, for the annex */
    const char *output_dir;    /* base output folder, where the previous
                                  period's metrics are looked for ("Novedades");
                                  NULL: no comparison */
    const struct network_stats *network; /* peer statistics of the whole
                                  input when it has several municipalities
                                  ("Comparación con la red"); NULL: none */
    const struct changes_set *changes; /* the comparison, when the caller has
                                  made it; NULL: made by each report from
                                  output_dir */
} report_input;

/* Renders the PDF into out (appended). Returns 0, or TB_EX_SOFTWARE with
 * err holding libharu's error number when the library fails, TB_EX_OSERR
 * when memory runs out. */
int report_render_pdf(const report_input *ri, tb_buf *out, tb_error *err);

#endif
