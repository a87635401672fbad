/* analyze.h - the statistics: least-squares trend per series (GSL), year-on-
 * year change, projection to the target year with a prediction interval
 * (linear or on the logit scale), gap, reach year, status, importance and
 * urgency scores, and weighted roll-ups per axis, policy, objective,
 * sub-objective, dimension and secretariat. Pure functions of
 * their inputs; GSL's abort-on-error handler is switched off once by
 * analyze_gsl_init() and every GSL result is checked with isfinite(). */
#ifndef TABLERO_ANALYZE_H
#define TABLERO_ANALYZE_H

#include <stddef.h>

#include "common.h"
#include "plan.h"
#include "series.h"

typedef enum analyze_status {
    ANALYZE_MET = 0,          /* cumplido */
    ANALYZE_ON_TRACK,         /* en camino */
    ANALYZE_UNCERTAIN,        /* proyección incierta: two points, or an
                                 interval wider than the configured width */
    ANALYZE_AT_RISK,          /* en riesgo */
    ANALYZE_OFF_TRACK,        /* fuera de camino */
    ANALYZE_INSUFFICIENT,     /* sin datos suficientes */
    ANALYZE_TO_CONFIRM,       /* a confirmar: met (or on track) on a value
                                 older than the staleness limit */
    ANALYZE_MET_DECLINING,    /* cumplido, en descenso: met now, but the
                                 trend likely leaves it below the target by
                                 the target year (or it was met in the
                                 target year and fell since) */
    ANALYZE_NSTATUS
} analyze_status;

/* The urgent/important matrix. */
typedef enum analyze_quadrant {
    ANALYZE_ACT_NOW = 0,      /* urgente e importante: actuar ya */
    ANALYZE_PLAN,             /* importante, no urgente: planificar */
    ANALYZE_MANAGE,           /* urgente, no importante: gestionar */
    ANALYZE_MONITOR,          /* ni urgente ni importante: monitorear */
    ANALYZE_NQUADRANTS
} analyze_quadrant;

/* Roll-up levels, in the order the reports and exports list them. */
typedef enum analyze_level {
    ANALYZE_LEVEL_AXIS = 0,
    ANALYZE_LEVEL_POLICY,
    ANALYZE_LEVEL_OBJECTIVE,
    ANALYZE_LEVEL_SUBOBJECTIVE,   /* flattened: objective 0's subs, then 1's... */
    ANALYZE_LEVEL_DIMENSION,
    ANALYZE_LEVEL_SECRETARIAT,
    ANALYZE_NLEVELS
} analyze_level;

/* Ordinary least squares of y on (x - xmean). */
typedef struct analyze_fit {
    size_t n;
    double xmean;      /* mean of x; the model is y = c0 + c1 (x - xmean) */
    double c0, c1;     /* intercept at xmean, slope per unit of x */
    double cov00, cov01, cov11;
    double sumsq;      /* residual sum of squares */
    double r2;         /* NAN when n < 3 or the total sum of squares is 0 */
    double c0_se, c1_se; /* NAN when n < 3 */
    double t_conf, t_quant; /* cached t(1-(1-t_conf)/2, n-2) for
                               analyze_predict; NAN when not cached */
    /* For the drift-method variance of analyze_predictive: the last x, the
     * span last - first x, and the variance per year of a random walk
     * with drift through the points, sum((dy - mu dx)² / dx) / (m - 1)
     * over the m steps between consecutive distinct x (mu = the drift from
     * first to last point); NAN with fewer than 2 steps. */
    double xlast, span, rw_var;
} analyze_fit;

/* Fits x,y (n values). Returns 0; -1 when n < 2, x is constant or a
 * result is not finite; TB_EX_OSERR when memory ran out (only possible
 * beyond 64 points). f is left with NANs when the result is not 0. */
int analyze_fit_linear(const double *x, const double *y, size_t n,
                       analyze_fit *f);

/* Value of the fitted line at x, and the prediction interval for a new
 * observation at level conf: y ± t(1-(1-conf)/2, n-2) * sqrt(se_fit² +
 * sumsq/(n-2)). *lo and *hi are NAN when n < 3. Returns 0 or -1. */
int analyze_predict(const analyze_fit *f, double x, double conf, double *y,
                    double *lo, double *hi);

/* Everything computed for one (municipality, indicator). Years are 0 and
 * values NAN where undefined. */
