/* main.c - tablero's command line: parses the options into a
 * run_options, decides the period and the generation time, hands over to
 * run.c and is the only place that chooses the exit status. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "catalog.h"
#include "common.h"
#include "msg.h"
#include "batch.h"
#include "run.h"

/* 2201-01-01T00:00:00Z: after the last year a period may have. */
#define TB_EPOCH_MAX 7289654400LL

#ifndef TABLERO_VERSION
#define TABLERO_VERSION "0.0.0"
#endif

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
    /* the period comes from it when -p is missing: keep it within the
     * years a period may have (1900-2200, as -p), so no date arithmetic
     * downstream can overflow */
    if (errno || *end || end == sde || v < 0 || v >= TB_EPOCH_MAX) return usage_error(MSG_CLI_BAD_EPOCH, sde);
    *now = v;
    return 0;
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

static int parse_args(int argc, char **argv, run_options *o)
{
    enum { OPT_CHECK = 1000, OPT_VERSION, OPT_WAIT, OPT_SHARD, OPT_KINDS, OPT_TEMPLATE };
    static const struct option longs[] = {
        {"config", required_argument, NULL, 'c'}, {"input", required_argument, NULL, 'i'},
        {"output", required_argument, NULL, 'o'}, {"period", required_argument, NULL, 'p'},
        {"check", no_argument, NULL, OPT_CHECK},  {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},      {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION}, {"wait", required_argument, NULL, OPT_WAIT},
        {"jobs", required_argument, NULL, 'j'},   {"shard", required_argument, NULL, OPT_SHARD},
        {"informes", required_argument, NULL, OPT_KINDS},
        {"plantilla", required_argument, NULL, OPT_TEMPLATE},
        {NULL, 0, NULL, 0}};
    o->jobs = 1;
    o->kinds = CATALOG_ALL;
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
            if (catalog_parse_kinds(optarg, &o->kinds)) return usage_error(MSG_CLI_BAD_KINDS, optarg);
            break;
        case OPT_WAIT:
            if (parse_wait(optarg, &o->wait_seconds)) return usage_error(MSG_CLI_BAD_WAIT, optarg);
            break;
        case OPT_TEMPLATE: o->template_path = optarg; break;
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

/* Freed memory stays for reuse: every document allocates and frees blocks
 * of 64 KB to 1 MB (libharu's pool, the deflate buffers, the fonts), and
 * glibc would otherwise map each one afresh and return it to the kernel
 * at free (a page fault per 4 KB, thousands per run). Blocks below 4 MiB
 * come from the heap; the heap's top is returned past 4 MiB free, about
 * one document's working set: a 2,300-municipality run takes the same
 * ~20,000 page faults as with 16 MiB (2 MiB: a million, and +5 s), and
 * what a long run keeps beyond its use is bounded by 4 MiB, not 16.
 * A tuning of the C library, not of the program's results: mallopt may
 * refuse (another libc), and the run is the same without it. */
static void keep_freed_memory(void)
{
    (void)mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    (void)mallopt(M_TRIM_THRESHOLD, 4 * 1024 * 1024);
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.version = TABLERO_VERSION;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) {
        fprintf(stderr, "tablero: %s: %s\n", MSG_CLI_ERROR, MSG_CLI_OUT_OF_MEMORY);
        fprintf(stderr, MSG_CLI_SUMMARY_EARLY, MSG_CLI_WHY_OSERR, TB_EX_OSERR);
        return TB_EX_OSERR;
    }
    opt.inputs = inputs;
    long long now = 0;
    int rc = parse_args(argc, argv, &opt);
    if (rc == 0) rc = current_time(&now);
    if (rc == 0 && !opt.period_year) {
        time_t t = (time_t)now;
        struct tm tm;
        gmtime_r(&t, &tm);
        opt.period_year = tm.tm_year + 1900;
        opt.period_month = tm.tm_mon + 1;
    }
    if (rc == 0) {
        const char *sde = getenv("SOURCE_DATE_EPOCH");
        rc = run_main(&opt, now, sde && *sde);
    }
    free(inputs);
    return rc < 0 ? 0 : rc;
}
