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

static void analyse(const int *years, const double *vals, size_t n, const plan_indicator *ind,
                    int period, analyze_metrics *m)
{
    series_point pts[32];
    for (size_t i = 0; i < n; i++) pts[i] = (series_point){years[i], vals[i], i};
    series s = {pts, n};
    plan_rules r = default_rules();
    analyze_series(&s, ind, &r, period, m);
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
    /* 4. two points: never "en camino", whatever the slope */
    double two[] = {60, 79};
    analyse(y3, two, 2, &ind, 2024, &m);
    assert_int_equal(m.status, ANALYZE_INSUFFICIENT);
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
    /* 7. noisy three points: interval spans most of 0-100 -> en riesgo */
    double noisy[] = {37, 61, 67};
    analyse(y3, noisy, 3, &ind, 2024, &m);
    assert_true(m.pi_high_raw - m.pi_low_raw > 50);
    assert_int_equal(m.status, ANALYZE_AT_RISK);
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
        cmocka_unit_test(test_metrics_reference), cmocka_unit_test(test_status_rules),
        cmocka_unit_test(test_lower_is_better), cmocka_unit_test(test_yoy_needs_previous_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
