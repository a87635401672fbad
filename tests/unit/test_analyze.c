/* test_analyze.c - the statistics against independently computed figures
 * and every status rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "analyze.h"

/* Profesionalización de los equipos de gestión, 2020-2023. */
static const double YEARS[] = {2020, 2021, 2022, 2023};
static const double VALUES[] = {50, 68, 75.6, 86.5};

static plan_rules default_rules(void)
{
    plan_rules r = {.min_points_interval = 3, .max_interval_width = 50, .stale_years = 2,
                    .reach_horizon_years = 25, .confidence = 0.95, .value_min = 0,
                    .value_max = 100, .year_min = 1990, .year_max = 2100,
                    .min_years_trend = 4, .p_on_track = 0.8, .p_off_track = 0.2,
                    .min_sd = 1.0, .calib_min_checks = 300};
    return r;
}

static plan_indicator indicator(double target, int year, int higher)
{
    plan_indicator ind;
    memset(&ind, 0, sizeof ind);
    ind.target = target;
    ind.target_year = year;
    ind.higher_is_better = higher;
    ind.weight = 1;
    return ind;
}

static void analyse_r(const int *years, const double *vals, size_t n, const plan_indicator *ind,
                      const plan_rules *r, int period, analyze_metrics *m)
{
    series_point pts[32];
    for (size_t i = 0; i < n; i++) pts[i] = (series_point){.year = years[i], .value = vals[i], .month = 0};
    series s = {pts, n};
    analyze_series(&s, ind, r, period, m);
}

static void analyse(const int *years, const double *vals, size_t n, const plan_indicator *ind,
                    int period, analyze_metrics *m)
{
    plan_rules r = default_rules();
    analyse_r(years, vals, n, ind, &r, period, m);
}

static void test_reference_fit(void **state)
{
    (void)state;
    analyze_fit f;
    assert_int_equal(analyze_fit_linear(YEARS, VALUES, 4, &f), 0);
    assert_true(fabs(f.c1 - 11.71) < 1e-9);
    assert_true(fabs(f.r2 - 0.968928) < 5e-7);
    assert_true(fabs(f.xmean - 2021.5) < 1e-12);
    double y, lo, hi;
    assert_int_equal(analyze_predict(&f, 2024, 0.95, &y, &lo, &hi), 0);
    assert_true(fabs(y - 99.30) < 5e-3);
    assert_true(fabs(lo - 76.743) < 5e-4);
    assert_true(fabs(hi - 121.857) < 5e-4);
    assert_true(isfinite(f.c1_se) && f.c1_se > 0);
}

static void test_fit_degenerate(void **state)
{
    (void)state;
    analyze_fit f;
    double x1[] = {2020}, y1[] = {50};
    assert_int_equal(analyze_fit_linear(x1, y1, 1, &f), -1);
    double xc[] = {2020, 2020, 2020}, yc[] = {1, 2, 3};
    assert_int_equal(analyze_fit_linear(xc, yc, 3, &f), -1);
    double x2[] = {2020, 2021}, y2[] = {50, 60};
    assert_int_equal(analyze_fit_linear(x2, y2, 2, &f), 0);
    double y, lo, hi;
    assert_int_equal(analyze_predict(&f, 2023, 0.95, &y, &lo, &hi), 0);
    assert_true(fabs(y - 80) < 1e-9);
    assert_true(isnan(lo) && isnan(hi)); /* no interval with two points */
    assert_true(isnan(f.c1_se));
}

/* Past 64 points the work array comes from the heap: same fit. */
static void test_fit_long_series(void **state)
{
    (void)state;
    enum { N = 200 };
    double x[N], y[N];
    for (int i = 0; i < N; i++) {
        x[i] = 1900 + i;
        y[i] = 3.0 + 0.5 * i + (i % 2 ? 0.25 : -0.25);
    }
    analyze_fit f;
    assert_int_equal(analyze_fit_linear(x, y, N, &f), 0);
    assert_true(fabs(f.c1 - 0.5) < 1e-3);
    assert_int_equal(f.n, N);
    assert_int_equal(analyze_fit_linear(x, y, 64, &f), 0);
    assert_true(fabs(f.c1 - 0.5) < 1e-2);
}

static void test_metrics_reference(void **state)
{
    (void)state;
    int years[] = {2020, 2021, 2022, 2023};
    plan_indicator ind = indicator(95, 2024, 1);
    analyze_metrics m;
    analyse(years, VALUES, 4, &ind, 2024, &m);
    assert_int_equal(m.n, 4);
    assert_int_equal(m.first_year, 2020);
    assert_int_equal(m.last_year, 2023);
    assert_true(fabs(m.latest - 86.5) < 1e-12);
    assert_true(fabs(m.previous - 75.6) < 1e-12);
    assert_true(fabs(m.yoy_change - 10.9) < 1e-9);
    assert_true(fabs(m.gap - 8.5) < 1e-9);
    assert_int_equal(m.projection_year, 2024);
    assert_true(fabs(m.projection_raw - 99.30) < 5e-3);
    assert_true(fabs(m.pi_high - 100) < 1e-12); /* clamped */
    /* the line's predictive variance at 2024 is 27.484, the drift
     * method's wider: steps 18, 7.6, 10.9 around mu = 36.5/3 give
     * rw_var = 56.4867 / 2 = 28.2433 per year, times h(1 + h/span) =
     * 1·(1 + 1/3): 37.6578; scale 6.1366, t(0.975, 2) = 4.3027, so
     * [72.896, 125.704] (computed apart in Python from the formulas) */
    assert_true(fabs(m.pi_high_raw - 125.7036) < 5e-4);
    assert_true(fabs(m.pi_low_raw - 72.8964) < 5e-4);
    assert_int_equal(m.clamped, 1);
    assert_int_equal(m.reach_year, 2024); /* fitted 2023 = 87.6 < 95, 2024 = 99.3 */
    /* P(>= 95) = 1 - T_2((95 - 99.30) / 6.1366) = 0.72199, and the interval
     * (52.8 pp) is wider than 50: proyección incierta */
    assert_true(fabs(m.p_met - 0.72199) < 1e-5);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
}

