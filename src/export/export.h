/* export.h - machine-readable metrics: CSV (RFC 4180, comma, point decimal,
 * full precision) and JSON (cJSON), one row per (municipality, indicator). */
#ifndef TABLERO_EXPORT_H
#define TABLERO_EXPORT_H

#include "common.h"
#include "results.h"

/* Column names of the metrics CSV, in order; static, do not free. */
extern const char *const export_csv_columns[];

/* Appends the CSV (header + one row per municipality and indicator) to out.
 * Returns 0 or TB_EX_OSERR. */
int export_metrics_csv(const report_input *ri, tb_buf *out, tb_error *err);

/* Appends the JSON document (period, plan counts, rules, rows, axis
 * roll-ups) to out. Returns 0 or TB_EX_OSERR. */
int export_metrics_json(const report_input *ri, tb_buf *out, tb_error *err);

/* rollups-<period>.csv: one row per (municipality, level, group) plus a
 * "general" row per municipality: nivel, municipio, id, nombre, indice,
 * peso, con_datos, total and the count of each status. Returns 0 or
 * TB_EX_OSERR. */
int export_rollups_csv(const report_input *ri, tb_buf *out, tb_error *err);

/* novedades-<period>.csv: one row per change in ri->changes (header only
 * when there is none or no previous period). Returns 0 or TB_EX_OSERR. */
int export_news_csv(const report_input *ri, tb_buf *out, tb_error *err);

/* resumen-red-<period>.csv (needs ri->network): one row per area with the
 * number of municipalities with data, the quartiles, minimum and maximum of
 * their latest values, and how many municipalities are in each status.
 * Returns 0 or TB_EX_OSERR. */
int export_network_csv(const report_input *ri, tb_buf *out, tb_error *err);

/* ranking-red-<period>.csv: every municipality, lowest general index
 * first ("who needs help", network_ranking), with its place (1 = highest;
 * empty without data), statuses, fresh data and coverage. Returns 0 or
 * TB_EX_OSERR. */
int export_network_ranking_csv(const report_input *ri, tb_buf *out, tb_error *err);

/* Formats x with full round-trip precision ("%.17g", shortest form that
 * reads back equal), "" for NAN. buf must hold 32 bytes. Pure. */
const char *export_fmt_double(double x, char buf[32]);

#endif
