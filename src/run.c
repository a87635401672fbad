/* run.c - the pipeline driver (see run.h): finds and loads the plan,
 * reads the inputs, builds the series, analyses, takes the output folder's
 * lock once all of that is valid, renders every output of the catalogue into a staging
 * folder and publishes it with its manifest, all together or not at all.
 * Everything a run owns lives in one struct run, released in one place. */
#define _DEFAULT_SOURCE 1   /* timegm */
#include "run.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "catalog.h"
#include "common.h"
#include "ingest.h"
#include "lock.h"
#include "manifest.h"
#include "identity.h"
#include "own.h"
#include "missing.h"
#include "msg.h"
#include "network.h"
#include "outfile.h"
#include "parts.h"
#include "text.h"
#include "plan.h"
#include "report.h"
#include "series.h"
#include "template.h"

#define MAX_SHOWN_ERRORS 50

/* Stages whose duration goes to the manifest's "timings". */
enum run_stage { ST_PLAN, ST_READ, ST_ANALYZE, ST_RENDER, ST_COUNT };

/* Everything a run owns, so that one function can release it. */
typedef struct run {
    run_options opt;
    plan plan;
    ingest_set in;
    series_table series;
    analyze_result res;
    struct rd_assets *assets; /* fonts and profile for every PDF; owned */
    tb_errlist errs;
    tb_errlist warns;      /* non-fatal problems, for stderr and manifest */
    tb_lock lock;          /* held from publishing to exit, never with --check */
    long long now;         /* generation time shown in the report */
    long long started;     /* wall clock at start, for the manifest */
    double t0, ms[ST_COUNT];
    int published;         /* the new period folder is in place */
} run;

static double mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Records the time since the previous mark as stage st's duration. */
static void mark(run *r, enum run_stage st)
{
    double t = mono_ms();
    r->ms[st] = t - r->t0;
    r->t0 = t;
}

static void print_error(const tb_error *e)
{
    char where[TB_ERR_FILE_MAX + 48];
    if (e->file[0])
        fprintf(stderr, "tablero: %s: %s: %s\n",
                tb_where(where, sizeof where, e->file, e->line, e->col, e->cellref),
                MSG_CLI_ERROR, e->msg);
    else
        fprintf(stderr, "tablero: %s: %s\n", MSG_CLI_ERROR, e->msg);
}

/* 00:00 UTC of the period's first day, in seconds since 1970: glibc's
 * timegm (a GNU/BSD extension, in POSIX.1-2024), which never consults TZ. */
static long long period_epoch(int year, int month)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_year = year - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = 1;
    return (long long)timegm(&tm);
}

/* The date printed in the outputs. Reproducible without configuration:
 * SOURCE_DATE_EPOCH when set, else the period's first day (a cron run on
 * the 1st reports that day), never the clock. */
static void choose_report_date(run *r, int have_sde)
{
    if (!have_sde) r->now = period_epoch(r->opt.period_year, r->opt.period_month);
}

static int print_errlist(const tb_errlist *l)
{
    for (size_t i = 0; i < l->n; i++) print_error(&l->items[i]);
    if (l->dropped) {
        fprintf(stderr, "tablero: ");
        fprintf(stderr, MSG_CLI_MORE_ERRORS, l->dropped);
        fprintf(stderr, "\n");
    }
    return l->n + l->dropped > 0;
}

/* The configuration's search order (tablero(1), README): -c, then
 * $TABLERO_CONFIG (both used as given: a wrong one is an error, not a
 * reason to look elsewhere), then the first of these that exists. */
static const char *const config_places[] = {"config/tablero.ini", "/etc/tablero/tablero.ini"};

