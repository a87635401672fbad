/* series.c - observations to one sorted series per (municipality,
 * indicator). The plan decides which spellings are the same indicator, so
 * unknown areas and conflicting duplicates are found here. */
#include "series.h"

#include "identity.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"

/* Entity names are interned by ingest (one pointer per distinct name), so
 * a name's index is found by its pointer: an open-address table of
 * (pointer, index), capacity a power of two, at most half full. */
typedef struct entity_map {
    const char **key;
    size_t *idx;
    size_t cap;
} entity_map;

static size_t ptr_slot(const entity_map *m, const char *k)
{
    uintptr_t h = (uintptr_t)k;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(h >> 7) & (m->cap - 1);
    while (m->key[i] && m->key[i] != k) i = (i + 1) & (m->cap - 1);
    return i;
}

/* Index of entity name e in t, appending it when new; PLAN_NONE on
 * allocation failure. The last hit is tried first because inputs list one
 * municipality's rows together. */
static size_t entity_index(series_table *t, entity_map *m, const char *e, size_t *last)
{
    if (*last < m->cap && m->key[*last] == e) return m->idx[*last];
    if (m->cap) {
        size_t i = ptr_slot(m, e);
        if (m->key[i]) return m->idx[*last = i];
    }
    if (2 * (t->nentities + 1) > m->cap) {
        entity_map nm = {NULL, NULL, m->cap ? 2 * m->cap : 64};
        nm.key = calloc(nm.cap, sizeof *nm.key);
        nm.idx = malloc(nm.cap * sizeof *nm.idx);
        if (!nm.key || !nm.idx) {
            free(nm.key);
            free(nm.idx);
            return PLAN_NONE;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->key[i]) {
                size_t j = ptr_slot(&nm, m->key[i]);
                nm.key[j] = m->key[i];
                nm.idx[j] = m->idx[i];
            }
        free(m->key);
        free(m->idx);
        *m = nm;
    }
    char **ne = tb_reallocarray(t->entities, t->nentities + 1, sizeof *ne);
    if (!ne) return PLAN_NONE;
    t->entities = ne;
    if (!(ne[t->nentities] = tb_strdup(e))) return PLAN_NONE;
    size_t i = ptr_slot(m, e);
    m->key[i] = e;
    m->idx[i] = t->nentities;
    *last = i;
    return t->nentities++;
}

/* Area -> indicator lookups fold the name (Unicode normalisation), which
 * costs more than everything else series_build does; a network's long
 * file repeats the same few area strings hundreds of thousands of times,
 * so the distinct strings seen are remembered (borrowed from the obs). */
#define AREA_CACHE 64
typedef struct area_cache {
    const char *area[AREA_CACHE];
    size_t ind[AREA_CACHE];
    size_t n, next;
} area_cache;

/* Sets *out to the indicator of area (PLAN_NONE when unknown). Returns 0,
 * or TB_EX_OSERR when folding ran out of memory: then the area is not
 * "unknown", and the caller must not say it is. */
static int find_indicator(area_cache *c, const plan *p, const char *area, size_t *out)
{
    for (size_t k = 0; k < c->n; k++)   /* interned: equal names, equal pointers */
        if (c->area[k] == area) {
            *out = c->ind[k];
            return 0;
        }
    for (size_t k = 0; k < c->n; k++)
        if (!strcmp(c->area[k], area)) {
            *out = c->ind[k];
            return 0;
        }
    int rc = plan_find_indicator_ex(p, area, out);
    if (rc) return rc;
    size_t slot = c->n < AREA_CACHE ? c->n++ : c->next++ % AREA_CACHE;
    c->area[slot] = area;
    c->ind[slot] = *out;
    return 0;
}

/* A point and its place in the input (a position among the series'
 * points, which were filled in input order, or the observation's index):
 * sorting on (year, month, place) keeps ties in input order, so the
 * first place read is "aquí"'s partner. */
typedef struct point_ref {
    series_point pt;
    size_t obs;
} point_ref;

static int cmp_ref(const void *a, const void *b)
{
    const point_ref *x = a, *y = b;
    if (x->pt.year != y->pt.year) return x->pt.year < y->pt.year ? -1 : 1;
    if (x->pt.month != y->pt.month) return x->pt.month < y->pt.month ? -1 : 1;
    return x->obs < y->obs ? -1 : x->obs > y->obs;
}