static void test_status_rules(void **state)
{
    (void)state;
    analyze_metrics m;
    int y3[] = {2021, 2022, 2023}, y4[] = {2020, 2021, 2022, 2023};
    /* 1. no data */
    plan_indicator ind = indicator(80, 2027, 1);
    analyse(y3, NULL, 0, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_INSUFFICIENT);
    assert_true(isnan(m.latest));
    /* 4. latest meets target exactly (boundary), fresh, pace not judged */
    double met[] = {70, 75, 80};
    analyse(y3, met, 3, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_MET);
    assert_int_equal(m.level_met, 1);
    assert_true(fabs(m.gap) < 1e-12);
    /* 2. the target year was observed and missed */
    plan_indicator past = indicator(90, 2023, 1);
    analyse(y3, met, 3, &past, 2024, &m);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
    assert_int_equal(m.judged_year, 2023);
    /* 5. one point: no trend */
    double one[] = {60};
    analyse(y3, one, 1, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_INSUFFICIENT);
    /* 6. two points: never "en camino", whatever the slope: uncertain */
    double two[] = {60, 79};
    analyse(y3, two, 2, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
    assert_true(isfinite(m.projection));
    assert_true(isnan(m.pi_low));
    /* three distinct years: an interval, but no pace verdict (boundary of
     * min_years_trend = 4); four: en camino */
    double rise3[] = {60, 65, 70.1}, rise4[] = {55, 60, 65, 70.1};
    analyse(y3, rise3, 3, &ind, 2024, &m);
    assert_true(isfinite(m.pi_low));
    assert_int_equal(m.pace, ANALYZE_UNCERTAIN);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
    analyse(y4, rise4, 4, &ind, 2024, &m);
    assert_int_equal(m.pace, ANALYZE_ON_TRACK);
    assert_int_equal(m.status, ANALYZE_ON_TRACK);
    assert_true(m.p_met >= 0.8);
    /* falling line: fuera de camino, no reach year */
    double fall[] = {65, 60, 55, 50};
    analyse(y4, fall, 4, &ind, 2024, &m);
    assert_true(m.p_met <= 0.2);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
    assert_int_equal(m.reach_year, 0);
    /* the level still speaks when the pace cannot: 53 -> 49, 31 pp short */
    int y2[] = {2023, 2024};
    double mov[] = {53, 49};
    analyse(y2, mov, 2, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
    assert_true(fabs(m.gap - 31) < 1e-12);
}

/* Freshness: a met target on a value older than anios_desactualizado is
 * "a confirmar", at the boundary (age = limit is fresh). */
static void test_stale_met_is_to_confirm(void **state)
{
    (void)state;
    analyze_metrics m;
    int y3[] = {2020, 2021, 2022};
    double met[] = {70, 75, 81};
    plan_indicator ind = indicator(80, 2027, 1);
    analyse(y3, met, 3, &ind, 2024, &m);          /* 2024 - 2022 = 2: fresh */
    assert_int_equal(m.stale, 0);
    assert_int_equal(m.status, ANALYZE_MET);
    analyse(y3, met, 3, &ind, 2025, &m);          /* 3 > 2: stale */
    assert_int_equal(m.stale, 1);
    assert_int_equal(m.level_met, 1);
    assert_int_equal(m.status, ANALYZE_TO_CONFIRM);
    /* en camino on stale data is not confirmed either */
    int y4[] = {2019, 2020, 2021, 2022};
    double rise[] = {55, 60, 65, 70.1};
    analyse(y4, rise, 4, &ind, 2025, &m);
    assert_int_equal(m.pace, ANALYZE_ON_TRACK);
    assert_int_equal(m.status, ANALYZE_TO_CONFIRM);
}

/* Met now, but the trend leaves it below the target by the target year. */
static void test_met_declining(void **state)
{
    (void)state;
    analyze_metrics m;
    int y4[] = {2020, 2021, 2022, 2023};
    double v[] = {95, 90, 85, 81};
    plan_indicator ind = indicator(80, 2027, 1);
    analyse(y4, v, 4, &ind, 2024, &m);
    assert_int_equal(m.level_met, 1);
    assert_int_equal(m.pace, ANALYZE_OFF_TRACK);
    assert_int_equal(m.status, ANALYZE_MET_DECLINING);
    assert_int_equal(m.reach_year, 0);            /* already met: no reach year */
}

/* Defects 3 and 4: a target year that has been observed is judged by its
 * observation, not by the latest value nor by the fitted line. */
static void test_target_year_observation(void **state)
{
    (void)state;
    analyze_metrics m;
    plan_indicator ind = indicator(80, 2025, 1);
    int y[] = {2022, 2023, 2024, 2025, 2026};
    double a[] = {70, 74, 77, 82, 78};            /* met in 2025, fell in 2026 */
    analyse(y, a, 5, &ind, 2026, &m);
    assert_int_equal(m.judged_year, 2025);
    assert_true(fabs(m.judged_value - 82) < 1e-12);
    assert_int_equal(m.status, ANALYZE_MET_DECLINING);
    /* last year = target year, observation 79.5 misses although the line
     * fitted through a steep rise is above 80 there */
    double b[] = {60, 70, 85, 79.5};
    analyse(y, b, 4, &ind, 2025, &m);
    assert_true(m.projection_raw > 80);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
    /* observation exactly at the target: met, although the line is below */
    double c[] = {95, 90, 79, 80};
    analyse(y, c, 4, &ind, 2025, &m);
    assert_true(m.projection_raw < 80);
    assert_int_equal(m.status, ANALYZE_MET);
    /* the target year passed unobserved: the old met value is unconfirmed */
    int y3[] = {2021, 2022, 2023};
    double d[] = {70, 75, 81};
    analyse(y3, d, 3, &ind, 2026, &m);
    assert_int_equal(m.status, ANALYZE_TO_CONFIRM);
    double e[] = {70, 75, 79};
    analyse(y3, e, 3, &ind, 2026, &m);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
}

/* Defect 1: the reach year is a forecast, so strictly after the last
 * observed year. A falling series whose early fitted values met the
 * target has none. */
static void test_reach_year_after_last(void **state)
{
    (void)state;
    analyze_metrics m;
    plan_indicator ind = indicator(80, 2027, 1);
    int y4[] = {2016, 2017, 2018, 2019};
    double fall[] = {85, 80, 75, 70};
    analyse(y4, fall, 4, &ind, 2024, &m);
    assert_int_equal(m.reach_year, 0);
    double rise[] = {70, 72, 74, 76};             /* 80 on the line in 2021 */
    analyse(y4, rise, 4, &ind, 2024, &m);
    assert_int_equal(m.reach_year, 2021);
    assert_true(m.reach_year > m.last_year);
    /* the line meets the target in the last observed year itself (78 -> 80
     * in 2019 on the line, observed 79): the next year, never 2019 */
    double tie[] = {71, 74, 77, 79};
    analyse(y4, tie, 4, &ind, 2024, &m);
    assert_true(m.reach_year > 2019);
}

/* Defect 5: history counts distinct years. Two monthly readings a month
 * apart have no trend (a line through them is -103 pp/year). */
static void test_distinct_years(void **state)
{
    (void)state;
    series_point pts[] = {{.year = 2024, .value = 60, .month = 5}, {.year = 2024, .value = 51.4, .month = 6}};
    series s = {pts, 2};
    plan_indicator ind = indicator(80, 2027, 1);
    plan_rules r = default_rules();
    analyze_metrics m;
    analyze_series(&s, &ind, &r, 2024, &m);
    assert_int_equal(m.nyears, 1);
    assert_true(m.fit.c1 < -100);                 /* the plain fit is still shown */
    assert_true(isnan(m.projection));
    assert_true(isnan(m.decline));
    assert_int_equal(m.status, ANALYZE_INSUFFICIENT);
    /* three months of one year and one of the next: two years, no interval */
    series_point q[] = {{.year = 2023, .value = 60, .month = 10}, {.year = 2023, .value = 61, .month = 11}, {.year = 2023, .value = 62, .month = 12},
                        {.year = 2024, .value = 63, .month = 1}};
    series s2 = {q, 4};
    analyze_series(&s2, &ind, &r, 2024, &m);
    assert_int_equal(m.nyears, 2);
    assert_true(isnan(m.pi_low));
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
}

/* The probability and its symmetric cuts. */
static void test_pace_probability(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    assert_int_equal(analyze_pace_of_p(0.8, &r), ANALYZE_ON_TRACK);
    assert_int_equal(analyze_pace_of_p(0.7999, &r), ANALYZE_AT_RISK);
    assert_int_equal(analyze_pace_of_p(0.2, &r), ANALYZE_OFF_TRACK);
    assert_int_equal(analyze_pace_of_p(0.2001, &r), ANALYZE_AT_RISK);
    assert_int_equal(analyze_pace_of_p(NAN, &r), ANALYZE_UNCERTAIN);
    /* P from the Student-t predictive, checked by hand: 6 points, n-2 = 4
     * (the drift variance makes the interval 62.9 pp wide: the width rule
     * is set aside here, test_at_risk_and_width_boundary has it) */
    r.max_interval_width = 100;
    int y6[] = {2018, 2019, 2020, 2021, 2022, 2023};
    double v[] = {50, 56, 54, 60, 58, 63};
    plan_indicator ind = indicator(70, 2027, 1);
    analyze_metrics m;
    analyse_r(y6, v, 6, &ind, &r, 2024, &m);
    double half = (m.pi_high_raw - m.pi_low_raw) / 2.0;
    double sd = half / gsl_cdf_tdist_Pinv(0.975, 4);
    double p = 1.0 - gsl_cdf_tdist_P((70 - 1e-9 - m.projection_raw) / sd, 4);
    assert_true(fabs(m.p_met - p) < 1e-9);
    assert_true(m.p_met > 0.2 && m.p_met < 0.8);
    assert_int_equal(m.status, ANALYZE_AT_RISK);
    /* lower is better: the complement */
    plan_indicator low = indicator(70, 2027, 0);
    analyze_metrics ml;
    analyse_r(y6, v, 6, &low, &r, 2024, &ml);
    assert_true(fabs(ml.p_met - (1.0 - m.p_met)) < 1e-9);
    /* widening by 2 doubles the interval (floor not binding) */
    series_point pts[6];
    for (int i = 0; i < 6; i++) pts[i] = (series_point){.year = y6[i], .value = v[i], .month = 0};
    series s = {pts, 6};
    analyze_metrics mw;
    analyze_series_ex(&s, &ind, &r, 2024, 2.0, NULL, &mw);
    assert_true(fabs((mw.pi_high_raw - mw.pi_low_raw) - 2 * (m.pi_high_raw - m.pi_low_raw)) < 1e-9);
}

/* The width rule is symmetric: a too-wide interval is "incierta" whichever
 * way the probability points. */
static void test_at_risk_and_width_boundary(void **state)
{
    (void)state;
    int y6[] = {2018, 2019, 2020, 2021, 2022, 2023};
    double v[] = {50, 56, 54, 60, 58, 63};
    plan_indicator ind = indicator(72, 2027, 1);
    plan_rules r = default_rules();
    r.max_interval_width = 100;
    analyze_metrics m;
    analyse_r(y6, v, 6, &ind, &r, 2024, &m);
    assert_true(fabs(m.projection_raw - 71.1333) < 1e-3);
    assert_int_equal(m.status, ANALYZE_AT_RISK);
    double width = m.pi_high_raw - m.pi_low_raw;
    r.max_interval_width = width;            /* not wider than: still judged */
    analyse_r(y6, v, 6, &ind, &r, 2024, &m);
    assert_int_equal(m.status, ANALYZE_AT_RISK);
    r.max_interval_width = width - 1e-6;     /* wider: uncertain */
    analyse_r(y6, v, 6, &ind, &r, 2024, &m);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
    /* too wide and the target inside it: uncertain, however low P is */
    plan_indicator far = indicator(95, 2027, 1);
    analyse_r(y6, v, 6, &far, &r, 2024, &m);
    assert_true(m.p_met < 0.2);
    assert_true(m.pi_high_raw > 95.0);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
    /* too wide, but all of it under the target: off track */
    double top = m.pi_high_raw;
    plan_indicator hopeless = indicator(top + 0.5, 2027, 1);
    analyse_r(y6, v, 6, &hopeless, &r, 2024, &m);
    assert_true(fabs(m.pi_high_raw - top) < 1e-9);   /* the interval does not move */
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
    plan_indicator edge = indicator(top - 0.5, 2027, 1);
    analyse_r(y6, v, 6, &edge, &r, 2024, &m);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
}

/* analyze_interval_misses: the whole interval on the wrong side, with the
 * tolerance of analyze_meets, for each direction. */
static void test_interval_misses(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    plan_indicator up = indicator(80, 2027, 1), down = indicator(20, 2027, 0);
    assert_int_equal(analyze_interval_misses(&up, &r, 10, 70), 1);
    assert_int_equal(analyze_interval_misses(&up, &r, 10, 80), 0);            /* touches it */
    assert_int_equal(analyze_interval_misses(&up, &r, 10, 80 - 1e-12), 0);    /* binary tie */
    assert_int_equal(analyze_interval_misses(&up, &r, 10, 79.9), 1);
    assert_int_equal(analyze_interval_misses(&down, &r, 25, 90), 1);
    assert_int_equal(analyze_interval_misses(&down, &r, 20, 90), 0);
    plan_indicator keep = indicator(50, 2027, 1);
    keep.maintain = 1;
    keep.band_min = 45;
    keep.band_max = 55;
    assert_int_equal(analyze_interval_misses(&keep, &r, 60, 200), 1);
    assert_int_equal(analyze_interval_misses(&keep, &r, -50, 40), 1);
    assert_int_equal(analyze_interval_misses(&keep, &r, 10, 200), 0);        /* spans the band */
    assert_int_equal(analyze_interval_misses(&up, &r, NAN, 70), 0);
}

/* Defects 8 and 11: comparisons tolerate binary rounding; a perfect line
 * still gets an interval (the floor), and a clamped projection keeps its
 * raw value. */
static void test_tolerance_floor_clamp(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    plan_indicator ind = indicator(0.3, 2027, 1);
    assert_true(analyze_meets(&ind, &r, 0.1 + 0.2 - 1e-12));
    plan_indicator low = indicator(0.3, 2027, 0);
    assert_true(analyze_meets(&low, &r, 0.1 + 0.2));
    assert_false(analyze_meets(&low, &r, 0.3 + 1e-6));
    int y4[] = {2020, 2021, 2022, 2023};
    double exact[] = {70, 80, 90, 100};
    plan_indicator up = indicator(99, 2027, 1);
    analyze_metrics m;
    analyse_r(y4, exact, 4, &up, &r, 2024, &m);
    double t2 = gsl_cdf_tdist_Pinv(0.975, 2);
    assert_true(fabs((m.pi_high_raw - m.pi_low_raw) - 2 * t2 * 1.0) < 1e-9);
    assert_int_equal(m.clamped, 1);
    assert_true(m.projection_raw > 100 && fabs(m.projection - 100) < 1e-12);
}

/* The projection follows the last window_years distinct years; the
 * slope column keeps the plain fit over all of them. */
static void test_projection_window(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    int y8[] = {2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023};
    double v[] = {20, 30, 40, 50, 60, 62, 64, 66};   /* fast, then slow */
    plan_indicator ind = indicator(80, 2027, 1);
    analyze_metrics all, win;
    analyse_r(y8, v, 8, &ind, &r, 2024, &all);
    r.window_years = 4;
    analyse_r(y8, v, 8, &ind, &r, 2024, &win);
    assert_true(fabs(win.fit.c1 - all.fit.c1) < 1e-12);   /* same slope column */
    assert_int_equal(win.pfit.n, 4);
    assert_true(fabs(win.pfit.c1 - 2.0) < 1e-9);          /* 60, 62, 64, 66 */
    assert_true(fabs(win.projection_raw - 74.0) < 1e-9);  /* 66 + 4 * 2 */
    assert_true(win.projection_raw < all.projection_raw);
    /* a window wider than the series is the whole series */
    r.window_years = 20;
    analyse_r(y8, v, 8, &ind, &r, 2024, &win);
    assert_true(fabs(win.projection_raw - all.projection_raw) < 1e-9);
}

/* A network of ne municipalities with one area (ind) and series ss, under
 * the default rules: what the backtest tests run on. */
static void one_area_network(series *ss, size_t ne, plan_indicator *ind, series_table *t, plan *p)
{
    memset(t, 0, sizeof *t);
    t->nentities = ne;
    t->nindicators = 1;
    t->s = ss;
    memset(p, 0, sizeof *p);
    p->indicators = ind;
    p->nindicators = 1;
    p->rules = default_rules();
}

/* The calibration of P learns only from past cutoffs whose fit had the
 * full window, as the run's own calls have: 8 yearly points per series,
 * never at the target, so every (cutoff, later year) is a case. Cutoffs
 * after k = 4..7 years leave 8 - k later years: all of them give
 * 4 + 3 + 2 + 1 = 10 cases a series; a window of 6 keeps k = 6, 7
 * (2 + 1 = 3), of 5 keeps k = 5..7 (6), of 7 keeps k = 7 (1), of 8
 * none; no window (0) is the whole history, every cutoff. */
static void test_backtest_calibration_window(void **state)
{
    (void)state;
    enum { NE = 40, NY = 8 };
    static series_point pts[NE * NY];
    static series ss[NE];
    for (int e = 0; e < NE; e++) {
        for (int k = 0; k < NY; k++)
            pts[e * NY + k] = (series_point){.year = 2010 + k,
                                             .value = 50.0 + ((e + k) % 3 - 1) * 0.5};
        ss[e] = (series){&pts[e * NY], NY};
    }
    series_table t;
    plan p;
    plan_indicator ind = indicator(80, 2027, 1);
    one_area_network(ss, NE, &ind, &t, &p);
    const int window[] = {0, 4, 5, 6, 7, 8};
    const size_t cases[] = {10, 10, 6, 3, 1, 0};
    for (size_t w = 0; w < sizeof window / sizeof window[0]; w++) {
        p.rules.window_years = window[w];
        analyze_backtest bt;
        assert_int_equal(analyze_backtest_run(&p, &t, &bt), 0);
        size_t n = 0;
        for (int b = 0; b < ANALYZE_BT_NBINS; b++) n += bt.p_n[b];
        assert_int_equal(n, cases[w] * NE);
        /* the coverage checks still use every cutoff */
        assert_int_equal(bt.checks, (size_t)NE * 10);
    }
}

/* The rolling-origin backtest: how many checks, widening to nominal
 * coverage, a non-decreasing calibration of P. */
static void test_backtest(void **state)
{
    (void)state;
    enum { NE = 60, NY = 8 };
    static series_point pts[NE * NY];
    static series ss[NE];
    for (int e = 0; e < NE; e++) {
        for (int k = 0; k < NY; k++) {
            /* trends from -3 to +3 pp/year around 70, with a noise twice
             * what a straight line through the first points suggests */
            double noise = ((e * 7 + k * 13) % 11 - 5) * 0.8 * (k >= 4 ? 2.0 : 1.0);
            pts[e * NY + k] = (series_point){.year = 2010 + k, .value = 70 + (e % 7 - 3) * (k - 4) + noise, .month = 0};
        }
        ss[e] = (series){&pts[e * NY], NY};
    }
    series_table t;
    plan p;
    plan_indicator ind = indicator(75, 2027, 1);
    one_area_network(ss, NE, &ind, &t, &p);
    p.rules.calib_min_checks = 100;
    analyze_backtest bt;
    assert_int_equal(analyze_backtest_run(&p, &t, &bt), 0);
    /* cutoffs after 4, 5, 6 and 7 years: 4 + 3 + 2 + 1 later points */
    assert_int_equal(bt.checks, (size_t)NE * 10);
    assert_int_equal(bt.h_checks[1], (size_t)NE * 4);
    assert_int_equal(bt.h_checks[4], (size_t)NE * 1);
    assert_int_equal(bt.calibrated, 1);
    assert_true(bt.widen > 0.0);
    assert_true((double)bt.covered_widened >= 0.95 * (double)bt.checks);
    /* every horizon with its own factor (a tenth of the minimum checks)
     * is brought to nominal coverage, up or down */
    for (int h = 1; h <= ANALYZE_BT_MAXH; h++)
        if (bt.h_checks[h] >= 10)
            assert_true((double)bt.h_covered_widened[h] >= 0.95 * (double)bt.h_checks[h]);
    if (bt.p_calibrated)
        for (int b = 1; b < ANALYZE_BT_NBINS; b++) assert_true(bt.p_rate[b] >= bt.p_rate[b - 1]);
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) {
        size_t n = 0, hits = 0;
        for (int g = 0; g < ANALYZE_BT_PGROUPS; g++) {
            n += bt.ph_n[g][b];
            hits += bt.ph_hits[g][b];
            if (bt.ph_calibrated[g] && b > 0) assert_true(bt.ph_rate[g][b] >= bt.ph_rate[g][b - 1]);
        }
        assert_int_equal(n, bt.p_n[b]);
        assert_int_equal(hits, bt.p_hits[b]);
    }
    /* below the minimum: no widening, P passes through */
    p.rules.calib_min_checks = 1000000;
    assert_int_equal(analyze_backtest_run(&p, &t, &bt), 0);
    assert_int_equal(bt.calibrated, 0);
    assert_true(bt.widen == 1.0 && analyze_backtest_widen(&bt, 3) == 1.0);
    assert_true(analyze_backtest_calibrate(&bt, 0.83) == 0.83);
    /* a hand-made calibration maps P by its bin */
    analyze_backtest h;
    memset(&h, 0, sizeof h);
    h.p_calibrated = 1;
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) h.p_rate[b] = b < 10 ? 0.1 : 0.9;
    assert_true(analyze_backtest_calibrate(&h, 0.49) == 0.1);
    assert_true(analyze_backtest_calibrate(&h, 0.5) == 0.9);
    assert_true(analyze_backtest_calibrate(&h, 1.0) == 0.9);
    /* per horizon group: the group's map when it is in force (2 years),
     * else the pooled one (1 year, 3 and more) */
    h.ph_calibrated[1] = 1;
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) h.ph_rate[1][b] = 0.7;
    assert_true(analyze_backtest_calibrate_h(&h, 0.6, 2) == 0.7);
    assert_true(analyze_backtest_calibrate_h(&h, 0.6, 1) == 0.9);
    assert_true(analyze_backtest_calibrate_h(&h, 0.4, 7) == 0.1);
    assert_true(analyze_backtest_calibrate_h(NULL, 0.42, 2) == 0.42);
    assert_int_equal(analyze_backtest_pgroup(0), 0);
    assert_int_equal(analyze_backtest_pgroup(1), 0);
    assert_int_equal(analyze_backtest_pgroup(2), 1);
    assert_int_equal(analyze_backtest_pgroup(3), 2);
    assert_int_equal(analyze_backtest_pgroup(9), 2);
}

