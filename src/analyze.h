/* analyze.h - the statistics: least-squares trend per series (GSL), year-on-
 * year change, projection to the target year with a prediction interval,
 * gap, reach year, status, and weighted roll-ups per axis. Pure functions of
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
    ANALYZE_AT_RISK,          /* en riesgo */
    ANALYZE_OFF_TRACK,        /* fuera de camino */
    ANALYZE_INSUFFICIENT,     /* sin datos suficientes */
    ANALYZE_NSTATUS
} analyze_status;

/* Ordinary least squares of y on (x - xmean). */
typedef struct analyze_fit {
    size_t n;
    double xmean;      /* mean of x; the model is y = c0 + c1 (x - xmean) */
    double c0, c1;     /* intercept at xmean, slope per unit of x */
    double cov00, cov01, cov11;
    double sumsq;      /* residual sum of squares */
    double r2;         /* NAN when n < 3 or the total sum of squares is 0 */
    double c0_se, c1_se; /* NAN when n < 3 */
} analyze_fit;

/* Fits x,y (n values). Returns 0, or -1 when n < 2, x is constant or a
 * result is not finite (f is then left with NANs). */
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
    int first_year, last_year;
    double latest;
    double previous;          /* value of last_year - 1, NAN if missing */
    double yoy_change;        /* latest - previous */
    int has_fit;              /* n >= 2 and the fit is finite */
    analyze_fit fit;
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
    int reach_year;           /* first year the fitted line reaches the
                                 target, within the horizon; 0 if none */
    int stale;                /* last_year older than the stale rule */
    analyze_status status;
} analyze_metrics;

/* Computes m for one series. period_year is the report's year (staleness
 * and the reach horizon count from it). Pure. */
void analyze_series(const series *s, const plan_indicator *ind,
                    const plan_rules *r, int period_year, analyze_metrics *m);

/* Weighted roll-up of a group of indicators. */
typedef struct analyze_rollup {
    double index;            /* weighted mean of latest values; NAN if none */
    double weight;           /* sum of weights that entered the mean */
    size_t counts[ANALYZE_NSTATUS];
    size_t with_data;        /* indicators with at least one value */
    size_t total;
} analyze_rollup;

/* Results of a run. Caller-owned; analyze_result_fini. */
typedef struct analyze_result {
    size_t nentities, nindicators, naxes;
    analyze_metrics *m;      /* [e * nindicators + i] */
    analyze_rollup *axis;    /* [e * naxes + a] */
    analyze_rollup *overall; /* [e] */
} analyze_result;

/* Switches GSL's error handler off (its default aborts the process). Call
 * once at start-up, before any other analyze_ call. */
void analyze_gsl_init(void);

/* Analyses every series of t. Returns 0 or TB_EX_OSERR. */
int analyze_run(analyze_result *res, const plan *p, const series_table *t,
                int period_year, tb_error *err);
void analyze_result_fini(analyze_result *res);

/* Borrowed; valid until analyze_result_fini(). */
const analyze_metrics *analyze_at(const analyze_result *res, size_t entity,
                                  size_t indicator);

#endif
