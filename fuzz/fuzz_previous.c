/* fuzz_previous.c - libFuzzer harness over the previous period's metrics
 * JSON (changes_compare): whatever the file holds, the comparison with the
 * bundled run either reads it or calls it unreadable, every change it
 * reports points at a real municipality and indicator, and nothing leaks.
 * The bundled plan and data are loaded once (run from the repository root,
 * as `make fuzz-previous` does). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "changes.h"
#include "common.h"
#include "ingest.h"
#include "plan.h"
#include "series.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static plan P;
static ingest_set IN;
static series_table T;
static analyze_result R;
static int ready;

static void setup(void)
{
    tb_error err;
    tb_error_clear(&err);
    /* a setup that cannot load the bundled plan is no finding: say why */
    if (plan_load(&P, "config/tablero.ini", &err) != 0) {
        fprintf(stderr, "fuzz_previous: %s:%ld: %s\n", err.file, err.line, err.msg);
        exit(1);
    }
    ingest_set_init(&IN);
    tb_errlist errs;
    tb_errlist_init(&errs, 10);
    ingest_opts o = {.encoding = "auto", .max_bytes = 1u << 20, .default_entity = P.city,
                     .value_min = 0, .value_max = 100, .year_min = 1990, .year_max = 2100};
    TB_ASSERT(ingest_path(&IN, "input", &o, &errs, &err) == 0);
    TB_ASSERT(series_build(&T, &P, &IN, &errs) == 0);
    analyze_gsl_init();
    TB_ASSERT(analyze_run_month(&R, &P, &T, 2026, 11, &err) == 0);
    tb_errlist_fini(&errs);
    ready = 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) setup();
    changes_set cs;
    changes_init(&cs);
    tb_error err;
    tb_error_clear(&err);
    int rc = changes_compare(&cs, (const char *)data, size, &P, &T, &R, &err);
    TB_ASSERT(rc == 0 || rc == -1);
    TB_ASSERT(rc == 0 ? cs.found && !cs.unreadable : cs.unreadable && !cs.found);
    size_t total = 0;
    for (size_t i = 0; i < cs.n; i++) {
        const changes_item *it = &cs.items[i];
        TB_ASSERT(it->entity < T.nentities && it->indicator < P.nindicators);
        TB_ASSERT(it->kind < CHANGES_NKINDS);
        total++;
    }
    size_t counted = 0;
    for (int k = 0; k < CHANGES_NKINDS; k++) counted += cs.count[k];
    TB_ASSERT(counted == total);
    TB_ASSERT(cs.matched <= T.nentities * P.nindicators);
    changes_fini(&cs);
    return 0;
}