/* Trend damping learnt by the backtest, checked by hand: ten copies of
 * 10, 12, 14, 16, 17, 18 (2016-2021). Cutoff 2019: the line through the
 * first four has slope 2 and level 16, so 2020 (h = 1) moved 1 for a
 * predicted 2 and 2021 (h = 2) moved 2 for 4; cutoff 2020: slope 1.8,
 * level 17.4 at 2020, and 2021 moved 0.6 for 1.8. Damping at h = 1:
 * (1·2 + 0.6·1.8) / (2² + 1.8²) = 3.08 / 7.24; at h = 2: 8 / 16. */
static void test_backtest_damping(void **state)
{
    (void)state;
    enum { NE = 10, NY = 6 };
    static const double v[NY] = {10, 12, 14, 16, 17, 18};
    static series_point pts[NE * NY];
    static series ss[NE];
    for (int e = 0; e < NE; e++) {
        for (int k = 0; k < NY; k++) pts[e * NY + k] = (series_point){.year = 2016 + k, .value = v[k], .month = 0};
        ss[e] = (series){&pts[e * NY], NY};
    }
    series_table t;
    plan p;
    plan_indicator ind = indicator(30, 2027, 1);
    one_area_network(ss, NE, &ind, &t, &p);
    p.rules.calib_min_checks = 30; /* 3 checks a series: 20 at h = 1, 10 at h = 2 */
    analyze_backtest bt;
    assert_int_equal(analyze_backtest_run(&p, &t, &bt), 0);
    assert_int_equal(bt.damp_learnt, 1);
    assert_true(fabs(analyze_backtest_damp(&bt, 1) - 3.08 / 7.24) < 1e-12);
    assert_true(fabs(analyze_backtest_damp(&bt, 2) - 0.5) < 1e-12);
    /* h = 3 has no check: it inherits h = 2 */
    assert_true(fabs(analyze_backtest_damp(&bt, 3) - 0.5) < 1e-12);
    /* one check short of the minimum: the default everywhere */
    p.rules.calib_min_checks = 31;
    assert_int_equal(analyze_backtest_run(&p, &t, &bt), 0);
    assert_int_equal(bt.damp_learnt, 0);
    assert_true(analyze_backtest_damp(&bt, 1) == ANALYZE_DAMP_DEFAULT);
    assert_true(analyze_backtest_damp(&bt, 7) == ANALYZE_DAMP_DEFAULT);
    /* no backtest: the plain line */
    assert_true(analyze_backtest_damp(NULL, 4) == 1.0);
}

