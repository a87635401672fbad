/* previous.h - the previous period's metrics, found and read before
 * anything is rendered: OUTPUT/<previous>[/<municipality>]/metricas-
 * <previous>.json, compared with this run by changes_compare (changes.h). */
#ifndef TABLERO_PREVIOUS_H
#define TABLERO_PREVIOUS_H

#include <stddef.h>

#include "changes.h"

/* Finds the previous period's metrics under outdir: the month before
 * (year, month) when OUTPUT/<that>/metricas-<that>.json exists, else the
 * latest earlier YYYY-MM folder that has one. Writes the period into
 * period (cap >= 8) and the path into path. Returns 1 when found, else 0;
 * -1 when memory ran out while listing outdir (not the same as "none"). */
int changes_find_previous(const char *outdir, int year, int month, char *period,
                          size_t period_cap, char *path, size_t path_cap);

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

#endif
