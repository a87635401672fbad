/* analyze.c - trends, projections, gaps and statuses (GSL).
 *
 * Rules (mirrored in the report's methodology annex, es/report.h):
 *  - Fit: ordinary least squares of the value on (year - mean year); years
 *    are centred because with raw years (2020...) the covariance terms are
 *    ~1e7 and cancel, losing about 11 digits of the interval.
 *  - Projection at the target year: the fitted value when n >= 2; with
 *    n >= min_points_interval (3) also a prediction interval for a new
 *    observation, ŷ ± t(1-(1-c)/2, n-2)·sqrt(se(ŷ)² + SCR/(n-2)). The
 *    projection and bounds are clamped to [value_min, value_max] and flagged.
 *  - Status, "meets" meaning >= target (<= when lower is better):
 *      1. no value at all                          -> sin datos suficientes
 *      2. the latest value meets the target        -> cumplido
 *      3. the target year has passed               -> fuera de camino
 *      4. fewer than min_points_interval points    -> sin datos suficientes
 *         (a line through two points has no measurable uncertainty)
 *      5. the projection meets the target and the interval is no wider
 *         than max_interval_width                  -> en camino
 *      6. even the favourable bound of the interval misses the target
 *                                                  -> fuera de camino
 *      7. otherwise (the target is inside the plausible range, or the
 *         projection meets it with too wide an interval) -> en riesgo
 *  - Reach year: first whole year, from the first observed year up to
 *    period year + reach_horizon_years, where the fitted line meets the
 *    target.
 *  - r² and standard errors need n >= 3 (two points fit exactly).
 *  - Stale: period year - last year > stale_years.
 *  - Roll-ups: weighted mean (plan weights) of the latest values of the
 *    indicators that have any value; the others are counted, not averaged.
 */
#include "analyze.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

void analyze_gsl_init(void)
{
    /* GSL's default handler prints and calls abort(); every call below
     * checks sizes first and isfinite() after instead. */
    gsl_set_error_handler_off();
}

static void fit_clear(analyze_fit *f)
{
    f->n = 0;
    f->xmean = f->c0 = f->c1 = f->cov00 = f->cov01 = f->cov11 = NAN;
    f->sumsq = f->r2 = f->c0_se = f->c1_se = NAN;
}

int analyze_fit_linear(const double *x, const double *y, size_t n, analyze_fit *f)
{
    fit_clear(f);
    if (n < 2) return -1;
    double xm = 0, ym = 0;
    for (size_t i = 0; i < n; i++) {
        xm += x[i];
        ym += y[i];
    }
    xm /= (double)n;
    ym /= (double)n;
    double *xc = malloc(n * sizeof *xc);
    if (!xc) return -1;
    double sxx = 0, tss = 0;
    for (size_t i = 0; i < n; i++) {
        xc[i] = x[i] - xm;
        sxx += xc[i] * xc[i];
        tss += (y[i] - ym) * (y[i] - ym);
    }
    if (!(sxx > 0)) { /* constant x: GSL would "succeed" with NaN */
        free(xc);
        return -1;
    }
    int st = gsl_fit_linear(xc, 1, y, 1, n, &f->c0, &f->c1, &f->cov00, &f->cov01,
                            &f->cov11, &f->sumsq);
    free(xc);
    if (st || !isfinite(f->c0) || !isfinite(f->c1) || !isfinite(f->sumsq)) {
        fit_clear(f);
        return -1;
    }
    f->n = n;
    f->xmean = xm;
    /* A line through two points fits them exactly: r² = 1 says nothing,
     * so it is left undefined like the standard errors. */
    f->r2 = (n >= 3 && tss > 0) ? 1.0 - f->sumsq / tss : NAN;
    if (n >= 3) {
        f->c0_se = sqrt(f->cov00);
        f->c1_se = sqrt(f->cov11);
    }
    return 0;
}

int analyze_predict(const analyze_fit *f, double x, double conf, double *y,
                    double *lo, double *hi)
{
    *lo = *hi = NAN;
    *y = NAN;
    if (f->n < 2) return -1;
    double yv, yerr;
    if (gsl_fit_linear_est(x - f->xmean, f->c0, f->c1, f->cov00, f->cov01, f->cov11,
                           &yv, &yerr) || !isfinite(yv))
        return -1;
    *y = yv;
    if (f->n < 3) return 0;
    double dof = (double)(f->n - 2);
    double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - conf) / 2.0, dof);
    double half = t * sqrt(yerr * yerr + f->sumsq / dof);
    if (!isfinite(half)) return -1;
    *lo = yv - half;
    *hi = yv + half;
    return 0;
}

static int meets(double v, const plan_indicator *ind)
{
    return ind->higher_is_better ? v >= ind->target : v <= ind->target;
}

static double clamp(double v, const plan_rules *r, int *flag)
{
    if (isnan(v)) return v;
    if (v < r->value_min) { *flag = 1; return r->value_min; }
    if (v > r->value_max) { *flag = 1; return r->value_max; }
    return v;
}

static void metrics_clear(analyze_metrics *m, const plan_indicator *ind)
{
    memset(m, 0, sizeof *m);
    m->latest = m->previous = m->yoy_change = m->gap = NAN;
    m->projection = m->pi_low = m->pi_high = NAN;
    m->projection_raw = m->pi_low_raw = m->pi_high_raw = NAN;
    fit_clear(&m->fit);
    m->target = ind->target;
    m->target_year = ind->target_year;
    m->status = ANALYZE_INSUFFICIENT;
}

