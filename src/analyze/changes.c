/* changes.c - "Novedades" (see changes.h): parses the previous period's
 * metrics JSON text with cJSON and compares it, point by point and status
 * by status, with this run's series and results. Pure: finding and reading
 * the previous file is publish/previous.c's job. */
#include "changes.h"

#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comments.h"
#include "labels.h"
#include "msg.h"

void changes_init(changes_set *cs)
{
    memset(cs, 0, sizeof *cs);
}

void changes_fini(changes_set *cs)
{
    free(cs->items);
    memset(cs, 0, sizeof *cs);
}

const char *changes_kind_key(changes_kind k)
{
    switch (k) {
    case CHANGES_NEW_POINT: return "nuevo_dato";
    case CHANGES_REVISED: return "valor_revisado";
    case CHANGES_STATUS: return "cambio_de_estado";
    case CHANGES_URGENT: return "paso_a_actuar_ya";
    case CHANGES_COMMENT: return "comentario_nuevo";
    default: return "?";
    }
}

static int push(changes_set *cs, const changes_item *it)
{
    changes_item *ni = tb_grow(cs->items, cs->n, &cs->cap, sizeof *ni, 32);
    if (!ni) return -1;
    cs->items = ni;
    cs->items[cs->n++] = *it;
    cs->count[it->kind]++;
    return 0;
}

static int status_from_key(const char *key)
{
    for (int s = 0; s < ANALYZE_NSTATUS; s++)
        if (key && !strcmp(key, msg_status_key((analyze_status)s))) return s;
    return -1;
}

