/* changes.h - "Novedades": what changed since the previous period's
 * metrics (their JSON text, found and read by publish/previous.h):
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
    CHANGES_COMMENT,         /* the secretariat's comment for the latest
                                data is new or rewritten (year, month: its
                                period) */
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
    size_t matched;           /* (municipality, indicator) rows found in it:
                                 0 with found set means nothing could be
                                 compared (renamed municipality, other plan),
                                 which must never read as "no change" */
    char period[16];          /* previous period, "2026-10"; "" if none */
    changes_item *items;      /* in plan order per entity; owned */
    size_t n, cap;
    size_t count[CHANGES_NKINDS];
} changes_set;

void changes_init(changes_set *cs);
void changes_fini(changes_set *cs);

/* Compares the current results with the metrics JSON text (json, len).
 * Unknown municipalities and indicators in the old file are ignored.
 * Returns 0, -1 when the text is not the expected JSON (cs->unreadable),
 * or TB_EX_OSERR when memory runs out. */
int changes_compare(changes_set *cs, const char *json, size_t len, const plan *p,
                    const series_table *t, const analyze_result *res, tb_error *err);

/* Stable machine key of a kind ("nuevo_dato"); static. */
const char *changes_kind_key(changes_kind k);

#endif
