/* main.c - tablero's command line: the only place that prints diagnostics
 * or chooses an exit status. Runs the pipeline
 *   plan (config) -> ingest (CSV) -> series -> analyze -> report/export
 * and publishes the period's outputs all together or not at all. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "batch.h"
#include "common.h"
#include "export.h"
#include "ingest.h"
#include "lock.h"
#include "manifest.h"
#include "msg.h"
#include "network.h"
#include "outfile.h"
#include "plan.h"
#include "report.h"
#include "report_views.h"
#include "series.h"
#include "text.h"

#ifndef TABLERO_VERSION
#define TABLERO_VERSION "0.0.0"
#endif

#define MAX_SHOWN_ERRORS 50

typedef struct options {
    const char *config;
    const char **inputs;   /* from -i; points into argv */
    size_t ninputs;
    const char *output;
    int period_year, period_month;
    int check, quiet, verbose;
    double wait_seconds;   /* --wait: how long to wait for the lock */
    int jobs;              /* -j: worker processes for a network run */
    unsigned shard_k, shard_n; /* --shard K/N; 0/0: the whole network */
    unsigned kinds;        /* --informes: BATCH_* of a network run */
} options;

/* Stages whose duration goes to the manifest's "timings". */
enum run_stage { ST_PLAN, ST_READ, ST_ANALYZE, ST_RENDER, ST_COUNT };

/* Everything a run owns, so that one function can release it. */
typedef struct run {
    options opt;
    plan plan;
    ingest_set in;
    series_table series;
    analyze_result res;
    tb_errlist errs;
    tb_errlist warns;      /* non-fatal problems, for stderr and manifest */
    tb_lock lock;          /* held from plan load to exit, unless --check */
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
    if (e->file[0] && e->line > 0 && e->col > 0)
        fprintf(stderr, "tablero: %s:%ld:%ld: %s: %s\n", e->file, e->line, e->col, MSG_CLI_ERROR, e->msg);
    else if (e->file[0] && e->line > 0)
        fprintf(stderr, "tablero: %s:%ld: %s: %s\n", e->file, e->line, MSG_CLI_ERROR, e->msg);
    else if (e->file[0])
        fprintf(stderr, "tablero: %s: %s: %s\n", e->file, MSG_CLI_ERROR, e->msg);
    else
        fprintf(stderr, "tablero: %s: %s\n", MSG_CLI_ERROR, e->msg);
}

static int usage_error(const char *fmt, const char *arg)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 0)))
#endif
    ;

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "tablero: ");
    char msg[TB_ERR_MSG_MAX];
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
#endif
    /* fmt is one of the MSG_CLI_ constants, each with one %s. */
    snprintf(msg, sizeof msg, fmt, arg);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    fputs(msg, stderr);
    fprintf(stderr, "; %s\n", MSG_CLI_TRY_HELP);
    return TB_EX_USAGE;
}


/* SOURCE_DATE_EPOCH (reproducible builds) or the clock. */
static int current_time(long long *now)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde) {
        *now = (long long)time(NULL);
        return 0;
    }
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (errno || *end || v < 0) return usage_error(MSG_CLI_BAD_EPOCH, sde);
    *now = v;
    return 0;
}

/* 00:00 UTC of the period's first day, in seconds since 1970 (days from
 * the civil date, proleptic Gregorian; timegm is not standard C). */
static long long period_epoch(int year, int month)
{
    long long y = month <= 2 ? year - 1 : year;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long mp = (month + 9) % 12;
    long long doy = (153 * mp + 2) / 5;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400;
}

/* The date printed in the outputs. Reproducible without configuration:
 * SOURCE_DATE_EPOCH when set, else the period's first day (a cron run on
 * the 1st reports that day), never the clock. */
static void choose_report_date(run *r)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!sde || !*sde) r->now = period_epoch(r->opt.period_year, r->opt.period_month);
}

static int parse_wait(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= 0 && v <= 86400)) return -1;
    *out = v;
    return 0;
}