static const char *str_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num_of(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

/* The previous rows, indexed once by (municipio, area): looking each
 * (municipality, indicator) up by scanning the array made a large previous
 * file cost rows x indicators x municipalities. */
typedef struct row_index {
    const cJSON **slot;
    size_t cap;   /* a power of two, at least twice the rows */
} row_index;

static uint64_t row_hash(const char *entity, const char *area)
{
    uint64_t h = tb_fnv1a(entity, strlen(entity));
    return h ^ (tb_fnv1a(area, strlen(area)) * 0x9e3779b97f4a7c15ull);
}

static int row_matches(const cJSON *r, const char *entity, const char *area)
{
    const char *e = str_of(r, "municipio"), *a = str_of(r, "area");
    return e && a && !strcmp(e, entity) && !strcmp(a, area);
}

/* The first row of each (municipio, area), as the linear scan found it.
 * Returns 0 or -1 when memory runs out. */
static int row_index_build(row_index *ix, const cJSON *rows)
{
    size_t n = (size_t)cJSON_GetArraySize(rows);
    ix->cap = 16;
    while (ix->cap < 2 * n + 2) ix->cap *= 2;
    ix->slot = calloc(ix->cap, sizeof *ix->slot);
    if (!ix->slot) return -1;
    const cJSON *r;
    cJSON_ArrayForEach(r, rows) {
        const char *e = str_of(r, "municipio"), *a = str_of(r, "area");
        if (!e || !a) continue;
        size_t i = (size_t)row_hash(e, a) & (ix->cap - 1);
        while (ix->slot[i] && !row_matches(ix->slot[i], e, a)) i = (i + 1) & (ix->cap - 1);
        if (!ix->slot[i]) ix->slot[i] = r;
    }
    return 0;
}

/* The old row of (entity, indicator name), or NULL. */
static const cJSON *old_row(const row_index *ix, const char *entity, const char *area)
{
    size_t i = (size_t)row_hash(entity, area) & (ix->cap - 1);
    while (ix->slot[i] && !row_matches(ix->slot[i], entity, area)) i = (i + 1) & (ix->cap - 1);
    return ix->slot[i];
}

/* A row's old points sorted by period (the first of equal periods wins,
 * as in a scan), for binary search. */
typedef struct old_pt {
    long key;       /* year * 13 + month (month 0: yearly) */
    size_t order;   /* position in the file, to keep the first */
    double value;
} old_pt;

static int old_pt_cmp(const void *a, const void *b)
{
    const old_pt *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static long pt_key(double y, double m)
{
    return (long)y * 13 + (long)m;
}

/* Sorted points of row into *out (caller frees); -1 when memory runs out. */
static int old_points(const cJSON *row, old_pt **out, size_t *n)
{
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(row, "points"), *pt;
    size_t cap = cJSON_IsArray(pts) ? (size_t)cJSON_GetArraySize(pts) : 0;
    *n = 0;
    *out = cap ? malloc(cap * sizeof **out) : NULL;
    if (cap && !*out) return -1;
    cJSON_ArrayForEach(pt, pts) {
        double y = num_of(pt, "year"), m = num_of(pt, "month");
        if (isnan(m)) m = 0;
        /* only what a period of ours can be equal to */
        if (!(y >= 0 && y <= 99999 && m >= 0 && m <= 12) || y != floor(y) || m != floor(m)) continue;
        (*out)[*n] = (old_pt){pt_key(y, m), *n, num_of(pt, "value")};
        (*n)++;
    }
    if (*n > 1) qsort(*out, *n, sizeof **out, old_pt_cmp);
    return 0;
}

/* The old value of (year, month), or NAN. */
static double old_point(const old_pt *pts, size_t n, int year, int month)
{
    long key = pt_key(year, month);
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pts[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && pts[lo].key == key ? pts[lo].value : NAN;
}

/* Values are compared after rounding to 1e-9: the JSON holds round-trip
 * doubles, so anything beyond that is a real revision. */
static int differs(double a, double b)
{
    return fabs(a - b) > 1e-9 * (1.0 + fabs(a));
}

/* 1 when the previous row has no comment, or one that differs from c in
 * period, analysis or action (rewritten counts as new). */
static int comment_is_new(const cJSON *row, const plan_comment *c)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(row, "comment");
    if (!cJSON_IsObject(o)) return 1;
    char per[16];
    if (c->month) snprintf(per, sizeof per, "%04d-%02d", c->year, c->month);
    else snprintf(per, sizeof per, "%04d", c->year);
    const char *op = str_of(o, "period"), *oa = str_of(o, "analysis"), *oc = str_of(o, "action");
    return !op || !oa || !oc || strcmp(op, per) || strcmp(oa, c->analysis) || strcmp(oc, c->action);
}

static int compare_row(changes_set *cs, const cJSON *row, size_t e, size_t i,
                       const series *s, const analyze_metrics *m, const plan *p)
{
    changes_item it;
    memset(&it, 0, sizeof it);
    it.entity = e;
    it.indicator = i;
    it.before = it.after = NAN;
    it.status_before = it.status_after = -1;
    old_pt *pts;
    size_t npts;
    if (old_points(row, &pts, &npts)) return -1;
    for (size_t k = 0; s && k < s->n; k++) {
        double old = old_point(pts, npts, s->pts[k].year, s->pts[k].month);
        it.year = s->pts[k].year;
        it.month = s->pts[k].month;
        it.after = s->pts[k].value;
        it.before = old;
        if (isnan(old)) it.kind = CHANGES_NEW_POINT;
        else if (differs(old, s->pts[k].value)) it.kind = CHANGES_REVISED;
        else continue;
        if (push(cs, &it)) {
            free(pts);
            return -1;
        }
    }
    free(pts);
    it.year = it.month = 0;
    it.before = it.after = NAN;
    int old_status = status_from_key(str_of(row, "status"));
    if (old_status >= 0 && old_status != (int)m->status) {
        it.kind = CHANGES_STATUS;
        it.status_before = old_status;
        it.status_after = (int)m->status;
        if (push(cs, &it)) return -1;
    }
    const char *oq = str_of(row, "quadrant");
    if (m->quadrant == ANALYZE_ACT_NOW && (!oq || strcmp(oq, msg_quadrant_key(ANALYZE_ACT_NOW)))) {
        it.kind = CHANGES_URGENT;
        if (push(cs, &it)) return -1;
    }
    /* an indicator without data has no latest year to speak for: its
     * comment shows in the reports but is not news */
    const plan_comment *c = m->n ? plan_comment_for(p, i, m->last_year) : NULL;
    if (c && comment_is_new(row, c)) {
        it.kind = CHANGES_COMMENT;
        it.year = c->year;
        it.month = c->month;
        if (push(cs, &it)) return -1;
    }
    return 0;
}

int changes_compare(changes_set *cs, const char *json, size_t len, const plan *p,
                    const series_table *t, const analyze_result *res, tb_error *err)
{
    /* cJSON reports a failed allocation like bad JSON (NULL); malloc's
     * ENOMEM tells them apart (the parser calls nothing else that sets it). */
    errno = 0;
    cJSON *doc = cJSON_ParseWithLength(json, len);
    if (!doc && errno == ENOMEM)
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_CHANGES);
    const cJSON *rows = doc ? cJSON_GetObjectItemCaseSensitive(doc, "indicators") : NULL;
    if (!cJSON_IsArray(rows)) {
        cJSON_Delete(doc);
        cs->unreadable = 1;
        return -1;
    }
    cs->found = 1;
    row_index ix;
    int rc = row_index_build(&ix, rows) ? tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_CHANGES) : 0;
    for (size_t e = 0; !rc && e < t->nentities; e++)
        for (size_t i = 0; !rc && i < p->nindicators; i++) {
            const cJSON *row = old_row(&ix, t->entities[e], p->indicators[i].name);
            if (!row) continue;
            cs->matched++;
            if (compare_row(cs, row, e, i, series_at(t, e, i), analyze_at(res, e, i), p))
                rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_CHANGES);
        }
    free(ix.slot);
    cJSON_Delete(doc);
    return rc;
}
