/* report_views.h - the two gazes of the plan and the citizens' summary:
 * the strategic report (long term: roll-ups, trajectories to the plan
 * horizon, the urgent/important matrix), one operational report per
 * secretariat (short term: latest values, exceptions, what to act on now),
 * and the two-page plain-language summary. Each renders into memory like
 * report_render_pdf; what is published under which name is
 * publish/catalog.h's business. */
#ifndef TABLERO_REPORT_VIEWS_H
#define TABLERO_REPORT_VIEWS_H

#include <stddef.h>

#include "common.h"
#include "report.h"

/* informe-estrategico: for ri->entity. Returns 0, TB_EX_OSERR or
 * TB_EX_SOFTWARE (libharu). */
int report_render_strategic(const report_input *ri, tb_buf *out, tb_error *err);

/* informe-operativo of secretariat sec (index into plan.secretariats). */
int report_render_operational(const report_input *ri, size_t sec, tb_buf *out,
                              tb_error *err);

/* resumen-ciudadano: two pages, large type, no jargon. */
int report_render_citizen(const report_input *ri, tb_buf *out, tb_error *err);

/* resumen-red: the network summary (needs ri->network): per area the
 * quartiles of the municipalities' latest values and the status counts. */
int report_render_network(const report_input *ri, tb_buf *out, tb_error *err);

/* 1 when secretariat sec has at least one indicator in the plan. Pure. */
int report_secretariat_has_indicators(const plan *p, size_t sec);

/* File names: tb_slug (common.h) is the one slug function. */

#endif
