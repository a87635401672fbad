/* backtest.c - the projection method tried on the run's own history.
 *
 * Rolling origin: for every series and every cutoff year with at least
 * max(min_years_trend, min_points_interval) distinct years up to it, the
 * projection model is fitted to the points up to the cutoff and each later
 * observed point is predicted. Each prediction is one check: was the
 * observation inside the interval, how far was the centre. The standardised
 * errors |obs - centre| / (scale · t) (1 = the interval's edge) give the
 * factor that would have made past coverage nominal: their empirical
 * quantile at the confidence level, per horizon, used (with
 * calib_min_checks checks or more) to widen this run's intervals, or to
 * narrow them when past ones were too wide. Then,
 * with that factor, each (cutoff, later year) where the target was not met
 * at the cutoff gets its P(target met), as if that later year were the
 * target year; those whose cutoff had the full projection window
 * (window_years distinct years), as the run's own calls have, binned and
 * compared with what was observed, give the calibration of P, pooled and
 * per horizon group (pass 1): a P fitted to fewer points (wider t,
 * a shorter view of a curve that may bend later) does not mean what it
 * means at the latest cutoff. Last (pass 2), the same cases are called with
 * the run's pace rule on the calibrated P and the calls are counted.
 * Before all of them, the same checks measure how much of each fitted
 * slope persisted, per horizon (bt_damp_series): the damping every later
 * pass, and the run's projections, use. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "dsort.h"

/* Every check's ratio (|error| / half-width of the unwidened interval),
 * kept by horizon: bucket h holds horizon h (1..ANALYZE_BT_MAXH), bucket
 * ANALYZE_BT_MAXH + 1 those beyond, bucket 0 any under 1. Eight bytes a
 * check, because a national network makes millions of them, and each
 * bucket is sorted on its own: the quantiles are the same as over one
 * array of (ratio, horizon) sorted by ratio, since equal ratios are equal. */
#define BT_BUCKETS (ANALYZE_BT_MAXH + 2)

typedef struct bt_ratios {
    double *v[BT_BUCKETS];
    size_t n[BT_BUCKETS], cap[BT_BUCKETS];
    size_t total;
} bt_ratios;

static int bt_bucket(int h)
{
    return h < 1 ? 0 : h > ANALYZE_BT_MAXH ? ANALYZE_BT_MAXH + 1 : h;
}

/* The horizon whose widening applies to bucket b (analyze_backtest_widen
 * clamps to 1..ANALYZE_BT_MAXH). */
static int bt_bucket_h(int b)
{
    return b < 1 ? 1 : b > ANALYZE_BT_MAXH ? ANALYZE_BT_MAXH : b;
}

/* The q-th smallest ratio of all buckets (1 <= q <= total; each bucket
 * sorted), walking them together. */
static double bt_nth(const bt_ratios *rs, size_t q)
{
    size_t at[BT_BUCKETS] = {0};
    double v = NAN;
    for (size_t seen = 0; seen < q; seen++) {
        int best = -1;
        for (int b = 0; b < BT_BUCKETS; b++)
            if (at[b] < rs->n[b] && (best < 0 || rs->v[b][at[b]] < rs->v[best][at[best]])) best = b;
        v = rs->v[best][at[best]++];
    }
    return v;
}

/* Model-scale value of an observation, as the fit saw the data. */
static double obs_model(const plan_rules *r, int logit, double v)
{
    if (!logit) return v;
    double s = 100.0 * (v - r->value_min) / (r->value_max - r->value_min);
    if (s < 0.5) s = 0.5;
    if (s > 99.5) s = 99.5;
    s /= 100.0;
    return log(s / (1.0 - s));
}

static double centre_value(const plan_rules *r, const analyze_pred *pd)
{
    double v = pd->logit ? r->value_min + (r->value_max - r->value_min) / (1.0 + exp(-pd->centre))
                         : pd->centre;
    if (v < r->value_min) v = r->value_min;
    if (v > r->value_max) v = r->value_max;
    return v;
}

/* Index one past the last point of year y at or after k, or k. */
static size_t end_of_year(const series *s, size_t k)
{
    int y = s->pts[k].year;
    while (k < s->n && s->pts[k].year == y) k++;
    return k;
}

/* Sums behind the damping per horizon: sum((obs - level)·g), sum(g²)
 * and the number of checks, g = slope·h on the model's scale. */
typedef struct bt_damp_sums {
    double num[ANALYZE_BT_MAXH + 1], den[ANALYZE_BT_MAXH + 1];
    size_t n[ANALYZE_BT_MAXH + 1], total;
} bt_damp_sums;

