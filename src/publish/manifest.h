/* manifest.h - OUTPUT/<period>/manifest.json: which data and config
 * produced which outputs. Lists tablero's version, the period, every input
 * (size, data rows, SHA-256), every config file (size, SHA-256), every
 * output (size, SHA-256), and under "run" the start time, timings and
 * warnings. Everything outside "run" is reproducible: the same inputs
 * (named the same way), config and period give the same bytes. */
#ifndef TABLERO_MANIFEST_H
#define TABLERO_MANIFEST_H

#include <stddef.h>

#include "common.h"
#include "ingest.h"
#include "outfile.h"
#include "plan.h"

#define MANIFEST_NAME "manifest.json"

typedef struct manifest_timing {
    const char *name;   /* JSON key, e.g. "plan_ms"; static */
    double ms;
} manifest_timing;

/* Everything the manifest reads; all borrowed. */
typedef struct manifest_input {
    const char *version;
    const char *period;            /* "2026-11" */
    long long report_epoch;        /* the date printed in the reports */
    const plan *plan;              /* plan->files: the config files */
    const ingest_set *in;          /* in->sources: the inputs */
    const outfile_set *out;        /* the outputs staged so far */
    const tb_errlist *warnings;    /* may be NULL; "run"."warnings" */
    long long started_epoch;       /* wall clock at start ("run") */
    const manifest_timing *timings;
    size_t ntimings;
    /* --shard runs (parts.h): shard_n > 1 adds "reports" (the kinds'
     * words) and "shard": {"k", "n"}; k = 0 is the combined manifest of
     * all n parts. shard_n <= 1: neither (a full run's manifest). */
    unsigned shard_k, shard_n;
    const char *reports;
} manifest_input;

/* Renders the manifest as JSON into out (appended), hashing every input
 * and config file again. Returns 0; TB_EX_IOERR when a file cannot be
 * read or its size differs from what was read earlier in the run (it
 * changed meanwhile, so no hash could prove what was used); TB_EX_OSERR
 * when memory runs out. */
int manifest_build(const manifest_input *mi, tb_buf *out, tb_error *err);

/* SHA-256 and size of the file at path. Returns 0 or TB_EX_IOERR. */
int manifest_hash_file(const char *path, unsigned char *digest, size_t *size, tb_error *err);

#endif
