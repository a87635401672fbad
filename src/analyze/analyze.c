/* analyze.c - trends, projections, gaps, statuses, scores and roll-ups (GSL).
 *
 * Rules (mirrored in the reports' methodology annex, es/report.h):
 *  - Time axis: a yearly value sits at its year, a monthly one (YYYY-MM) at
 *    year + (month - 0.5) / 12, so slopes are always per year.
 *  - Fit: ordinary least squares of the value on (x - mean x); x is
 *    centred because with raw years (2020...) the covariance terms are
 *    ~1e7 and cancel, losing about 11 digits of the interval.
 *  - Projection at the target year: the fitted value when n >= 2; with
 *    n >= min_points_interval (3) also a prediction interval for a new
 *    observation, ŷ ± t(1-(1-c)/2, n-2)·sqrt(se(ŷ)² + SCR/(n-2)). With the
 *    logit model the same is done on z = logit(s/100), s being the value
 *    rescaled to 0..100 and clamped to [0.5, 99.5], and ŷ and both bounds
 *    are transformed back (so they stay inside the range by construction).
 *    The projection and bounds are clamped to [value_min, value_max] and
 *    flagged.
 *  - "Meets": >= target - tolerance (<= target + tolerance when lower is
 *    better; inside [band_min - tol, band_max + tol] for "mantener").
 *  - Status, first rule that applies:
 *      1. no value at all                          -> sin datos suficientes
 *      2. the latest value meets the target        -> cumplido
 *      3. the target year has passed               -> fuera de camino
 *      4. one point (no trend)                     -> sin datos suficientes
 *      5. fewer than min_points_interval points    -> proyección incierta
 *         (a line through two points has no measurable uncertainty)
 *      6. no value of the interval meets the target -> fuera de camino
 *      7. the interval is wider than max_interval_width -> proyección incierta
 *      8. the projection meets the target          -> en camino
 *      9. otherwise (the target is inside the plausible range) -> en riesgo
 *  - Reach year: first whole year, from the first observed year up to
 *    period year + reach_horizon_years, where the projection model meets
 *    the target.
 *  - r² and standard errors need n >= 3 (two points fit exactly).
 *  - Stale: period year - last year > stale_years.
 *  - Scores (weights and references from [importancia] and [urgencia]):
 *      importance = (w_plan·weight/max weight + w_gap·clamp(gap/gap_ref))
 *                   / (w_plan + w_gap); the gap term is unknown_gap
 *                   without data
 *      urgency    = (w_status·status score + w_decline·clamp(decline/decline_ref)
 *                   + w_deadline·clamp(1 - years left/horizon)
 *                   + w_age·clamp(years since the last value/age_ref))
 *                   / (sum of the four weights); the age term is 1 without data
 *      quadrant: urgent when urgency >= its threshold, important when
 *      importance >= its threshold.
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
    f->t_conf = f->t_quant = NAN;
}

/* The t quantile costs more than the rest of a prediction (the reports
 * evaluate the curve at ~50 points per chart), so each fit keeps the one
 * for the run's confidence level. */
static void fit_cache_t(analyze_fit *f, double conf)
{
    if (f->n < 3) return;
    double t = gsl_cdf_tdist_Pinv(1.0 - (1.0 - conf) / 2.0, (double)(f->n - 2));
    if (isfinite(t)) {
        f->t_conf = conf;
        f->t_quant = t;
    }
}

/* Series are short (a value per year or month of a plan's term): up to
 * this many points the work arrays live on the stack, so the common case
 * cannot run out of memory, and a longer series that does reports it
 * instead of passing for "no fit". */