/* Sets o->config, or returns 78 after saying where it looked. */
static int find_config(run_options *o)
{
    if (o->config) return 0;
    const char *env = getenv("TABLERO_CONFIG");
    if (env && *env) {
        o->config = env;
        return 0;
    }
    char tried[512] = "";
    for (size_t i = 0; i < sizeof config_places / sizeof config_places[0]; i++) {
        struct stat st;
        if (stat(config_places[i], &st) == 0 && S_ISREG(st.st_mode)) {
            o->config = config_places[i];
            return 0;
        }
        size_t k = strlen(tried);
        snprintf(tried + k, sizeof tried - k, "%s%s%s", k ? ", " : "",
                 config_places[i][0] == '/' ? "" : "./", config_places[i]);
    }
    tb_error e;
    tb_error_set(&e, TB_EX_CONFIG, NULL, 0, 0, MSG_CLI_NO_CONFIG, tried);
    print_error(&e);
    return TB_EX_CONFIG;
}

static int read_inputs(run *r)
{
    const plan *p = &r->plan;
    ingest_opts io = {.encoding = p->encoding, .delimiter = p->delimiter,
                      .max_bytes = p->max_input_bytes, .default_entity = p->city,
                      .value_min = p->rules.value_min, .value_max = p->rules.value_max,
                      .year_min = p->rules.year_min, .year_max = p->rules.year_max,
                      .sheets = p->sheets};
    size_t n = r->opt.ninputs ? r->opt.ninputs : p->ninputs;
    if (n == 0) {
        tb_error e;
        tb_error_set(&e, TB_EX_CONFIG, p->config_path, 0, 0, "%s", MSG_C_NO_INPUTS);
        print_error(&e);
        return TB_EX_CONFIG;
    }
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        const char *path = r->opt.ninputs ? r->opt.inputs[i] : p->inputs[i];
        tb_error err;
        tb_error_clear(&err);
        size_t before = r->in.nsources;
        int rc = ingest_path(&r->in, path, &io, &r->errs, &err);
        if (rc && err.code) print_error(&err);
        if (rc && rc != TB_EX_DATAERR) return rc;
        if (rc) status = TB_EX_DATAERR;
        char label[TB_ERR_FILE_MAX];
        for (size_t s = before; r->opt.verbose && s < r->in.nsources; s++)
            fprintf(stderr, MSG_CLI_VERBOSE_READ,
                    ingest_source_label(&r->in.sources[s], label, sizeof label, NULL),
                    r->in.sources[s].shape == INGEST_WIDE ? MSG_CLI_SHAPE_WIDE : MSG_CLI_SHAPE_LONG,
                    r->in.sources[s].rows, r->in.sources[s].nobs);
    }
    return status;
}

static const char *output_base(const run *r)
{
    return r->opt.output ? r->opt.output : r->plan.output_dir;
}

/* Progress of a long network run on a terminal: one line, rewritten. */
static void show_progress(size_t done, size_t total, void *ctx)
{
    (void)ctx;
    if (done == total || done % 25 == 0)
        fprintf(stderr, MSG_CLI_PROGRESS "%s", done, total, done == total ? "\n" : "");
}

/* The read-only bundle every renderer works from (analyze/results.h). */
static report_input make_input(run *r)
{
    report_input ri = {.plan = &r->plan, .in = &r->in, .series = &r->series, .res = &r->res,
                       .assets = r->assets, .period_year = r->opt.period_year,
                       .period_month = r->opt.period_month, .generated_epoch = r->now, .version = r->opt.version};
    return ri;
}

/* A --shard K/N run with N > 1 (publish/parts.h). */
static int sharded(const run *r)
{
    return r->opt.shard_n > 1;
}

/* What the parent of a -j run frees once its workers are done
 * (batch_opts.release): the network's statistics, series and analysis,
 * before the workers' records are adopted. */
typedef struct release_ctx {
    run *r;
    network_stats *ns;   /* NULL: none */
} release_ctx;

static void release_analysis(void *ctx)
{
    release_ctx *c = ctx;
    if (c->ns) network_stats_fini(c->ns);
    series_table_fini(&c->r->series);
    analyze_result_fini(&c->r->res);
    tb_give_back_memory();
}

/* Renders every output of the period into memory and stages it: with
 * several municipalities, the network's peer statistics first (every
 * municipality's report compares with the whole input). One path for a
 * city and a network (batch.h), the names from the catalogue. */
