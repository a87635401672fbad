/* test_series.c - observations read by ingest_path from small temporary CSV
 * files are joined to the bundled plan: series sorted by year, aliases
 * folded into the canonical indicator, equal duplicates kept once,
 * conflicting duplicates and unknown areas reported with file, line and
 * column, municipalities kept in first-appearance order. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest.h"
#include "plan.h"
#include "series.h"

#define MAX_FILES 16

typedef struct fixture {
    char dir[64];
    char files[MAX_FILES][256];
    size_t nfiles;
    plan plan;
    ingest_opts o;
    ingest_set in;
    series_table t;
    tb_errlist errs;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    *state = f;
    strcpy(f->dir, "/tmp/tablero_series_XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    tb_error err;
    tb_error_clear(&err);
    if (plan_load(&f->plan, "config/tablero.ini", &err)) {
        fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
        return -1;
    }
    /* As main.c's read_inputs builds them. */
    const plan *p = &f->plan;
    f->o = (ingest_opts){.encoding = p->encoding, .delimiter = p->delimiter,
                         .max_bytes = p->max_input_bytes, .default_entity = p->city,
                         .value_min = p->rules.value_min, .value_max = p->rules.value_max,
                         .year_min = p->rules.year_min, .year_max = p->rules.year_max};
    ingest_set_init(&f->in);
    tb_errlist_init(&f->errs, 50);
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    int rc = 0;
    for (size_t i = 0; i < f->nfiles; i++)
        if (unlink(f->files[i])) rc = -1;
    if (f->dir[0] && rmdir(f->dir)) rc = -1;
    series_table_fini(&f->t);
    ingest_set_fini(&f->in);
    tb_errlist_fini(&f->errs);
    plan_fini(&f->plan);
    free(f);
    return rc;
}

/* Writes dir/name with bytes and returns its path (owned by f). */
static const char *put(fixture *f, const char *name, const char *bytes)
{
    assert_true(f->nfiles < MAX_FILES);
    char tmp[sizeof f->files[0]];
    int n = snprintf(tmp, sizeof tmp, "%s/%s", f->dir, name);
    assert_true(n > 0 && (size_t)n < sizeof tmp);
    char *path = f->files[f->nfiles++];
    memcpy(path, tmp, (size_t)n + 1);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, strlen(bytes), fp), strlen(bytes));
    assert_int_equal(fclose(fp), 0);
    return path;
}

/* Reads one file, which must be accepted. */
static void read_ok(fixture *f, const char *path)
{
    tb_error err;
    tb_error_clear(&err);
    int rc = ingest_path(&f->in, path, &f->o, &f->errs, &err);
    if (rc) {
        for (size_t i = 0; i < f->errs.n; i++)
            fprintf(stderr, "%s:%ld:%ld: %s\n", f->errs.items[i].file, f->errs.items[i].line,
                    f->errs.items[i].col, f->errs.items[i].msg);
        fprintf(stderr, "%s: %s\n", err.file, err.msg);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(f->errs.n, 0);
}

static size_t indicator(const fixture *f, const char *name)
{
    size_t i = plan_find_indicator(&f->plan, name);
    assert_true(i != PLAN_NONE);
    assert_string_equal(f->plan.indicators[i].name, name);
    return i;
}

static void dump_errs(const tb_errlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        fprintf(stderr, "%s:%ld:%ld: %s\n", l->items[i].file, l->items[i].line,
                l->items[i].col, l->items[i].msg);
}

/* Years out of order in a wide header, the area written as an alias. */
static void test_sorted_and_alias(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "a.csv",
                   "Autodiagn\xC3\xB3sticos;2023;2021;2022\n"
                   "Movilidada Urbana;53%;40%;45,5%\n"
                   "Biodiversidad;65%;-;60%\n"));
    /* The canonical spelling in another file joins the same series. */
    read_ok(f, put(f, "b.csv", "\xC3\x81rea;A\xC3\xB1o;Valor\nMovilidad Urbana;2020;30\n"));
    assert_int_equal(f->in.nsources, 2);
    assert_int_equal(f->in.nobs, 6);

    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    dump_errs(&f->errs);
    assert_int_equal(rc, 0);
    assert_int_equal(f->errs.n, 0);
    assert_int_equal(f->t.nentities, 1);
    assert_string_equal(f->t.entities[0], "Jes\xC3\xBAs Mar\xC3\xAD" "a");
    assert_int_equal(f->t.nindicators, 16);

    size_t mov = indicator(f, "Movilidad Urbana");
    const series *s = series_at(&f->t, 0, mov);
    static const int want_year[] = {2020, 2021, 2022, 2023};
    static const double want_val[] = {30, 40, 45.5, 53};
    assert_int_equal(s->n, 4);
    for (size_t k = 0; k < 4; k++) {
        assert_int_equal(s->pts[k].year, want_year[k]);
        assert_float_equal(s->pts[k].value, want_val[k], 1e-12);
    }
    /* the 2021..2023 points came from the alias row, 2020 from b.csv:
     * the observations behind them, with their provenance */
    for (size_t k = 0; k < f->in.nobs; k++) {
        ingest_obs o;
        ingest_obs_get(&f->in, k, &o);
        if (strncmp(o.area, "Movilidad", 9)) continue;
        int alias = !strcmp(o.area, "Movilidada Urbana");
        assert_int_equal(o.source, alias ? 0 : 1);
        assert_int_equal(o.line, alias ? 2 : 2);
        assert_int_equal(o.year == 2020, !alias);
        assert_int_equal(o.area_col, 1);
        for (size_t j = 0; j < 4; j++)
            if (want_year[j] == o.year) assert_float_equal(o.value, want_val[j], 1e-12);
    }

    size_t bio = indicator(f, "Biodiversidad");
    s = series_at(&f->t, 0, bio);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->pts[0].year, 2022);
    assert_int_equal(s->pts[1].year, 2023);
    assert_float_equal(s->pts[0].value, 60, 1e-12);
    assert_float_equal(s->pts[1].value, 65, 1e-12);

    /* every other indicator is empty */
    size_t total = 0;
    for (size_t i = 0; i < f->t.nindicators; i++) total += series_at(&f->t, 0, i)->n;
    assert_int_equal(total, 6);
}