static int parse_args(int argc, char **argv, options *o)
{
    enum { OPT_CHECK = 1000, OPT_VERSION, OPT_WAIT, OPT_SHARD, OPT_KINDS };
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'}, {"input", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'}, {"period", required_argument, NULL, 'p'},
        {"check", no_argument, NULL, OPT_CHECK},  {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},      {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION}, {"wait", required_argument, NULL, OPT_WAIT},
        {"jobs", required_argument, NULL, 'j'},   {"shard", required_argument, NULL, OPT_SHARD},
        {"informes", required_argument, NULL, OPT_KINDS},
        {NULL, 0, NULL, 0}};
    o->jobs = 1;
    o->kinds = BATCH_ALL;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":c:i:o:p:j:qvh", longs, NULL)) != -1) {
        switch (c) {
        case 'c': o->config = optarg; break;
        case 'i': o->inputs[o->ninputs++] = optarg; break;
        case 'o': o->output = optarg; break;
        case 'p':
            if (!tb_parse_year_month(optarg, 1900, 2200, &o->period_year, &o->period_month))
                return usage_error(MSG_CLI_BAD_PERIOD, optarg);
            break;
        case OPT_CHECK: o->check = 1; break;
        case 'j': {
            char *end;
            errno = 0;
            long j = strtol(optarg, &end, 10);
            if (errno || end == optarg || *end || j < 1 || j > 1024)
                return usage_error(MSG_CLI_BAD_JOBS, optarg);
            o->jobs = (int)j;
            break;
        }
        case OPT_SHARD:
            if (batch_parse_shard(optarg, &o->shard_k, &o->shard_n))
                return usage_error(MSG_CLI_BAD_SHARD, optarg);
            break;
        case OPT_KINDS:
            if (batch_parse_kinds(optarg, &o->kinds)) return usage_error(MSG_CLI_BAD_KINDS, optarg);
            break;
        case OPT_WAIT:
            if (parse_wait(optarg, &o->wait_seconds)) return usage_error(MSG_CLI_BAD_WAIT, optarg);
            break;
        case 'q': o->quiet = 1; break;
        case 'v': o->verbose = 1; break;
        case 'h': fputs(MSG_CLI_USAGE, stdout); return -1;
        case OPT_VERSION: printf(MSG_CLI_VERSION, TABLERO_VERSION); return -1;
        default: return usage_error(MSG_CLI_BAD_OPTION, argv[optind - 1]);
        }
    }
    if (optind < argc) return usage_error(MSG_CLI_EXTRA_ARGS, argv[optind]);
    return 0;
}

/* The configuration's search order (tablero(1), README): -c, then
 * $TABLERO_CONFIG (both used as given: a wrong one is an error, not a
 * reason to look elsewhere), then the first of these that exists. */
static const char *const config_places[] = {"config/tablero.ini", "/etc/tablero/tablero.ini"};

/* Sets o->config, or returns 78 after saying where it looked. */
static int find_config(options *o)
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

static int read_inputs(run *r)
{
    const plan *p = &r->plan;
    ingest_opts io = {.encoding = p->encoding, .delimiter = p->delimiter,
                      .max_bytes = p->max_input_bytes, .default_entity = p->city,
                      .value_min = p->rules.value_min, .value_max = p->rules.value_max,
                      .year_min = p->rules.year_min, .year_max = p->rules.year_max};
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
        for (size_t s = before; r->opt.verbose && s < r->in.nsources; s++)
            fprintf(stderr, MSG_CLI_VERBOSE_READ, r->in.sources[s].path,
                    r->in.sources[s].shape == INGEST_WIDE ? MSG_CLI_SHAPE_WIDE : MSG_CLI_SHAPE_LONG,
                    r->in.sources[s].rows, r->in.sources[s].nobs);
    }
    return status;
}

/* PDF name for entity e: the plain name for a single municipality, with
 * the municipality's slug (and its position, if two slugs collide) when
 * there are several. */
static int pdf_name(const series_table *t, size_t e, const char *period, char *out,
                    size_t cap)
{
    if (t->nentities == 1) {
        snprintf(out, cap, "informe-gestion-%s.pdf", period);
        return 0;
    }
    char slug[TB_SLUG_MAX], other[TB_SLUG_MAX];
    if (tb_slug(t->entities[e], MSG_V_SLUG_ENTITY, slug, sizeof slug)) return -1;
    int clash = 0;
    for (size_t j = 0; j < e && !clash; j++) {
        if (tb_slug(t->entities[j], MSG_V_SLUG_ENTITY, other, sizeof other)) return -1;
        clash = !strcmp(slug, other);
    }
    if (clash) snprintf(out, cap, "informe-gestion-%s-%s-%zu.pdf", period, slug, e + 1);
    else snprintf(out, cap, "informe-gestion-%s-%s.pdf", period, slug);
    return 0;
}

/* Progress of a long network run on a terminal: one line, rewritten. */
static void show_progress(size_t done, size_t total, void *ctx)
{
    (void)ctx;
    if (done == total || done % 25 == 0)
        fprintf(stderr, MSG_CLI_PROGRESS "%s", done, total, done == total ? "\n" : "");
}

/* Several municipalities: per-municipality folders and the network
 * summary (batch.h), on -j processes, for the --shard selected. */
