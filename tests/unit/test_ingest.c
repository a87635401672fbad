/* test_ingest.c - cell parsing, wide and long tables, folders, and the
 * exact line and column of every data problem. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"

/* ---- ingest_parse_value ------------------------------------------------ */

static const struct {
    const char *cell;
    double want;
} ok_cases[] = {
    {"86,50%", 86.5},      {"86.5", 86.5},          {"86,5 %", 86.5},
    {"86,5\xC2\xA0%", 86.5}, {"  55  ", 55},        {"55%", 55},
    {"0", 0},              {"100", 100},            {"+12,25", 12.25},
    {"-3,5", -3.5},        {"0,125", 0.125},        {"0.125", 0.125},
    {"1.234,5", 1234.5},   {"1,234.5", 1234.5},     {"1.234.567", 1234567},
    {"12,3456", 12.3456},  {",5", 0.5},             {"1234,567", 1234.567},
    {"\xC2\xA0" "7\xC2\xA0", 7}, {"\t9,9%\t", 9.9},  {"007", 7},
    {"-0", 0},             {"1,234", 1.234},        {"12,345%", 12.345},
    {"86,5\xE2\x80\xAF%", 86.5}
};

static const char *const missing_cases[] = {
    "", "   ", "-", "-%", "- %", "\xE2\x80\x94", "\xE2\x80\x93", "s/d",
    "S/D", "n/d", "N/D", "n/a", "N/A", "na", "NA", " - ", "-\xC2\xA0%",
    "#N/D", "#N/A", "#n/d", "N/d", "-\xE2\x80\xAF%",
};

static const char *const ambiguous_cases[] = {
    "1.234", "12.345", "100.000", "-1.234", "1.234%", "999.999 %",
};

static const char *const bad_cases[] = {
    "abc", "86,5%%", "%", "86%5", "NaN", "nan", "inf", "Infinity", "0x10",
    "1e3", "1E3", "86,", "86.", "1.23.4", "1,2,3", "#\xC2\xA1" "DIV/0!",
    "#VALUE!", "1.2345a", "1.234.5",
    "12,34.5", "1.234,5,6", "1,234,5.6.7", "+", "- 5", "5 5", "86,5 % x",
    "\xE2\x88\x92" "5", "1.2,3", "s/d%", "--5", "+-5", "1..2",
};

static void test_parse_value(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ok_cases / sizeof *ok_cases; i++) {
        double v = -999;
        ingest_value_kind k = ingest_parse_value(ok_cases[i].cell, &v);
        if (k != INGEST_VALUE_OK) fail_msg("not OK: «%s»", ok_cases[i].cell);
        assert_float_equal(v, ok_cases[i].want, 1e-9);
    }
    for (size_t i = 0; i < sizeof missing_cases / sizeof *missing_cases; i++) {
        double v;
        if (ingest_parse_value(missing_cases[i], &v) != INGEST_VALUE_MISSING)
            fail_msg("not MISSING: «%s»", missing_cases[i]);
    }
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        double v;
        if (ingest_parse_value(bad_cases[i], &v) != INGEST_VALUE_BAD)
            fail_msg("not BAD: «%s»", bad_cases[i]);
    }
    for (size_t i = 0; i < sizeof ambiguous_cases / sizeof *ambiguous_cases;
         i++) {
        double v;
        if (ingest_parse_value(ambiguous_cases[i], &v) !=
            INGEST_VALUE_AMBIGUOUS)
            fail_msg("not AMBIGUOUS: «%s»", ambiguous_cases[i]);
    }
    char lng[200];
    memset(lng, '1', sizeof lng - 1);
    lng[sizeof lng - 1] = '\0';
    double v;
    assert_int_equal(ingest_parse_value(lng, &v), INGEST_VALUE_BAD);
}

static void test_parse_year(void **state)
{
    (void)state;
    int y = 0;
    assert_true(ingest_parse_year("2023", &y));
    assert_int_equal(y, 2023);
    assert_true(ingest_parse_year(" 2020 ", &y));
    assert_int_equal(y, 2020);
    assert_false(ingest_parse_year("23", &y));
    assert_false(ingest_parse_year("20234", &y));
    assert_false(ingest_parse_year("2023.0", &y));
    assert_false(ingest_parse_year("0999", &y));
    assert_false(ingest_parse_year("", &y));
    assert_false(ingest_parse_year("Autodiagn\xC3\xB3sticos", &y));
}