static int point_before(const series_point *x, const series_point *y)
{
    return x->year != y->year ? x->year < y->year : x->month < y->month;
}

/* Sorts pts[0..n) by (year, month), stably. Returns 0 or TB_EX_OSERR. */
static int sort_series(series_point *pts, size_t n)
{
    size_t i = 1;
    while (i < n && !point_before(&pts[i], &pts[i - 1])) i++;
    if (i >= n) return 0;   /* as read: the usual case */
    point_ref *tmp = tb_reallocarray(NULL, n, sizeof *tmp);
    if (!tmp) return TB_EX_OSERR;
    for (size_t k = 0; k < n; k++) tmp[k] = (point_ref){pts[k], k};
    qsort(tmp, n, sizeof *tmp, cmp_ref);
    for (size_t k = 0; k < n; k++) pts[k] = tmp[k].pt;
    free(tmp);
    return 0;
}

/* The run (ingest.h) each observation k belongs to is found by walking
 * the runs alongside k. */
static size_t run_end(const ingest_set *in, size_t r)
{
    return r + 1 < in->nruns ? in->runs[r + 1].first : in->nobs;
}

/* What series_build resolved, per run of the input. */
typedef struct run_keys {
    uint32_t *ind;      /* indicator, PLAN_NONE32 when unknown */
    uint32_t *ent;      /* entity */
} run_keys;

#define PLAN_NONE32 UINT32_MAX

/* The observations behind series (e, i), in the order its sorted points
 * were before duplicates were collapsed: found again from the runs, only
 * when a problem needs to say where (the points keep no provenance: a
 * network has millions). Caller frees *out. Returns 0 or TB_EX_OSERR. */
static int series_refs(const ingest_set *in, const run_keys *rk, size_t e, size_t i,
                       point_ref **out, size_t *nout)
{
    size_t n = 0, cap = 0;
    point_ref *v = NULL;
    for (size_t r = 0; r < in->nruns; r++) {
        if (rk->ent[r] != e || rk->ind[r] != i) continue;
        for (size_t k = in->runs[r].first; k < run_end(in, r); k++) {
            point_ref *nv = tb_grow(v, n, &cap, sizeof *v, 16);
            if (!nv) {
                free(v);
                return TB_EX_OSERR;
            }
            v = nv;
            const ingest_val *iv = &in->vals[k];
            v[n++] = (point_ref){{.year = iv->year, .month = iv->month, .value = iv->value}, k};
        }
    }
    if (n > 1) qsort(v, n, sizeof *v, cmp_ref);
    *out = v;
    *nout = n;
    return 0;
}

static void fmt_value(double v, char *buf, size_t cap)
{
    snprintf(buf, cap, "%.10g", v);
    for (char *c = buf; *c; c++)
        if (*c == '.') *c = ',';
}

/* Adds the "unknown area" problem; returns 0 or TB_EX_OSERR (the
 * suggestion could not be computed: saying "no suggestion" would be a lie). */
static int report_unknown(const plan *p, const ingest_set *in, const ingest_obs *o,
                          tb_errlist *errs)
{
    tb_error e;
    const char *sug = NULL;
    if (plan_suggest_indicator_ex(p, o->area, &sug)) return TB_EX_OSERR;
    char path[TB_ERR_FILE_MAX];
    int cellref;
    ingest_source_label(&in->sources[o->source], path, sizeof path, &cellref);
    long col = o->area_col > 0 ? o->area_col : 1;
    if (sug)
        tb_error_set(&e, TB_EX_DATAERR, path, o->line, col, MSG_S_UNKNOWN_AREA, o->area, sug);
    else
        tb_error_set(&e, TB_EX_DATAERR, path, o->line, col, MSG_S_UNKNOWN_AREA_NOSUGGEST, o->area,
                     p->nfiles ? p->files[p->nfiles - 1].path : "");
    e.cellref = cellref;
    tb_errlist_add(errs, &e);
    return 0;
}