/* The same figure in two files is one point, not a conflict. */
static void test_equal_duplicate_kept_once(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "a.csv", "Autodiagn\xC3\xB3sticos;2022;2023\nBiodiversidad;65%;70%\n"));
    read_ok(f, put(f, "b.csv", "Autodiagn\xC3\xB3sticos;2022\nBiodiversidad;65,0 %\n"));
    assert_int_equal(f->in.nobs, 3);

    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    dump_errs(&f->errs);
    assert_int_equal(rc, 0);
    assert_int_equal(f->errs.n, 0);
    const series *s = series_at(&f->t, 0, indicator(f, "Biodiversidad"));
    assert_int_equal(s->n, 2);
    assert_int_equal(s->pts[0].year, 2022);
    assert_float_equal(s->pts[0].value, 65, 1e-12);
    assert_int_equal(s->pts[1].year, 2023);
    assert_float_equal(s->pts[1].value, 70, 1e-12);
    /* the first place read is kept: a.csv's 2022, in the second column */
    ingest_obs o;
    ingest_obs_get(&f->in, 0, &o);
    assert_int_equal(o.source, 0);
    assert_int_equal(o.year, 2022);
    assert_int_equal(o.col, 2);
}

/* Two different figures for one (area, year): an error naming both places. */
static void test_conflicting_duplicate(void **state)
{
    fixture *f = *state;
    /* a.csv: title row, so the value is on line 3, field 2 */
    read_ok(f, put(f, "a.csv",
                   "\xC3\x8Dndices;;\n"
                   "Autodiagn\xC3\xB3sticos;2022;2023\n"
                   "Biodiversidad;65%;70%\n"));
    /* b.csv: long table, value on line 4, field 3, in capitals (folds to
     * the same key) */
    read_ok(f, put(f, "b.csv",
                   "\xC3\x81rea;A\xC3\xB1o;Valor\n"
                   "Espacio P\xC3\xBA" "blico;2022;50\n"
                   "Espacio P\xC3\xBA" "blico;2023;51\n"
                   "BIODIVERSIDAD;2022;66\n"));

    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    assert_int_equal(rc, TB_EX_DATAERR);
    if (f->errs.n != 1) dump_errs(&f->errs);
    assert_int_equal(f->errs.n, 1);
    const tb_error *e = &f->errs.items[0];
    assert_int_equal(e->code, TB_EX_DATAERR);
    /* One place is the error's own file:line:col, the other is in the
     * message; together they must name both files and both lines. */
    char all[TB_ERR_FILE_MAX + TB_ERR_MSG_MAX + 64];
    snprintf(all, sizeof all, "%s:%ld:%ld: %s", e->file, e->line, e->col, e->msg);
    char a_at[300], b_at[300];
    snprintf(a_at, sizeof a_at, "%s/a.csv:3:2", f->dir);
    snprintf(b_at, sizeof b_at, "%s/b.csv:4:3", f->dir);
    if (!strstr(all, a_at) || !strstr(all, b_at)) fail_msg("conflict message: %s", all);
    assert_non_null(strstr(e->msg, "Biodiversidad"));
    assert_non_null(strstr(e->msg, "2022"));
    assert_non_null(strstr(e->msg, "65"));
    assert_non_null(strstr(e->msg, "66"));
    /* the error points at the later file and names the earlier one */
    assert_non_null(strstr(e->file, "/b.csv"));
    assert_int_equal(e->line, 4);
    assert_int_equal(e->col, 3);

    /* the non-conflicting series are still built */
    const series *s = series_at(&f->t, 0, indicator(f, "Espacio P\xC3\xBA" "blico"));
    assert_int_equal(s->n, 2);
}