/* ---- files -------------------------------------------------------------- */

typedef struct fixture {
    char dir[64];
    ingest_set set;
    tb_errlist errs;
    ingest_opts o;
    ingest_obs found;   /* find()'s answer */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    strcpy(f->dir, "/tmp/tablero_ingest_XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    ingest_set_init(&f->set);
    tb_errlist_init(&f->errs, 50);
    f->o.encoding = "auto";
    f->o.delimiter = 0;
    f->o.max_bytes = 1 << 20;
    f->o.default_entity = "Jes\xC3\xBAs Mar\xC3\xAD" "a";
    f->o.value_min = 0;
    f->o.value_max = 100;
    f->o.year_min = 2000;
    f->o.year_max = 2030;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    int rc = system(cmd);
    ingest_set_fini(&f->set);
    tb_errlist_fini(&f->errs);
    free(f);
    return rc == 0 ? 0 : -1;
}

/* Writes dir/name and returns its path in a static-free caller buffer. */
static void put(const fixture *f, const char *name, const char *bytes,
                char *path, size_t cap)
{
    snprintf(path, cap, "%s/%s", f->dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, strlen(bytes), fp), strlen(bytes));
    assert_int_equal(fclose(fp), 0);
}

/* Observation k, expanded (ingest_obs_get). */
static ingest_obs obs_at(const ingest_set *s, size_t k)
{
    ingest_obs o;
    ingest_obs_get(s, k, &o);
    return o;
}

/* The observation of area in year, into *out (returned), or NULL. */
static const ingest_obs *find(const ingest_set *s, const char *area, int year, ingest_obs *out)
{
    for (size_t i = 0; i < s->nobs; i++) {
        *out = obs_at(s, i);
        if (strcmp(out->area, area) == 0 && out->year == year) return out;
    }
    return NULL;
}

static int run(fixture *f, const char *path, tb_error *err)
{
    tb_error_clear(err);
    return ingest_path(&f->set, path, &f->o, &f->errs, err);
}

static void test_wide(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "2023.csv",
        "\xC3\x8Dndices de profesionalizaci\xC3\xB3n;;;;\n"
        ";;;;\n"
        "Autodiagn\xC3\xB3sticos;2023;2022;2021;2020\n"
        "Profesionalizaci\xC3\xB3n de los equipos;86,50%;75,60%;68%;50%\n"
        "Transformaci\xC3\xB3n digital;-;66,90%;55%\n"
        "\"Atenci\xC3\xB3n ciudadana\";\"90,5\xC2\xA0%\";s/d;;\n",
        path, sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), 0);
    assert_int_equal(f->errs.n, 0);
    assert_int_equal(f->set.nsources, 1);
    const ingest_source *src = &f->set.sources[0];
    assert_string_equal(src->path, path);
    assert_int_equal(src->shape, INGEST_WIDE);
    assert_int_equal(src->delimiter, ';');
    assert_int_equal(src->was_cp1252, 0);
    assert_int_equal(src->rows, 3);
    assert_int_equal(src->nobs, 7);
    /* 2023 and 2020 of Transformación; 2022, 2021 and 2020 of Atención. */
    assert_int_equal(src->nmissing, 5);
    assert_int_equal(f->set.nobs, 7);

    const char *td = "Transformaci\xC3\xB3n digital";
    const ingest_obs *ob = find(&f->set, td, 2022, &f->found);
    assert_non_null(ob);
    assert_float_equal(ob->value, 66.9, 1e-9);
    assert_int_equal(ob->line, 5);
    assert_int_equal(ob->col, 3);
    assert_string_equal(ob->entity, "Jes\xC3\xBAs Mar\xC3\xAD" "a");
    ob = find(&f->set, td, 2021, &f->found);
    assert_non_null(ob);
    assert_float_equal(ob->value, 55, 1e-9);
    assert_int_equal(ob->col, 4);
    assert_null(find(&f->set, td, 2023, &f->found));
    assert_null(find(&f->set, td, 2020, &f->found));

    ob = find(&f->set, "Profesionalizaci\xC3\xB3n de los equipos", 2020, &f->found);
    assert_non_null(ob);
    assert_float_equal(ob->value, 50, 1e-9);
    assert_int_equal(ob->line, 4);
    assert_int_equal(ob->col, 5);
    assert_int_equal(ob->source, 0);
    ob = find(&f->set, "Atenci\xC3\xB3n ciudadana", 2023, &f->found);
    assert_non_null(ob);
    assert_float_equal(ob->value, 90.5, 1e-9);
}