typedef struct analyze_metrics {
    size_t n;
    size_t nyears;            /* distinct years among the n points: every
                                 rule about "how much history" counts these */
    int first_year, last_year;
    int last_month;           /* month of the latest value, 0 when yearly */
    double latest;
    double previous;          /* value one year before the latest (same
                                 month for monthly values), NAN if missing */
    double yoy_change;        /* latest - previous */
    int has_fit;              /* n >= 2 and the fit is finite */
    analyze_fit fit;          /* linear fit: slope in units per year */
    int logit;                /* projection on the logit scale */
    analyze_fit pfit;         /* fit behind the projection: = fit when
                                 linear, on logit(value) when logit */
    double target;
    int target_year;
    double gap;               /* distance still to cover: target - latest
                                 (latest - target when lower is better);
                                 <= 0 means the target is met */
    int projection_year;      /* = target_year when a projection exists */
    double projection;        /* clamped to [value_min, value_max] */
    double pi_low, pi_high;   /* clamped; NAN when n < 3 */
    double projection_raw, pi_low_raw, pi_high_raw; /* before clamping */
    int clamped;              /* 1 when any of the three was clamped */
    int reach_year;           /* first year the (damped) projection reaches the
                                 target, within the horizon; 0 if none */
    int stale;                /* last_year older than the stale rule */
    int level_met;            /* the latest value meets the target */
    analyze_status pace;      /* the pace question alone: ANALYZE_ON_TRACK,
                                 _AT_RISK, _OFF_TRACK, _UNCERTAIN (too few
                                 years or too wide) or _INSUFFICIENT */
    double p_met;             /* P(target met in the target year) under the
                                 (widened) predictive distribution, mapped
                                 through the backtest's calibration when
                                 there is one; NAN when no pace verdict */
    double p_raw;             /* the same before calibration */
    double progress_ratio;    /* Open SDG ratio of observed to required
                                 compound annual growth; NAN if undefined */
    int judged_year;          /* observation judged for a target year that
                                 has been reached (its year), else 0 */
    double judged_value;
    double widen;             /* factor applied to the prediction scale */
    double damp;              /* share of the slope projected past the last
                                 observation (analyze_predictive) */
    analyze_status status;
    /* Scores (analyze_scores); every term is in 0..1. */
    double t_weight, t_gap;   /* importance terms */
    double t_status, t_decline, t_deadline, t_age; /* urgency terms */
    double decline;           /* worsening per year in the good direction
                                 (yoy change, else the slope); NAN if none */
    double importance, urgency;
    analyze_quadrant quadrant;
} analyze_metrics;

/* Comparisons with a target allow this much for binary rounding. */
#define ANALYZE_EPS 1e-9

/* 1 when v meets the indicator's target: >= target - tolerance (<=
 * target + tolerance when lower is better; within the band widened by the
 * tolerance for "mantener"), each with ANALYZE_EPS of slack. Pure. */
int analyze_meets(const plan_indicator *ind, const plan_rules *r, double v);
/* 1 when every value of [lo, hi] misses the target (below it, above it
 * when lower is better, outside the band on one side for "mantener"),
 * with the same tolerance as analyze_meets. Pure. */
int analyze_interval_misses(const plan_indicator *ind, const plan_rules *r, double lo, double hi);

/* Signed distance from v to the acceptance region in the good direction
 * (<= 0 inside it; for "mantener", distance to the band). Larger is
 * worse; rankings and "retrocesos" compare this, never the raw value. Pure. */
double analyze_gap(const plan_indicator *ind, double v);

/* Predictive distribution of a new observation at x: Student-t with dof
 * degrees of freedom, centre and scale on the model's scale (logit when
 * logit). With h = x - f->xlast (0 inside the history) the trend is
 * damped: the centre is the fitted line at x_e = xlast + damp·h (the level
 * at the last observation plus damp·slope·h), and
 *   scale = widen·max(sqrt(max(se(ŷ(x_e))² + SCR/(n-2),
 *                              rw_var·h·(1 + h/span))), r->min_sd),
 * the second term being the drift method's variance (a random walk with
 * drift through the same points): the wider of the two models, so a trend
 * that wanders is not forecast as if it were a straight line. The floor
 * is converted to the logit scale at the centre. */
typedef struct analyze_pred {
    double centre, scale, dof;
    int logit;
} analyze_pred;

/* The two-sided t quantile at r->confidence for dof degrees of freedom:
 * r's table (plan_rules_tabulate_t) when it holds it, else GSL's. Pure. */
double analyze_t_quantile(const plan_rules *r, double dof);

/* Fills *pd from fit f (n >= 3). Returns 0 or -1. Pure. */
int analyze_predictive(const analyze_fit *f, int logit, const plan_rules *r, double widen,
                       double damp, double x, analyze_pred *pd);

