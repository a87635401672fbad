/* fuzz_sheet.c - libFuzzer harness over the spreadsheet reader. The first
 * byte picks what the rest is: 0 an .xlsx and 1 an .ods, read through
 * ingest as a file would be (zip, XML, cells, tables); 2 an xlsx worksheet
 * and 3 an ODS content.xml, parsed straight into a grid (so the mutations
 * are not all spent on zip CRCs). Checks the grid's invariants and that
 * every message is UTF-8. Built by `make fuzz-sheet-build`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "ingest.h"
#include "sheet.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_book(const sheet_book *b, const sheet_limits *lim)
{
    size_t cells = 0;
    for (size_t i = 0; i < b->n; i++) {
        const sheet_grid *g = &b->sheets[i];
        TB_ASSERT(g->name != NULL);
        for (size_t r = 0; r < g->nrows; r++) {
            const sheet_row *w = &g->rows[r];
            TB_ASSERT(w->r >= 1 && w->r <= lim->max_rows);
            TB_ASSERT(r == 0 || g->rows[r - 1].r < w->r);
            TB_ASSERT(w->n >= 1 && w->n <= lim->max_cols);
            cells += w->n;
            for (size_t k = 0; k < w->n; k++) {
                TB_ASSERT(w->text[k] != NULL);
                TB_ASSERT(text_utf8_valid(w->text[k], strlen(w->text[k])));
                TB_ASSERT(w->kind[k] <= SHEET_NOCACHE);
                if (w->kind[k] == SHEET_NUMBER) TB_ASSERT(w->num[k] == w->num[k]);
            }
        }
    }
    TB_ASSERT(cells <= lim->max_cells);
}

static void check_err(const tb_error *e)
{
    TB_ASSERT(text_utf8_valid(e->msg, strlen(e->msg)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0) return 0;
    unsigned mode = data[0] & 3;
    const char *d = (const char *)data + 1;
    size_t n = size - 1;
    tb_error err;
    tb_error_clear(&err);
    if (mode < 2) {
        ingest_opts o = {.encoding = "auto", .max_bytes = 1u << 20,
                         .default_entity = "Jesús María", .value_min = 0, .value_max = 100,
                         .year_min = 1990, .year_max = 2100};
        ingest_set s;
        ingest_set_init(&s);
        tb_errlist errs;
        tb_errlist_init(&errs, 50);
        int rc = ingest_buffer(&s, mode ? "fuzz.ods" : "fuzz.xlsx", d, n, &o, &errs, &err);
        TB_ASSERT(rc == 0 || rc == TB_EX_DATAERR);
        if (rc == 0) {
            TB_ASSERT(errs.n == 0 && s.nsources >= 1);
            for (size_t i = 0; i < s.nobs; i++) {
                ingest_obs ob;
                ingest_obs_get(&s, i, &ob);
                TB_ASSERT(ob.value >= 0 && ob.value <= 100);
                TB_ASSERT(s.sources[ob.source].sheet != NULL);
            }
        } else {
            TB_ASSERT(errs.n + errs.dropped > 0 && s.nobs == 0 && s.nsources == 0);
        }
        for (size_t i = 0; i < errs.n; i++) check_err(&errs.items[i]);
        tb_errlist_fini(&errs);
        ingest_set_fini(&s);
        return 0;
    }
    /* Small limits, so that the limit paths are reached too. */
    sheet_limits lim = SHEET_LIMITS_DEFAULT;
    lim.max_cells = 20000;
    lim.max_cols = 64;
    lim.max_rows = 5000;
    sheet_book b;
    sheet_book_init(&b);
    int rc;
    if (mode == 2) {
        static char *const strs[] = {"Área", "86,50%", "s/d"};
        static const unsigned char sty[] = {0, 1, 1, 2, 0};
        sheet_grid *g = sheet_book_add(&b, "Hoja1", 5);
        if (!g) return 0;
        rc = sheet_xlsx_sheet("fuzz.xlsx:Hoja1", "sheet1.xml", d, n, strs, 3, sty, 5, &b, g,
                              &lim, &err);
    } else {
        rc = sheet_ods_content("fuzz.ods", d, n, &b, &lim, &err);
    }
    TB_ASSERT(rc == 0 || rc == TB_EX_DATAERR);
    if (rc) check_err(&err);
    check_book(&b, &lim);
    sheet_book_fini(&b);
    return 0;
}