static size_t bt_need(const plan_rules *r)
{
    return (size_t)(r->min_years_trend > r->min_points_interval ? r->min_years_trend
                                                                 : r->min_points_interval);
}

/* The cutoffs of a series, in order: after each year's last point, once
 * `need` distinct years are behind it and some point is ahead. */
typedef struct bt_cuts {
    size_t cut, years, need;
} bt_cuts;

/* The next cutoff whose model fit succeeds: 1 with *end (points before
 * it) and *f; 0 when none is left; TB_EX_OSERR out of memory. */
static int bt_next_fit(const series *s, const plan_rules *r, bt_cuts *c, size_t *end,
                       analyze_fit *f)
{
    while (c->cut < s->n) {
        size_t e = end_of_year(s, c->cut);
        c->years++;
        c->cut = e;
        if (c->years < c->need || e >= s->n) continue;
        int rc = analyze_fit_model(s, e, r, f);
        if (rc == TB_EX_OSERR) return rc;
        if (rc) continue;
        *end = e;
        return 1;
    }
    return 0;
}

/* One series into the damping sums: for every cutoff as in bt_series,
 * how far each later observation moved from the level at the cutoff
 * against how far the fitted slope said it would. */
static int bt_damp_series(const series *s, const plan_rules *r, bt_damp_sums *ds)
{
    int logit = r->projection_logit != 0;
    bt_cuts c = {0, 0, bt_need(r)};
    size_t end;
    analyze_fit f;
    int rc;
    while ((rc = bt_next_fit(s, r, &c, &end, &f)) == 1) {
        if (f.n < 3) continue;
        double level = f.c0 + f.c1 * (f.xlast - f.xmean);
        for (size_t k = end; k < s->n; k++) {
            int h = s->pts[k].year - s->pts[end - 1].year;
            double g = f.c1 * (series_point_x(&s->pts[k]) - f.xlast);
            double d = obs_model(r, logit, s->pts[k].value) - level;
            if (h < 1 || !isfinite(g) || !isfinite(d)) continue;
            if (h > ANALYZE_BT_MAXH) h = ANALYZE_BT_MAXH;
            ds->num[h] += d * g;
            ds->den[h] += g * g;
            ds->n[h]++;
            ds->total++;
        }
    }
    return rc;
}

/* The damping per horizon from the sums (see analyze_backtest). */
static void damp_factors(analyze_backtest *bt, const bt_damp_sums *ds, size_t min_checks)
{
    bt->damp_learnt = ds->total >= min_checks && ds->total > 0;
    size_t need = min_checks / 10 ? min_checks / 10 : 1;
    double prev = ANALYZE_DAMP_DEFAULT;
    for (int h = 0; h <= ANALYZE_BT_MAXH; h++) {
        double d = prev;
        if (bt->damp_learnt && h >= 1 && ds->n[h] >= need && ds->den[h] > 0) {
            d = ds->num[h] / ds->den[h];
            if (!(d > 0.0)) d = 0.0;
            if (d > 1.0) d = 1.0;
        }
        bt->damp_h[h] = d;
        if (h >= 1) prev = d;
    }
    bt->damp_h[0] = bt->damp_h[1];
}

/* The calls of pass 1, counted by what decides them once the calibration
 * is known: a call with a finite P is "en camino" or "fuera" according to
 * the calibrated rate of its (horizon group, bin), or to its raw P where
 * nothing is calibrated, and a too-wide interval wholly on the wrong side
 * is "fuera" whatever P says. Counting them so spares a third pass that
 * refitted every series at every cutoff to find the same P again (a
 * quarter of the backtest's time). */
typedef struct bt_tally {
    size_t n[ANALYZE_BT_PGROUPS][ANALYZE_BT_NBINS], met[ANALYZE_BT_PGROUPS][ANALYZE_BT_NBINS];
    size_t raw_on, raw_on_met, raw_off, raw_off_met;
    size_t wide_off, wide_off_met;
} bt_tally;

/* One series: pass 0 collects coverage and ratios, pass 1 the calls
 * (calibration cases and tl), pass 2 the calls of the progress method. */
