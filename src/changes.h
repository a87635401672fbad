/* changes.h - "Novedades": what changed since the previous period's
 * metrics (OUTPUT/<previous>/metricas-<previous>.json, read with cJSON):
 * new data points, revised values, status changes and indicators that
 * became "actuar ya". Compared per (municipality, indicator name). */
#ifndef TABLERO_CHANGES_H
#define TABLERO_CHANGES_H

#include <stddef.h>

#include "analyze.h"
#include "common.h"
#include "plan.h"
#include "series.h"

typedef enum changes_kind {
    CHANGES_NEW_POINT = 0,   /* a period with a value that was not there */
    CHANGES_REVISED,         /* same period, different value */
    CHANGES_STATUS,          /* status differs */
    CHANGES_URGENT,          /* quadrant became "actuar ya" */
    CHANGES_NKINDS
} changes_kind;

typedef struct changes_item {
    changes_kind kind;
    size_t entity, indicator;
    int year, month;          /* the point (NEW_POINT, REVISED); month 0 = yearly */
    double before, after;     /* values (REVISED; after only for NEW_POINT) */
    int status_before, status_after;  /* analyze_status (STATUS) */
} changes_item;

/* Caller-owned; changes_init/_fini. */
typedef struct changes_set {
    int found;                /* previous metrics were read */
    int unreadable;           /* a previous file exists but is not valid */
    char period[16];          /* previous period, "2026-10"; "" if none */
    changes_item *items;      /* in plan order per entity; owned */
    size_t n, cap;
    size_t count[CHANGES_NKINDS];
} changes_set;

void changes_init(changes_set *cs);
void changes_fini(changes_set *cs);

/* Finds the previous period's metrics under outdir: the month before
 * (year, month) when OUTPUT/<that>/metricas-<that>.json exists, else the
 * latest earlier YYYY-MM folder that has one. Writes the period into
 * period (cap >= 8) and the path into path. Returns 1 when found, else 0;
 * -1 when memory ran out while listing outdir (not the same as "none"). */
int changes_find_previous(const char *outdir, int year, int month, char *period,
                          size_t period_cap, char *path, size_t path_cap);

/* Compares the current results with the metrics JSON text (json, len).
 * Unknown municipalities and indicators in the old file are ignored.
 * Returns 0, -1 when the text is not the expected JSON (cs->unreadable),
 * or TB_EX_OSERR when memory runs out. */
int changes_compare(changes_set *cs, const char *json, size_t len, const plan *p,
                    const series_table *t, const analyze_result *res, tb_error *err);

/* changes_find_previous + reading the file + changes_compare. A missing
 * previous period is not an error (cs->found stays 0); neither is an
 * unreadable one (cs->unreadable). Returns 0 or TB_EX_OSERR. */
int changes_load(changes_set *cs, const char *outdir, int year, int month,
                 const plan *p, const series_table *t, const analyze_result *res,
                 tb_error *err);

/* The same, for a municipality's folder of a network run: the previous
 * metrics are OUTPUT/<period>/<sub>/metricas-<period>.json (sub NULL: the
 * plain functions above). */
int changes_find_previous_in(const char *outdir, const char *sub, int year, int month,
                             char *period, size_t period_cap, char *path, size_t path_cap);
int changes_load_in(changes_set *cs, const char *outdir, const char *sub, int year, int month,
                    const plan *p, const series_table *t, const analyze_result *res,
                    tb_error *err);

/* Stable machine key of a kind ("nuevo_dato"); static. */
const char *changes_kind_key(changes_kind k);

#endif
