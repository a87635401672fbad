/* results.h - the read-only bundle of a run's results that the report
 * and export stages render from. It lives at the analysis stage because it
 * is made of the analysis' outputs; both later stages include it, neither
 * includes the other. */
#ifndef TABLERO_RESULTS_H
#define TABLERO_RESULTS_H

#include <stddef.h>

#include "analyze.h"
#include "common.h"
#include "ingest.h"
#include "plan.h"
#include "series.h"

struct network_stats;
struct changes_set;
struct rd_assets;

/* The results bundle: everything a renderer or an exporter reads, loaded
 * and computed before any of them runs (renderers do no I/O). Read-only;
 * every pointer is borrowed from the run. */
typedef struct report_input {
    const plan *plan;
    const ingest_set *in;
    const series_table *series;
    const analyze_result *res;
    size_t entity;             /* which municipality this report is for */
    size_t network_entity;     /* the same municipality's index in the
                                  network's statistics (network_stats'
                                  per-municipality arrays), which a
                                  one-municipality view renumbers to 0 */
    int period_year;           /* report period, e.g. 2026 */
    int period_month;          /* 1..12 */
    long long generated_epoch; /* seconds since 1970 (UTC) shown as the
                                  generation date; from SOURCE_DATE_EPOCH
                                  or the clock, decided by main */
    const char *version;       /* tablero's version, for the annex */
    const struct rd_assets *assets; /* fonts and colour profile read once
                                  by the run (report.h); NULL: each
                                  document reads them */
    const struct network_stats *network; /* peer statistics of the whole
                                  input when it has several municipalities
                                  ("Comparación con la red"); NULL: none */
    const struct changes_set *changes; /* "Novedades": the comparison with
                                  the previous period, made before rendering
                                  (publish/previous.h); NULL: no previous
                                  period to compare with */
} report_input;

#endif