static int build_outputs(run *r, outfile_set *out, tb_error *err)
{
    report_input ri = make_input(r);
    network_stats ns;
    int network = r->series.nentities > 1, rc = 0;
    if (network) {
        rc = network_stats_build(&ns, &r->plan, &r->series, &r->res, err);
        ri.network = &ns;
    }
    /* one syncfs before the swap, not an fsync per file: thousands of
     * files in a network run, and even a city's 14 waited for 14 journal
     * commits (46 ms a run, 38 ms with one syncfs; same guarantee) */
    out->sync_at_commit = 1;
    batch_opts bo = {.jobs = r->opt.jobs, .shard_k = r->opt.shard_k ? r->opt.shard_k : 1,
                     .shard_n = r->opt.shard_n ? r->opt.shard_n : 1, .kinds = r->opt.kinds,
                     .output_dir = output_base(r), .warns = &r->warns};
    if (!r->opt.quiet && isatty(STDERR_FILENO) && r->series.nentities >= 50)
        bo.progress = show_progress;
    /* a part keeps them: the last one renders the network summary */
    release_ctx rel = {r, network ? &ns : NULL};
    if (!sharded(r)) {
        bo.release = release_analysis;
        bo.release_ctx = &rel;
    }
    size_t w0 = r->warns.n;
    if (!rc) rc = batch_stage(&ri, &bo, out, err);
    /* said even with -q: the reports of this period lack their news */
    for (size_t i = w0; i < r->warns.n; i++)
        fprintf(stderr, "tablero: %s: %s: %s\n", r->warns.items[i].file, MSG_CLI_WARNING,
                r->warns.items[i].msg);
    if (network) network_stats_fini(&ns);
    return rc;
}

static void period_name(const run *r, char *out, size_t cap)
{
    char p[TB_PERIOD_LEN + 1];
    snprintf(out, cap, "%s", tb_period_str(p, r->opt.period_year, r->opt.period_month));
}

/* Keeps a warning for the manifest and shows it: unless -q, or always
 * when it says that tablero removed something (a user must never find
 * files gone without a word). */
static void warn_ex(run *r, const char *file, const char *msg, int always)
{
    tb_error w;
    tb_error_set(&w, TB_OK, file, 0, 0, "%s", msg);
    tb_errlist_add(&r->warns, &w);
    if (always || !r->opt.quiet) fprintf(stderr, "tablero: %s: %s: %s\n", file, MSG_CLI_WARNING, msg);
}

static void warn(run *r, const char *file, const char *msg)
{
    warn_ex(r, file, msg, 0);
}

/* With a comments file: one warning naming the red or falling indicators
 * (of the plan's own city) that have no analysis, for the planning office.
 * Not a failure: the reports list them in their data-quality section. */
static void warn_missing_analyses(run *r)
{
    const plan *p = &r->plan;
    if (!p->comments) return;
    tb_buf names;
    tb_buf_init(&names);
    size_t n = 0;
    /* the comments speak for the plan's own city only (identity.h) */
    size_t own = plan_own_city_index(p, r->series.entities, r->series.nentities);
    for (size_t i = 0; own < r->series.nentities && i < p->nindicators; i++) {
        if (!missing_analysis_digest(p, i, analyze_digest_at(&r->res, own, i), r->opt.period_year))
            continue;
        /* one readable line: the first few by name, then a count */
        if (n < 6) tb_buf_printf(&names, "%s%s", n ? "; " : "", p->indicators[i].name);
        n++;
    }
    if (n > 6) tb_buf_printf(&names, MSG_CLI_MISSING_MORE, n - 6);
    if (n) {
        char msg[TB_ERR_MSG_MAX];
        if (n == 1) snprintf(msg, sizeof msg, MSG_CLI_MISSING_ANALYSIS_1, names.data ? names.data : "");
        else snprintf(msg, sizeof msg, MSG_CLI_MISSING_ANALYSIS_N, n, names.data ? names.data : "");
        warn(r, p->comments_path, msg);
    }
    tb_buf_fini(&names);
}