/* The damped centre and the drift-method variance of the predictive. */
static void test_damped_drift_predictive(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    /* an exact line 10, 12, 14, 16 (2020-2023): no residual and no step
     * variance, so the scale is the floor; damped by one half, 2027 is
     * projected as the line at 2023 + 0.5·4 = 2025: 20 */
    double x[] = {2020, 2021, 2022, 2023}, y[] = {10, 12, 14, 16};
    analyze_fit f;
    assert_int_equal(analyze_fit_linear(x, y, 4, &f), 0);
    assert_true(f.xlast == 2023 && f.span == 3);
    assert_true(fabs(f.rw_var) < 1e-12);
    analyze_pred pd;
    assert_int_equal(analyze_predictive(&f, 0, &r, 1.0, 0.5, 2027, &pd), 0);
    assert_true(fabs(pd.centre - 20.0) < 1e-9);
    assert_true(pd.scale == 1.0);
    assert_true(analyze_damped_x(&f, 0.5, 2022) == 2022); /* inside the history */
    assert_true(analyze_damped_x(&f, 0.0, 2030) == 2023); /* no trend at all */
    assert_true(analyze_damped_x(&f, 1.0, 2030) == 2030); /* the plain line */
    /* 10, 14, 12, 16: steps 4, -2, 4 around mu = 2, rw_var = (4 + 16 + 4)
     * / 2 = 12 per year; at 2025 (h = 2) the drift variance 12·2·(1 +
     * 2/3) = 40 beats the line's: SCR = 7.2 (slope 1.6), s² = 3.6,
     * se² = 3.6·(1/4 + 3.5²/5) = 9.72, total 13.32 */
    double y2[] = {10, 14, 12, 16};
    assert_int_equal(analyze_fit_linear(x, y2, 4, &f), 0);
    assert_true(fabs(f.rw_var - 12.0) < 1e-12);
    assert_int_equal(analyze_predictive(&f, 0, &r, 1.0, 1.0, 2025, &pd), 0);
    assert_true(fabs(pd.scale - sqrt(40.0)) < 1e-12);
    assert_true(fabs(pd.centre - (13.0 + 1.6 * 3.5)) < 1e-12);
    /* at 2024 (h = 1): 12·(1 + 1/3) = 16 against the line's 3.6·(1 +
     * 1/4 + 2.5²/5) = 9.0: the drift method's again */
    assert_int_equal(analyze_predictive(&f, 0, &r, 1.0, 1.0, 2024, &pd), 0);
    assert_true(fabs(pd.scale - 4.0) < 1e-12);
    /* inside the history the line alone */
    assert_int_equal(analyze_predictive(&f, 0, &r, 1.0, 1.0, 2022, &pd), 0);
    assert_true(fabs(pd.scale - sqrt(3.6 * (1 + 0.25 + 0.25 / 5))) < 1e-12);
}

