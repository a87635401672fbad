/* report_views.h - the two gazes of the plan and the citizens' summary:
 * the strategic report (long term: roll-ups, trajectories to the plan
 * horizon, the urgent/important matrix), one operational report per
 * secretariat (short term: latest values, exceptions, what to act on now),
 * and the two-page plain-language summary. Each renders into memory like
 * report_render_pdf; report_views_stage renders them all, with the
 * roll-up and "Novedades" CSVs, and stages them for publication. */
#ifndef TABLERO_REPORT_VIEWS_H
#define TABLERO_REPORT_VIEWS_H

#include <stddef.h>

#include "common.h"
#include "outfile.h"
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

/* Renders, for every municipality of ri->series, the strategic report, the
 * operational reports and the citizens' summary, plus rollups-<period>.csv
 * and novedades-<period>.csv, comparing with the previous period found
 * under ri->output_dir; stages every file in out. With several
 * municipalities the PDF names carry the municipality's slug. Returns 0
 * or the first error. */
int report_views_stage(const report_input *ri, outfile_set *out, tb_error *err);

#endif