static int build_network(run *r, report_input *ri, outfile_set *out, tb_error *err)
{
    network_stats ns;
    int rc = network_stats_build(&ns, &r->plan, &r->series, &r->res, err);
    ri->network = &ns;
    /* thousands of files: one syncfs before the swap, not an fsync each */
    out->sync_at_commit = 1;
    batch_opts bo = {.jobs = r->opt.jobs, .shard_k = r->opt.shard_k ? r->opt.shard_k : 1,
                     .shard_n = r->opt.shard_n ? r->opt.shard_n : 1, .kinds = r->opt.kinds};
    if (!r->opt.quiet && isatty(STDERR_FILENO) && r->series.nentities >= 50)
        bo.progress = show_progress;
    if (!rc) rc = batch_stage(ri, &bo, out, err);
    network_stats_fini(&ns);
    return rc;
}

/* Renders every output of the period into memory and stages it. */
static int build_outputs(run *r, outfile_set *out, tb_error *err)
{
    char period[16], name[128];
    snprintf(period, sizeof period, "%04d-%02d", r->opt.period_year, r->opt.period_month);
    report_input ri = {.plan = &r->plan, .in = &r->in, .series = &r->series, .res = &r->res,
                       .period_year = r->opt.period_year, .period_month = r->opt.period_month,
                       .generated_epoch = r->now, .version = TABLERO_VERSION,
                       .output_dir = r->opt.output ? r->opt.output : r->plan.output_dir};
    if (r->series.nentities > 1) return build_network(r, &ri, out, err);
    int rc = 0;
    for (size_t e = 0; !rc && e < r->series.nentities; e++) {
        tb_buf pdf;
        tb_buf_init(&pdf);
        ri.entity = e;
        rc = report_render_pdf(&ri, &pdf, err);
        if (!rc && pdf_name(&r->series, e, period, name, sizeof name))
            rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
        if (!rc) rc = outfile_stage(out, name, pdf.data, pdf.len, err);
        tb_buf_fini(&pdf);
    }
    struct { const char *ext; int (*fn)(const report_input *, tb_buf *, tb_error *); } ex[] = {
        {"csv", export_metrics_csv}, {"json", export_metrics_json}};
    for (size_t k = 0; !rc && k < sizeof ex / sizeof ex[0]; k++) {
        tb_buf b;
        tb_buf_init(&b);
        snprintf(name, sizeof name, "metricas-%s.%s", period, ex[k].ext);
        rc = ex[k].fn(&ri, &b, err);
        if (!rc) rc = outfile_stage(out, name, b.data, b.len, err);
        tb_buf_fini(&b);
    }
    /* Strategic, operational and citizen reports, roll-ups, novedades. */
    if (!rc) rc = report_views_stage(&ri, out, err);
    return rc;
}

static const char *output_base(const run *r)
{
    return r->opt.output ? r->opt.output : r->plan.output_dir;
}

static void period_name(const run *r, char *out, size_t cap)
{
    snprintf(out, cap, "%04d-%02d", r->opt.period_year, r->opt.period_month);
}

/* Keeps a warning for the manifest and, unless -q, shows it. */
static void warn(run *r, const char *file, const char *msg)
{
    tb_error w;
    tb_error_set(&w, TB_OK, file, 0, 0, "%s", msg);
    tb_errlist_add(&r->warns, &w);
    if (!r->opt.quiet) fprintf(stderr, "tablero: %s: %s: %s\n", file, MSG_CLI_WARNING, msg);
}

/* manifest.json goes last into the period folder: it lists the SHA-256 of
 * every other output, and its own writing is timed as "render". */
static int stage_manifest(run *r, outfile_set *out, const char *period, tb_error *err)
{
    static const char *const keys[ST_COUNT] = {"plan_ms", "read_ms", "analyze_ms", "render_ms"};
    manifest_timing tm[ST_COUNT];
    for (int i = 0; i < ST_COUNT; i++) tm[i] = (manifest_timing){keys[i], r->ms[i]};
    manifest_input mi = {.version = TABLERO_VERSION, .period = period, .report_epoch = r->now,
                         .plan = &r->plan, .in = &r->in, .out = out, .warnings = &r->warns,
                         .started_epoch = r->started, .timings = tm, .ntimings = ST_COUNT};
    tb_buf b;
    tb_buf_init(&b);
    int rc = manifest_build(&mi, &b, err);
    /* a shard's manifest covers the files that shard wrote; its own name
     * keeps the union of the shards' folders free of clashes */
    char name[64];
    if (r->opt.shard_n > 1)
        snprintf(name, sizeof name, "manifest-parte-%u-de-%u.json", r->opt.shard_k, r->opt.shard_n);
    else
        snprintf(name, sizeof name, "%s", MANIFEST_NAME);
    if (!rc) rc = outfile_stage(out, name, b.data, b.len, err);
    tb_buf_fini(&b);
    return rc;
}