static void project(analyze_metrics *m, const plan_rules *r)
{
    m->projection_year = m->target_year;
    double y, lo, hi;
    if (analyze_predict(&m->fit, m->target_year, r->confidence, &y, &lo, &hi)) return;
    m->projection_raw = y;
    if (m->n >= (size_t)r->min_points_interval) {
        m->pi_low_raw = lo;
        m->pi_high_raw = hi;
    }
    m->projection = clamp(m->projection_raw, r, &m->clamped);
    m->pi_low = clamp(m->pi_low_raw, r, &m->clamped);
    m->pi_high = clamp(m->pi_high_raw, r, &m->clamped);
}

static int reach_year(const analyze_metrics *m, const plan_indicator *ind, int last)
{
    for (int y = m->first_year; y <= last; y++) {
        double v = m->fit.c0 + m->fit.c1 * ((double)y - m->fit.xmean);
        if (isfinite(v) && meets(v, ind)) return y;
    }
    return 0;
}

static analyze_status decide(const analyze_metrics *m, const plan_indicator *ind,
                             const plan_rules *r, int period_year)
{
    if (m->n == 0) return ANALYZE_INSUFFICIENT;
    if (meets(m->latest, ind)) return ANALYZE_MET;
    if (period_year > m->target_year) return ANALYZE_OFF_TRACK;
    if (m->n < (size_t)r->min_points_interval || !m->has_fit || isnan(m->pi_low_raw))
        return ANALYZE_INSUFFICIENT;
    double width = m->pi_high_raw - m->pi_low_raw;
    if (meets(m->projection_raw, ind) && width <= r->max_interval_width) return ANALYZE_ON_TRACK;
    double favourable = ind->higher_is_better ? m->pi_high_raw : m->pi_low_raw;
    if (!meets(favourable, ind)) return ANALYZE_OFF_TRACK;
    return ANALYZE_AT_RISK;
}

void analyze_series(const series *s, const plan_indicator *ind, const plan_rules *r,
                    int period_year, analyze_metrics *m)
{
    metrics_clear(m, ind);
    m->n = s->n;
    if (s->n > 0) {
        const series_point *first = &s->pts[0], *last = &s->pts[s->n - 1];
        m->first_year = first->year;
        m->last_year = last->year;
        m->latest = last->value;
        if (s->n > 1 && s->pts[s->n - 2].year == last->year - 1) {
            m->previous = s->pts[s->n - 2].value;
            m->yoy_change = m->latest - m->previous;
        }
        m->gap = ind->higher_is_better ? ind->target - m->latest : m->latest - ind->target;
        m->stale = period_year - m->last_year > r->stale_years;
    }
    if (s->n >= 2) {
        double *x = malloc(s->n * sizeof *x), *y = malloc(s->n * sizeof *y);
        if (x && y) {
            for (size_t i = 0; i < s->n; i++) {
                x[i] = s->pts[i].year;
                y[i] = s->pts[i].value;
            }
            m->has_fit = analyze_fit_linear(x, y, s->n, &m->fit) == 0;
        }
        free(x);
        free(y);
    }
    if (m->has_fit) {
        project(m, r);
        m->reach_year = reach_year(m, ind, period_year + r->reach_horizon_years);
    }
    m->status = decide(m, ind, r, period_year);
}

static void rollup_add(analyze_rollup *u, const analyze_metrics *m, double w)
{
    u->total++;
    u->counts[m->status]++;
    if (m->n == 0) return;
    u->with_data++;
    double sum = isnan(u->index) ? 0 : u->index * u->weight;
    u->weight += w;
    u->index = (sum + w * m->latest) / u->weight;
}

static void rollup_clear(analyze_rollup *u)
{
    memset(u, 0, sizeof *u);
    u->index = NAN;
}

int analyze_run(analyze_result *res, const plan *p, const series_table *t, int period_year,
                tb_error *err)
{
    memset(res, 0, sizeof *res);
    res->nentities = t->nentities;
    res->nindicators = p->nindicators;
    res->naxes = p->naxes;
    size_t ne = t->nentities ? t->nentities : 1;
    res->m = calloc(ne * (p->nindicators ? p->nindicators : 1), sizeof *res->m);
    res->axis = calloc(ne * (p->naxes ? p->naxes : 1), sizeof *res->axis);
    res->overall = calloc(ne, sizeof *res->overall);
    if (!res->m || !res->axis || !res->overall) {
        analyze_result_fini(res);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
    }
    for (size_t e = 0; e < t->nentities; e++) {
        rollup_clear(&res->overall[e]);
        for (size_t a = 0; a < p->naxes; a++) rollup_clear(&res->axis[e * p->naxes + a]);
        for (size_t i = 0; i < p->nindicators; i++) {
            const plan_indicator *ind = &p->indicators[i];
            analyze_metrics *m = &res->m[e * p->nindicators + i];
            analyze_series(series_at(t, e, i), ind, &p->rules, period_year, m);
            rollup_add(&res->axis[e * p->naxes + ind->axis], m, ind->weight);
            rollup_add(&res->overall[e], m, ind->weight);
        }
    }
    return 0;
}

void analyze_result_fini(analyze_result *res)
{
    free(res->m);
    free(res->axis);
    free(res->overall);
    memset(res, 0, sizeof *res);
}

const analyze_metrics *analyze_at(const analyze_result *res, size_t entity, size_t indicator)
{
    TB_ASSERT(entity < res->nentities && indicator < res->nindicators);
    return &res->m[entity * res->nindicators + indicator];
}
