/* analyze.c - trends, projections, gaps, statuses, scores and roll-ups (GSL).
 *
 * Rules (mirrored in the reports' methodology annex, es/report.h):
 *  - Time axis: a yearly value sits at its year, a monthly one (YYYY-MM) at
 *    year + (month - 0.5) / 12, so slopes are always per year.
 *  - Fit: ordinary least squares of the value on (x - mean x); x is
 *    centred because with raw years (2020...) the covariance terms are
 *    ~1e7 and cancel, losing about 11 digits of the interval.
 *  - Projection at the target year: the (damped, see below) fitted value
 *    when n >= 2; with n >= min_points_interval (3) also the interval of
 *    the predictive distribution below. With the
 *    logit model the same is done on z = logit(s/100), s being the value
 *    rescaled to 0..100 and clamped to [0.5, 99.5], and ŷ and both bounds
 *    are transformed back (so they stay inside the range by construction).
 *    The projection and bounds are clamped to [value_min, value_max] and
 *    flagged.
 *  - "Meets": >= target - tolerance (<= target + tolerance when lower is
 *    better; inside [band_min - tol, band_max + tol] for "mantener"), with
 *    ANALYZE_EPS (1e-9) of slack for binary rounding.
 *  - History is counted in distinct years, never in points: twelve monthly
 *    values of one year are one year of history.
 *  - Predictive distribution at x (n >= 3, distinct years >=
 *    min_points_interval): Student-t, n-2 degrees of freedom. Past the last
 *    observation (h = x - last x > 0) the trend is damped: centre = the
 *    line at last x + damp·h, damp the share of past slopes that persisted
 *    in the run's backtest at that horizon (ANALYZE_DAMP_DEFAULT, 0.5,
 *    when it has too few checks). Scale widen·max(sqrt(max(se(ŷ)² +
 *    SCR/(n-2), rw_var·h·(1 + h/span))), min_sd): the wider of the line and
 *    the drift method (a random walk with drift through the same points),
 *    floored (a series with zero residuals is not certain); widen comes
 *    from the run's backtest and may be below 1. The undamped line with
 *    the line's variance alone gave "en camino" calls right about half of
 *    the time and 80 % coverage at 5 years on short histories (make
 *    backtest, docs/STATUS.md).
 *  - Pace (the trend question): needs min_years_trend (4) distinct years,
 *    else "incierta"; otherwise P = P(target met in the target year) and
 *    en camino when P >= p_on_track (0.8), fuera de camino when P <=
 *    p_off_track (0.2), en riesgo between. An interval wider than
 *    max_interval_width is "incierta" in both directions, unless the
 *    whole interval misses the target (then "fuera de camino"). With [proyeccion]
 *    metodo = ods, the Open SDG ratio replaces P (cuts 0.95 / 0.6).
 *  - Status, first rule that applies:
 *      1. no value at all                          -> sin datos suficientes
 *      2. the target year has been observed: its observation is judged:
 *         met and still met -> cumplido (a confirmar when stale); met and
 *         fallen since -> cumplido, en descenso; not met -> fuera de camino
 *      3. the target year passed unobserved: latest met -> a confirmar,
 *         else fuera de camino
 *      4. the latest value meets the target: stale -> a confirmar; pace
 *         fuera de camino -> cumplido, en descenso; else cumplido
 *      5. one distinct year                        -> sin datos suficientes
 *      6. the pace (en camino turns "a confirmar" when stale)
 *  - Reach year: first whole year after the last observed year, up to
 *    period year + reach_horizon_years, where the projection meets the
 *    target; none when the latest value already meets it.
 *  - r² and standard errors need n >= 3 (two points fit exactly).
 *  - Stale: period year - last year > stale_years.
 *  - Scores (weights and references from [importancia] and [urgencia]):
 *      importance = (w_plan·weight/max weight + w_gap·clamp(gap/gap_ref))
 *                   / (w_plan + w_gap); the gap term is unknown_gap
 *                   without data
 *      urgency    = (w_status·status score + w_decline·clamp(decline/decline_ref)
 *                   + w_deadline·clamp(1 - years left/horizon)
 *                   + w_age·(1 - clamp(years since the last value/age_ref)))
 *                   / (sum of the four weights); the last term is freshness,
 *                   so fresh bad news ranks above old; 0 without data
 *      quadrant: urgent when urgency >= its threshold, important when
 *      importance >= its threshold.
 *  - Roll-ups: weighted mean (plan weights) of the latest values of the
 *    indicators that have any value; the others are counted, not averaged.
 *    The years of those latest values are kept (year_min, year_max), so a
 *    report can say when the mean mixes years.
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
    f->xlast = f->span = f->rw_var = NAN;
}

/* The random walk with drift through the points (x ascending): the drift
 * mu from the first to the last point and the variance per year of the
 * steps around it, each step's squared deviation divided by its length
 * (a walk's variance grows with the time elapsed). Steps within one x
 * (two readings of a year) are skipped. */
