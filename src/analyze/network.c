/* network.c - quartiles, ranks and gaps to the median across the
 * municipalities of a run (GSL statistics on sorted copies). Memory is
 * one double per yearly value plus one per (municipality, indicator): it
 * grows with the input, not with anything squared. */
#include "network.h"

#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dsort.h"
#include "msg.h"

double network_value_at(const series_table *t, size_t e, size_t i, int y)
{
    const series *s = series_at(t, e, i);
    /* points are sorted by (year, month): the last one of year y wins */
    for (size_t k = s->n; k-- > 0;) {
        if (s->pts[k].year == y) return s->pts[k].value;
        if (s->pts[k].year < y) break;
    }
    return NAN;
}

static void dist_fill(network_dist *d, double *v, size_t n)
{
    d->n = n;
    d->sorted = v;
    if (n == 0) {
        d->min = d->q1 = d->median = d->q3 = d->max = NAN;
        return;
    }
    tb_sort_doubles(v, n);
    d->min = v[0];
    d->max = v[n - 1];
    d->median = gsl_stats_median_from_sorted_data(v, 1, n);
    d->q1 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.25);
    d->q3 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.75);
}

int network_pick_ref_year(const size_t *year_of, size_t ny, int y0, size_t ne, int fixed)
{
    if (fixed) return fixed;
    int most = 0;
    size_t best = 0;
    for (size_t k = ny; k-- > 0;) {
        if (2 * year_of[k] > ne) return y0 + (int)k;
        if (year_of[k] > best) {
            best = year_of[k];
            most = y0 + (int)k;
        }
    }
    return most;
}

/* The ranking's reference year and each municipality's index in it
 * (network.h). The weights are the network plan's, whatever plan a
 * municipality is measured against, so the indexes compare. */
static int ref_year_build(network_stats *s, const plan *p, const series_table *t, tb_error *err)
{
    size_t ne = t->nentities, ni = p->nindicators;
    size_t *year_of = calloc(s->nyears + 1, sizeof *year_of);
    s->ref_index = malloc((ne + 1) * sizeof *s->ref_index);
    s->ref_areas = calloc(ne + 1, sizeof *s->ref_areas);
    if (!year_of || !s->ref_index || !s->ref_areas) {
        free(year_of);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_NETWORK);
    }
    for (size_t e = 0; e < ne; e++)
        for (size_t k = 0; k < s->nyears; k++) {
            int any = 0;
            for (size_t i = 0; i < ni && !any; i++)
                any = isfinite(network_value_at(t, e, i, s->year_min + (int)k));
            year_of[k] += (size_t)any;
        }
    s->ref_year = network_pick_ref_year(year_of, s->nyears, s->year_min, ne, p->network_ref_year);
    s->ref_auto = !p->network_ref_year;
    free(year_of);
    for (size_t e = 0; e < ne; e++) {
        double sum = 0, wsum = 0;
        for (size_t i = 0; s->ref_year && i < ni; i++) {
            double v = network_value_at(t, e, i, s->ref_year);
            if (!isfinite(v)) continue;
            sum += p->indicators[i].weight * v;
            wsum += p->indicators[i].weight;
            s->ref_areas[e]++;
        }
        s->ref_index[e] = wsum > 0 ? sum / wsum : NAN;
        s->ref_entities += s->ref_areas[e] > 0;
    }
    return 0;
}

int network_stats_build(network_stats *s, const plan *p, const series_table *t,
                        const analyze_result *res, tb_error *err)
{
    memset(s, 0, sizeof *s);
    s->nentities = t->nentities;
    s->nindicators = p->nindicators;
    size_t ni = p->nindicators, ne = t->nentities, nvals = 0;
    int ylo = 0, yhi = 0;
    for (size_t e = 0; e < ne; e++)
        for (size_t i = 0; i < ni; i++) {
            const series *sr = series_at(t, e, i);
            if (!sr->n) continue;
            if (!ylo || sr->pts[0].year < ylo) ylo = sr->pts[0].year;
            if (sr->pts[sr->n - 1].year > yhi) yhi = sr->pts[sr->n - 1].year;
            nvals += sr->n + 1;   /* at most one per point, plus the latest */
        }
    if (ylo) {
        s->year_min = ylo;
        s->year_max = yhi;
        s->nyears = (size_t)(yhi - ylo + 1);
    }
    s->year = calloc(ni * s->nyears + 1, sizeof *s->year);
    s->latest = calloc(ni + 1, sizeof *s->latest);
    s->status_count = calloc(ni * ANALYZE_NSTATUS + 1, sizeof *s->status_count);
    s->values = malloc((nvals + 1) * sizeof *s->values);
    if (!s->year || !s->latest || !s->status_count || !s->values)
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_NETWORK);
    double *w = s->values;
    for (size_t i = 0; i < ni; i++) {
        for (size_t k = 0; k < s->nyears; k++) {
            int y = ylo + (int)k;
            double *start = w;
            for (size_t e = 0; e < ne; e++) {
                double v = network_value_at(t, e, i, y);
                if (isfinite(v)) *w++ = v;
            }
            dist_fill(&s->year[i * s->nyears + k], start, (size_t)(w - start));
        }
        double *start = w;
        for (size_t e = 0; e < ne; e++) {
            const series *sr = series_at(t, e, i);
            if (sr->n) *w++ = sr->pts[sr->n - 1].value;
            if (res && e < res->nentities) {
                analyze_status st = (analyze_status)analyze_digest_at(res, e, i)->status;
                if (st < ANALYZE_NSTATUS) s->status_count[i * ANALYZE_NSTATUS + st]++;
            }
        }
        dist_fill(&s->latest[i], start, (size_t)(w - start));
    }
    TB_ASSERT((size_t)(w - s->values) <= nvals);
    return ref_year_build(s, p, t, err);
}