/* manifest.json goes last into the period folder: it lists the SHA-256 of
 * every other output, and its own writing is timed as "render". A part
 * of a --shard run stages manifest-parte-K-de-N.json (k = K) and the part
 * that completes the set the combined manifest.json (k = 0); fp (may be
 * NULL) gets the manifest's fingerprint (parts.h). */
static int stage_manifest(run *r, outfile_set *out, const char *period, unsigned k,
                          char *fp, tb_error *err)
{
    static const char *const keys[ST_COUNT] = {"plan_ms", "read_ms", "analyze_ms", "render_ms"};
    manifest_timing tm[ST_COUNT];
    for (int i = 0; i < ST_COUNT; i++) tm[i] = (manifest_timing){keys[i], r->ms[i]};
    char reports[64];
    catalog_kinds_str(r->opt.kinds, reports, sizeof reports);
    manifest_input mi = {.version = r->opt.version, .period = period, .report_epoch = r->now,
                         .plan = &r->plan, .in = &r->in, .out = out, .warnings = &r->warns,
                         .started_epoch = r->started, .timings = tm, .ntimings = ST_COUNT,
                         .shard_k = k, .shard_n = r->opt.shard_n, .reports = reports};
    tb_buf b;
    tb_buf_init(&b);
    int rc = manifest_build(&mi, &b, err);
    char name[64];
    catalog_manifest_name(name, sizeof name, k, k ? r->opt.shard_n : 1);
    if (!rc) rc = outfile_stage(out, name, b.data, b.len, err);
    if (!rc && fp && parts_fingerprint(b.data, fp))
        rc = tb_error_set(err, TB_EX_SOFTWARE, name, 0, 0, "%s", MSG_P_PART_BROKEN);
    tb_buf_fini(&b);
    return rc;
}

static void print_published(const run *r, const outfile_set *out, size_t from, size_t to)
{
    char path[PATH_MAX];
    for (size_t i = from; !r->opt.quiet && i < to; i++)
        printf("%s\n", outfile_path(out, i, path, sizeof path));
}

/* The last part to arrive (all N manifests present, under the lock):
 * the network summary, rendered from the whole input as every part has
 * it, and manifest.json listing every part's files. */
static int finish_parts(run *r, const char *period, tb_error *err)
{
    outfile_set net;
    int rc = outfile_init(&net, output_base(r), period, err);
    if (!rc && r->series.nentities > 1) {
        report_input ri = make_input(r);
        network_stats ns;
        rc = network_stats_build(&ns, &r->plan, &r->series, &r->res, err);
        ri.network = &ns;
        if (!rc) rc = catalog_stage_network(&ri, &net, err);
        network_stats_fini(&ns);
    }
    size_t own = net.n;
    if (!rc) rc = parts_adopt_outputs(net.dir, r->opt.shard_n, &net, err);
    if (!rc) rc = stage_manifest(r, &net, period, 0, NULL, err);
    if (!rc) rc = outfile_commit_parts(&net, err);
    if (!rc) {
        print_published(r, &net, 0, own);
        print_published(r, &net, net.n - 1, net.n);
        if (!r->opt.quiet) {
            fprintf(stderr, "tablero: " MSG_P_PARTS_DONE, r->opt.shard_n);
            fprintf(stderr, "\n");
        }
    }
    outfile_fini(&net);
    return rc;
}

/* Under the lock, a part checks that the parts already in the period
 * folder are of this run, publishes its own municipalities and manifest,
 * and completes the set when it is the last. */