/* The x at which the fitted line gives the damped projection at x:
 * x itself up to f->xlast, xlast + damp·(x - xlast) beyond. Pure. */
double analyze_damped_x(const analyze_fit *f, double damp, double x);

/* Share of the fitted slope projected when the run's backtest could not
 * measure it (fewer than calib_min_checks checks): the share that
 * persisted in the long-history backtests (make backtest, 0.44-0.61 at
 * 1-6 years on gen_walk and gen_backtest), rounded to one half. */
#define ANALYZE_DAMP_DEFAULT 0.5

/* P(a new observation under pd meets the indicator's target). Pure. */
double analyze_p_meets(const analyze_pred *pd, const plan_indicator *ind,
                       const plan_rules *r);

/* The interval of pd at r->confidence, on the value scale. */
void analyze_pred_interval(const analyze_pred *pd, const plan_rules *r, double *lo,
                           double *hi);

/* Pace from a probability with the configured cuts. Pure. */
analyze_status analyze_pace_of_p(double p, const plan_rules *r);

/* Open SDG / Statistics Canada progress ratio: observed compound annual
 * growth from (x0, v0) to (x1, v1) over the growth still required from
 * v0 to the target by target_year; NAN when undefined (values <= 0, no
 * elapsed time). Pure. */
double analyze_sdg_ratio(const plan_indicator *ind, double x0, double v0, double x1,
                         double v1, double target_year);

/* Pace from an SDG ratio: >= 0.95 en camino, >= 0.6 en riesgo, else fuera
 * de camino; NAN gives proyección incierta. Pure. */
analyze_status analyze_pace_of_sdg(double ratio);

/* The projection model at x (years): value and interval for a new
 * observation (widened by m->widen and floored, as the status uses it),
 * back-transformed when the model is logit. Same contract as
 * analyze_predict. */
int analyze_curve(const analyze_metrics *m, const plan_rules *r, double x,
                  double *y, double *lo, double *hi);

/* Fills the importance and urgency terms, scores and quadrant of m (whose
 * other fields analyze_series has set). max_weight is the largest weight
 * in the plan; period_x the report period in years (year + (month-0.5)/12).
 * Pure. */
void analyze_scores(analyze_metrics *m, const plan_indicator *ind,
                    const plan_scores *sc, double max_weight, int period_year,
                    double period_x);

/* Computes m for one series. period_year is the report's year (staleness
 * and the reach horizon count from it). Returns 0, or TB_EX_OSERR when
 * memory ran out (series over 64 points only): m is then incomplete and
 * must not be used. analyze_series is analyze_series_ex with widen 1 and
 * no backtest. cal (may be NULL) gives the damping of the trend at the
 * horizon target year - last year (analyze_backtest_damp; without cal the
 * plain line) and the calibration of P. */
int analyze_series(const series *s, const plan_indicator *ind,
                   const plan_rules *r, int period_year, analyze_metrics *m);
struct analyze_backtest;
int analyze_series_ex(const series *s, const plan_indicator *ind, const plan_rules *r,
                      int period_year, double widen, const struct analyze_backtest *cal,
                      analyze_metrics *m);

/* Fits the projection model (linear, or linear on the logit) to the first
 * n points of s; pfit gets the model's fit, with the t quantile cached.
 * Returns 0, -1 (no fit) or TB_EX_OSERR. */
int analyze_fit_model(const series *s, size_t n, const plan_rules *r, analyze_fit *pfit);

/* Rolling-origin backtest of the projection method on the run's own data
 * (backtest.c). Horizons 1..ANALYZE_BT_MAXH are kept apart. */
