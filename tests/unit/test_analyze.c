/* test_analyze.c - the statistics against independently computed figures
 * and every status rule at its boundary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "analyze.h"

/* Profesionalización de los equipos de gestión, 2020-2023. */
static const double YEARS[] = {2020, 2021, 2022, 2023};
static const double VALUES[] = {50, 68, 75.6, 86.5};

static plan_rules default_rules(void)
{
    plan_rules r = {.min_points_interval = 3, .max_interval_width = 50, .stale_years = 2,
                    .reach_horizon_years = 25, .confidence = 0.95, .value_min = 0,
                    .value_max = 100, .year_min = 1990, .year_max = 2100};
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
    for (size_t i = 0; i < n; i++) pts[i] = (series_point){years[i], vals[i], i, 0};
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
    assert_true(fabs(m.pi_high_raw - 121.857) < 5e-4);
    assert_int_equal(m.clamped, 1);
    assert_int_equal(m.reach_year, 2024); /* fitted 2023 = 87.6 < 95, 2024 = 99.3 */
    /* interval 45.1 wide <= 50 and projection >= 95 */
    assert_int_equal(m.status, ANALYZE_ON_TRACK);
}

static void test_status_rules(void **state)
{
    (void)state;
    analyze_metrics m;
    int y3[] = {2021, 2022, 2023};
    /* 1. no data */
    plan_indicator ind = indicator(80, 2027, 1);
    analyse(y3, NULL, 0, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_INSUFFICIENT);
    assert_true(isnan(m.latest));
    /* 2. latest meets target exactly (boundary) */
    double met[] = {70, 75, 80};
    analyse(y3, met, 3, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_MET);
    assert_true(fabs(m.gap) < 1e-12);
    /* 3. deadline passed */
    plan_indicator past = indicator(90, 2023, 1);
    analyse(y3, met, 3, &past, 2024, &m);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
    /* 4. one point: no trend */
    double one[] = {60};
    analyse(y3, one, 1, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_INSUFFICIENT);
    /* 5. two points: never "en camino", whatever the slope: uncertain */
    double two[] = {60, 79};
    analyse(y3, two, 2, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
    assert_true(isfinite(m.projection));
    assert_true(isnan(m.pi_low));
    /* 5. tight rising line: en camino */
    double rise[] = {60, 65, 70.1};
    analyse(y3, rise, 3, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_ON_TRACK);
    /* 6. falling line whose whole interval misses the target */
    double fall[] = {60, 55, 50};
    analyse(y3, fall, 3, &ind, 2024, &m);
    assert_true(m.pi_high_raw < 80);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
    assert_int_equal(m.reach_year, 0);
    /* 7. noisy three points: interval spans most of 0-100 -> uncertain */
    double noisy[] = {37, 61, 67};
    analyse(y3, noisy, 3, &ind, 2024, &m);
    assert_true(m.pi_high_raw - m.pi_low_raw > 50);
    assert_int_equal(m.status, ANALYZE_UNCERTAIN);
}

/* Six noisy points: projection 71,1 misses 80, the interval [59,3; 82,9]
 * (23,6 wide) reaches it: en riesgo; the width rule at its boundary. */
static void test_at_risk_and_width_boundary(void **state)
{
    (void)state;
    int y6[] = {2018, 2019, 2020, 2021, 2022, 2023};
    double v[] = {50, 56, 54, 60, 58, 63};
    plan_indicator ind = indicator(80, 2027, 1);
    plan_rules r = default_rules();
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
    /* A target the favourable bound misses: off track even when wide. */
    plan_indicator far = indicator(95, 2027, 1);
    analyse_r(y6, v, 6, &far, &r, 2024, &m);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);
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
    int y3[] = {2021, 2022, 2023};
    double high[] = {58, 59, 60};
    analyze_metrics m;
    analyse_r(y3, high, 3, &keep, &r, 2024, &m);
    assert_true(fabs(m.gap - 5) < 1e-12);
    assert_int_equal(m.status, ANALYZE_OFF_TRACK);   /* rising away from the band */
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
    assert_true(fabs(m.t_decline - 1) < 1e-12 && fabs(m.t_age - 1) < 1e-12);
    assert_true(fabs(m.t_deadline - 0.9) < 1e-12);
    assert_true(fabs(m.urgency - (0.4 + 0.2 + 0.2 * 0.9 + 0.2)) < 1e-12);
    assert_int_equal(m.quadrant, ANALYZE_ACT_NOW);
    /* Met, no decline, recent: importance 0,4·(1/2) = 0,2 -> monitor. */
    m = scored(ANALYZE_MET, -5, 3, 2026, 2, 1, 2027);
    ind.weight = 1;
    analyze_scores(&m, &ind, &sc, 2, 2026, 2026.5);
    assert_true(fabs(m.importance - 0.2) < 1e-12);
    assert_true(fabs(m.t_decline) < 1e-12 && fabs(m.t_age) < 1e-12);
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
    /* No data: gap term = unknown_gap, age term = 1. */
    plan_scores_defaults(&sc);
    m = scored(ANALYZE_INSUFFICIENT, NAN, 0, 0, NAN, 1, 2027);
    analyze_scores(&m, &ind, &sc, 1, 2026, 2026.5);
    assert_true(fabs(m.t_gap - 0.5) < 1e-12 && fabs(m.t_age - 1) < 1e-12);
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
    series_point pts[] = {{2024, 50, 0, 0}, {2025, 60, 1, 3}, {2025, 62, 2, 6}, {2026, 70, 3, 3}};
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
    series_point two[] = {{2025, 40, 0, 1}, {2026, 52, 1, 1}};
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
    int y3[] = {2021, 2022, 2023};
    double v[] = {40, 30, 20.2};
    plan_indicator ind = indicator(10, 2027, 0);
    analyze_metrics m;
    analyse(y3, v, 3, &ind, 2024, &m);
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

int main(void)
{
    analyze_gsl_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_fit),   cmocka_unit_test(test_fit_degenerate),
        cmocka_unit_test(test_fit_long_series),
        cmocka_unit_test(test_metrics_reference), cmocka_unit_test(test_status_rules),
        cmocka_unit_test(test_lower_is_better), cmocka_unit_test(test_yoy_needs_previous_year),
        cmocka_unit_test(test_at_risk_and_width_boundary), cmocka_unit_test(test_tolerance_and_maintain),
        cmocka_unit_test(test_logit_projection), cmocka_unit_test(test_scores_and_quadrants),
        cmocka_unit_test(test_monthly_points), cmocka_unit_test(test_rollup_levels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
