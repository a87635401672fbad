/* missing.c - red or falling indicators without the secretariat's
 * analysis (see missing.h). */
#include "missing.h"

#include <math.h>
#include <string.h>

const plan_comment *missing_comment_of(const plan *p, size_t i, const analyze_metrics *m,
                                       int period_year)
{
    return plan_comment_for(p, i, m->n ? m->last_year : period_year);
}

int missing_needs_analysis(const analyze_metrics *m)
{
    if (m->n == 0) return 0;
    if (m->status == ANALYZE_OFF_TRACK || m->status == ANALYZE_AT_RISK) return 1;
    return isfinite(m->yoy_change) && isfinite(m->decline) && m->decline > 0.0;
}

int missing_analysis_digest(const plan *p, size_t i, const analyze_digest *d, int period_year)
{
    /* the fields missing_analysis reads, so both decide alike */
    analyze_metrics m;
    memset(&m, 0, sizeof m);
    m.n = d->n;
    m.last_year = d->last_year;
    m.status = (analyze_status)d->status;
    m.yoy_change = d->yoy_change;
    m.decline = d->decline;
    return missing_analysis(p, i, &m, period_year);
}

int missing_analysis(const plan *p, size_t i, const analyze_metrics *m, int period_year)
{
    if (!missing_needs_analysis(m)) return 0;
    /* an analysis of an earlier year does not explain the latest data */
    const plan_comment *c = missing_comment_of(p, i, m, period_year);
    return !c || c->year != m->last_year || !c->analysis || !c->analysis[0];
}