static void test_wide_cp1252_comma_crlf(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "x.csv",
        "\xC1rea,2022,2021,\r\n"
        "Jes\xFAs,\"86,5\",70\r\n"
        "Otra,1.5,\r\n",
        path, sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), 0);
    const ingest_source *src = &f->set.sources[0];
    assert_int_equal(src->was_cp1252, 1);
    assert_int_equal(src->delimiter, ',');
    assert_int_equal(f->set.nobs, 3);
    const ingest_obs *ob = find(&f->set, "Jes\xC3\xBAs", 2022, &f->found);
    assert_non_null(ob);
    assert_float_equal(ob->value, 86.5, 1e-9);
    assert_int_equal(ob->line, 2);
    ob = find(&f->set, "Otra", 2022, &f->found);
    assert_non_null(ob);
    assert_int_equal(ob->line, 3);
    assert_float_equal(ob->value, 1.5, 1e-9);
}

static void test_long(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "largo.csv",
        "Municipio;Indicador;A\xC3\xB1o;Valor;Notas\n"
        "Jes\xC3\xBAs Mar\xC3\xAD" "a;Gobierno abierto;2023;86,50%;ok\n"
        "Colonia Caroya;Gobierno abierto;2023;70;\n"
        "Colonia Caroya;Gobierno abierto;2022;-\n",
        path, sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), 0);
    assert_int_equal(f->errs.n, 0);
    const ingest_source *src = &f->set.sources[0];
    assert_int_equal(src->shape, INGEST_LONG);
    assert_int_equal(src->rows, 3);
    assert_int_equal(src->nobs, 2);
    assert_int_equal(src->nmissing, 1);
    assert_int_equal(f->set.nobs, 2);
    assert_string_equal(obs_at(&f->set, 0).entity, "Jes\xC3\xBAs Mar\xC3\xAD" "a");
    assert_string_equal(obs_at(&f->set, 0).area, "Gobierno abierto");
    assert_int_equal(obs_at(&f->set, 0).year, 2023);
    assert_float_equal(obs_at(&f->set, 0).value, 86.5, 1e-9);
    assert_int_equal(obs_at(&f->set, 0).line, 2);
    assert_int_equal(obs_at(&f->set, 0).col, 4);
    assert_string_equal(obs_at(&f->set, 1).entity, "Colonia Caroya");
    assert_int_equal(obs_at(&f->set, 1).line, 3);
}

static void test_long_default_entity_and_errors(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "l.csv",
        "area,year,value\n"
        "A,2023,50\n"
        ",2023,50\n"
        "B,,50\n"
        "C,20x3,50\n"
        "D,1999,50\n"
        "E,2023,abc\n"
        "F,2023,101\n",
        path, sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 6);
    static const long want[6][2] = {{3, 1}, {4, 2}, {5, 2}, {6, 2}, {7, 3},
                                    {8, 3}};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(f->errs.items[i].file, path);
        assert_int_equal(f->errs.items[i].code, TB_EX_DATAERR);
        assert_int_equal(f->errs.items[i].line, want[i][0]);
        assert_int_equal(f->errs.items[i].col, want[i][1]);
    }
    assert_non_null(strstr(f->errs.items[4].msg, "\xC2\xAB" "abc\xC2\xBB"));
    assert_non_null(strstr(f->errs.items[5].msg,
                           "valor fuera de rango \xC2\xAB" "101\xC2\xBB para "
                           "\xC2\xAB" "F\xC2\xBB en 2023"));
    /* Problems are only in the list; the failed file left nothing. */
    assert_int_equal(err.code, TB_OK);
    assert_int_equal(f->set.nobs, 0);
    assert_int_equal(f->set.nsources, 0);
}