#define ANALYZE_BT_MAXH 10
#define ANALYZE_BT_NBINS 20
#define ANALYZE_BT_PGROUPS 3 /* calibration groups: horizon 1, 2, >= 3 */
typedef struct analyze_backtest {
    size_t checks;           /* (series, cutoff, later year) predictions */
    size_t covered;          /* inside the interval before widening */
    size_t covered_widened;  /* inside the widened interval */
    double mae;              /* mean absolute error of the centre (pp) */
    size_t h_checks[ANALYZE_BT_MAXH + 1], h_covered[ANALYZE_BT_MAXH + 1];
    size_t h_covered_widened[ANALYZE_BT_MAXH + 1];
    size_t on_calls, on_hits;   /* "en camino" calls at a cutoff for a later
                                   observed year, and how many were met */
    size_t off_calls, off_hits; /* "fuera de camino" calls, and how many
                                   were met anyway */
    double widen;            /* factor over all horizons (1 when there were
                                fewer checks than the minimum; below 1
                                when past intervals were too wide) */
    double widen_h[ANALYZE_BT_MAXH + 1]; /* factor applied at horizon h
                                (years from the last value to the target
                                year; beyond the last, the last): the
                                horizon's own quantile when it has enough
                                checks, else the shorter horizon's */
    int calibrated;          /* checks >= rules.calib_min_checks */
    /* Trend damping: at horizon h, the least-squares share of the fitted
     * slope that persisted, sum((obs - level)·g) / sum(g²) with g =
     * slope·h and level the fitted value at the cutoff's last point,
     * clamped to 0..1, over the checks at h (a horizon with fewer than a
     * tenth of calib_min_checks inherits the shorter one's); with fewer
     * than calib_min_checks checks in all (damp_learnt 0), every horizon
     * gets ANALYZE_DAMP_DEFAULT. */
    double damp_h[ANALYZE_BT_MAXH + 1];
    int damp_learnt;
    /* Probability calibration: past calls (target not met at the cutoff,
     * the cutoff with at least rules.window_years distinct years, so that
     * its fit had the full window as the run's calls do) binned by their
     * P, and the share of each bin that met the target,
     * made non-decreasing (pool adjacent violators). Used when there are
     * calib_min_checks such calls (p_calibrated). */
    size_t p_n[ANALYZE_BT_NBINS], p_hits[ANALYZE_BT_NBINS];
    double p_rate[ANALYZE_BT_NBINS];
    int p_calibrated;
    /* The same per horizon group (1 year, 2 years, 3 years or more: a P
     * five years ahead does not mean what a P one year ahead does), each
     * used when it has calib_min_checks calls, else the pooled one. */
    size_t ph_n[ANALYZE_BT_PGROUPS][ANALYZE_BT_NBINS];
    size_t ph_hits[ANALYZE_BT_PGROUPS][ANALYZE_BT_NBINS];
    double ph_rate[ANALYZE_BT_PGROUPS][ANALYZE_BT_NBINS];
    int ph_calibrated[ANALYZE_BT_PGROUPS];
} analyze_backtest;

/* The calibration bin of a probability: ANALYZE_BT_NBINS bins of equal
 * width on the logit of P between 1/1000 and 999/1000 (the two end bins
 * open), so that the extremes, where the calls are made, are resolved:
 * equal widths on P would pool 0.95 with 0.999. Bin NBINS/2 starts at
 * 0.5. Pure. */
int analyze_backtest_bin(double p);

/* Lower edge of bin b in P (0 for the first, 1 for b = NBINS). Pure. */
double analyze_backtest_bin_from(int b);

/* P mapped through bt's pooled calibration (p itself when not
 * calibrated). */
double analyze_backtest_calibrate(const analyze_backtest *bt, double p);

/* P of a call h years ahead mapped through the calibration of its horizon
 * group when that one is in force, else the pooled one. */
double analyze_backtest_calibrate_h(const analyze_backtest *bt, double p, int h);

/* The calibration group of a horizon: 0 for 1 year (and less), 1 for 2,
 * 2 for 3 or more. Pure. */
int analyze_backtest_pgroup(int h);

/* Weighted roll-up of a group of indicators. */
typedef struct analyze_rollup {
    double index;            /* weighted mean of latest values; NAN if none */
    double weight;           /* sum of weights that entered the mean */
    size_t counts[ANALYZE_NSTATUS];
    size_t with_data;        /* indicators with at least one value */
    int year_min, year_max;  /* years of the latest values in the mean
                                (equal when they share one year); 0 if none */
    size_t total;
} analyze_rollup;

/* What a run keeps of each (municipality, indicator) for the network's
 * statistics, ranking and movers and the run's warnings, once the
 * municipality's own reports no longer need its full metrics: a tenth of
 * their size. The fields are those of analyze_metrics. */
typedef struct analyze_digest {
    double latest, previous, yoy_change, decline;
    size_t n;
    int last_year;
    unsigned char status;    /* analyze_status */
    unsigned char stale;
} analyze_digest;

/* Results of a run. Caller-owned; analyze_result_fini. A full result
 * (analyze_run_month) has every table; a network result
 * (analyze_run_network) has m, axis and level NULL, and each
 * municipality's full result comes from analyze_entity when its reports
 * are written, so memory does not grow with the municipalities' metrics. */
