/* series.h - joins observations to the plan: one time series per
 * (municipality, indicator), sorted by year. This is where unknown areas
 * and conflicting duplicates are found, because only the plan knows which
 * spellings name the same indicator. */
#ifndef TABLERO_SERIES_H
#define TABLERO_SERIES_H

#include <stddef.h>

#include "common.h"
#include "ingest.h"
#include "plan.h"

/* 16 bytes: a network holds millions. Write them with designated
 * initialisers (the order of the fields is the one that packs). */
typedef struct series_point {
    int year;
    int month;         /* 1..12 for a monthly value, 0 for a yearly one */
    double value;
} series_point;

/* Position of a point on the time axis in years: the year itself for a
 * yearly value, year + (month - 0.5) / 12 for a monthly one, so that
 * slopes stay "per year" whatever the mix. Pure. */
double series_point_x(const series_point *pt);

typedef struct series {
    series_point *pts; /* sorted by (year, month), one point per year or
                          month; owned */
    size_t n;
} series;

/* All series of a run. Caller-owned; series_table_fini. Entities keep the
 * order in which they first appear in the input. */
typedef struct series_table {
    char **entities;   /* owned */
    size_t nentities;
    size_t nindicators;
    series *s;         /* nentities * nindicators, see series_at() */
    series_point *pool; /* owned: the points of every series, one block,
                          when series_build made the table (then each
                          series' pts points into it); NULL when the pts
                          are owned one by one */
} series_table;

/* Builds the table. Every unknown area (with a suggestion from the plan)
 * and every conflicting duplicate (naming both places) is added to errs;
 * returns TB_EX_DATAERR if any, TB_EX_OSERR when memory runs out, else 0.
 * The same value given twice for one year is accepted once; a yearly value
 * and monthly values of the same year are an error. */
int series_build(series_table *t, const plan *p, const ingest_set *in,
                 tb_errlist *errs);
void series_table_fini(series_table *t);

/* Adds an error naming file:line:column for every observation dated after
 * the report period (a yearly value of the period's own year is accepted:
 * it is the year in course). Returns TB_EX_DATAERR if any, else 0. */
int series_check_period(const ingest_set *in, int period_year, int period_month,
                        tb_errlist *errs);

/* Borrowed; valid until series_table_fini(). */
const series *series_at(const series_table *t, size_t entity, size_t indicator);

#endif
