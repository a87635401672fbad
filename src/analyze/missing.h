/* missing.h - which indicators the planning office must ask an analysis
 * for: red (fuera de camino, en riesgo) or falling, with no analysis in
 * the secretariats' comments for their latest data. Shared by the
 * reports' data-quality section and the run's stderr warning, so both
 * list the same indicators. */
#ifndef TABLERO_MISSING_H
#define TABLERO_MISSING_H

#include <stddef.h>

#include "analyze.h"
#include "comments.h"
#include "plan.h"

/* The comment that speaks for indicator i given its metrics: the one for
 * its latest data year, or for the report year when it has no data.
 * Borrowed from the plan, or NULL. Pure. */
const plan_comment *missing_comment_of(const plan *p, size_t i, const analyze_metrics *m,
                                       int period_year);

/* 1 when indicator i is red or fell over its last year (decline > 0 on a
 * year-on-year change). Pure. */
int missing_needs_analysis(const analyze_metrics *m);

/* 1 when it needs an analysis and has none written for its latest data
 * year (an older year's analysis does not count). Pure. */
int missing_analysis(const plan *p, size_t i, const analyze_metrics *m, int period_year);

/* missing_analysis from what a run keeps of the metrics (the warning of a
 * network run, whose full metrics are gone by then). Pure. */
int missing_analysis_digest(const plan *p, size_t i, const analyze_digest *d, int period_year);

#endif