static int bt_series(const series *s, const plan_indicator *ind, const plan_rules *r,
                     int pass, analyze_backtest *bt, bt_ratios *rs, double *abs_sum,
                     bt_tally *tl)
{
    int logit = r->projection_logit != 0;
    bt_cuts c = {0, 0, bt_need(r)};
    size_t end;
    analyze_fit f;
    int rc;
    while ((rc = bt_next_fit(s, r, &c, &end, &f)) == 1) {
        const series_point *at_cut = &s->pts[end - 1];
        int met_at_cut = analyze_meets(ind, r, at_cut->value);
        for (size_t k = end; k < s->n; k++) {
            const series_point *pt = &s->pts[k];
            int h = pt->year - at_cut->year;
            analyze_pred pd;
            if (pass == 0) {
                double x = series_point_x(pt);
                if (analyze_predictive(&f, logit, r, 1.0, analyze_backtest_damp(bt, h), x, &pd))
                    continue;
                double t = analyze_t_quantile(r, pd.dof);
                double ratio = fabs(obs_model(r, logit, pt->value) - pd.centre) / (pd.scale * t);
                if (!isfinite(ratio)) continue;
                int b = bt_bucket(h);
                double *nv = tb_grow(rs->v[b], rs->n[b], &rs->cap[b], sizeof *nv, 1024);
                if (!nv) return TB_EX_OSERR;
                rs->v[b] = nv;
                rs->v[b][rs->n[b]++] = ratio;
                rs->total++;
                bt->checks++;
                bt->covered += ratio <= 1.0;
                *abs_sum += fabs(pt->value - centre_value(r, &pd));
                if (h >= 1 && h <= ANALYZE_BT_MAXH) {
                    bt->h_checks[h]++;
                    bt->h_covered[h] += ratio <= 1.0;
                }
                continue;
            }
            /* calls: one per later year (its last point), target not met
             * at the cutoff, judged as if that year were the target year */
            if (met_at_cut || (k + 1 < s->n && s->pts[k + 1].year == pt->year)) continue;
            analyze_status call;
            if (pass == 1 && r->progress_sdg) continue;   /* no P to calibrate */
            if (r->progress_sdg) {
                const series_point *a = &s->pts[0];
                call = analyze_pace_of_sdg(analyze_sdg_ratio(ind, series_point_x(a), a->value,
                                                             series_point_x(at_cut),
                                                             at_cut->value, pt->year));
            } else {
                if (analyze_predictive(&f, logit, r, analyze_backtest_widen(bt, h),
                                       analyze_backtest_damp(bt, h), pt->year, &pd))
                    continue;
                double lo, hi;
                analyze_pred_interval(&pd, r, &lo, &hi);
                double pr = analyze_p_meets(&pd, ind, r);
                int hit = analyze_meets(ind, r, pt->value);
                /* the run's rule: too wide is no call, unless all of it
                 * misses the target (then off track) */
                int wide = isfinite(lo) && hi - lo > r->max_interval_width;
                if (wide) {
                    if (analyze_interval_misses(ind, r, lo, hi)) {
                        tl->wide_off++;
                        tl->wide_off_met += hit;
                    }
                    continue;
                }
                if (!isfinite(pr)) continue;   /* "incierta": no call */
                int b = analyze_backtest_bin(pr), g = analyze_backtest_pgroup(h);
                tl->n[g][b]++;
                tl->met[g][b] += hit;
                analyze_status raw = analyze_pace_of_p(pr, r);
                tl->raw_on += raw == ANALYZE_ON_TRACK;
                tl->raw_on_met += raw == ANALYZE_ON_TRACK && hit;
                tl->raw_off += raw == ANALYZE_OFF_TRACK;
                tl->raw_off_met += raw == ANALYZE_OFF_TRACK && hit;
                /* calibrate on cases that resemble the run's calls: a fit
                 * over the full window, as the latest cutoff has */
                int short_fit = r->window_years > 0 && c.years < (size_t)r->window_years;
                if (!short_fit) {
                    bt->p_n[b]++;
                    bt->p_hits[b] += hit;
                    bt->ph_n[g][b]++;
                    bt->ph_hits[g][b] += hit;
                }
                continue;
            }
            int met = analyze_meets(ind, r, pt->value);
            if (call == ANALYZE_ON_TRACK) {
                bt->on_calls++;
                bt->on_hits += met;
            } else if (call == ANALYZE_OFF_TRACK) {
                bt->off_calls++;
                bt->off_hits += met;
            }
        }
    }
    return rc;
}

/* The calls of tl, judged with the calibration just learnt (what
 * analyze_backtest_calibrate_h gives each of them), into bt's counts. */