static void fit_random_walk(const double *x, const double *y, size_t n, analyze_fit *f)
{
    f->xlast = x[n - 1];
    f->span = x[n - 1] - x[0];
    if (!(f->span > ANALYZE_EPS)) return;
    double mu = (y[n - 1] - y[0]) / f->span, ss = 0;
    size_t steps = 0, prev = 0;
    for (size_t i = 1; i < n; i++) {
        double dx = x[i] - x[prev];
        if (!(dx > ANALYZE_EPS)) continue;
        double e = (y[i] - y[prev]) - mu * dx;
        ss += e * e / dx;
        steps++;
        prev = i;
    }
    if (steps >= 2) f->rw_var = ss / (double)(steps - 1);
}

/* The t quantile costs more than the rest of a prediction (the reports
 * evaluate the curve at ~50 points per chart), so each fit keeps the one
 * for the run's confidence level. */
double analyze_t_quantile(const plan_rules *r, double dof)
{
    if (r->t_conf == r->confidence && dof >= 1 && dof <= PLAN_T_DOF && dof == floor(dof))
        return r->t_quant[(int)dof];
    return gsl_cdf_tdist_Pinv(1.0 - (1.0 - r->confidence) / 2.0, dof);
}

static void fit_cache_t(analyze_fit *f, const plan_rules *r)
{
    if (f->n < 3) return;
    double conf = r->confidence;
    double t = analyze_t_quantile(r, (double)(f->n - 2));
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
    fit_random_walk(x, y, n, f);
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
    double tol = r->target_tolerance + ANALYZE_EPS;
    if (ind->maintain) return v >= ind->band_min - tol && v <= ind->band_max + tol;
    return ind->higher_is_better ? v >= ind->target - tol : v <= ind->target + tol;
}