/* Calibration bins on the logit of P: symmetric, 0.5 opens the upper
 * half, the ends are open, each edge belongs to the bin above it. */
static void test_calibration_bins(void **state)
{
    (void)state;
    assert_int_equal(analyze_backtest_bin(0.5), ANALYZE_BT_NBINS / 2);
    assert_int_equal(analyze_backtest_bin(0.4999), ANALYZE_BT_NBINS / 2 - 1);
    assert_int_equal(analyze_backtest_bin(0.0), 0);
    assert_int_equal(analyze_backtest_bin(1e-9), 0);
    assert_int_equal(analyze_backtest_bin(1.0), ANALYZE_BT_NBINS - 1);
    assert_int_equal(analyze_backtest_bin(NAN), 0);
    assert_true(analyze_backtest_bin_from(0) == 0.0);
    assert_true(analyze_backtest_bin_from(ANALYZE_BT_NBINS) == 1.0);
    assert_true(analyze_backtest_bin_from(ANALYZE_BT_NBINS / 2) == 0.5);
    /* edges from the formula 1 / (1 + 999^(1 - 2b/NBINS)) */
    for (int b = 1; b < ANALYZE_BT_NBINS; b++) {
        double e = 1.0 / (1.0 + pow(999.0, 1.0 - 2.0 * b / ANALYZE_BT_NBINS));
        assert_true(fabs(analyze_backtest_bin_from(b) - e) < 1e-12);
        assert_int_equal(analyze_backtest_bin(e * (1 + 1e-9)), b);
        assert_int_equal(analyze_backtest_bin(e * (1 - 1e-9)), b - 1);
        /* symmetric: the complement of an edge is an edge */
        assert_true(fabs(analyze_backtest_bin_from(ANALYZE_BT_NBINS - b) - (1 - e)) < 1e-12);
    }
}

