/* test_network.c - peer statistics against figures computed by hand (and
 * by numpy.quantile, linear interpolation): quartiles per year, latest
 * values, ranks with ties in both directions, status counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "network.h"

#define NE 5
#define NI 2

/* Indicator 0: values in 2022 for 5 municipalities (one missing), and a
 * 2023 value for two of them; indicator 1 has no data at all. */
static series_point P[NE][2] = {
    {{.year = 2022, .value = 10}, {.year = 2023, .value = 40}},
    {{.year = 2022, .value = 20}, {.year = 0, .value = 0}},
    {{.year = 2022, .value = 20}, {.year = 2023, .value = 60}},
    {{.year = 2022, .value = 50}, {.year = 0, .value = 0}},
    {{.year = 0, .value = 0}, {.year = 0, .value = 0}},
};

typedef struct fixture {
    plan p;
    plan_indicator ind[NI];
    series s[NE * NI];
    char *names[NE];
    series_table t;
    analyze_metrics m[NE * NI];
    analyze_digest dg[NE * NI];
    analyze_result res;
} fixture;

/* The digests the network reads, from the metrics as the test set them. */
static void digest(fixture *f)
{
    for (size_t k = 0; k < NE * NI; k++) f->dg[k] = analyze_digest_of(&f->m[k]);
}

static void build(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const size_t npts[NE] = {2, 1, 2, 1, 0};
    static char n0[] = "A", n1[] = "B", n2[] = "C", n3[] = "D", n4[] = "E";
    char *names[NE] = {n0, n1, n2, n3, n4};
    for (size_t e = 0; e < NE; e++) {
        f->names[e] = names[e];
        f->s[e * NI] = (series){P[e], npts[e]};
        f->s[e * NI + 1] = (series){NULL, 0};
        f->m[e * NI].status = e < 2 ? ANALYZE_MET : ANALYZE_AT_RISK;
        f->m[e * NI + 1].status = ANALYZE_INSUFFICIENT;
    }
    f->p.indicators = f->ind;
    f->p.nindicators = NI;
    f->t = (series_table){f->names, NE, NI, f->s, NULL};
    f->res.nentities = NE;
    f->res.nindicators = NI;
    f->res.m = f->m;
    f->res.digest = f->dg;
    digest(f);
}

static void test_quartiles_and_latest(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    network_stats s;
    tb_error err;
    assert_int_equal(network_stats_build(&s, &f.p, &f.t, &f.res, &err), 0);
    assert_int_equal(s.year_min, 2022);
    assert_int_equal(s.nyears, 2);
    const network_dist *d = network_year(&s, 0, 2022);
    assert_non_null(d);
    /* 10, 20, 20, 50: numpy.quantile(..., [.25, .5, .75]) = 17.5, 20, 27.5 */
    assert_int_equal(d->n, 4);
    assert_true(fabs(d->q1 - 17.5) < 1e-12);
    assert_true(fabs(d->median - 20) < 1e-12);
    assert_true(fabs(d->q3 - 27.5) < 1e-12);
    assert_true(d->min == 10 && d->max == 50);
    d = network_year(&s, 0, 2023);
    assert_int_equal(d->n, 2);
    assert_true(fabs(d->median - 50) < 1e-12);
    assert_null(network_year(&s, 0, 2021));
    /* latest values: 40, 20, 60, 50 */
    assert_int_equal(s.latest[0].n, 4);
    assert_true(fabs(s.latest[0].median - 45) < 1e-12);
    assert_int_equal(s.latest[1].n, 0);
    assert_true(isnan(s.latest[1].median));
    assert_int_equal(s.status_count[0 * ANALYZE_NSTATUS + ANALYZE_MET], 2);
    assert_int_equal(s.status_count[0 * ANALYZE_NSTATUS + ANALYZE_AT_RISK], 3);
    assert_int_equal(s.status_count[1 * ANALYZE_NSTATUS + ANALYZE_INSUFFICIENT], 5);
    assert_true(isnan(network_value_at(&f.t, 4, 0, 2022)));
    assert_true(network_value_at(&f.t, 2, 0, 2023) == 60);
    network_stats_fini(&s);
}