int analyze_interval_misses(const plan_indicator *ind, const plan_rules *r, double lo, double hi)
{
    if (!isfinite(lo) || !isfinite(hi)) return 0;
    double tol = r->target_tolerance + ANALYZE_EPS;
    if (ind->maintain) return hi < ind->band_min - tol || lo > ind->band_max + tol;
    return ind->higher_is_better ? hi < ind->target - tol : lo > ind->target + tol;
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

/* Logit of a threshold on the value scale, without the clamp the data
 * get: a threshold at or beyond the range is -inf/+inf. */
static double threshold_logit(double v, const plan_rules *r)
{
    double s = (v - r->value_min) / (r->value_max - r->value_min);
    if (s <= 0.0) return -INFINITY;
    if (s >= 1.0) return INFINITY;
    return log(s / (1.0 - s));
}

double analyze_damped_x(const analyze_fit *f, double damp, double x)
{
    if (!(x > f->xlast)) return x;
    if (!(damp >= 0.0)) damp = 0.0;
    if (damp > 1.0) damp = 1.0;
    return f->xlast + damp * (x - f->xlast);
}

int analyze_predictive(const analyze_fit *f, int logit, const plan_rules *r, double widen,
                       double damp, double x, analyze_pred *pd)
{
    pd->centre = pd->scale = pd->dof = NAN;
    pd->logit = logit;
    if (f->n < 3) return -1;
    double yv, yerr;
    double xe = analyze_damped_x(f, damp, x);
    if (gsl_fit_linear_est(xe - f->xmean, f->c0, f->c1, f->cov00, f->cov01, f->cov11, &yv,
                           &yerr) || !isfinite(yv))
        return -1;
    double dof = (double)(f->n - 2);
    double var = yerr * yerr + f->sumsq / dof;
    double h = x - f->xlast;
    /* the drift method's variance, when wider: a line fitted to a few
     * years says nothing of how far a wandering series can go */
    if (h > 0 && isfinite(f->rw_var)) {
        double rw = f->rw_var * h * (1.0 + h / f->span);
        if (rw > var) var = rw;
    }
    double sc = sqrt(var);
    double floor_ = r->min_sd;
    if (logit) {
        /* the floor is stated in value units: on the logit scale it is
         * min_sd over the slope of the inverse logit at the centre */
        double q = 1.0 / (1.0 + exp(-yv));
        double d = (r->value_max - r->value_min) * q * (1.0 - q);
        floor_ = d > 0 ? r->min_sd / d : INFINITY;
    }
    if (!(sc >= floor_)) sc = floor_;
    /* widened after the floor, so that the backtest's factor (measured on
     * floored scales) means the same thing here */
    sc *= widen > 0.0 && isfinite(widen) ? widen : 1.0;
    if (!isfinite(sc) || !(sc > 0)) return -1;
    pd->centre = yv;
    pd->scale = sc;
    pd->dof = dof;
    return 0;
}

static double pred_cdf(const analyze_pred *pd, double v_model)
{
    if (v_model == INFINITY) return 1.0;
    if (v_model == -INFINITY) return 0.0;
    return gsl_cdf_tdist_P((v_model - pd->centre) / pd->scale, pd->dof);
}

static double to_model(const analyze_pred *pd, const plan_rules *r, double v)
{
    return pd->logit ? threshold_logit(v, r) : v;
}

double analyze_p_meets(const analyze_pred *pd, const plan_indicator *ind, const plan_rules *r)
{
    if (!isfinite(pd->centre) || !(pd->scale > 0)) return NAN;
    double tol = r->target_tolerance + ANALYZE_EPS;
    double p;
    if (ind->maintain)
        p = pred_cdf(pd, to_model(pd, r, ind->band_max + tol)) -
            pred_cdf(pd, to_model(pd, r, ind->band_min - tol));
    else if (ind->higher_is_better)
        p = 1.0 - pred_cdf(pd, to_model(pd, r, ind->target - tol));
    else
        p = pred_cdf(pd, to_model(pd, r, ind->target + tol));
    if (p < 0) p = 0;
    if (p > 1) p = 1;
    return isfinite(p) ? p : NAN;
}

/* The interval of pd with t, the quantile at r->confidence and pd->dof. */
static void interval_at_t(const analyze_pred *pd, const plan_rules *r, double t, double *lo,
                          double *hi)
{
    *lo = pd->centre - t * pd->scale;
    *hi = pd->centre + t * pd->scale;
    if (pd->logit) {
        *lo = from_logit(*lo, r);
        *hi = from_logit(*hi, r);
    }
    if (!isfinite(*lo) || !isfinite(*hi)) *lo = *hi = NAN;
}

void analyze_pred_interval(const analyze_pred *pd, const plan_rules *r, double *lo, double *hi)
{
    interval_at_t(pd, r, analyze_t_quantile(r, pd->dof), lo, hi);
}

analyze_status analyze_pace_of_p(double p, const plan_rules *r)
{
    if (!isfinite(p)) return ANALYZE_UNCERTAIN;
    if (p >= r->p_on_track - ANALYZE_EPS) return ANALYZE_ON_TRACK;
    if (p <= r->p_off_track + ANALYZE_EPS) return ANALYZE_OFF_TRACK;
    return ANALYZE_AT_RISK;
}

double analyze_sdg_ratio(const plan_indicator *ind, double x0, double v0, double x1, double v1,
                         double target_year)
{
    double target = ind->target;
    if (ind->maintain) target = v1 < ind->band_min ? ind->band_min : ind->band_max;
    if (!(v0 > 0) || !(v1 > 0) || !(target > 0)) return NAN;
    if (!(x1 - x0 > ANALYZE_EPS) || !(target_year - x0 > ANALYZE_EPS)) return NAN;
    double actual = pow(v1 / v0, 1.0 / (x1 - x0)) - 1.0;
    double required = pow(target / v0, 1.0 / (target_year - x0)) - 1.0;
    if (fabs(required) < ANALYZE_EPS) return NAN;
    double q = actual / required;
    return isfinite(q) ? q : NAN;
}

analyze_status analyze_pace_of_sdg(double ratio)
{
    if (!isfinite(ratio)) return ANALYZE_UNCERTAIN;
    if (ratio >= 0.95 - ANALYZE_EPS) return ANALYZE_ON_TRACK;
    if (ratio >= 0.6 - ANALYZE_EPS) return ANALYZE_AT_RISK;
    return ANALYZE_OFF_TRACK;
}

int analyze_curve(const analyze_metrics *m, const plan_rules *r, double x, double *y,
                  double *lo, double *hi)
{
    const analyze_fit *f = &m->pfit; /* = fit unless logit or windowed */
    int rc = analyze_predict(f, analyze_damped_x(f, m->damp, x), r->confidence, y, lo, hi);
    if (rc) return rc;
    if (m->logit) *y = from_logit(*y, r);
    *lo = *hi = NAN;
    if (m->nyears < (size_t)r->min_points_interval) return 0;
    analyze_pred pd;
    if (analyze_predictive(f, m->logit, r, m->widen, m->damp, x, &pd) != 0) return 0;
    /* A chart evaluates the curve at ~50 points: the fit's cached t (the
     * same quantile, pd->dof being f->n - 2) instead of one GSL inversion
     * per point, which was a tenth of a network run's instructions. */
    if (f->t_conf == r->confidence)
        interval_at_t(&pd, r, f->t_quant, lo, hi);
    else
        analyze_pred_interval(&pd, r, lo, hi);
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
    m->p_met = m->p_raw = m->progress_ratio = m->judged_value = NAN;
    m->widen = 1.0;
    m->damp = 1.0;
    fit_clear(&m->fit);
    fit_clear(&m->pfit);
    m->target = ind->target;
    m->target_year = ind->target_year;
    m->status = m->pace = ANALYZE_INSUFFICIENT;
}

/* A projection needs two distinct years (two readings of one year give a
 * slope of noise); an interval needs min_points_interval of them. */
static void project(analyze_metrics *m, const plan_rules *r)
{
    m->projection_year = m->target_year;
    if (m->nyears < 2) return;
    double y, lo, hi;
    if (analyze_curve(m, r, m->target_year, &y, &lo, &hi)) return;
    m->projection_raw = y;
    m->pi_low_raw = lo;
    m->pi_high_raw = hi;
    m->projection = clamp(m->projection_raw, r, &m->clamped);
    m->pi_low = clamp(m->pi_low_raw, r, &m->clamped);
    m->pi_high = clamp(m->pi_high_raw, r, &m->clamped);
}

/* Searched only after the last observation: a year already observed is
 * not a forecast. */
static int reach_year(const analyze_metrics *m, const plan_indicator *ind,
                      const plan_rules *r, int last)
{
    if (m->level_met || m->nyears < 2) return 0;
    for (int y = m->last_year + 1; y <= last; y++) {
        double v, lo, hi;
        if (analyze_curve(m, r, y, &v, &lo, &hi)) return 0;
        if (analyze_meets(ind, r, v)) return y;
    }
    return 0;
}

/* The pace question alone (see the rules at the top). */
static analyze_status pace_of(analyze_metrics *m, const plan_indicator *ind,
                              const plan_rules *r, const series *s, const analyze_backtest *cal)
{
    if (m->nyears < 2 || !m->has_fit) return ANALYZE_INSUFFICIENT;
    if (r->progress_sdg) {
        const series_point *a = &s->pts[0], *b = &s->pts[s->n - 1];
        m->progress_ratio = analyze_sdg_ratio(ind, series_point_x(a), a->value,
                                              series_point_x(b), b->value, m->target_year);
        return analyze_pace_of_sdg(m->progress_ratio);
    }
    if (m->nyears < (size_t)r->min_years_trend || m->nyears < (size_t)r->min_points_interval)
        return ANALYZE_UNCERTAIN;
    analyze_pred pd;
    if (analyze_predictive(&m->pfit, m->logit, r, m->widen, m->damp,
                           m->target_year, &pd))
        return ANALYZE_UNCERTAIN;
    m->p_raw = analyze_p_meets(&pd, ind, r);
    /* the calibration was learnt on series below their target: a met one
     * keeps its raw probability */
    m->p_met = cal && !m->level_met
                   ? analyze_backtest_calibrate_h(cal, m->p_raw,
                                                  m->target_year - m->last_year)
                   : m->p_raw;
    /* a wide interval says little, except when all of it misses the
     * target: 52 pp short with the upper bound still under it is off
     * track, however wide (issue: hopeless gaps were called "incierta") */
    if (isfinite(m->pi_low_raw) && m->pi_high_raw - m->pi_low_raw > r->max_interval_width)
        return analyze_interval_misses(ind, r, m->pi_low_raw, m->pi_high_raw) ? ANALYZE_OFF_TRACK
                                                                               : ANALYZE_UNCERTAIN;
    return analyze_pace_of_p(m->p_met, r);
}

/* The observation that answers "was the target met in its year": the
 * last one of the target year, else the first one after it. */
static const series_point *target_year_point(const series *s, int target_year)
{
    const series_point *best = NULL;
    for (size_t k = 0; k < s->n; k++) {
        if (s->pts[k].year == target_year) best = &s->pts[k];
        if (s->pts[k].year > target_year) return best ? best : &s->pts[k];
    }
    return best;
}

static analyze_status decide(analyze_metrics *m, const series *s, const plan_indicator *ind,
                             const plan_rules *r, int period_year)
{
    if (m->n == 0) return ANALYZE_INSUFFICIENT;
    const series_point *tp = target_year_point(s, m->target_year);
    if (tp) {
        m->judged_year = tp->year;
        m->judged_value = tp->value;
        if (!analyze_meets(ind, r, tp->value)) return ANALYZE_OFF_TRACK;
        if (!m->level_met) return ANALYZE_MET_DECLINING;
        return m->stale ? ANALYZE_TO_CONFIRM : ANALYZE_MET;
    }
    if (period_year > m->target_year) return m->level_met ? ANALYZE_TO_CONFIRM : ANALYZE_OFF_TRACK;
    if (m->level_met) {
        if (m->stale) return ANALYZE_TO_CONFIRM;
        if (!r->progress_sdg && m->pace == ANALYZE_OFF_TRACK) return ANALYZE_MET_DECLINING;
        return ANALYZE_MET;
    }
    if (m->nyears < 2) return ANALYZE_INSUFFICIENT;
    if (m->pace == ANALYZE_ON_TRACK && m->stale) return ANALYZE_TO_CONFIRM;
    return m->pace;
}

double analyze_gap(const plan_indicator *ind, double v)
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
    if (isfinite(m->yoy_change)) return analyze_gap(ind, m->latest) - analyze_gap(ind, m->previous);
    if (!m->has_fit || m->nyears < 2 || !isfinite(m->fit.c1)) return NAN;
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
        m->t_age = 0.0;
    } else {
        series_point last = {.year = m->last_year, .month = m->last_month};
        /* Yearly values are compared by year, monthly ones by month. */
        double age = m->last_month ? period_x - series_point_x(&last)
                                   : (double)(period_year - m->last_year);
        /* freshness: recent bad news is more urgent than old bad news */
        m->t_age = sc->age_ref > 0 ? 1.0 - unit(age / sc->age_ref) : 1.0;
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

/* Fits the first n points of s: the plain linear fit into lin (when not
 * NULL) and the projection model's fit into pfit. Returns 0, -1 or
 * TB_EX_OSERR. */
static int fit_points(const series *s, size_t n, const plan_rules *r, analyze_fit *lin,
                      analyze_fit *pfit)
{
    fit_clear(pfit);
    if (lin) fit_clear(lin);
    if (n < 2) return -1;
    double stack_x[FIT_STACK_N], stack_y[FIT_STACK_N];
    int small = n <= FIT_STACK_N;
    double *x = small ? stack_x : malloc(n * sizeof *x);
    double *y = small ? stack_y : malloc(n * sizeof *y);
    int rc = x && y ? 0 : TB_EX_OSERR;
    if (!rc) {
        for (size_t i = 0; i < n; i++) {
            x[i] = series_point_x(&s->pts[i]);
            y[i] = s->pts[i].value;
        }
        analyze_fit plain;
        rc = analyze_fit_linear(x, y, n, &plain);
        /* the projection follows the last window_years distinct years
         * (the plain fit, for the slope columns, keeps them all) */
        size_t w0 = 0;
        if (r->window_years > 0) {
            size_t years = 0;
            for (size_t i = n; i-- > 0;) {
                if (i + 1 == n || s->pts[i].year != s->pts[i + 1].year) years++;
                if (years > (size_t)r->window_years) break;
                w0 = i;
            }
        }
        if (!rc && r->projection_logit) {
            for (size_t i = w0; i < n; i++) y[i] = to_logit(y[i], r);
            rc = analyze_fit_linear(x + w0, y + w0, n - w0, pfit);
        } else if (!rc && w0 > 0) {
            rc = analyze_fit_linear(x + w0, y + w0, n - w0, pfit);
        } else if (!rc) {
            *pfit = plain;
        }
        if (!rc) {
            fit_cache_t(&plain, r);
            fit_cache_t(pfit, r);
            if (lin) *lin = plain;
        } else {
            fit_clear(pfit);
        }
    }
    if (!small) {
        free(x);
        free(y);
    }
    return rc;
}

int analyze_fit_model(const series *s, size_t n, const plan_rules *r, analyze_fit *pfit)
{
    return fit_points(s, n, r, NULL, pfit);
}

static size_t distinct_years(const series *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += i == 0 || s->pts[i].year != s->pts[i - 1].year;
    return k;
}

int analyze_series(const series *s, const plan_indicator *ind, const plan_rules *r,
                   int period_year, analyze_metrics *m)
{
    return analyze_series_ex(s, ind, r, period_year, 1.0, NULL, m);
}

int analyze_series_ex(const series *s, const plan_indicator *ind, const plan_rules *r,
                      int period_year, double widen, const analyze_backtest *cal,
                      analyze_metrics *m)
{
    metrics_clear(m, ind);
    m->n = s->n;
    m->nyears = distinct_years(s, s->n);
    m->logit = r->projection_logit != 0;
    m->widen = widen > 0.0 && isfinite(widen) ? widen : 1.0;
    if (s->n > 0) {
        m->damp = analyze_backtest_damp(cal, ind->target_year - s->pts[s->n - 1].year);
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
        m->gap = analyze_gap(ind, m->latest);
        m->stale = period_year - m->last_year > r->stale_years;
        m->level_met = analyze_meets(ind, r, m->latest);
    }
    if (s->n >= 2) {
        int rc = fit_points(s, s->n, r, &m->fit, &m->pfit);
        if (rc == TB_EX_OSERR) return rc;
        m->has_fit = rc == 0;
    }
    if (m->has_fit) {
        project(m, r);
        m->reach_year = reach_year(m, ind, r, period_year + r->reach_horizon_years);
    }
    m->pace = pace_of(m, ind, r, s, cal);
    m->status = decide(m, s, ind, r, period_year);
    return 0;
}

static void rollup_add(analyze_rollup *u, const analyze_metrics *m, double w)
{
    u->total++;
    u->counts[m->status]++;
    if (m->n == 0) return;
    u->with_data++;
    if (!u->year_min || m->last_year < u->year_min) u->year_min = m->last_year;
    if (m->last_year > u->year_max) u->year_max = m->last_year;
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

void analyze_level_counts(const plan *p, size_t counts[ANALYZE_NLEVELS])
{
    const size_t c[ANALYZE_NLEVELS] = {p->naxes, p->npolicies, p->nobjectives,
                                       plan_count_subobjectives(p), p->ndimensions,
                                       p->nsecretariats};
    memcpy(counts, c, sizeof c);
}

static double max_weight_of(const plan *p)
{
    double w = 0;
    for (size_t i = 0; i < p->nindicators; i++)
        if (p->indicators[i].weight > w) w = p->indicators[i].weight;
    return w;
}

static double period_x_of(int period_year, int period_month)
{
    return period_month ? period_year + (period_month - 0.5) / 12.0 : period_year + 0.5;
}

/* Analyses entity e of t against ep (its own plan, or p; p's rules either
 * way) into m[0..nindicators), the roll-ups level[l][0..nlevel[l]) and
 * *overall, with the run's backtest. Returns 0, or -1 out of memory. */
static int analyze_one(const plan *p, const plan *ep, const series_table *t, size_t e,
                       int period_year, double period_x, double max_weight,
                       const analyze_backtest *bt, analyze_metrics *m,
                       analyze_rollup *const level[ANALYZE_NLEVELS],
                       const size_t nlevel[ANALYZE_NLEVELS], analyze_rollup *overall)
{
    rollup_clear(overall);
    for (int l = 0; l < ANALYZE_NLEVELS; l++)
        for (size_t g = 0; g < nlevel[l]; g++) rollup_clear(&level[l][g]);
    for (size_t i = 0; i < p->nindicators; i++) {
        const plan_indicator *ind = &ep->indicators[i];
        const series *s = series_at(t, e, i);
        int h = s->n ? ind->target_year - s->pts[s->n - 1].year : 1;
        if (analyze_series_ex(s, ind, &p->rules, period_year, analyze_backtest_widen(bt, h), bt,
                              &m[i]))
            return -1;
        analyze_scores(&m[i], ind, &ep->scores, max_weight, period_year, period_x);
        for (int l = 0; l < ANALYZE_NLEVELS; l++) {
            size_t g = analyze_group_of(ep, ind, (analyze_level)l);
            if (g != PLAN_NONE && g < nlevel[l]) rollup_add(&level[l][g], &m[i], ind->weight);
        }
        rollup_add(overall, &m[i], ind->weight);
    }
    return 0;
}

analyze_digest analyze_digest_of(const analyze_metrics *m)
{
    return (analyze_digest){m->latest, m->previous, m->yoy_change, m->decline, m->n,
                            m->last_year, (unsigned char)m->status, (unsigned char)m->stale};
}

/* The shape of res (nentities rows of p's indicators, roll-ups strided by
 * counts), its tables allocated: every one, or (network) only digest and
 * overall. Returns 0, or -1 out of memory (res still valid for
 * analyze_result_fini). */
static int result_alloc(analyze_result *res, const plan *p, size_t nentities,
                        const size_t counts[ANALYZE_NLEVELS], int tables, int digests)
{
    memset(res, 0, sizeof *res);
    res->nentities = nentities;
    res->nindicators = p->nindicators;
    res->naxes = counts[ANALYZE_LEVEL_AXIS];
    size_t ne = nentities ? nentities : 1, ni = p->nindicators ? p->nindicators : 1;
    int oom = 0;
    for (int l = 0; l < ANALYZE_NLEVELS; l++) {
        res->nlevel[l] = counts[l];
        if (!tables) continue;
        res->level[l] = calloc(ne * (counts[l] ? counts[l] : 1), sizeof *res->level[l]);
        oom |= !res->level[l];
    }
    res->axis = res->level[ANALYZE_LEVEL_AXIS];
    if (tables) oom |= !(res->m = calloc(ne * ni, sizeof *res->m));
    if (digests) oom |= !(res->digest = calloc(ne * ni, sizeof *res->digest));
    oom |= !(res->overall = calloc(ne, sizeof *res->overall));
    return oom ? -1 : 0;
}

/* analyze_run_plans (tables = 1) and analyze_run_network (0). */
static int run_all(analyze_result *res, const plan *p, const plan *const *eplan,
                   const series_table *t, int period_year, int period_month, int tables,
                   tb_error *err)
{
    size_t counts[ANALYZE_NLEVELS];
    analyze_level_counts(p, counts);
    for (size_t e = 0; eplan && e < t->nentities; e++) {
        if (!eplan[e]) continue;
        TB_ASSERT(eplan[e]->nindicators == p->nindicators);
        size_t c[ANALYZE_NLEVELS];
        analyze_level_counts(eplan[e], c);
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            if (c[l] > counts[l]) counts[l] = c[l];
    }
    /* the network form analyses each municipality into one reused row */
    analyze_result row;
    memset(&row, 0, sizeof row);
    if (result_alloc(res, p, t->nentities, counts, tables, 1) ||
        (!tables && result_alloc(&row, p, 1, counts, 1, 0)))
        goto oom;
    double base_max_weight = max_weight_of(p), period_x = period_x_of(period_year, period_month);
    if (analyze_backtest_run(p, t, &res->backtest)) goto oom;
    size_t ni = p->nindicators;
    int any_fresh = 0, last_seen = 0;
    for (size_t e = 0; e < t->nentities; e++) {
        const plan *ep = eplan && eplan[e] ? eplan[e] : p;
        double max_weight = ep == p ? base_max_weight : max_weight_of(ep);
        analyze_rollup *level[ANALYZE_NLEVELS];
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            level[l] = tables ? &res->level[l][e * res->nlevel[l]] : row.level[l];
        analyze_metrics *m = tables ? &res->m[e * ni] : row.m;
        if (analyze_one(p, ep, t, e, period_year, period_x, max_weight, &res->backtest, m, level,
                        res->nlevel, &res->overall[e]))
            goto oom;
        for (size_t i = 0; i < ni; i++) {
            res->digest[e * ni + i] = analyze_digest_of(&m[i]);
            if (m[i].n > 0) {
                any_fresh |= !m[i].stale;
                if (m[i].last_year > last_seen) last_seen = m[i].last_year;
            }
        }
    }
    analyze_result_fini(&row);
    res->all_stale_year = any_fresh ? 0 : last_seen;
    return 0;
oom:
    analyze_result_fini(&row);
    analyze_result_fini(res);
    return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_ANALYZE);
}

int analyze_run_month(analyze_result *res, const plan *p, const series_table *t,
                      int period_year, int period_month, tb_error *err)
{
    return analyze_run_plans(res, p, NULL, t, period_year, period_month, err);
}

int analyze_run_plans(analyze_result *res, const plan *p, const plan *const *eplan,
                      const series_table *t, int period_year, int period_month, tb_error *err)
{
    return run_all(res, p, eplan, t, period_year, period_month, 1, err);
}

int analyze_run_network(analyze_result *res, const plan *p, const plan *const *eplan,
                        const series_table *t, int period_year, int period_month, tb_error *err)
{
    return run_all(res, p, eplan, t, period_year, period_month, 0, err);
}

int analyze_entity(const analyze_result *run, const plan *p, const plan *ep,
                   const series_table *t, size_t e, int period_year, int period_month,
                   analyze_result *one, tb_error *err)
{
    TB_ASSERT(e < t->nentities);
    if (!ep) ep = p;
    if (result_alloc(one, p, 1, run->nlevel, 1, 0) ||
        analyze_one(p, ep, t, e, period_year, period_x_of(period_year, period_month),
                    max_weight_of(ep), &run->backtest, one->m, one->level, one->nlevel,
                    one->overall)) {
        analyze_result_fini(one);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_ANALYZE);
    }
    one->backtest = run->backtest;
    one->all_stale_year = run->all_stale_year;
    return 0;
}

void analyze_result_fini(analyze_result *res)
{
    free(res->m);
    free(res->digest);
    for (int l = 0; l < ANALYZE_NLEVELS; l++) free(res->level[l]);
    free(res->overall);
    memset(res, 0, sizeof *res);
}

const analyze_metrics *analyze_at(const analyze_result *res, size_t entity, size_t indicator)
{
    TB_ASSERT(res->m && entity < res->nentities && indicator < res->nindicators);
    return &res->m[entity * res->nindicators + indicator];
}

const analyze_digest *analyze_digest_at(const analyze_result *res, size_t entity,
                                        size_t indicator)
{
    TB_ASSERT(res->digest && entity < res->nentities && indicator < res->nindicators);
    return &res->digest[entity * res->nindicators + indicator];
}
