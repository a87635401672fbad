/* changes.c - "Novedades" (see changes.h): reads the previous period's
 * metrics JSON with cJSON and compares it, point by point and status by
 * status, with this run's series and results. The previous file is only
 * a reference: if it is missing or damaged, the reports say so and the run
 * goes on. */
#include "changes.h"

#include <cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "msg.h"

#define MAX_PREVIOUS_BYTES (64L * 1024L * 1024L)

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
    default: return "?";
    }
}

/* OUTPUT/<period>[/<sub>]/metricas-<period>.json, when it is a file. */
static int metrics_path(const char *outdir, const char *sub, const char *period, char *path,
                        size_t cap)
{
    int n = sub ? snprintf(path, cap, "%s/%s/%s/metricas-%s.json", outdir, period, sub, period)
                : snprintf(path, cap, "%s/%s/metricas-%s.json", outdir, period, period);
    if (n < 0 || (size_t)n >= cap) return 0;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* 1 and *ym = year*12 + month-1 when name is exactly "YYYY-MM". */
static int period_name(const char *name, int *ym)
{
    int y, m;
    if (!tb_parse_year_month(name, 0, 9999, &y, &m)) return 0;
    *ym = y * 12 + m - 1;
    return 1;
}

int changes_find_previous(const char *outdir, int year, int month, char *period,
                          size_t period_cap, char *path, size_t path_cap)
{
    return changes_find_previous_in(outdir, NULL, year, month, period, period_cap, path,
                                    path_cap);
}

int changes_find_previous_in(const char *outdir, const char *sub, int year, int month,
                             char *period, size_t period_cap, char *path, size_t path_cap)
{
    int now = year * 12 + month - 1, prev = now - 1;
    char name[16];
    snprintf(name, sizeof name, "%04d-%02d", prev / 12, prev % 12 + 1);
    if (metrics_path(outdir, sub, name, path, path_cap)) {
        snprintf(period, period_cap, "%s", name);
        return 1;
    }
    /* The month before is missing: the latest earlier period present. */
    DIR *dir = opendir(outdir);
    /* Out of memory is not "no previous period": the reports would say
     * there is nothing to compare with. */
    if (!dir) return errno == ENOMEM ? -1 : 0;
    int best = -1;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        int ym;
        if (!period_name(de->d_name, &ym) || ym >= now || ym <= best) continue;
        if (metrics_path(outdir, sub, de->d_name, path, path_cap)) best = ym;
    }
    closedir(dir);
    if (best < 0) return 0;
    snprintf(name, sizeof name, "%04d-%02d", best / 12, best % 12 + 1);
    snprintf(period, period_cap, "%s", name);
    return metrics_path(outdir, sub, name, path, path_cap);
}

static int push(changes_set *cs, const changes_item *it)
{
    if (cs->n == cs->cap) {
        size_t ncap = cs->cap ? cs->cap * 2 : 32;
        changes_item *ni = tb_reallocarray(cs->items, ncap, sizeof *ni);
        if (!ni) return -1;
        cs->items = ni;
        cs->cap = ncap;
    }
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

/* The old row of (entity, indicator name), or NULL. */
static const cJSON *old_row(const cJSON *rows, const char *entity, const char *area)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, rows) {
        const char *e = str_of(r, "municipio"), *a = str_of(r, "area");
        if (e && a && !strcmp(e, entity) && !strcmp(a, area)) return r;
    }
    return NULL;
}

/* The old value of (year, month) in a row's "points", or NAN. */
static double old_point(const cJSON *row, int year, int month)
{
    const cJSON *pts = cJSON_GetObjectItemCaseSensitive(row, "points"), *pt;
    cJSON_ArrayForEach(pt, pts) {
        double y = num_of(pt, "year"), m = num_of(pt, "month");
        if (isnan(m)) m = 0;
        if (y == year && m == month) return num_of(pt, "value");
    }
    return NAN;
}

/* Values are compared after rounding to 1e-9: the JSON holds round-trip
 * doubles, so anything beyond that is a real revision. */
static int differs(double a, double b)
{
    return fabs(a - b) > 1e-9 * (1.0 + fabs(a));
}

static int compare_row(changes_set *cs, const cJSON *row, size_t e, size_t i,
                       const series *s, const analyze_metrics *m)
{
    changes_item it;
    memset(&it, 0, sizeof it);
    it.entity = e;
    it.indicator = i;
    it.before = it.after = NAN;
    it.status_before = it.status_after = -1;
    for (size_t k = 0; s && k < s->n; k++) {
        double old = old_point(row, s->pts[k].year, s->pts[k].month);
        it.year = s->pts[k].year;
        it.month = s->pts[k].month;
        it.after = s->pts[k].value;
        it.before = old;
        if (isnan(old)) it.kind = CHANGES_NEW_POINT;
        else if (differs(old, s->pts[k].value)) it.kind = CHANGES_REVISED;
        else continue;
        if (push(cs, &it)) return -1;
    }
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
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
    const cJSON *rows = doc ? cJSON_GetObjectItemCaseSensitive(doc, "indicators") : NULL;
    if (!cJSON_IsArray(rows)) {
        cJSON_Delete(doc);
        cs->unreadable = 1;
        return -1;
    }
    cs->found = 1;
    int rc = 0;
    for (size_t e = 0; !rc && e < t->nentities; e++)
        for (size_t i = 0; !rc && i < p->nindicators; i++) {
            const cJSON *row = old_row(rows, t->entities[e], p->indicators[i].name);
            if (!row) continue;
            if (compare_row(cs, row, e, i, series_at(t, e, i), analyze_at(res, e, i)))
                rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
        }
    cJSON_Delete(doc);
    return rc;
}

int changes_load(changes_set *cs, const char *outdir, int year, int month, const plan *p,
                 const series_table *t, const analyze_result *res, tb_error *err)
{
    return changes_load_in(cs, outdir, NULL, year, month, p, t, res, err);
}

int changes_load_in(changes_set *cs, const char *outdir, const char *sub, int year, int month,
                    const plan *p, const series_table *t, const analyze_result *res,
                    tb_error *err)
{
    char path[4096];
    int found = outdir ? changes_find_previous_in(outdir, sub, year, month, cs->period,
                                                  sizeof cs->period, path, sizeof path)
                       : 0;
    if (found <= 0) {
        cs->period[0] = '\0';
        if (found < 0) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
        return 0;
    }
    FILE *fp = fopen(path, "rb");
    if (!fp && errno == ENOMEM) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
    if (!fp) {
        cs->unreadable = 1;
        return 0;
    }
    tb_buf b;
    tb_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && (long)b.len < MAX_PREVIOUS_BYTES)
        tb_buf_append(&b, chunk, n);
    int bad = ferror(fp) || (long)b.len >= MAX_PREVIOUS_BYTES;
    fclose(fp);
    if (b.failed) {
        tb_buf_fini(&b);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
    }
    int rc = 0;
    if (bad) cs->unreadable = 1;
    else rc = changes_compare(cs, b.data ? b.data : "", b.len, p, t, res, err);
    tb_buf_fini(&b);
    return rc > 0 ? rc : 0;
}