static void test_wide_errors(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "w.csv",
        "\xC3\x81rea;2023;2022\n"
        "Atenci\xC3\xB3n ciudadana;120;50\n"
        "Movilidad;abc;-\n"
        ";40;\n"
        ";-;-\n"
        "Ragged;1;2;3\n"
        "Bien;1;2\n",
        path, sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 4);
    assert_int_equal(f->errs.items[0].line, 2);
    assert_int_equal(f->errs.items[0].col, 2);
    assert_string_equal(f->errs.items[0].msg,
                        "valor fuera de rango \xC2\xAB" "120\xC2\xBB para "
                        "\xC2\xAB" "Atenci\xC3\xB3n ciudadana\xC2\xBB en 2023 "
                        "(se esperaba un porcentaje entre 0 y 100)");
    assert_int_equal(f->errs.items[1].line, 3);
    assert_int_equal(f->errs.items[1].col, 2);
    assert_string_equal(f->errs.items[1].msg,
                        "valor no num\xC3\xA9rico \xC2\xAB" "abc\xC2\xBB para "
                        "\xC2\xAB" "Movilidad\xC2\xBB en 2023 (se esperaba un "
                        "n\xC3\xBAmero como 86,50% o - si no hay dato)");
    assert_int_equal(f->errs.items[2].line, 4);   /* no area */
    assert_int_equal(f->errs.items[2].col, 1);
    assert_int_equal(f->errs.items[3].line, 6);   /* ragged */
    assert_int_equal(f->errs.items[3].col, 4);
    assert_int_equal(f->set.nobs, 0);
}

static void test_header_year_problems(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "h.csv", "T\xC3\xADtulo\nA;2023;2023;1990;;\nB;1;2;3;;\n", path,
        sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 2);
    assert_int_equal(f->errs.items[0].line, 2);
    assert_int_equal(f->errs.items[0].col, 3);   /* duplicate 2023 */
    assert_int_equal(f->errs.items[1].line, 2);
    assert_int_equal(f->errs.items[1].col, 4);   /* 1990 out of range */
}

static void test_value_under_blank_header(void **state)
{
    fixture *f = *state;
    char path[256];
    put(f, "b.csv", "A;2023;;2021\nB;1;9;3\n", path, sizeof path);
    tb_error err;
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    assert_int_equal(f->errs.items[0].line, 2);
    assert_int_equal(f->errs.items[0].col, 3);
}