static void tally_calls(analyze_backtest *bt, const bt_tally *tl, const plan_rules *r)
{
    bt->off_calls += tl->wide_off;
    bt->off_hits += tl->wide_off_met;
    if (!bt->p_calibrated) {
        bt->on_calls += tl->raw_on;
        bt->on_hits += tl->raw_on_met;
        bt->off_calls += tl->raw_off;
        bt->off_hits += tl->raw_off_met;
        return;
    }
    for (int g = 0; g < ANALYZE_BT_PGROUPS; g++)
        for (int b = 0; b < ANALYZE_BT_NBINS; b++) {
            if (!tl->n[g][b]) continue;
            double rate = bt->ph_calibrated[g] ? bt->ph_rate[g][b] : bt->p_rate[b];
            analyze_status call = analyze_pace_of_p(rate, r);
            if (call == ANALYZE_ON_TRACK) {
                bt->on_calls += tl->n[g][b];
                bt->on_hits += tl->met[g][b];
            } else if (call == ANALYZE_OFF_TRACK) {
                bt->off_calls += tl->n[g][b];
                bt->off_hits += tl->met[g][b];
            }
        }
}

/* Pool adjacent violators over the bins, weighted by their counts: the
 * least-squares non-decreasing fit of the bins' hit rates. */
static int calibrate_bins(const size_t *n, const size_t *hits, double *rate, size_t min_calls)
{
    size_t total = 0;
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) total += n[b];
    if (total < min_calls || total == 0) return 0;
    double val[ANALYZE_BT_NBINS], wt[ANALYZE_BT_NBINS];
    int first[ANALYZE_BT_NBINS], nb = 0;
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) {
        if (!n[b]) continue;
        val[nb] = (double)hits[b] / (double)n[b];
        wt[nb] = (double)n[b];
        first[nb] = b;
        nb++;
        while (nb > 1 && val[nb - 2] > val[nb - 1]) {
            double w = wt[nb - 2] + wt[nb - 1];
            val[nb - 2] = (val[nb - 2] * wt[nb - 2] + val[nb - 1] * wt[nb - 1]) / w;
            wt[nb - 2] = w;
            nb--;
        }
    }
    /* each bin takes the value of the block it falls in; an empty bin
     * the value of the block before it (0 before the first) */
    int k = 0;
    double cur = nb ? val[0] : 0.0;
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) {
        while (k + 1 < nb && first[k + 1] <= b) k++;
        if (nb && first[k] <= b) cur = val[k];
        rate[b] = cur;
    }
    return 1;
}

int analyze_backtest_pgroup(int h)
{
    if (h <= 1) return 0;
    return h >= ANALYZE_BT_PGROUPS ? ANALYZE_BT_PGROUPS - 1 : h - 1;
}

double analyze_backtest_calibrate_h(const analyze_backtest *bt, double p, int h)
{
    if (!bt || !isfinite(p)) return p;
    int g = analyze_backtest_pgroup(h);
    if (bt->ph_calibrated[g]) return bt->ph_rate[g][analyze_backtest_bin(p)];
    return analyze_backtest_calibrate(bt, p);
}

/* Half the logit range the bins cover: P from 1/1000 to 999/1000. */
#define BIN_LOGIT_HALF 6.906754778648554 /* ln 999 */

int analyze_backtest_bin(double p)
{
    if (!(p > 0.0)) return 0;
    if (!(p < 1.0)) return ANALYZE_BT_NBINS - 1;
    double z = log(p / (1.0 - p));
    double b = floor((z + BIN_LOGIT_HALF) * ANALYZE_BT_NBINS / (2.0 * BIN_LOGIT_HALF));
    if (b < 0) return 0;
    if (b >= ANALYZE_BT_NBINS) return ANALYZE_BT_NBINS - 1;
    return (int)b;
}

double analyze_backtest_bin_from(int b)
{
    if (b <= 0) return 0.0;
    if (b >= ANALYZE_BT_NBINS) return 1.0;
    /* written so that the middle edge is exactly 0 */
    double z = BIN_LOGIT_HALF * (double)(2 * b - ANALYZE_BT_NBINS) / ANALYZE_BT_NBINS;
    return 1.0 / (1.0 + exp(-z));
}

double analyze_backtest_calibrate(const analyze_backtest *bt, double p)
{
    if (!bt || !bt->p_calibrated || !isfinite(p)) return p;
    return bt->p_rate[analyze_backtest_bin(p)];
}

double analyze_backtest_damp(const analyze_backtest *bt, int h)
{
    if (!bt) return 1.0;
    if (h < 1) h = 1;
    if (h > ANALYZE_BT_MAXH) h = ANALYZE_BT_MAXH;
    return bt->damp_h[h];
}

double analyze_backtest_widen(const analyze_backtest *bt, int h)
{
    if (h < 1) h = 1;
    if (h > ANALYZE_BT_MAXH) h = ANALYZE_BT_MAXH;
    return bt->widen_h[h] > 0.0 && isfinite(bt->widen_h[h]) ? bt->widen_h[h] : 1.0;
}

