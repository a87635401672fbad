/* run.h - one run of the pipeline, from a resolved command line:
 *   plan (config) -> ingest -> series -> analyze -> report/export -> publish
 * under the output folder's lock. Together with main.c, the only code that
 * prints (diagnostics to stderr, published paths to stdout); main.c alone
 * exits. */
#ifndef TABLERO_RUN_H
#define TABLERO_RUN_H

#include <stddef.h>

/* What the command line asked for; all strings borrowed (from argv). */
typedef struct run_options {
    const char *config;
    const char **inputs;   /* from -i; points into argv */
    size_t ninputs;
    const char *output;
    int period_year, period_month;
    int check, quiet, verbose;
    double wait_seconds;   /* --wait: how long to wait for the lock */
    int jobs;              /* -j: worker processes for a network run */
    unsigned shard_k, shard_n; /* --shard K/N; 0/0: the whole network */
    unsigned kinds;        /* --informes: CATALOG_* */
    const char *template_path; /* --plantilla: write the loading template only */
    const char *version;   /* tablero's, shown in the reports and manifest */
} run_options;

/* Runs the period o->period_year/o->period_month (both set). now is the
 * generation time: SOURCE_DATE_EPOCH when have_sde, else unused (the
 * period's first day is shown). Prints what a user must see. Returns the
 * exit status: 0, or a sysexits code (TB_EX_*). */
int run_main(const run_options *o, long long now, int have_sde);

#endif