/* The Open SDG / Statistics Canada progress method. */
static void test_sdg_method(void **state)
{
    (void)state;
    plan_indicator ind = indicator(80, 2030, 1);
    double q = analyze_sdg_ratio(&ind, 2020, 50, 2022, 60, 2030);
    double want = (pow(1.2, 0.5) - 1) / (pow(1.6, 0.1) - 1);
    assert_true(fabs(q - want) < 1e-12);
    assert_int_equal(analyze_pace_of_sdg(0.95), ANALYZE_ON_TRACK);
    assert_int_equal(analyze_pace_of_sdg(0.9499), ANALYZE_AT_RISK);
    assert_int_equal(analyze_pace_of_sdg(0.6), ANALYZE_AT_RISK);
    assert_int_equal(analyze_pace_of_sdg(0.5999), ANALYZE_OFF_TRACK);
    assert_int_equal(analyze_pace_of_sdg(-1), ANALYZE_OFF_TRACK);
    assert_int_equal(analyze_pace_of_sdg(NAN), ANALYZE_UNCERTAIN);
    assert_true(isnan(analyze_sdg_ratio(&ind, 2020, 0, 2022, 60, 2030)));
    assert_true(isnan(analyze_sdg_ratio(&ind, 2020, 50, 2020, 60, 2030)));
    /* lower is better: improving growth over required growth, positive */
    plan_indicator low = indicator(10, 2030, 0);
    assert_true(analyze_sdg_ratio(&low, 2020, 40, 2025, 20, 2030) > 0.95);
    plan_rules r = default_rules();
    r.progress_sdg = 1;
    int y2[] = {2020, 2022};
    double v[] = {50, 60};
    analyze_metrics m;
    analyse_r(y2, v, 2, &ind, &r, 2024, &m);
    assert_true(fabs(m.progress_ratio - want) < 1e-12);
    assert_int_equal(m.status, ANALYZE_ON_TRACK);
}

static void test_tolerance_and_maintain(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    plan_indicator up = indicator(80, 2027, 1), down = indicator(10, 2027, 0);
    assert_true(analyze_meets(&up, &r, 80));
    assert_false(analyze_meets(&up, &r, 79.999));
    r.target_tolerance = 2;
    assert_true(analyze_meets(&up, &r, 78));          /* boundary */
    assert_false(analyze_meets(&up, &r, 77.999));
    assert_true(analyze_meets(&down, &r, 12));
    assert_false(analyze_meets(&down, &r, 12.001));
    assert_false(analyze_meets(&up, &r, NAN));
    plan_indicator keep = indicator(50, 2027, 1);
    keep.maintain = 1;
    keep.band_min = 45;
    keep.band_max = 55;
    r.target_tolerance = 0;
    assert_true(analyze_meets(&keep, &r, 45));
    assert_true(analyze_meets(&keep, &r, 55));
    assert_false(analyze_meets(&keep, &r, 44.999));
    assert_false(analyze_meets(&keep, &r, 55.001));
    /* Outside the band: the gap is the distance to it; inside, negative. */
    int y3[] = {2021, 2022, 2023}, y4[] = {2020, 2021, 2022, 2023};
    double high[] = {57, 58, 59, 60};
    analyze_metrics m;
    analyse_r(y4, high, 4, &keep, &r, 2024, &m);
    assert_true(fabs(m.gap - 5) < 1e-12);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);   /* rising away from the band */
    /* P(inside the band) is the mass between its edges */
    double mid[] = {49, 51, 49, 51};
    analyse_r(y4, mid, 4, &keep, &r, 2024, &m);
    assert_true(m.p_met > 0 && m.p_met < 1);
    assert_int_equal(m.level_met, 1);
    double in[] = {48, 50, 52};
    analyse_r(y3, in, 3, &keep, &r, 2024, &m);
    assert_int_equal(m.status, ANALYZE_MET);
    assert_true(fabs(m.gap + 3) < 1e-12);
}