static int publish_part(run *r, outfile_set *out, const char *period, const char *fp,
                        tb_error *err)
{
    unsigned n = r->opt.shard_n;
    unsigned char *have = calloc(n, 1);
    if (!have) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    int rc = parts_scan(out->dir, fp, n, have, err);
    if (!rc) rc = outfile_commit_parts(out, err);
    if (!rc) {
        r->published = 1;
        print_published(r, out, 0, out->n);
        have[r->opt.shard_k - 1] = 1;
        unsigned missing = 0;
        for (unsigned k = 0; k < n; k++) missing += !have[k];
        if (missing == 0) {
            rc = finish_parts(r, period, err);
        } else if (!r->opt.quiet) {
            fprintf(stderr, "tablero: " MSG_P_PARTS_WAITING, r->opt.shard_k, n, missing);
            fprintf(stderr, "\n");
        }
    }
    free(have);
    return rc;
}

/* Takes the output folder's lock (wait as lock_acquire), then clears what
 * killed runs left behind (only safe while no other run can be staging:
 * a concurrent part's staging folder is locked and left alone). Prints
 * its own error. */
static int take_lock(run *r, double wait)
{
    tb_error err;
    tb_error_clear(&err);
    const char *base = output_base(r);
    int rc = lock_acquire(&r->lock, base, wait, &err);
    if (rc) {
        print_error(&err);
        return rc;
    }
    size_t failed, n = outfile_clean_stale(base, &failed);
    char msg[256];
    if (n > failed) {
        snprintf(msg, sizeof msg, MSG_CLI_STALE_CLEANED, n - failed);
        warn_ex(r, base, msg, 1);
    }
    if (failed) {
        snprintf(msg, sizeof msg, MSG_CLI_STALE_LEFT, failed);
        warn(r, base, msg);
    }
    return 0;
}

/* --plantilla: the plan's indicators and the data read so far into a
 * loading template; nothing else is written, so no lock is taken. */
static int write_template(run *r)
{
    tb_error err;
    tb_error_clear(&err);
    int rc = read_inputs(r);
    if (!rc) rc = series_build(&r->series, &r->plan, &r->in, &r->errs);
    if (print_errlist(&r->errs)) {
        fprintf(stderr, MSG_CLI_FAILED_DATA, r->errs.n + r->errs.dropped);
        return rc ? rc : TB_EX_DATAERR;
    }
    if (rc) return rc;
    /* every year with data, up to the report's year for the new values */
    int from = r->opt.period_year, to = r->opt.period_year;
    for (size_t i = 0; i < r->in.nobs; i++) {
        if (r->in.vals[i].year < from) from = r->in.vals[i].year;
        if (r->in.vals[i].year > to) to = r->in.vals[i].year;
    }
    rc = template_write(r->opt.template_path, &r->plan, &r->series, from, to, r->now, &err);
    if (rc) {
        print_error(&err);
        return rc;
    }
    if (!r->opt.quiet) printf("%s\n", r->opt.template_path);
    if (fflush(stdout) || ferror(stdout)) {
        tb_error_set(&err, TB_EX_IOERR, NULL, 0, 0, MSG_CLI_CANNOT_STDOUT, strerror(errno));
        print_error(&err);
        return TB_EX_IOERR;
    }
    return 0;
}

/* A whole run holds the lock from the end of validation to exit and swaps the period
 * folder. A part of a --shard run renders without it (the parts of a
 * cluster run side by side) and takes it twice, waiting as long as it
 * takes (the others hold it only to publish): to make its staging
 * folder, and to publish (publish_part). */