/* Per-horizon quantiles of the ratios (each bucket sorted): a horizon
 * with a tenth of the minimum checks gets its own, the others inherit the
 * previous horizon's. The factor may fall below 1 (past intervals were too
 * wide) and may fall with the horizon: it multiplies a scale that already
 * grows with the horizon, and nominal coverage is the aim both ways. */
static void horizon_factors(analyze_backtest *bt, const bt_ratios *rs, double conf,
                            size_t min_checks)
{
    size_t need = min_checks / 10 ? min_checks / 10 : 1;
    double prev = bt->widen;
    for (int h = 1; h <= ANALYZE_BT_MAXH; h++) {
        double k = prev;
        if (bt->h_checks[h] >= need) {
            size_t q = (size_t)ceil(conf * (double)bt->h_checks[h]);
            if (q < 1) q = 1;
            if (q <= rs->n[h]) k = rs->v[h][q - 1];   /* bucket h, sorted */
        }
        bt->widen_h[h] = k;
        prev = k;
    }
}

int analyze_backtest_run(const plan *p, const series_table *t, analyze_backtest *bt)
{
    memset(bt, 0, sizeof *bt);
    bt->widen = 1.0;
    for (int h = 0; h <= ANALYZE_BT_MAXH; h++) bt->widen_h[h] = 1.0;
    bt->mae = NAN;
    bt_ratios rs;
    memset(&rs, 0, sizeof rs);
    double abs_sum = 0;
    int rc = 0;
    bt_damp_sums ds;
    memset(&ds, 0, sizeof ds);
    for (size_t e = 0; e < t->nentities && !rc; e++)
        for (size_t i = 0; i < p->nindicators && !rc; i++)
            rc = bt_damp_series(series_at(t, e, i), &p->rules, &ds);
    damp_factors(bt, &ds, (size_t)p->rules.calib_min_checks);
    bt_tally tl;
    memset(&tl, 0, sizeof tl);
    /* pass 2 only for the progress method: pass 1 left the others' calls
     * counted in tl */
    int passes = p->rules.progress_sdg ? 3 : 2;
    for (int pass = 0; pass < passes && !rc; pass++) {
        if (pass == 1 && p->rules.progress_sdg) continue;   /* no P to calibrate */
        for (size_t e = 0; e < t->nentities && !rc; e++)
            for (size_t i = 0; i < p->nindicators && !rc; i++)
                rc = bt_series(series_at(t, e, i), &p->indicators[i], &p->rules, pass,
                               bt, &rs, &abs_sum, &tl);
        if (pass == 1 && !rc) {
            size_t min_calls = (size_t)p->rules.calib_min_checks;
            bt->p_calibrated = calibrate_bins(bt->p_n, bt->p_hits, bt->p_rate, min_calls);
            for (int g = 0; g < ANALYZE_BT_PGROUPS; g++)
                bt->ph_calibrated[g] = bt->p_calibrated &&
                                       calibrate_bins(bt->ph_n[g], bt->ph_hits[g],
                                                      bt->ph_rate[g], min_calls);
            tally_calls(bt, &tl, &p->rules);
        }
        if (pass == 0 && !rc) {
            if (bt->checks) bt->mae = abs_sum / (double)bt->checks;
            bt->calibrated = bt->checks >= (size_t)p->rules.calib_min_checks;
            if (bt->calibrated) {
                for (int b = 0; b < BT_BUCKETS; b++)
                    tb_sort_doubles(rs.v[b], rs.n[b]);
                size_t q = (size_t)ceil(p->rules.confidence * (double)rs.total);
                if (q < 1) q = 1;
                double k = bt_nth(&rs, q);
                if (isfinite(k) && k > 0.0) bt->widen = k;
            }
            for (int h = 0; h <= ANALYZE_BT_MAXH; h++) bt->widen_h[h] = 1.0;
            if (bt->calibrated) horizon_factors(bt, &rs, p->rules.confidence,
                                                (size_t)p->rules.calib_min_checks);
            /* the scale is widened after its floor, so a check is inside
             * the widened interval exactly when its ratio is <= widen */
            for (int b = 0; b < BT_BUCKETS; b++) {
                double w = analyze_backtest_widen(bt, bt_bucket_h(b));
                size_t in = 0;
                for (size_t k = 0; k < rs.n[b]; k++) in += rs.v[b][k] <= w;
                bt->covered_widened += in;
                if (b >= 1 && b <= ANALYZE_BT_MAXH) bt->h_covered_widened[b] += in;
            }
        }
    }
    for (int b = 0; b < BT_BUCKETS; b++) free(rs.v[b]);
    return rc;
}