/* Logit model: projection and bounds stay inside 0-100 and bend toward
 * saturation; the reported slope stays the linear one (pp/year). */
static void test_logit_projection(void **state)
{
    (void)state;
    int years[] = {2020, 2021, 2022, 2023};
    plan_indicator ind = indicator(99, 2030, 1);
    plan_rules r = default_rules();
    analyze_metrics lin, lg;
    analyse_r(years, VALUES, 4, &ind, &r, 2024, &lin);
    assert_true(lin.projection_raw > 100);            /* linear leaves the range */
    assert_int_equal(lin.clamped, 1);
    r.projection_logit = 1;
    analyse_r(years, VALUES, 4, &ind, &r, 2024, &lg);
    assert_int_equal(lg.logit, 1);
    assert_true(lg.projection_raw > 86.5 && lg.projection_raw < 100);
    assert_true(lg.pi_low_raw > 0 && lg.pi_high_raw < 100);
    assert_true(lg.pi_low_raw <= lg.projection_raw && lg.projection_raw <= lg.pi_high_raw);
    assert_int_equal(lg.clamped, 0);
    assert_true(fabs(lg.fit.c1 - 11.71) < 1e-9);      /* trend still pp/year */
    /* Back-transform by hand: logit fit at 2030. */
    double z = lg.pfit.c0 + lg.pfit.c1 * (2030 - lg.pfit.xmean);
    assert_true(fabs(lg.projection_raw - 100.0 / (1.0 + exp(-z))) < 1e-9);
    /* Values at 0 or 100 are clamped to [0.5, 99.5] before the transform. */
    double sat[] = {0, 40, 80, 100};
    analyse_r(years, sat, 4, &ind, &r, 2024, &lg);
    assert_true(isfinite(lg.projection_raw) && lg.projection_raw < 100);
}

static analyze_metrics scored(analyze_status st, double gap, size_t n, int last_year,
                              double yoy, double weight, int target_year)
{
    analyze_metrics m;
    memset(&m, 0, sizeof m);
    m.status = st;
    m.gap = gap;
    m.n = n;
    m.last_year = last_year;
    m.latest = 60;
    m.previous = isfinite(yoy) ? 60 - yoy : NAN;
    m.yoy_change = yoy;
    m.target_year = target_year;
    (void)weight;
    return m;
}

static void test_scores_and_quadrants(void **state)
{
    (void)state;
    plan_scores sc;
    plan_scores_defaults(&sc);
    plan_indicator ind = indicator(80, 2027, 1);
    ind.weight = 2;
    /* Off track, gap 30 (= reference), fell 10 (= reference), deadline in
     * 1 of 10 years, last value 4 years old (= reference): every term 1
     * except the deadline term 0,9. */
    analyze_metrics m = scored(ANALYZE_OFF_TRACK, 30, 3, 2022, -10, 2, 2027);
    analyze_scores(&m, &ind, &sc, 2, 2026, 2026.5);
    assert_true(fabs(m.t_weight - 1) < 1e-12 && fabs(m.t_gap - 1) < 1e-12);
    assert_true(fabs(m.importance - 1) < 1e-12);
    /* the last term is freshness: a value 4 years old (= reference) adds
     * nothing, so fresh bad news ranks above old bad news */
    assert_true(fabs(m.t_decline - 1) < 1e-12 && fabs(m.t_age) < 1e-12);
    assert_true(fabs(m.t_deadline - 0.9) < 1e-12);
    assert_true(fabs(m.urgency - (0.4 + 0.2 + 0.2 * 0.9)) < 1e-12);
    analyze_metrics fresh = scored(ANALYZE_OFF_TRACK, 30, 3, 2026, -10, 2, 2027);
    analyze_scores(&fresh, &ind, &sc, 2, 2026, 2026.5);
    assert_true(fabs(fresh.t_age - 1) < 1e-12);
    assert_true(fresh.urgency > m.urgency);
    assert_int_equal(m.quadrant, ANALYZE_ACT_NOW);
    /* Met, no decline, recent: importance 0,4·(1/2) = 0,2 -> monitor. */
    m = scored(ANALYZE_MET, -5, 3, 2026, 2, 1, 2027);
    ind.weight = 1;
    analyze_scores(&m, &ind, &sc, 2, 2026, 2026.5);
    assert_true(fabs(m.importance - 0.2) < 1e-12);
    assert_true(fabs(m.t_decline) < 1e-12 && fabs(m.t_age - 1) < 1e-12);
    assert_int_equal(m.quadrant, ANALYZE_MONITOR);
    /* Thresholds are inclusive: importance exactly 0,5 is important. */
    sc.w_weight = 0;
    sc.w_gap = 1;
    m = scored(ANALYZE_MET, 15, 3, 2026, NAN, 1, 2040);   /* gap 15/30 = 0,5 */
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_true(fabs(m.importance - 0.5) < 1e-12);
    assert_int_equal(m.quadrant, ANALYZE_PLAN);
    sc.importance_threshold = 0.5000001;
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_int_equal(m.quadrant, ANALYZE_MONITOR);
    /* Urgency exactly at the threshold: urgent. Only the status counts. */
    plan_scores_defaults(&sc);
    sc.w_decline = sc.w_deadline = sc.w_age = 0;
    m = scored(ANALYZE_UNCERTAIN, 0, 2, 2026, NAN, 1, 2027);   /* status score 0,5 */
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_true(fabs(m.urgency - 0.5) < 1e-12);
    assert_int_equal(m.quadrant, ANALYZE_MANAGE);
    /* No data: gap term = unknown_gap, freshness term = 0. */
    plan_scores_defaults(&sc);
    m = scored(ANALYZE_INSUFFICIENT, NAN, 0, 0, NAN, 1, 2027);
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_true(fabs(m.t_gap - 0.5) < 1e-12 && fabs(m.t_age) < 1e-12);
    /* Target year passed: deadline term 1; far away: 0. */
    m = scored(ANALYZE_OFF_TRACK, 10, 3, 2026, NAN, 1, 2020);
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_true(fabs(m.t_deadline - 1) < 1e-12);
    m = scored(ANALYZE_OFF_TRACK, 10, 3, 2026, NAN, 1, 2040);
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_true(fabs(m.t_deadline) < 1e-12);
}

/* Monthly points sit at year + (month - 0,5)/12; the slope stays per
 * year; year-over-year compares the same month a year earlier. */