void network_stats_fini(network_stats *s)
{
    free(s->year);
    free(s->latest);
    free(s->status_count);
    free(s->values);
    free(s->ref_index);
    free(s->ref_areas);
    memset(s, 0, sizeof *s);
}

const network_dist *network_year(const network_stats *s, size_t i, int y)
{
    TB_ASSERT(i < s->nindicators);
    if (!s->nyears || y < s->year_min || y > s->year_max) return NULL;
    return &s->year[i * s->nyears + (size_t)(y - s->year_min)];
}

/* First index in the ascending a[0..n) whose value is > v (upper) or >= v
 * (lower bound). */
static size_t bound(const double *a, size_t n, double v, int upper)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (upper ? a[mid] <= v : a[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

size_t network_rank(const network_dist *d, double v, int higher_is_better)
{
    if (!d || !d->n || !isfinite(v)) return 0;
    size_t better = higher_is_better ? d->n - bound(d->sorted, d->n, v, 1)
                                     : bound(d->sorted, d->n, v, 0);
    return better + 1;
}

size_t network_rank_ind(const network_dist *d, const plan_indicator *ind, double v)
{
    if (!ind->maintain) return network_rank(d, v, ind->higher_is_better);
    if (!d || !d->n || !isfinite(v)) return 0;
    double g = analyze_gap(ind, v), gv = g > 0 ? g : 0;
    size_t better = 0;
    for (size_t k = 0; k < d->n; k++) {
        double gk = analyze_gap(ind, d->sorted[k]);
        /* inside the band every value is as good as any other */
        better += (gk > 0 ? gk : 0) < gv - ANALYZE_EPS;
    }
    return better + 1;
}

/* "Who needs help" first: see network.h. */
static int cmp_need(const void *a, const void *b)
{
    const network_rank_row *x = a, *y = b;
    int nx = !isfinite(x->index), ny = !isfinite(y->index);
    if (nx != ny) return nx - ny;
    if (!nx && x->index != y->index) return x->index < y->index ? -1 : 1;
    if (x->off_track != y->off_track) return x->off_track > y->off_track ? -1 : 1;
    return x->entity < y->entity ? -1 : x->entity > y->entity;
}

void network_ranking(const network_stats *ns, const analyze_result *res, network_rank_row *rows)
{
    size_t n = res->nentities;
    for (size_t e = 0; e < n; e++) {
        const analyze_rollup *o = &res->overall[e];
        network_rank_row *r = &rows[e];
        memset(r, 0, sizeof *r);
        r->entity = e;
        r->index = ns->ref_index[e];
        r->ref_areas = ns->ref_areas[e];
        r->off_track = o->counts[ANALYZE_OFF_TRACK];
        r->at_risk = o->counts[ANALYZE_AT_RISK];
        r->with_data = o->with_data;
        r->total = o->total;
        for (size_t i = 0; i < res->nindicators; i++) {
            const analyze_digest *m = analyze_digest_at(res, e, i);
            if (m->n > 0 && !m->stale) r->fresh++;
        }
    }
    /* rank: 1 + how many have a strictly higher index */
    for (size_t e = 0; e < n; e++) {
        if (!isfinite(rows[e].index)) continue;
        size_t higher = 0;
        for (size_t f = 0; f < n; f++)
            if (isfinite(rows[f].index) && rows[f].index > rows[e].index) higher++;
        rows[e].rank = higher + 1;
    }
    qsort(rows, n, sizeof *rows, cmp_need);
}

static int mover_cmp(const void *a, const void *b)
{
    const network_mover *x = a, *y = b;
    int fx = isfinite(x->change), fy = isfinite(y->change);
    if (fx != fy) return fy - fx;
    if (fx && x->change != y->change) return x->change > y->change ? -1 : 1;
    return (x->entity > y->entity) - (x->entity < y->entity);
}

void network_movers(const plan *p, const analyze_result *res, network_mover *rows)
{
    for (size_t e = 0; e < res->nentities; e++) {
        double sum = 0;
        size_t n = 0;
        for (size_t i = 0; i < p->nindicators; i++) {
            const analyze_digest *m = analyze_digest_at(res, e, i);
            if (!isfinite(m->yoy_change) || !isfinite(m->previous) || !isfinite(m->latest)) continue;
            const plan_indicator *ind = &p->indicators[i];
            sum += analyze_gap(ind, m->previous) - analyze_gap(ind, m->latest);
            n++;
        }
        rows[e] = (network_mover){e, n ? sum / (double)n : NAN, n};
    }
    if (res->nentities > 1) qsort(rows, res->nentities, sizeof *rows, mover_cmp);
}
