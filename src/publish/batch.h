/* batch.h - every run's staging: a single municipality's outputs go to
 * OUTPUT/<period>/; with several, each one's go to OUTPUT/<period>/<slug>/
 * under the same names, plus the network summary (resumen-red-<period>.pdf
 * and .csv) at the top. The names come from catalog.h.
 * The municipalities are spread over -j worker processes (each renders
 * whole municipalities into the shared staging folder; a single
 * municipality's files are spread instead) and over --shard
 * K/N machines (a stable hash of the slug picks the shard). Network
 * statistics always cover the whole input, so every file is the same
 * whichever process or machine wrote it. */
#ifndef TABLERO_BATCH_H
#define TABLERO_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"
#include "outfile.h"
#include "catalog.h"
#include "results.h"

typedef struct batch_opts {
    int jobs;                /* worker processes, >= 1 */
    unsigned shard_k, shard_n; /* this is shard k of n (1-based); 1/1: all */
    unsigned kinds;          /* CATALOG_* */
    const char *output_dir;  /* where earlier periods are, for "Novedades";
                                NULL: no comparison */
    tb_errlist *warns;       /* where a previous period that could not be
                                compared is noted (NULL: not noted); in the
                                parent only, so with -j > 1 the PDFs alone
                                say it */
    /* called in the parent as municipalities finish (may be NULL) */
    void (*progress)(size_t done, size_t total, void *ctx);
    void *progress_ctx;
    /* with workers (jobs > 1), called in the parent once every worker has
     * exited and before their files are adopted (may be NULL): nothing
     * after it reads the report_input, so its owner may free what it
     * borrowed (a network's series and analysis) before 100,000 records
     * come in */
    void (*release)(void *ctx);
    void *release_ctx;
} batch_opts;

/* "K/N" with 1 <= K <= N <= 100000. Returns 0 or -1. Pure. */
int batch_parse_shard(const char *s, unsigned *k, unsigned *n);

/* The shard of a municipality is tb_fnv1a(slug) % N + 1 (common.h). */

/* Folder names for every municipality of t, in order: folded ASCII-safe
 * words joined by '-' (never '/', '.', control characters or an empty
 * name), made unique by "-2", "-3"... in input order. *out is an array of
 * t->nentities strings; free with batch_slugs_free. Returns 0 or
 * TB_EX_OSERR. */
int batch_slugs(const series_table *t, char ***out);
void batch_slugs_free(char **slugs, size_t n);

/* Renders and stages every selected municipality's files (as
 * "<slug>/<name>", or "<name>" when there is only one) and, with several
 * municipalities on shard 1, the network summary; ri->network must then be
 * set. ri->series/res hold the whole input. With o->jobs > 1 the
 * municipalities (a single municipality's files) are split among forked
 * workers and their files adopted into out in municipality (file) order,
 * so out (and the manifest built from it) is the same as with one job. Returns 0 or the first error (a worker's
 * message is carried back). */
int batch_stage(const report_input *ri, const batch_opts *o, outfile_set *out, tb_error *err);

#endif