static void test_empty_and_header_only(void **state)
{
    fixture *f = *state;
    char path[256];
    tb_error err;
    put(f, "e.csv", "\n;;;\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    assert_int_equal(f->errs.items[0].line, 1);
    assert_string_equal(f->errs.items[0].file, path);

    put(f, "h.csv", "Titulo\n\n\xC3\x81rea;2023;2022\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 2);
    assert_int_equal(f->errs.items[1].line, 3);
    assert_non_null(strstr(f->errs.items[1].msg, "filas de datos"));

    put(f, "t.csv", "Solo un t\xC3\xADtulo\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 3);
    assert_int_equal(f->errs.items[2].line, 1);
}

static void test_no_header(void **state)
{
    fixture *f = *state;
    char path[256];
    tb_error err;
    put(f, "n.csv", "T\xC3\xADtulo\nfoo;bar;baz\nA;1;2\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    assert_int_equal(f->errs.items[0].line, 2);
    assert_int_equal(f->errs.items[0].col, 1);
    assert_non_null(strstr(f->errs.items[0].msg,
                           "se esperaba una fila de encabezado"));
}

static void test_csv_syntax_error(void **state)
{
    fixture *f = *state;
    char path[256];
    tb_error err;
    put(f, "q.csv", "A;2023\nB;abc\nC;\"5\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 2);   /* the bad value, then the quote */
    assert_int_equal(f->errs.items[0].line, 2);
    assert_int_equal(f->errs.items[1].line, 3);
    assert_int_equal(f->errs.items[1].col, 2);
    assert_int_equal(err.code, TB_OK);
}

static void test_folder(void **state)
{
    fixture *f = *state;
    char path[256];
    tb_error err;
    put(f, "b.CSV", "A;2022\nX;2\n", path, sizeof path);
    put(f, "a.csv", "A;2023\nX;1\n", path, sizeof path);
    put(f, "notes.txt", "not;csv\"\n", path, sizeof path);
    put(f, ".~lock.a.csv", "junk\"", path, sizeof path);
    snprintf(path, sizeof path, "%s/sub.csv", f->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(run(f, f->dir, &err), 0);
    assert_int_equal(f->set.nsources, 2);
    assert_non_null(strstr(f->set.sources[0].path, "/a.csv"));
    assert_non_null(strstr(f->set.sources[1].path, "/b.CSV"));
    assert_int_equal(f->set.nobs, 2);
    assert_int_equal(obs_at(&f->set, 0).year, 2023);
    assert_int_equal(obs_at(&f->set, 1).source, 1);
    rmdir(path);

    /* Bad files in a folder are all reported, as separate -i files are
     * (issue 16); the good ones stay read. */
    put(f, "c.csv", "A;2023\nX;zz\n", path, sizeof path);
    put(f, "d.csv", "A;2023\nY;zz\n", path, sizeof path);
    ingest_set_fini(&f->set);
    ingest_set_init(&f->set);
    assert_int_equal(run(f, f->dir, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 2);
    assert_non_null(strstr(f->errs.items[0].file, "/c.csv"));
    assert_non_null(strstr(f->errs.items[1].file, "/d.csv"));
    assert_int_equal(f->set.nsources, 2);
}

static void test_missing_and_limits(void **state)
{
    fixture *f = *state;
    char path[256];
    tb_error err;
    snprintf(path, sizeof path, "%s/nope.csv", f->dir);
    assert_int_equal(run(f, path, &err), TB_EX_NOINPUT);
    assert_string_equal(err.file, path);
    /* Empty folder. */
    assert_int_equal(run(f, f->dir, &err), TB_EX_NOINPUT);
    /* Too large. */
    f->o.max_bytes = 8;
    put(f, "big.csv", "A;2023\nX;1\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    assert_int_equal(err.code, TB_OK);
    assert_non_null(strstr(f->errs.items[0].msg, "demasiado grande"));
    f->o.max_bytes = 1 << 20;
    /* Forced delimiter and encoding. */
    f->o.delimiter = ',';
    f->o.encoding = "utf-8";
    put(f, "u.csv", "A,2023\nX,\"1,5\"\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), 0);
    assert_float_equal(obs_at(&f->set, 0).value, 1.5, 1e-9);
    put(f, "v.csv", "A,2023\nJes\xFAs,1\n", path, sizeof path);
    assert_int_equal(run(f, path, &err), TB_EX_DATAERR);
    assert_int_equal(err.code, TB_OK);
    assert_int_equal(f->errs.n, 2);
    assert_string_equal(f->errs.items[1].file, path);
    assert_int_equal(f->errs.items[1].line, 2);
    assert_int_equal(f->errs.items[1].col, 4);
}


/* ---- ingest_buffer: the same interpretation without a file -------------- */

static int buf(fixture *f, const char *bytes, tb_error *err)
{
    tb_error_clear(err);
    return ingest_buffer(&f->set, "mem.csv", bytes, strlen(bytes), &f->o,
                         &f->errs, err);
}

static void test_buffer_variants_agree(void **state)
{
    fixture *f = *state;
    tb_error err;
    /* The same table as Excel (;, CRLF, padding), LibreOffice (NBSP %),
     * comma with points, tab, CR-only, Windows-1252 and long shape. */
    static const char *const variants[] = {
        "\xEF\xBB\xBF" "T\xC3\xADtulo;;;\r\n\xC3\x81rea;2023;2022;\r\n"
        "Atenci\xC3\xB3n;85,50%;-%;\r\n;;;\r\n",
        "\xC3\x81rea;2023;2022\nAtenci\xC3\xB3n;85,50\xC2\xA0%;s/d\n",
        "\xC3\x81rea,2023,2022\n\"Atenci\xC3\xB3n\",\"85.5\",\n",
        "\xC3\x81rea\t2023\t2022\nAtenci\xC3\xB3n\t 85,5 \tN/D\n",
        "\xC3\x81rea;2023;2022\rAtenci\xC3\xB3n;85,5;\r",
        "\xC1rea;2023;2022\r\nAtenci\xF3n;85,5%;\x97\r\n",
        "sep=;\n\xC3\x81rea;a\xC3\xB1o;valor\nAtenci\xC3\xB3n;2023;85,5\n",
    };
    for (size_t i = 0; i < sizeof variants / sizeof *variants; i++) {
        ingest_set_fini(&f->set);
        ingest_set_init(&f->set);
        if (buf(f, variants[i], &err) != 0 || f->errs.n)
            fail_msg("variant %zu rejected: %s", i,
                     f->errs.n ? f->errs.items[0].msg : err.msg);
        if (f->set.nobs != 1) fail_msg("variant %zu: %zu obs", i, f->set.nobs);
        assert_string_equal(obs_at(&f->set, 0).area, "Atenci\xC3\xB3n");
        assert_int_equal(obs_at(&f->set, 0).year, 2023);
        assert_float_equal(obs_at(&f->set, 0).value, 85.5, 1e-12);
    }
}

static void test_ambiguous_and_formula_messages(void **state)
{
    fixture *f = *state;
    tb_error err;
    assert_int_equal(buf(f, "A;2023;2022\nX;1.234;#\xC2\xA1" "DIV/0!\n",
                         &err), TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 2);
    assert_int_equal(f->errs.items[0].col, 2);
    assert_string_equal(f->errs.items[0].msg,
                        "n\xC3\xBAmero ambiguo \xC2\xAB" "1.234\xC2\xBB para "
                        "\xC2\xABX\xC2\xBB en 2023 (se esperaba 1234 o 1,234 "
                        "sin separador de miles: un punto seguido de tres "
                        "cifras puede ser separador de miles o decimal)");
    assert_non_null(strstr(f->errs.items[1].msg, "error de f\xC3\xB3rmula"));
    assert_int_equal(f->errs.items[1].col, 3);
}

static void test_header_bad_year_and_long_gaps(void **state)
{
    fixture *f = *state;
    tb_error err;
    /* "2O22" with a letter O: a bad year in a header that is still wide. */
    assert_int_equal(buf(f, "\xC3\x81rea;2023;2O22\nX;1;2\n", &err),
                     TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 1);
    assert_int_equal(f->errs.items[0].line, 1);
    assert_int_equal(f->errs.items[0].col, 3);
    assert_non_null(strstr(f->errs.items[0].msg, "a\xC3\xB1o no v\xC3\xA1lido"));
    /* Long header without a value column. */
    assert_int_equal(buf(f, "\xC3\xA1rea;a\xC3\xB1o;dato\nX;2023;5\n", &err),
                     TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 2);
    assert_non_null(strstr(f->errs.items[1].msg, "falta la columna de valor"));
    /* Long row too short to reach its value. */
    assert_int_equal(buf(f, "area;year;value\nX;2023;5\nY;2023\n", &err),
                     TB_EX_DATAERR);
    assert_int_equal(f->errs.n, 3);
    assert_int_equal(f->errs.items[2].line, 3);
    assert_int_equal(f->errs.items[2].col, 3);
    assert_non_null(strstr(f->errs.items[2].msg, "fila incompleta"));
    assert_int_equal(f->set.nobs, 0);
    /* Over the size limit, in memory too. */
    f->o.max_bytes = 4;
    assert_int_equal(buf(f, "A;2023\nX;1\n", &err), TB_EX_DATAERR);
    assert_non_null(strstr(f->errs.items[3].msg, "demasiado grande"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_value),
        cmocka_unit_test(test_parse_year),
        cmocka_unit_test_setup_teardown(test_wide, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wide_cp1252_comma_crlf, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_long, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_default_entity_and_errors,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_wide_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_year_problems, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_value_under_blank_header, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_header_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_no_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_syntax_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_limits, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_buffer_variants_agree, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_ambiguous_and_formula_messages,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_bad_year_and_long_gaps,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