static void report_conflict(const series_table *t, const plan *p, const ingest_set *in,
                            size_t entity, size_t ind, const ingest_obs *here,
                            const ingest_obs *there, tb_errlist *errs)
{
    char a[32], b[32];
    fmt_value(here->value, a, sizeof a);
    fmt_value(there->value, b, sizeof b);
    int many = t->nentities > 1;
    tb_error e;
    char hp[TB_ERR_FILE_MAX], tp[TB_ERR_FILE_MAX], where[TB_ERR_FILE_MAX + 48];
    int href, tref;
    ingest_source_label(&in->sources[here->source], hp, sizeof hp, &href);
    ingest_source_label(&in->sources[there->source], tp, sizeof tp, &tref);
    tb_where(where, sizeof where, tp, there->line, there->col, tref);
    tb_error_set(&e, TB_EX_DATAERR, hp, here->line, here->col,
                 MSG_S_CONFLICT, p->indicators[ind].name, here->year,
                 many ? MSG_S_ENTITY_SEP : "", many ? t->entities[entity] : "", a, b, where);
    e.cellref = href;
    tb_errlist_add(errs, &e);
}

/* A yearly value and monthly values of the same year are two measures of
 * one year: which one is "the" value is the analyst's call, not ours. */
static void report_mixed(const series_table *t, const plan *p, const ingest_set *in,
                         size_t entity, size_t ind, const ingest_obs *monthly,
                         const ingest_obs *yearly, tb_errlist *errs)
{
    int many = t->nentities > 1;
    tb_error e;
    tb_error_set(&e, TB_EX_DATAERR, in->sources[monthly->source].path, monthly->line,
                 monthly->col, MSG_S_MIXED, p->indicators[ind].name, monthly->year,
                 many ? MSG_S_ENTITY_SEP : "", many ? t->entities[entity] : "",
                 in->sources[yearly->source].path, yearly->line, yearly->col);
    tb_errlist_add(errs, &e);
}

/* Where the sorted points a and b of series (e, i) came from, into *oa
 * and *ob; refs (NULL until first needed) caches the series' sorted
 * observations. Returns 0 or TB_EX_OSERR. */
static int where_from(const ingest_set *in, const run_keys *rk, size_t e, size_t i,
                      point_ref **refs, size_t *nrefs, size_t a, size_t b, ingest_obs *oa,
                      ingest_obs *ob)
{
    if (!*refs && series_refs(in, rk, e, i, refs, nrefs)) return TB_EX_OSERR;
    TB_ASSERT(a < *nrefs && b < *nrefs);
    ingest_obs_get(in, (*refs)[a].obs, oa);
    ingest_obs_get(in, (*refs)[b].obs, ob);
    return 0;
}

/* Sorts each series by year and collapses equal duplicates; conflicting
 * ones, and a year given both as a whole and by month, become errors
 * (once the list is full they are only counted: finding where they came
 * from costs a pass over the runs). Returns 1 when there were errors, 0,
 * or -1 when memory ran out. */
static int finish_series(series_table *t, const plan *p, const ingest_set *in,
                         const run_keys *rk, tb_errlist *errs)
{
    int bad = 0;
    for (size_t e = 0; e < t->nentities; e++)
        for (size_t i = 0; i < t->nindicators; i++) {
            series *s = &t->s[e * t->nindicators + i];
            if (!s->n) continue;
            if (sort_series(s->pts, s->n)) return -1;
            point_ref *refs = NULL;
            size_t nrefs = 0, w = 0, last = 0;   /* last: sorted place of pts[w - 1] */
            int oom = 0;
            for (size_t r = 0; r < s->n && !oom; r++) {
                if (w > 0 && s->pts[w - 1].year == s->pts[r].year &&
                    s->pts[w - 1].month == s->pts[r].month) {
                    if (s->pts[w - 1].value != s->pts[r].value) {
                        bad = 1;
                        ingest_obs here, there;
                        tb_error none;
                        if (errs->n >= errs->max) {
                            tb_error_clear(&none);
                            tb_errlist_add(errs, &none);   /* counted, not kept */
                        } else if (where_from(in, rk, e, i, &refs, &nrefs, r, last, &here, &there)) {
                            oom = 1;
                        } else {
                            report_conflict(t, p, in, e, i, &here, &there, errs);
                        }
                    }
                    continue;
                }
                /* yearly (month 0) sorts before the months of its year */
                if (w > 0 && s->pts[w - 1].year == s->pts[r].year &&
                    s->pts[w - 1].month == 0 && s->pts[r].month > 0) {
                    size_t y = w - 1;
                    if (y == 0 || s->pts[y - 1].year != s->pts[y].year) {
                        bad = 1;
                        ingest_obs monthly, yearly;
                        tb_error none;
                        if (errs->n >= errs->max) {
                            tb_error_clear(&none);
                            tb_errlist_add(errs, &none);
                        } else if (where_from(in, rk, e, i, &refs, &nrefs, r, last, &monthly,
                                              &yearly)) {
                            oom = 1;
                        } else {
                            report_mixed(t, p, in, e, i, &monthly, &yearly, errs);
                        }
                    }
                }
                last = r;
                s->pts[w++] = s->pts[r];
            }
            free(refs);
            if (oom) return -1;
            s->n = w;
        }
    return bad;
}