static int publish(run *r)
{
    char period[16];
    period_name(r, period, sizeof period);
    outfile_set out;
    tb_error err;
    tb_error_clear(&err);
    double t0 = mono_ms();
    int part = sharded(r);
    int rc = part ? take_lock(r, -1) : 0, shown = rc != 0;
    char fp[PARTS_FP_HEX];
    memset(&out, 0, sizeof out);
    out.base_fd = out.stage_fd = -1;
    if (!rc) rc = outfile_init(&out, output_base(r), period, &err);
    if (part) lock_release(&r->lock);
    if (!rc) rc = build_outputs(r, &out, &err);
    /* every output is staged: the series and the analysis go before the
     * manifest is written (a part keeps them: the last one renders the
     * network summary under the lock) */
    if (!part) {
        series_table_fini(&r->series);
        analyze_result_fini(&r->res);
    }
    if (!rc) {
        mark(r, ST_RENDER);
        rc = stage_manifest(r, &out, period, part ? r->opt.shard_k : 0, part ? fp : NULL, &err);
    }
    if (!rc && part) {
        rc = take_lock(r, -1);
        shown = rc != 0;
        if (!rc) rc = publish_part(r, &out, period, fp, &err);
    } else if (!rc) {
        rc = outfile_commit(&out, &err);
        if (!rc) {
            r->published = 1;
            print_published(r, &out, 0, out.n);
        }
    }
    if (rc) {
        if (!shown) print_error(&err);
    } else {
        if (out.old_left) warn(r, out.dir, MSG_CLI_OLD_LEFT);
        if (r->opt.verbose) fprintf(stderr, MSG_CLI_VERBOSE_DONE, out.n, mono_ms() - t0);
    }
    outfile_fini(&out);
    /* ferror too: a write stdio did on its own earlier may have failed */
    if (!rc && (fflush(stdout) || ferror(stdout))) {
        tb_error_set(&err, TB_EX_IOERR, NULL, 0, 0, MSG_CLI_CANNOT_STDOUT, strerror(errno));
        print_error(&err);
        rc = TB_EX_IOERR;
    }
    return rc;
}