typedef struct analyze_result {
    size_t nentities, nindicators, naxes;
    analyze_digest *digest;  /* [e * nindicators + i]; NULL in a one-entity
                                result from analyze_entity */
    analyze_metrics *m;      /* [e * nindicators + i] */
    analyze_rollup *axis;    /* [e * naxes + a] (= level[ANALYZE_LEVEL_AXIS]) */
    analyze_rollup *overall; /* [e] */
    size_t nlevel[ANALYZE_NLEVELS];      /* groups per level */
    analyze_rollup *level[ANALYZE_NLEVELS]; /* [e * nlevel[l] + k] */
    analyze_backtest backtest; /* of the whole run */
    int all_stale_year;      /* when every series with data is stale, the
                                latest year of any value ("los datos llegan
                                hasta"), else 0 */
} analyze_result;

/* Runs the backtest over every series of t (widen 1), then fills bt->widen
 * from the empirical quantile of the standardised errors when there are
 * rules.calib_min_checks checks, and counts the calls with that factor.
 * Returns 0 or TB_EX_OSERR. */
int analyze_backtest_run(const plan *p, const series_table *t, analyze_backtest *bt);

/* The factor of bt for a horizon of h years (h clamped to 1..MAXH). */
double analyze_backtest_widen(const analyze_backtest *bt, int h);

/* The damping of bt for a horizon of h years (h clamped to 1..MAXH); 1
 * (the plain line) when bt is NULL. */
double analyze_backtest_damp(const analyze_backtest *bt, int h);

/* Switches GSL's error handler off (its default aborts the process). Call
 * once at start-up, before any other analyze_ call. */
void analyze_gsl_init(void);

/* Analyses every series of t. Returns 0 or TB_EX_OSERR. analyze_run is
 * analyze_run_month with month 0 (the period counted as mid-year). */
int analyze_run(analyze_result *res, const plan *p, const series_table *t,
                int period_year, tb_error *err);
int analyze_run_month(analyze_result *res, const plan *p, const series_table *t,
                      int period_year, int period_month, tb_error *err);

/* analyze_run_month where municipality e is measured against eplan[e]
 * (its own plan, plan/own.h: targets, weights, links, in p's indicator
 * order and with p's rules) when eplan and eplan[e] are not NULL, else
 * against p. The roll-up arrays are strided by the largest count of each
 * level over every plan used; res->nlevel holds those strides, so a
 * municipality's own counts come from analyze_level_counts of its plan. */
int analyze_run_plans(analyze_result *res, const plan *p, const plan *const *eplan,
                      const series_table *t, int period_year, int period_month, tb_error *err);

/* The number of groups of each level in p (axes, policies, objectives,
 * sub-objectives, dimensions, secretariats). Pure. */
void analyze_level_counts(const plan *p, size_t counts[ANALYZE_NLEVELS]);

/* Analyses every series of t like analyze_run_plans, but keeps only the
 * digests, the overall roll-ups and what is run-wide (backtest, all-stale
 * year, the strides in nlevel): m, axis and level stay NULL. Returns 0 or
 * TB_EX_OSERR. */
int analyze_run_network(analyze_result *res, const plan *p, const plan *const *eplan,
                        const series_table *t, int period_year, int period_month, tb_error *err);

/* The full result of municipality e of t against ep (its own plan; NULL:
 * p), as analyze_run_plans would give it for that row of the tables: *one
 * gets nentities 1, its own m, level, axis and overall (strided as run's;
 * caller frees with analyze_result_fini), digest NULL, and run's backtest
 * and all-stale year. run is a result of t (full or network). Returns 0 or
 * TB_EX_OSERR. */
int analyze_entity(const analyze_result *run, const plan *p, const plan *ep,
                   const series_table *t, size_t e, int period_year, int period_month,
                   analyze_result *one, tb_error *err);

/* What a digest keeps of m. Pure. */
analyze_digest analyze_digest_of(const analyze_metrics *m);

/* The digest of (entity, indicator). Borrowed; valid until
 * analyze_result_fini(). */
const analyze_digest *analyze_digest_at(const analyze_result *res, size_t entity,
                                        size_t indicator);

/* Index of an indicator's group at a level (sub-objectives flattened), or
 * PLAN_NONE when the indicator is not mapped at that level. Pure. */
size_t analyze_group_of(const plan *p, const plan_indicator *ind, analyze_level l);

/* Borrowed roll-up of group k of level l for entity e. */
const analyze_rollup *analyze_rollup_at(const analyze_result *res, analyze_level l,
                                        size_t entity, size_t k);
void analyze_result_fini(analyze_result *res);

/* Borrowed; valid until analyze_result_fini(). */
const analyze_metrics *analyze_at(const analyze_result *res, size_t entity,
                                  size_t indicator);

#endif