static void test_monthly_points(void **state)
{
    (void)state;
    series_point pts[] = {{.year = 2024, .value = 50, .month = 0}, {.year = 2025, .value = 60, .month = 3}, {.year = 2025, .value = 62, .month = 6}, {.year = 2026, .value = 70, .month = 3}};
    assert_true(fabs(series_point_x(&pts[0]) - 2024) < 1e-12);
    assert_true(fabs(series_point_x(&pts[1]) - (2025 + 2.5 / 12)) < 1e-12);
    series s = {pts, 4};
    plan_indicator ind = indicator(80, 2027, 1);
    plan_rules r = default_rules();
    analyze_metrics m;
    analyze_series(&s, &ind, &r, 2026, &m);
    assert_int_equal(m.last_month, 3);
    assert_true(fabs(m.previous - 60) < 1e-12);       /* March 2025 */
    assert_true(fabs(m.yoy_change - 10) < 1e-12);
    /* Two points a year apart, 12 pp: slope 12 per year. */
    series_point two[] = {{.year = 2025, .value = 40, .month = 1}, {.year = 2026, .value = 52, .month = 1}};
    series s2 = {two, 2};
    analyze_series(&s2, &ind, &r, 2026, &m);
    assert_true(fabs(m.fit.c1 - 12) < 1e-9);
}

static void test_rollup_levels(void **state)
{
    (void)state;
    plan p;
    memset(&p, 0, sizeof p);
    plan_subobjective s0[2] = {{"1.1", "a"}, {"1.2", "b"}}, s1[1] = {{"2.1", "c"}};
    plan_objective objs[2] = {{"1", "Uno", s0, 2}, {"2", "Dos", s1, 1}};
    p.objectives = objs;
    p.nobjectives = 2;
    plan_indicator ind = indicator(80, 2027, 1);
    ind.objective = 1;
    ind.subobjective = 0;
    ind.secretariat = PLAN_NONE;
    assert_int_equal(analyze_group_of(&p, &ind, ANALYZE_LEVEL_SUBOBJECTIVE), 2);
    assert_int_equal(analyze_group_of(&p, &ind, ANALYZE_LEVEL_OBJECTIVE), 1);
    assert_int_equal(analyze_group_of(&p, &ind, ANALYZE_LEVEL_SECRETARIAT), PLAN_NONE);
    ind.subobjective = PLAN_NONE;
    assert_int_equal(analyze_group_of(&p, &ind, ANALYZE_LEVEL_SUBOBJECTIVE), PLAN_NONE);
}

static void test_lower_is_better(void **state)
{
    (void)state;
    int y4[] = {2020, 2021, 2022, 2023};
    double v[] = {50, 40, 30, 20.2};
    plan_indicator ind = indicator(10, 2027, 0);
    analyze_metrics m;
    analyse(y4, v, 4, &ind, 2024, &m);
    assert_true(fabs(m.gap - 10.2) < 1e-9);
    assert_int_equal(m.status, ANALYZE_ON_TRACK);
    assert_int_equal(m.reach_year, 2025);
}

static void test_yoy_needs_previous_year(void **state)
{
    (void)state;
    int y[] = {2020, 2023};
    double v[] = {50, 60};
    plan_indicator ind = indicator(80, 2027, 1);
    analyze_metrics m;
    analyse(y, v, 2, &ind, 2026, &m);
    assert_true(isnan(m.previous));
    assert_true(isnan(m.yoy_change));
    assert_int_equal(m.stale, 1); /* 2026 - 2023 > 2 */
    analyse(y, v, 2, &ind, 2025, &m);
    assert_int_equal(m.stale, 0);
}

/* The tabulated t quantiles are GSL's, bit for bit (outputs must not
 * depend on whether a value came from the table); outside the table
 * (non-integer or large dof), or when the confidence changed after it was
 * tabulated, or for rules built by hand, GSL is asked. */
static void test_t_quantile_table(void **state)
{
    (void)state;
    plan_rules r = default_rules();
    assert_true(r.t_conf != r.confidence);   /* not tabulated: GSL */
    assert_true(analyze_t_quantile(&r, 3.0) == gsl_cdf_tdist_Pinv(0.975, 3.0));
    plan_rules_tabulate_t(&r);
    assert_true(r.t_conf == 0.95);
    for (int d = 1; d <= PLAN_T_DOF; d++)
        assert_true(analyze_t_quantile(&r, (double)d) == gsl_cdf_tdist_Pinv(0.975, (double)d));
    assert_true(fabs(analyze_t_quantile(&r, 1.0) - 12.706204736174703) < 1e-12);
    assert_true(fabs(analyze_t_quantile(&r, 2.0) - 4.302652729749464) < 1e-12);
    assert_true(analyze_t_quantile(&r, 2.5) == gsl_cdf_tdist_Pinv(0.975, 2.5));
    assert_true(analyze_t_quantile(&r, PLAN_T_DOF + 1.0) ==
                gsl_cdf_tdist_Pinv(0.975, PLAN_T_DOF + 1.0));
    r.confidence = 0.9;   /* changed after tabulating: the table is not used */
    assert_true(analyze_t_quantile(&r, 4.0) == gsl_cdf_tdist_Pinv(0.95, 4.0));
    assert_true(analyze_t_quantile(&r, 4.0) != r.t_quant[4]);
}

int main(void)
{
    analyze_gsl_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_fit),   cmocka_unit_test(test_fit_degenerate),
        cmocka_unit_test(test_fit_long_series),
        cmocka_unit_test(test_metrics_reference), cmocka_unit_test(test_status_rules),
        cmocka_unit_test(test_stale_met_is_to_confirm), cmocka_unit_test(test_met_declining),
        cmocka_unit_test(test_target_year_observation), cmocka_unit_test(test_reach_year_after_last),
        cmocka_unit_test(test_distinct_years), cmocka_unit_test(test_pace_probability),
        cmocka_unit_test(test_tolerance_floor_clamp), cmocka_unit_test(test_sdg_method),
        cmocka_unit_test(test_projection_window), cmocka_unit_test(test_backtest),
        cmocka_unit_test(test_backtest_calibration_window),
        cmocka_unit_test(test_backtest_damping), cmocka_unit_test(test_damped_drift_predictive),
        cmocka_unit_test(test_calibration_bins),
        cmocka_unit_test(test_lower_is_better), cmocka_unit_test(test_yoy_needs_previous_year),
        cmocka_unit_test(test_at_risk_and_width_boundary), cmocka_unit_test(test_interval_misses), cmocka_unit_test(test_tolerance_and_maintain),
        cmocka_unit_test(test_logit_projection), cmocka_unit_test(test_scores_and_quadrants),
        cmocka_unit_test(test_monthly_points), cmocka_unit_test(test_rollup_levels),
        cmocka_unit_test(test_t_quantile_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