static int run_pipeline(run *r)
{
    tb_error err;
    tb_error_clear(&err);
    int rc = find_config(&r->opt);
    if (rc) return rc;
    rc = plan_load(&r->plan, r->opt.config, &err);
    if (rc) {
        print_error(&err);
        return rc;
    }
    mark(r, ST_PLAN);
    if (r->opt.template_path) return write_template(r);
    if (r->opt.verbose)
        fprintf(stderr, MSG_CLI_VERBOSE_LOADED, r->opt.config, r->plan.naxes, r->plan.npolicies,
                r->plan.nindicators);
    rc = read_inputs(r);
    if (!rc && r->in.nobs == 0) {
        tb_error_set(&err, TB_EX_DATAERR, NULL, 0, 0, "%s", MSG_CLI_NO_DATA);
        tb_errlist_add(&r->errs, &err);
        rc = TB_EX_DATAERR;
    }
    mark(r, ST_READ);
    if (!rc) rc = series_check_period(&r->in, r->opt.period_year, r->opt.period_month, &r->errs);
    if (!rc) rc = series_build(&r->series, &r->plan, &r->in, &r->errs);
    /* the series hold what the rest of the run needs (entity names are
     * copies; the sources and their counts stay for the report's annex
     * and the manifest): the observations are most of a network run's
     * memory, so they go before the analysis allocates */
    size_t nobs = r->in.nobs;
    if (!rc) ingest_set_release_obs(&r->in);
    tb_give_back_memory();
    if (print_errlist(&r->errs)) {
        fprintf(stderr, MSG_CLI_FAILED_DATA, r->errs.n + r->errs.dropped);
        return rc ? rc : TB_EX_DATAERR;
    }
    if (rc) return rc;
    /* a network municipality with its own plan is measured against it
     * (own.h); everyone else against the plan of config/. Only the digests
     * and roll-ups the network needs are kept; each municipality's full
     * analysis is made again when its files are written (batch.c), so
     * memory does not grow with the municipalities' metrics */
    const plan **eplan = NULL;
    if (r->series.nentities > 1 && r->plan.nmunicipalities) {
        eplan = calloc(r->series.nentities, sizeof *eplan);
        if (!eplan) rc = tb_error_set(&err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
        for (size_t e = 0; !rc && e < r->series.nentities; e++)
            if (plan_own_of(&r->plan, r->series.entities[e], &eplan[e]))
                rc = tb_error_set(&err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    }
    if (!rc)
        rc = analyze_run_network(&r->res, &r->plan, eplan, &r->series, r->opt.period_year,
                                 r->opt.period_month, &err);
    free(eplan);
    tb_give_back_memory();
    if (rc) {
        print_error(&err);
        return rc;
    }
    mark(r, ST_ANALYZE);
    warn_missing_analyses(r);
    if (r->opt.check) {
        if (!r->opt.quiet)
            fprintf(stderr, MSG_CLI_CHECK_OK, r->in.nsources,
                    text_plural(r->in.nsources, MSG_CLI_W_FILE, MSG_CLI_W_FILES), nobs,
                    text_plural(nobs, MSG_CLI_W_VALUE, MSG_CLI_W_VALUES), r->series.nentities,
                    text_plural(r->series.nentities, MSG_CLI_W_MUNI, MSG_CLI_W_MUNIS),
                    r->plan.nindicators,
                    text_plural(r->plan.nindicators, MSG_CLI_W_IND, MSG_CLI_W_INDS));
        return 0;
    }
    /* Only now, with the configuration and every input valid, does the
     * output folder (and its lock file) come into existence: a run that
     * fails on its input leaves no trace. Reading needs no lock: the
     * inputs are not ours, and the outputs are only read once it is held
     * (the previous period's metrics, while rendering). */
    if (!sharded(r) && (rc = take_lock(r, r->opt.wait_seconds)) != 0) return rc;
    /* read once for every document (NULL: each reads them, and a broken
     * installation fails there, as it always did) */
    r->assets = rd_assets_new();
    return publish(r);
}

static const char *exit_reason(int code)
{
    switch (code) {
    case TB_EX_DATAERR: return MSG_CLI_WHY_DATAERR;
    case TB_EX_NOINPUT: return MSG_CLI_WHY_NOINPUT;
    case TB_EX_UNAVAILABLE: return MSG_CLI_WHY_UNAVAILABLE;
    case TB_EX_OSERR: return MSG_CLI_WHY_OSERR;
    case TB_EX_CANTCREAT: return MSG_CLI_WHY_CANTCREAT;
    case TB_EX_IOERR: return MSG_CLI_WHY_IOERR;
    case TB_EX_TEMPFAIL: return MSG_CLI_WHY_TEMPFAIL;
    case TB_EX_CONFIG: return MSG_CLI_WHY_CONFIG;
    default: return MSG_CLI_WHY_SOFTWARE;
    }
}

/* The one line cron mails first-hand: printed last, even with -q. */
static void print_summary(const run *r, int code)
{
    char period[16];
    period_name(r, period, sizeof period);
    const char *fate = MSG_CLI_FATE_NOTHING;
    if (r->opt.check) {
        fate = MSG_CLI_FATE_CHECK;
    } else if (r->published) {
        fate = MSG_CLI_FATE_PUBLISHED;
    } else if (output_base(r)) {
        char dir[PATH_MAX];
        snprintf(dir, sizeof dir, "%s/%s", output_base(r), period);
        struct stat st;
        if (stat(dir, &st) == 0) fate = MSG_CLI_FATE_INTACT;
    }
    fprintf(stderr, MSG_CLI_SUMMARY, period, exit_reason(code), code, fate);
}

int run_main(const run_options *o, long long now, int have_sde)
{
    run r;
    memset(&r, 0, sizeof r);
    r.opt = *o;
    r.now = now;
    choose_report_date(&r, have_sde);
    r.started = (long long)time(NULL);
    r.t0 = mono_ms();
    analyze_gsl_init();
    tb_errlist_init(&r.errs, MAX_SHOWN_ERRORS);
    tb_errlist_init(&r.warns, MAX_SHOWN_ERRORS);
    lock_init(&r.lock);
    ingest_set_init(&r.in);
    int rc = run_pipeline(&r);
    if (rc > 0) print_summary(&r, rc);
    lock_release(&r.lock);
    tb_errlist_fini(&r.warns);
    analyze_result_fini(&r.res);
    rd_assets_free(r.assets);
    series_table_fini(&r.series);
    ingest_set_fini(&r.in);
    plan_fini(&r.plan);
    tb_errlist_fini(&r.errs);
    return rc < 0 ? 0 : rc;
}