/* An unknown area in a wide file (area is field 1). */
static void test_unknown_area_wide(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "w.csv",
                   "Autodiagn\xC3\xB3sticos;2022;2023\n"
                   "Biodiversidad;60%;61%\n"
                   "Biodiversiad;60%;61%\n"));
    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    assert_int_equal(rc, TB_EX_DATAERR);
    /* reported once per record, not once per value */
    assert_int_equal(f->errs.n, 1);
    const tb_error *e = &f->errs.items[0];
    assert_non_null(strstr(e->file, "/w.csv"));
    assert_int_equal(e->line, 3);
    assert_int_equal(e->col, 1);
    assert_non_null(strstr(e->msg, "Biodiversiad"));
    assert_non_null(strstr(e->msg, "\xC2\xBFquiso decir \xC2\xAB" "Biodiversidad\xC2\xBB"));
}

/* An unknown area in a long file: col is the area column's field number. */
static void test_unknown_area_long(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "l.csv",
                   "Municipio;A\xC3\xB1o;\xC3\x81rea;Valor\n"
                   "Jes\xC3\xBAs Mar\xC3\xAD" "a;2022;Espacio P\xC3\xBA" "blico;50\n"
                   "Jes\xC3\xBAs Mar\xC3\xAD" "a;2023;Espacio Pubico;51\n"));
    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    assert_int_equal(rc, TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    const tb_error *e = &f->errs.items[0];
    assert_non_null(strstr(e->file, "/l.csv"));
    assert_int_equal(e->line, 3);
    assert_non_null(strstr(e->msg, "Espacio Pubico"));
    assert_non_null(strstr(e->msg, "\xC2\xBFquiso decir"));
    assert_non_null(strstr(e->msg, "Espacio P\xC3\xBA" "blico"));
    /* the area is the third field of the record (ingest_obs.area_col) */
    assert_int_equal(e->col, 3);
}

/* Two municipalities in a long file: entities in first-appearance order. */
static void test_two_municipalities(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "m.csv",
                   "Municipio;\xC3\x81rea;A\xC3\xB1o;Valor\n"
                   "Sinsacate;Biodiversidad;2023;62\n"
                   "Jes\xC3\xBAs Mar\xC3\xAD" "a;Biodiversidad;2022;65\n"
                   "Sinsacate;Biodiversidad;2022;60\n"
                   "Jes\xC3\xBAs Mar\xC3\xAD" "a;APS;2022;80\n"
                   "Sinsacate;Movilidada Urbana;2021;10\n"));
    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    dump_errs(&f->errs);
    assert_int_equal(rc, 0);
    assert_int_equal(f->errs.n, 0);
    assert_int_equal(f->t.nentities, 2);
    assert_string_equal(f->t.entities[0], "Sinsacate");
    assert_string_equal(f->t.entities[1], "Jes\xC3\xBAs Mar\xC3\xAD" "a");

    size_t bio = indicator(f, "Biodiversidad");
    const series *s = series_at(&f->t, 0, bio);
    assert_int_equal(s->n, 2);
    assert_int_equal(s->pts[0].year, 2022);
    assert_float_equal(s->pts[0].value, 60, 1e-12);
    assert_int_equal(s->pts[1].year, 2023);
    assert_float_equal(s->pts[1].value, 62, 1e-12);
    s = series_at(&f->t, 1, bio);
    assert_int_equal(s->n, 1);
    assert_float_equal(s->pts[0].value, 65, 1e-12);

    size_t aps = indicator(f, "Atenci\xC3\xB3n Primaria de la Salud");
    assert_int_equal(series_at(&f->t, 0, aps)->n, 0);
    assert_int_equal(series_at(&f->t, 1, aps)->n, 1);
    size_t mov = indicator(f, "Movilidad Urbana");
    assert_int_equal(series_at(&f->t, 0, mov)->n, 1);
    assert_int_equal(series_at(&f->t, 1, mov)->n, 0);
}