/* With a municipalities table, a municipality first seen in the data
 * must be in it (or be the plan's own city): else the problem, with the
 * closest name. Returns 0 or TB_EX_OSERR. */
static int report_unknown_entity(const plan *p, const ingest_set *in, const ingest_obs *o,
                                 tb_errlist *errs, int *unknown)
{
    if (!p->nmunicipalities || plan_is_own_city(p, o->entity)) return 0;
    const plan_municipality *m;
    const char *sug = NULL;
    if (plan_find_municipality(p, o->entity, &m)) return TB_EX_OSERR;
    if (m) return 0;
    if (plan_suggest_municipality(p, o->entity, &sug)) return TB_EX_OSERR;
    const char *table = p->municipalities_path ? p->municipalities_path : "";
    tb_error e;
    const char *path = in->sources[o->source].path;
    if (sug) tb_error_set(&e, TB_EX_DATAERR, path, o->line, 0, MSG_S_UNKNOWN_ENTITY, o->entity, table, sug);
    else tb_error_set(&e, TB_EX_DATAERR, path, o->line, 0, MSG_S_UNKNOWN_ENTITY_NOSUGGEST, o->entity, table);
    tb_errlist_add(errs, &e);
    *unknown = 1;
    return 0;
}

int series_build(series_table *t, const plan *p, const ingest_set *in, tb_errlist *errs)
{
    memset(t, 0, sizeof *t);
    t->nindicators = p->nindicators;
    /* names are resolved once per run, not per value, and kept in 32
     * bits (4,294,967,295 municipalities or indicators is the ceiling) */
    size_t nr = in->nruns ? in->nruns : 1;
    run_keys rk = {tb_reallocarray(NULL, nr, sizeof *rk.ind), tb_reallocarray(NULL, nr, sizeof *rk.ent)};
    int rc = (!rk.ind || !rk.ent || p->nindicators >= PLAN_NONE32) ? TB_EX_OSERR : 0;
    int unknown = 0;
    size_t last = 0;
    entity_map em = {NULL, NULL, 0};
    area_cache ac = {.n = 0};
    /* Pass 1: resolve names; an unknown area is reported once per record. */
    for (size_t r = 0; !rc && r < in->nruns; r++) {
        const ingest_run *run = &in->runs[r];
        size_t ind;
        if (find_indicator(&ac, p, run->area, &ind)) {
            rc = TB_EX_OSERR;
            break;
        }
        rk.ind[r] = ind == PLAN_NONE ? PLAN_NONE32 : (uint32_t)ind;
        size_t before = t->nentities;
        size_t ent = entity_index(t, &em, run->entity, &last);
        rk.ent[r] = (uint32_t)ent;
        ingest_obs o;
        if (ent == PLAN_NONE || ent >= PLAN_NONE32) {
            rc = TB_EX_OSERR;
        } else if (t->nentities > before) {
            ingest_obs_get(in, run->first, &o);
            if (report_unknown_entity(p, in, &o, errs, &unknown)) rc = TB_EX_OSERR;
        }
        if (rc || rk.ind[r] != PLAN_NONE32) continue;
        for (size_t k = run->first; k < run_end(in, r); k++) {
            ingest_obs prev;
            ingest_obs_get(in, k, &o);
            if (k) ingest_obs_get(in, k - 1, &prev);
            if ((!k || prev.source != o.source || prev.line != o.line) &&
                report_unknown(p, in, &o, errs)) {
                rc = TB_EX_OSERR;
                break;
            }
        }
        unknown = 1;
    }
    if (!rc && t->nentities * (t->nindicators ? t->nindicators : 1) > 0) {
        t->s = calloc(t->nentities * t->nindicators + 1, sizeof *t->s);
        if (!t->s) rc = TB_EX_OSERR;
    }
    /* Pass 2: count, allocate, fill. */
    for (size_t r = 0; !rc && r < in->nruns; r++)
        if (rk.ind[r] != PLAN_NONE32)
            t->s[rk.ent[r] * t->nindicators + rk.ind[r]].n += run_end(in, r) - in->runs[r].first;
    /* one block for every point: 37,000 series of a network in one
     * allocation, not one each */
    size_t npts = 0;
    for (size_t j = 0; !rc && t->s && j < t->nentities * t->nindicators; j++) npts += t->s[j].n;
    if (!rc && npts && !(t->pool = tb_reallocarray(NULL, npts, sizeof *t->pool))) rc = TB_EX_OSERR;
    npts = 0;
    for (size_t j = 0; !rc && t->s && j < t->nentities * t->nindicators; j++) {
        if (t->s[j].n) t->s[j].pts = t->pool + npts;
        npts += t->s[j].n;
        t->s[j].n = 0;
    }
    for (size_t r = 0; !rc && r < in->nruns; r++) {
        if (rk.ind[r] == PLAN_NONE32) continue;
        series *s = &t->s[rk.ent[r] * t->nindicators + rk.ind[r]];
        for (size_t k = in->runs[r].first; k < run_end(in, r); k++) {
            const ingest_val *v = &in->vals[k];
            s->pts[s->n++] = (series_point){.year = v->year, .month = v->month, .value = v->value};
        }
    }
    free(em.key);
    free(em.idx);
    int conflicts = rc ? 0 : finish_series(t, p, in, &rk, errs);
    free(rk.ind);
    free(rk.ent);
    if (conflicts < 0) rc = TB_EX_OSERR;
    if (rc) {
        tb_error e;
        tb_error_set(&e, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
        tb_errlist_add(errs, &e);
        return rc;
    }
    return (unknown || conflicts) ? TB_EX_DATAERR : 0;
}

int series_check_period(const ingest_set *in, int period_year, int period_month,
                        tb_errlist *errs)
{
    int bad = 0;
    for (size_t k = 0; k < in->nobs; k++) {
        const ingest_val *v = &in->vals[k];
        int future = v->year > period_year ||
                     (v->year == period_year && period_month > 0 && v->month > period_month);
        if (!future) continue;
        ingest_obs o;
        ingest_obs_get(in, k, &o);
        tb_error e;
        if (o.month)
            tb_error_set(&e, TB_EX_DATAERR, in->sources[o.source].path, o.line, o.col,
                         MSG_S_FUTURE_MONTH, o.year, o.month, period_year, period_month);
        else
            tb_error_set(&e, TB_EX_DATAERR, in->sources[o.source].path, o.line, o.col,
                         MSG_S_FUTURE_YEAR, o.year, period_year, period_month);
        tb_errlist_add(errs, &e);
        bad = 1;
    }
    return bad ? TB_EX_DATAERR : 0;
}

void series_table_fini(series_table *t)
{
    for (size_t i = 0; i < t->nentities; i++) free(t->entities[i]);
    free(t->entities);
    if (t->s && !t->pool)
        for (size_t j = 0; j < t->nentities * t->nindicators; j++) free(t->s[j].pts);
    free(t->pool);
    free(t->s);
    memset(t, 0, sizeof *t);
}

const series *series_at(const series_table *t, size_t entity, size_t indicator)
{
    TB_ASSERT(entity < t->nentities && indicator < t->nindicators);
    return &t->s[entity * t->nindicators + indicator];
}

double series_point_x(const series_point *pt)
{
    return pt->month ? pt->year + (pt->month - 0.5) / 12.0 : (double)pt->year;
}
