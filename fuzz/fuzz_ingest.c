/* fuzz_ingest.c - libFuzzer harness over ingestion: the whole in-memory
 * path (decode, sniff, parse, wide/long interpretation) with the default
 * options, plus the pieces on their own. Built by `make fuzz-build` with
 * clang -fsanitize=fuzzer,address,undefined; see `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "csvread.h"
#include "ingest.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_cb(const csvread_record *rec, void *ud, tb_error *err)
{
    (void)err;
    size_t *n = ud;
    /* Touch every byte the callback is allowed to see. */
    for (size_t i = 0; i < rec->n; i++) *n += strlen(rec->fields[i]);
    TB_ASSERT(rec->line >= 1);
    return 0;
}

static void check_set(const ingest_set *s)
{
    for (size_t i = 0; i < s->nobs; i++) {
        ingest_obs ob;
        ingest_obs_get(s, i, &ob);
        const ingest_obs *o = &ob;
        TB_ASSERT(o->source < s->nsources);
        TB_ASSERT(o->line >= 1 && o->col >= 1);
        TB_ASSERT(o->value >= 0 && o->value <= 100);
        TB_ASSERT(o->year >= 1990 && o->year <= 2100);
        TB_ASSERT(text_utf8_valid(o->area, strlen(o->area)));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    /* The first byte picks the options, so that forced encodings and
     * delimiters are explored too; the rest is the file. */
    static const char *const encs[] = {"auto", "auto", "utf-8",
                                       "windows-1252"};
    static const char delims[] = {0, 0, ';', ',', '\t'};
    unsigned sel = size ? data[0] : 0;
    ingest_opts o = {.encoding = encs[sel & 3],
                     .delimiter = delims[(sel >> 2) % 5],
                     .max_bytes = 1u << 20,
                     .default_entity = "Jesús María",
                     .value_min = 0, .value_max = 100,
                     .year_min = 1990, .year_max = 2100};
    const char *file = size ? d + 1 : d;
    size_t flen = size ? size - 1 : 0;

    ingest_set s;
    ingest_set_init(&s);
    tb_errlist errs;
    tb_errlist_init(&errs, 50);
    tb_error err;
    tb_error_clear(&err);
    int rc = ingest_buffer(&s, "fuzz.csv", file, flen, &o, &errs, &err);
    TB_ASSERT(rc == 0 || rc == TB_EX_DATAERR);
    if (rc == 0) {
        TB_ASSERT(errs.n == 0);
        check_set(&s);
    } else {
        TB_ASSERT(errs.n + errs.dropped > 0 && s.nobs == 0);
    }
    for (size_t i = 0; i < errs.n; i++)
        TB_ASSERT(text_utf8_valid(errs.items[i].msg, strlen(errs.items[i].msg)));
    tb_errlist_fini(&errs);
    ingest_set_fini(&s);

    /* The pieces on their own, on the raw bytes. */
    char *buf = malloc(flen + 1);
    if (!buf) return 0;
    memcpy(buf, file, flen);
    buf[flen] = '\0';
    size_t len = flen;
    int cp = 0;
    tb_error_clear(&err);
    if (csvread_decode("fuzz.csv", &buf, &len, "auto", &cp, &err) == 0) {
        TB_ASSERT(text_utf8_valid(buf, len));
        char delim = csvread_sniff_delim(buf, len);
        size_t total = 0;
        tb_error_clear(&err);
        csvread_parse("fuzz.csv", buf, len, delim, count_cb, &total, &err);
        /* Cells as ingest sees them: fold, trim, parse. */
        char cell[96];
        size_t n = len < sizeof cell - 1 ? len : sizeof cell - 1;
        memcpy(cell, buf, n);
        cell[n] = '\0';
        double v;
        ingest_value_kind k = ingest_parse_value(cell, &v);
        if (k == INGEST_VALUE_OK) TB_ASSERT(v == v);
        int y;
        if (ingest_parse_year(cell, &y)) TB_ASSERT(y >= 1000 && y <= 9999);
        if (text_utf8_valid(cell, n)) {
            char *f = text_fold(cell);
            if (f) {
                TB_ASSERT(text_utf8_valid(f, strlen(f)));
                text_trim(f);
                free(f);
            }
        }
    }
    free(buf);
    return 0;
}