/* Same year, different values, but in different municipalities: no
 * conflict; a conflict within one of them names the municipality. */
static void test_conflict_per_municipality(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "m.csv",
                   "Municipio;\xC3\x81rea;A\xC3\xB1o;Valor\n"
                   "Sinsacate;Biodiversidad;2022;60\n"
                   "Colonia Caroya;Biodiversidad;2022;70\n"
                   "Colonia Caroya;Biodiversidad;2022;71\n"));
    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    assert_int_equal(rc, TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    const tb_error *e = &f->errs.items[0];
    assert_int_equal(e->line, 4);
    assert_non_null(strstr(e->msg, "Colonia Caroya"));
    assert_null(strstr(e->msg, "Sinsacate"));
    assert_non_null(strstr(e->msg, "m.csv:3:"));
}

/* No observations at all: an empty table, not an error. */
/* Defect 7: a yearly value and a monthly value of the same year are one
 * data problem naming both places; a monthly value of another year is not. */
static void test_yearly_and_monthly_same_year(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "m.csv",
                   "\xC3\x81rea;A\xC3\xB1o;Valor\n"
                   "Biodiversidad;2023;60\n"
                   "Biodiversidad;2023-05;61\n"
                   "Biodiversidad;2023-06;62\n"
                   "Biodiversidad;2024-01;63\n"));
    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    assert_int_equal(rc, TB_EX_DATAERR);
    if (f->errs.n != 1) dump_errs(&f->errs);
    assert_int_equal(f->errs.n, 1);
    const tb_error *e = &f->errs.items[0];
    assert_int_equal(e->line, 3);
    assert_non_null(strstr(e->msg, "m.csv:2:3"));
    assert_non_null(strstr(e->msg, "2023"));
}

/* Defect 6: values dated after the report period are rejected with
 * file:line; the period's own year (yearly) and month are accepted. */
static void test_future_values(void **state)
{
    fixture *f = *state;
    read_ok(f, put(f, "fut.csv",
                   "\xC3\x81rea;A\xC3\xB1o;Valor\n"
                   "Biodiversidad;2024;60\n"
                   "Biodiversidad;2025;61\n"
                   "Espacio P\xC3\xBA" "blico;2025-06;50\n"
                   "Espacio P\xC3\xBA" "blico;2025-07;51\n"
                   "Espacio P\xC3\xBA" "blico;2026;51\n"));
    assert_int_equal(series_check_period(&f->in, 2025, 6, &f->errs), TB_EX_DATAERR);
    if (f->errs.n != 2) dump_errs(&f->errs);
    assert_int_equal(f->errs.n, 2);
    assert_int_equal(f->errs.items[0].line, 5);
    assert_int_equal(f->errs.items[1].line, 6);
    assert_non_null(strstr(f->errs.items[1].file, "fut.csv"));
    assert_non_null(strstr(f->errs.items[1].msg, "2025-06"));
    tb_errlist_fini(&f->errs);
    tb_errlist_init(&f->errs, 100);
    assert_int_equal(series_check_period(&f->in, 2026, 1, &f->errs), 0);
    assert_int_equal(f->errs.n, 0);
}

static void test_empty_input(void **state)
{
    fixture *f = *state;
    int rc = series_build(&f->t, &f->plan, &f->in, &f->errs);
    assert_int_equal(rc, 0);
    assert_int_equal(f->errs.n, 0);
    assert_int_equal(f->t.nentities, 0);
    assert_int_equal(f->t.nindicators, 16);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sorted_and_alias, setup, teardown),
        cmocka_unit_test_setup_teardown(test_equal_duplicate_kept_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflicting_duplicate, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_area_wide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_area_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_municipalities, setup, teardown),
        cmocka_unit_test_setup_teardown(test_conflict_per_municipality, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yearly_and_monthly_same_year, setup, teardown),
        cmocka_unit_test_setup_teardown(test_future_values, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
