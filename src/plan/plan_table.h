/* plan_table.h - the config-CSV table reader shared by the plan's loaders
 * (plan.c and comments.c): header matched by folded names, trimmed cells
 * with their line numbers. Private to src/plan. */
#ifndef TABLERO_PLAN_TABLE_H
#define TABLERO_PLAN_TABLE_H

#include <stddef.h>

#include "common.h"

#define CFG_MAX_COLS 16

struct plan;

typedef struct cfg_table {
    const char *path;
    const char *const *cols;  /* expected column names (folded form) */
    size_t ncols, nrequired;  /* the first nrequired are mandatory */
    long colmap[CFG_MAX_COLS];/* field index of each expected column or -1 */
    int have_header;
    int hash_comments;        /* records whose first field starts with '#'
                                 are comment lines (skipped) */
    char **cells;             /* nrows * ncols, trimmed, owned */
    long *lines;
    size_t nrows, cap;
} cfg_table;

/* Reads the config CSV at path (encoding and delimiter detected) into t,
 * whose header holds (in any order) the columns cols, the first nrequired
 * mandatory; records the file in p->files. t is caller-owned: release it
 * with plan_table_fini() whether or not this succeeds. Returns 0,
 * TB_EX_CONFIG (err names file:line) or TB_EX_OSERR. */
int plan_table_load(struct plan *p, cfg_table *t, const char *path,
                    const char *const *cols, size_t ncols, size_t nrequired,
                    tb_error *err);

/* plan_table_load for a file a person writes notes in: lines whose first
 * field starts with '#' (before or after the header) are skipped. */
int plan_table_load_notes(struct plan *p, cfg_table *t, const char *path,
                          const char *const *cols, size_t ncols, size_t nrequired,
                          tb_error *err);
void plan_table_fini(cfg_table *t);

/* The trimmed cell (borrowed, valid until plan_table_fini; "" when the
 * column is absent). */
const char *plan_table_cell(const cfg_table *t, size_t row, size_t col);

/* Moves a cell's string out of the table (caller frees it). */
char *plan_table_take(cfg_table *t, size_t row, size_t col);

#endif