#define FIT_STACK_N 64

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
    double stack_xc[FIT_STACK_N];
    double *xc = n <= FIT_STACK_N ? stack_xc : malloc(n * sizeof *xc);
    if (!xc) return TB_EX_OSERR;
    double sxx = 0, tss = 0;
    for (size_t i = 0; i < n; i++) {
        xc[i] = x[i] - xm;
        sxx += xc[i] * xc[i];
        tss += (y[i] - ym) * (y[i] - ym);
    }
    int st = -1;
    /* constant x: GSL would "succeed" with NaN */
    if (sxx > 0)
        st = gsl_fit_linear(xc, 1, y, 1, n, &f->c0, &f->c1, &f->cov00, &f->cov01,
                            &f->cov11, &f->sumsq);
    if (xc != stack_xc) free(xc);
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
    double t = f->t_conf == conf ? f->t_quant
                                 : gsl_cdf_tdist_Pinv(1.0 - (1.0 - conf) / 2.0, dof);
    double half = t * sqrt(yerr * yerr + f->sumsq / dof);
    if (!isfinite(half)) return -1;
    *lo = yv - half;
    *hi = yv + half;
    return 0;
}

_Static_assert(ANALYZE_NSTATUS == PLAN_NSTATUS, "status order shared with plan_scores");

int analyze_meets(const plan_indicator *ind, const plan_rules *r, double v)
{
    if (!isfinite(v)) return 0;
    double tol = r->target_tolerance;
    if (ind->maintain) return v >= ind->band_min - tol && v <= ind->band_max + tol;
    return ind->higher_is_better ? v >= ind->target - tol : v <= ind->target + tol;
}

/* 1 when some value in [lo, hi] meets the target. */
static int interval_reaches(const plan_indicator *ind, const plan_rules *r, double lo,
                            double hi)
{
    double tol = r->target_tolerance;
    if (ind->maintain) return hi >= ind->band_min - tol && lo <= ind->band_max + tol;
    return ind->higher_is_better ? hi >= ind->target - tol : lo <= ind->target + tol;
}

/* The logit model works on the value rescaled to 0..100 and kept away
 * from 0 and 100, where the logit is infinite. */
#define LOGIT_LO 0.5
#define LOGIT_HI 99.5

static double to_logit(double v, const plan_rules *r)
{
    double s = 100.0 * (v - r->value_min) / (r->value_max - r->value_min);
    if (s < LOGIT_LO) s = LOGIT_LO;
    if (s > LOGIT_HI) s = LOGIT_HI;
    s /= 100.0;
    return log(s / (1.0 - s));
}

static double from_logit(double z, const plan_rules *r)
{
    return r->value_min + (r->value_max - r->value_min) / (1.0 + exp(-z));
}

int analyze_curve(const analyze_metrics *m, const plan_rules *r, double x, double *y,
                  double *lo, double *hi)
{
    int rc = analyze_predict(m->logit ? &m->pfit : &m->fit, x, r->confidence, y, lo, hi);
    if (rc || !m->logit) return rc;
    *y = from_logit(*y, r);
    if (isfinite(*lo)) *lo = from_logit(*lo, r);
    if (isfinite(*hi)) *hi = from_logit(*hi, r);
    return 0;
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
    m->decline = m->importance = m->urgency = NAN;
    m->t_weight = m->t_gap = m->t_status = m->t_decline = m->t_deadline = m->t_age = NAN;
    m->quadrant = ANALYZE_MONITOR;
    m->projection = m->pi_low = m->pi_high = NAN;
    m->projection_raw = m->pi_low_raw = m->pi_high_raw = NAN;
    fit_clear(&m->fit);
    fit_clear(&m->pfit);
    m->target = ind->target;
    m->target_year = ind->target_year;
    m->status = ANALYZE_INSUFFICIENT;
}

static void project(analyze_metrics *m, const plan_rules *r)
{
    m->projection_year = m->target_year;
    double y, lo, hi;
    if (analyze_curve(m, r, m->target_year, &y, &lo, &hi)) return;
    m->projection_raw = y;
    if (m->n >= (size_t)r->min_points_interval) {
        m->pi_low_raw = lo;
        m->pi_high_raw = hi;
    }
    m->projection = clamp(m->projection_raw, r, &m->clamped);
    m->pi_low = clamp(m->pi_low_raw, r, &m->clamped);
    m->pi_high = clamp(m->pi_high_raw, r, &m->clamped);
}