static void test_ranks_share_ties(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    network_stats s;
    tb_error err;
    assert_int_equal(network_stats_build(&s, &f.p, &f.t, &f.res, &err), 0);
    const network_dist *d = network_year(&s, 0, 2022);
    /* higher is better: 50 -> 1, 20 and 20 -> 2, 10 -> 4 */
    assert_int_equal(network_rank(d, 50, 1), 1);
    assert_int_equal(network_rank(d, 20, 1), 2);
    assert_int_equal(network_rank(d, 10, 1), 4);
    /* lower is better: 10 -> 1, 20 -> 2, 50 -> 4 */
    assert_int_equal(network_rank(d, 10, 0), 1);
    assert_int_equal(network_rank(d, 20, 0), 2);
    assert_int_equal(network_rank(d, 50, 0), 4);
    assert_int_equal(network_rank(d, NAN, 1), 0);
    assert_int_equal(network_rank(NULL, 1, 1), 0);
    /* "mantener" within 15-25: 20, 20 inside (rank 1), 10 and 50 outside
     * by 5 and 25 (ranks 3 and 4): never "higher is better" */
    plan_indicator keep;
    memset(&keep, 0, sizeof keep);
    keep.maintain = 1;
    keep.higher_is_better = 1;
    keep.band_min = 15;
    keep.band_max = 25;
    assert_int_equal(network_rank_ind(d, &keep, 20), 1);
    assert_int_equal(network_rank_ind(d, &keep, 10), 3);
    assert_int_equal(network_rank_ind(d, &keep, 50), 4);
    assert_int_equal(network_rank_ind(d, &keep, 25), 1);   /* band edge */
    keep.maintain = 0;
    assert_int_equal(network_rank_ind(d, &keep, 50), 1);
    network_stats_fini(&s);
}

static void test_empty_run(void **state)
{
    (void)state;
    plan p;
    memset(&p, 0, sizeof p);
    series_table t;
    memset(&t, 0, sizeof t);
    network_stats s;
    tb_error err;
    assert_int_equal(network_stats_build(&s, &p, &t, NULL, &err), 0);
    assert_int_equal(s.nyears, 0);
    network_stats_fini(&s);
}

/* "Who needs help": lowest index first, more off track first on a tie,
 * no index last without a place; places count higher indexes (ties share). */
static void test_ranking_order(void **state)
{
    (void)state;
    analyze_metrics m[4];
    analyze_rollup o[4];
    memset(m, 0, sizeof m);
    memset(o, 0, sizeof o);
    const double idx[4] = {70.0, 50.0, NAN, 50.0};
    const size_t off[4] = {1, 2, 0, 4};
    for (int e = 0; e < 4; e++) {
        o[e].index = idx[e];
        o[e].counts[ANALYZE_OFF_TRACK] = off[e];
        o[e].total = 1;
        o[e].with_data = e == 2 ? 0 : 1;
        m[e].n = e == 2 ? 0 : 3;
        m[e].stale = e == 0;
    }
    analyze_result res;
    memset(&res, 0, sizeof res);
    res.nentities = 4;
    res.nindicators = 1;
    res.m = m;
    res.overall = o;
    analyze_digest dg[4];
    for (int e = 0; e < 4; e++) dg[e] = analyze_digest_of(&m[e]);
    res.digest = dg;
    /* the index is the reference year's (network_stats), not the
     * roll-up's mix of latest values */
    double ref[4];
    size_t areas[4] = {1, 1, 0, 1};
    for (int e = 0; e < 4; e++) {
        ref[e] = idx[e];
        o[e].index = 99.0;
    }
    network_stats ns;
    memset(&ns, 0, sizeof ns);
    ns.ref_index = ref;
    ns.ref_areas = areas;
    network_rank_row rows[4];
    network_ranking(&ns, &res, rows);
    const size_t want_entity[4] = {3, 1, 0, 2}, want_rank[4] = {2, 2, 1, 0};
    for (int k = 0; k < 4; k++) {
        assert_int_equal(rows[k].entity, want_entity[k]);
        assert_int_equal(rows[k].rank, want_rank[k]);
    }
    assert_int_equal(rows[2].fresh, 0);   /* entity 0: stale */
    assert_int_equal(rows[0].fresh, 1);
    assert_int_equal(rows[3].fresh, 0);   /* entity 2: no data */
    assert_int_equal(rows[0].off_track, 4);
    assert_true(rows[0].index == 50.0);
    assert_int_equal(rows[3].ref_areas, 0);
}

