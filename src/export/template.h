/* template.h - the loading template (tablero --plantilla FILE.xlsx): an
 * .xlsx with one row per indicator of the plan and one column per year,
 * already holding the values tablero has, and a second sheet with the
 * no-value convention. Written with libxlsxwriter; read back by ingest
 * like any workbook, giving the same observations. */
#ifndef TABLERO_TEMPLATE_H
#define TABLERO_TEMPLATE_H

#include "common.h"
#include "plan.h"
#include "series.h"

/* Writes the template to path (must end in .xlsx) through a temporary
 * file in the same folder, fsync'd and renamed into place: a failure
 * leaves nothing. Years run from year_from to year_to (both included;
 * year_from > year_to gives no year column). t may have no entity (no
 * data: an empty template) or one; more is TB_EX_USAGE, as is a
 * monthly value (the template is yearly). created stamps the document
 * (seconds since 1970). Returns 0, TB_EX_USAGE, TB_EX_CANTCREAT,
 * TB_EX_IOERR, TB_EX_OSERR, or TB_EX_UNAVAILABLE (libxlsxwriter is not
 * installed; it is loaded here, not linked) with err set. */
int template_write(const char *path, const plan *p, const series_table *t, int year_from,
                   int year_to, long long created, tb_error *err);

#endif