static int reach_year(const analyze_metrics *m, const plan_indicator *ind,
                      const plan_rules *r, int last)
{
    for (int y = m->first_year; y <= last; y++) {
        double v, lo, hi;
        if (analyze_curve(m, r, y, &v, &lo, &hi)) return 0;
        if (analyze_meets(ind, r, v)) return y;
    }
    return 0;
}

static analyze_status decide(const analyze_metrics *m, const plan_indicator *ind,
                             const plan_rules *r, int period_year)
{
    if (m->n == 0) return ANALYZE_INSUFFICIENT;
    if (analyze_meets(ind, r, m->latest)) return ANALYZE_MET;
    if (period_year > m->target_year) return ANALYZE_OFF_TRACK;
    if (!m->has_fit || !isfinite(m->projection_raw)) return ANALYZE_INSUFFICIENT;
    if (m->n < (size_t)r->min_points_interval || isnan(m->pi_low_raw)) return ANALYZE_UNCERTAIN;
    if (!interval_reaches(ind, r, m->pi_low_raw, m->pi_high_raw)) return ANALYZE_OFF_TRACK;
    if (m->pi_high_raw - m->pi_low_raw > r->max_interval_width) return ANALYZE_UNCERTAIN;
    if (analyze_meets(ind, r, m->projection_raw)) return ANALYZE_ON_TRACK;
    return ANALYZE_AT_RISK;
}

/* Distance from v to the acceptance region, signed: <= 0 inside. */
static double gap_of(const plan_indicator *ind, double v)
{
    if (ind->maintain) {
        if (v < ind->band_min) return ind->band_min - v;
        if (v > ind->band_max) return v - ind->band_max;
        double a = v - ind->band_min, b = ind->band_max - v;
        return -(a < b ? a : b);
    }
    return ind->higher_is_better ? ind->target - v : v - ind->target;
}

/* Worsening per year: from the year-over-year change when there is one,
 * else from the slope of the linear fit; NAN when neither exists. */
static double decline_of(const analyze_metrics *m, const plan_indicator *ind)
{
    if (isfinite(m->yoy_change)) return gap_of(ind, m->latest) - gap_of(ind, m->previous);
    if (!m->has_fit || !isfinite(m->fit.c1)) return NAN;
    if (ind->maintain) {
        if (m->latest > ind->band_max) return m->fit.c1;
        if (m->latest < ind->band_min) return -m->fit.c1;
        return 0.0;
    }
    return ind->higher_is_better ? -m->fit.c1 : m->fit.c1;
}

static double unit(double v)
{
    if (!(v > 0.0)) return 0.0;   /* also NAN */
    return v > 1.0 ? 1.0 : v;
}

void analyze_scores(analyze_metrics *m, const plan_indicator *ind, const plan_scores *sc,
                    double max_weight, int period_year, double period_x)
{
    m->t_weight = max_weight > 0 ? unit(ind->weight / max_weight) : 0.0;
    m->t_gap = m->n > 0 ? unit(m->gap / sc->gap_ref) : unit(sc->unknown_gap);
    double wi = sc->w_weight + sc->w_gap;
    m->importance = wi > 0 ? (sc->w_weight * m->t_weight + sc->w_gap * m->t_gap) / wi : 0.0;

    m->t_status = unit(m->status < ANALYZE_NSTATUS ? sc->status[m->status] : 0.0);
    m->decline = m->n > 0 ? decline_of(m, ind) : NAN;
    m->t_decline = sc->decline_ref > 0 ? unit(m->decline / sc->decline_ref) : 0.0;
    double left = (double)(m->target_year - period_year);
    m->t_deadline = sc->deadline_horizon > 0 ? unit(1.0 - left / sc->deadline_horizon) : 0.0;
    if (left < 0) m->t_deadline = 1.0;
    if (m->n == 0) {
        m->t_age = 1.0;
    } else {
        series_point last = {m->last_year, 0, 0, m->last_month};
        /* Yearly values are compared by year, monthly ones by month. */
        double age = m->last_month ? period_x - series_point_x(&last)
                                   : (double)(period_year - m->last_year);
        m->t_age = sc->age_ref > 0 ? unit(age / sc->age_ref) : 0.0;
    }
    double wu = sc->w_status + sc->w_decline + sc->w_deadline + sc->w_age;
    m->urgency = wu > 0 ? (sc->w_status * m->t_status + sc->w_decline * m->t_decline +
                           sc->w_deadline * m->t_deadline + sc->w_age * m->t_age) / wu
                        : 0.0;
    int urgent = m->urgency >= sc->urgency_threshold;
    int important = m->importance >= sc->importance_threshold;
    m->quadrant = urgent && important ? ANALYZE_ACT_NOW
                  : important         ? ANALYZE_PLAN
                  : urgent            ? ANALYZE_MANAGE
                                      : ANALYZE_MONITOR;
}