static int publish(run *r)
{
    char period[16];
    period_name(r, period, sizeof period);
    outfile_set out;
    tb_error err;
    tb_error_clear(&err);
    double t0 = mono_ms();
    int rc = outfile_init(&out, output_base(r), period, &err);
    if (!rc) rc = build_outputs(r, &out, &err);
    if (!rc) {
        mark(r, ST_RENDER);
        rc = stage_manifest(r, &out, period, &err);
    }
    if (!rc) rc = outfile_commit(&out, &err);
    if (rc) {
        print_error(&err);
    } else {
        r->published = 1;
        if (out.old_left) warn(r, out.dir, MSG_CLI_OLD_LEFT);
        for (size_t i = 0; !r->opt.quiet && i < out.n; i++) printf("%s\n", outfile_path(&out, i));
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

/* Takes the output folder's lock for the rest of the run, then clears what
 * killed runs left behind (only safe while no other run can be staging). */
static int take_lock(run *r)
{
    tb_error err;
    tb_error_clear(&err);
    const char *base = output_base(r);
    int rc = lock_acquire(&r->lock, base, r->opt.wait_seconds, &err);
    if (rc) {
        print_error(&err);
        return rc;
    }
    size_t failed, n = outfile_clean_stale(base, &failed);
    char msg[256];
    if (n > failed) {
        snprintf(msg, sizeof msg, MSG_CLI_STALE_CLEANED, n - failed);
        warn(r, base, msg);
    }
    if (failed) {
        snprintf(msg, sizeof msg, MSG_CLI_STALE_LEFT, failed);
        warn(r, base, msg);
    }
    return 0;
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
    if (!rc) rc = series_build(&r->series, &r->plan, &r->in, &r->errs);
    /* the series hold what the rest of the run needs (entity names are
     * copies; the sources and their counts stay for the report's annex
     * and the manifest): the observations are most of a network run's
     * memory, so they go before the analysis allocates */
    size_t nobs = r->in.nobs;
    if (!rc) ingest_set_release_obs(&r->in);
    if (print_errlist(&r->errs)) {
        fprintf(stderr, MSG_CLI_FAILED_DATA, r->errs.n + r->errs.dropped);
        return rc ? rc : TB_EX_DATAERR;
    }
    if (rc) return rc;
    rc = analyze_run_month(&r->res, &r->plan, &r->series, r->opt.period_year,
                           r->opt.period_month, &err);
    if (rc) {
        print_error(&err);
        return rc;
    }
    mark(r, ST_ANALYZE);
    if (r->opt.check) {
        if (!r->opt.quiet)
            fprintf(stderr, MSG_CLI_CHECK_OK, r->in.nsources, nobs, r->series.nentities,
                    r->plan.nindicators);
        return 0;
    }
    /* Only now, with the configuration and every input valid, does the
     * output folder (and its lock file) come into existence: a run that
     * fails on its input leaves no trace. Reading needs no lock: the
     * inputs are not ours, and the outputs are only read once it is held
     * (the previous period's metrics, while rendering). */
    if ((rc = take_lock(r)) != 0) return rc;
    return publish(r);
}

static const char *exit_reason(int code)
{
    switch (code) {
    case TB_EX_DATAERR: return MSG_CLI_WHY_DATAERR;
    case TB_EX_NOINPUT: return MSG_CLI_WHY_NOINPUT;
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

int main(int argc, char **argv)
{
    run r;
    memset(&r, 0, sizeof r);
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) {
        fprintf(stderr, "tablero: %s: %s\n", MSG_CLI_ERROR, MSG_CLI_OUT_OF_MEMORY);
        fprintf(stderr, MSG_CLI_SUMMARY_EARLY, MSG_CLI_WHY_OSERR, TB_EX_OSERR);
        return TB_EX_OSERR;
    }
    r.opt.inputs = inputs;
    int rc = parse_args(argc, argv, &r.opt);
    if (rc == 0) rc = current_time(&r.now);
    if (rc == 0 && !r.opt.period_year) {
        time_t t = (time_t)r.now;
        struct tm tm;
        gmtime_r(&t, &tm);
        r.opt.period_year = tm.tm_year + 1900;
        r.opt.period_month = tm.tm_mon + 1;
    }
    if (rc == 0) {
        choose_report_date(&r);
        r.started = (long long)time(NULL);
        r.t0 = mono_ms();
        analyze_gsl_init();
        tb_errlist_init(&r.errs, MAX_SHOWN_ERRORS);
        tb_errlist_init(&r.warns, MAX_SHOWN_ERRORS);
        lock_init(&r.lock);
        ingest_set_init(&r.in);
        rc = run_pipeline(&r);
        if (rc > 0) print_summary(&r, rc);
        lock_release(&r.lock);
        tb_errlist_fini(&r.warns);
        analyze_result_fini(&r.res);
        series_table_fini(&r.series);
        ingest_set_fini(&r.in);
        plan_fini(&r.plan);
        tb_errlist_fini(&r.errs);
    }
    free(inputs);
    return rc < 0 ? 0 : rc;
}