/* The reference year: the configured one; else the latest held by more
 * than half; else the one most hold (the latest of a tie). */
static void test_ref_year(void **state)
{
    (void)state;
    const size_t a[4] = {10, 10, 9, 3};   /* 2020..2023 of 10 municipalities */
    assert_int_equal(network_pick_ref_year(a, 4, 2020, 10, 0), 2022);
    assert_int_equal(network_pick_ref_year(a, 4, 2020, 10, 2021), 2021);
    const size_t b[3] = {4, 2, 4};        /* nobody above half: most, latest */
    assert_int_equal(network_pick_ref_year(b, 3, 2020, 10, 0), 2022);
    const size_t c[2] = {0, 0};
    assert_int_equal(network_pick_ref_year(c, 2, 2020, 10, 0), 0);
    assert_int_equal(network_pick_ref_year(NULL, 0, 0, 0, 0), 0);
}

/* Who improved: the mean points gained toward each target over the last
 * year, in the indicator's own sense ("mantener": toward the band), best
 * first, municipalities without two values last. */
static void test_movers(void **state)
{
    (void)state;
    fixture f;
    build(&f);
    f.ind[0] = (plan_indicator){.target = 80, .higher_is_better = 1};
    f.ind[1] = (plan_indicator){.target = 50, .higher_is_better = 1, .maintain = 1,
                                .band_min = 45, .band_max = 55};
    for (size_t k = 0; k < NE * NI; k++)
        f.m[k].previous = f.m[k].latest = f.m[k].yoy_change = NAN;
    /* A: +10 on 0 (30 -> 40) and 90 -> 60 on the band (gap 35 -> 5: +30): mean 20 */
    f.m[0] = (analyze_metrics){.previous = 30, .latest = 40, .yoy_change = 10};
    f.m[1] = (analyze_metrics){.previous = 90, .latest = 60, .yoy_change = -30};
    /* B: -5 on 0 only */
    f.m[2] = (analyze_metrics){.previous = 50, .latest = 45, .yoy_change = -5};
    f.m[3].previous = f.m[3].latest = f.m[3].yoy_change = NAN;
    /* C: +5 on 0 only; D, E: no change known */
    f.m[4] = (analyze_metrics){.previous = 55, .latest = 60, .yoy_change = 5};
    f.m[5].previous = f.m[5].latest = f.m[5].yoy_change = NAN;
    network_mover rows[NE];
    digest(&f);
    network_movers(&f.p, &f.res, rows);
    assert_int_equal(rows[0].entity, 0);
    assert_true(fabs(rows[0].change - 20) < 1e-12 && rows[0].n == 2);
    assert_int_equal(rows[1].entity, 2);
    assert_true(fabs(rows[1].change - 5) < 1e-12);
    assert_int_equal(rows[2].entity, 1);
    assert_true(fabs(rows[2].change + 5) < 1e-12);
    assert_true(isnan(rows[3].change) && rows[3].entity == 3 && rows[3].n == 0);
    assert_true(isnan(rows[4].change) && rows[4].entity == 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quartiles_and_latest),
        cmocka_unit_test(test_ranks_share_ties),
        cmocka_unit_test(test_empty_run),
        cmocka_unit_test(test_ranking_order),
        cmocka_unit_test(test_ref_year),
        cmocka_unit_test(test_movers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