/* Index of the value one year before the last point (same month for a
 * monthly one), or -1. */
static long previous_index(const series *s)
{
    const series_point *last = &s->pts[s->n - 1];
    for (size_t k = s->n - 1; k-- > 0;)
        if (s->pts[k].year == last->year - 1 && s->pts[k].month == last->month) return (long)k;
    return -1;
}

int analyze_series(const series *s, const plan_indicator *ind, const plan_rules *r,
                   int period_year, analyze_metrics *m)
{
    metrics_clear(m, ind);
    m->n = s->n;
    m->logit = r->projection_logit != 0;
    if (s->n > 0) {
        const series_point *first = &s->pts[0], *last = &s->pts[s->n - 1];
        m->first_year = first->year;
        m->last_year = last->year;
        m->last_month = last->month;
        m->latest = last->value;
        long k = previous_index(s);
        if (k >= 0) {
            m->previous = s->pts[k].value;
            m->yoy_change = m->latest - m->previous;
        }
        m->gap = gap_of(ind, m->latest);
        m->stale = period_year - m->last_year > r->stale_years;
    }
    if (s->n >= 2) {
        double stack_x[FIT_STACK_N], stack_y[FIT_STACK_N];
        int small = s->n <= FIT_STACK_N;
        double *x = small ? stack_x : malloc(s->n * sizeof *x);
        double *y = small ? stack_y : malloc(s->n * sizeof *y);
        int rc = x && y ? 0 : TB_EX_OSERR;
        if (!rc) {
            for (size_t i = 0; i < s->n; i++) {
                x[i] = series_point_x(&s->pts[i]);
                y[i] = s->pts[i].value;
            }
            rc = analyze_fit_linear(x, y, s->n, &m->fit);
            m->has_fit = rc == 0;
            if (m->has_fit && m->logit) {
                for (size_t i = 0; i < s->n; i++) y[i] = to_logit(y[i], r);
                rc = analyze_fit_linear(x, y, s->n, &m->pfit);
                m->has_fit = rc == 0;
            } else if (m->has_fit) {
                m->pfit = m->fit;
            }
            fit_cache_t(&m->fit, r->confidence);
            fit_cache_t(&m->pfit, r->confidence);
        }
        if (!small) {
            free(x);
            free(y);
        }
        if (rc == TB_EX_OSERR) return rc;
    }
    if (m->has_fit) {
        project(m, r);
        m->reach_year = reach_year(m, ind, r, period_year + r->reach_horizon_years);
    }
    m->status = decide(m, ind, r, period_year);
    return 0;
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

size_t analyze_group_of(const plan *p, const plan_indicator *ind, analyze_level l)
{
    switch (l) {
    case ANALYZE_LEVEL_AXIS: return ind->axis;
    case ANALYZE_LEVEL_POLICY: return ind->policy;
    case ANALYZE_LEVEL_OBJECTIVE: return ind->objective;
    case ANALYZE_LEVEL_SUBOBJECTIVE: {
        if (ind->objective == PLAN_NONE || ind->subobjective == PLAN_NONE) return PLAN_NONE;
        size_t k = 0;
        for (size_t o = 0; o < ind->objective; o++) k += p->objectives[o].nsubs;
        return k + ind->subobjective;
    }
    case ANALYZE_LEVEL_DIMENSION: return ind->dimension;
    case ANALYZE_LEVEL_SECRETARIAT: return ind->secretariat;
    default: return PLAN_NONE;
    }
}

const analyze_rollup *analyze_rollup_at(const analyze_result *res, analyze_level l,
                                        size_t entity, size_t k)
{
    TB_ASSERT(l < ANALYZE_NLEVELS && entity < res->nentities && k < res->nlevel[l]);
    return &res->level[l][entity * res->nlevel[l] + k];
}

int analyze_run(analyze_result *res, const plan *p, const series_table *t, int period_year,
                tb_error *err)
{
    return analyze_run_month(res, p, t, period_year, 0, err);
}

int analyze_run_month(analyze_result *res, const plan *p, const series_table *t,
                      int period_year, int period_month, tb_error *err)
{
    memset(res, 0, sizeof *res);
    res->nentities = t->nentities;
    res->nindicators = p->nindicators;
    res->naxes = p->naxes;
    const size_t counts[ANALYZE_NLEVELS] = {p->naxes, p->npolicies, p->nobjectives,
                                            plan_count_subobjectives(p), p->ndimensions,
                                            p->nsecretariats};
    size_t ne = t->nentities ? t->nentities : 1;
    int oom = 0;
    for (int l = 0; l < ANALYZE_NLEVELS; l++) {
        res->nlevel[l] = counts[l];
        res->level[l] = calloc(ne * (counts[l] ? counts[l] : 1), sizeof *res->level[l]);
        oom |= !res->level[l];
    }
    res->axis = res->level[ANALYZE_LEVEL_AXIS];
    res->m = calloc(ne * (p->nindicators ? p->nindicators : 1), sizeof *res->m);
    res->overall = calloc(ne, sizeof *res->overall);
    if (oom || !res->m || !res->overall) {
        analyze_result_fini(res);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_ANALYZE);
    }
    double max_weight = 0;
    for (size_t i = 0; i < p->nindicators; i++)
        if (p->indicators[i].weight > max_weight) max_weight = p->indicators[i].weight;
    double period_x = period_month ? period_year + (period_month - 0.5) / 12.0
                                   : period_year + 0.5;
    for (size_t e = 0; e < t->nentities; e++) {
        rollup_clear(&res->overall[e]);
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            for (size_t k = 0; k < res->nlevel[l]; k++)
                rollup_clear(&res->level[l][e * res->nlevel[l] + k]);
        for (size_t i = 0; i < p->nindicators; i++) {
            const plan_indicator *ind = &p->indicators[i];
            analyze_metrics *m = &res->m[e * p->nindicators + i];
            if (analyze_series(series_at(t, e, i), ind, &p->rules, period_year, m)) {
                analyze_result_fini(res);
                return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_ANALYZE);
            }
            analyze_scores(m, ind, &p->scores, max_weight, period_year, period_x);
            for (int l = 0; l < ANALYZE_NLEVELS; l++) {
                size_t k = analyze_group_of(p, ind, (analyze_level)l);
                if (k != PLAN_NONE && k < res->nlevel[l])
                    rollup_add(&res->level[l][e * res->nlevel[l] + k], m, ind->weight);
            }
            rollup_add(&res->overall[e], m, ind->weight);
        }
    }
    return 0;
}

void analyze_result_fini(analyze_result *res)
{
    free(res->m);
    for (int l = 0; l < ANALYZE_NLEVELS; l++) free(res->level[l]);
    free(res->overall);
    memset(res, 0, sizeof *res);
}

const analyze_metrics *analyze_at(const analyze_result *res, size_t entity, size_t indicator)
{
    TB_ASSERT(entity < res->nentities && indicator < res->nindicators);
    return &res->m[entity * res->nindicators + indicator];
}
