/* test_comments.c - the secretariats' comments file: rows load sorted and
 * matched through aliases, the comment for a data year is the right one,
 * overdue is decided against the report period, and every bad row is
 * refused with file:line:col and a Spanish reason. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "comments.h"
#include "plan.h"

static const char HEADER[] = "indicador;periodo;analisis;accion;responsable;fecha_compromiso\n";

/* Writes a config that borrows the bundled lists and uses `csv` as the
 * comments file; loads it into *p. Returns plan_load's code. */
static int load_with(plan *p, const char *csv, tb_error *err)
{
    char cwd[PATH_MAX], dir[] = "/tmp/tb-comments-XXXXXX", path[PATH_MAX + 64];
    assert_non_null(getcwd(cwd, sizeof cwd));
    const char *tmp = getenv("TMPDIR");
    char tmpl[PATH_MAX];
    snprintf(tmpl, sizeof tmpl, "%s/tb-comments-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    char *d = mkdtemp(tmpl);
    if (!d) d = mkdtemp(dir);
    assert_non_null(d);
    snprintf(path, sizeof path, "%s/comentarios.csv", d);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(csv, f);
    assert_int_equal(fclose(f), 0);
    char ini[PATH_MAX + 64];
    snprintf(ini, sizeof ini, "%s/tablero.ini", d);
    f = fopen(ini, "w");
    assert_non_null(f);
    fprintf(f, "[municipio]\nnombre = X\n[plan]\nmision = m\nvision = v\n");
    const char *lists[] = {"valores", "objetivos", "dimensiones", "ejes", "politicas",
                           "secretarias", "indicadores"};
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        fprintf(f, "%s = %s/config/%s.csv\n", lists[i], cwd, lists[i]);
    fprintf(f, "comentarios = comentarios.csv\n[entradas]\nrutas = %s/input\n", cwd);
    assert_int_equal(fclose(f), 0);
    tb_error_clear(err);
    int rc = plan_load(p, ini, err);
    unlink(path);
    unlink(ini);
    rmdir(d);
    return rc;
}

static void test_loads_sorted_and_matched(void **state)
{
    (void)state;
    plan p;
    tb_error err;
    char csv[2048];
    snprintf(csv, sizeof csv,
             "# ejemplo\n%s"
             "MOVILIDAD urbana;2024-03;Marzo;Medir otra vez;Gobierno;2026-09-30\n"
             "Movilidad Urbana;2023;Primera medición;;;\n"
             "Biodiversidad;2023;;Plantar árboles;;\n"
             "Movilidad Urbana;2024;Anual;;;\n",
             HEADER);
    int rc = load_with(&p, csv, &err);
    if (rc) fprintf(stderr, "%s:%ld:%ld: %s\n", err.file, err.line, err.col, err.msg);
    assert_int_equal(rc, 0);
    assert_int_equal(p.ncomments, 4);
    size_t mov = plan_find_indicator(&p, "Movilidad Urbana");
    size_t bio = plan_find_indicator(&p, "Biodiversidad");
    /* a month's comment wins over the year's; an earlier year is the
     * fallback; before any comment, none */
    const plan_comment *c = plan_comment_for(&p, mov, 2024);
    assert_non_null(c);
    assert_string_equal(c->analysis, "Marzo");
    assert_int_equal(c->month, 3);
    assert_int_equal(c->due_year, 2026);
    assert_int_equal(c->due_day, 30);
    assert_int_equal(c->line, 3);
    c = plan_comment_for(&p, mov, 2025);
    assert_non_null(c);
    assert_string_equal(c->analysis, "Marzo");
    c = plan_comment_for(&p, mov, 2023);
    assert_non_null(c);
    assert_string_equal(c->analysis, "Primera medición");
    assert_false(plan_comment_has_action(c));
    assert_null(plan_comment_for(&p, mov, 2022));
    assert_null(plan_comment_for(&p, mov, 0));
    c = plan_comment_for(&p, bio, 2023);
    assert_non_null(c);
    assert_string_equal(c->analysis, "");
    assert_true(plan_comment_has_action(c));
    assert_int_equal(c->due_year, 0);
    assert_false(plan_comment_overdue(c, 2030, 1)); /* no date: never overdue */
    assert_null(plan_comment_for(&p, plan_find_indicator(&p, "Capital Humano"), 2024));
    plan_fini(&p);
}

static void test_overdue(void **state)
{
    (void)state;
    plan_comment c = {.action = "Hacer", .due_year = 2026, .due_month = 9, .due_day = 30};
    assert_false(plan_comment_overdue(&c, 2026, 8));
    /* due on the period's last day: the period closes with it met or not */
    assert_false(plan_comment_overdue(&c, 2026, 9));
    assert_true(plan_comment_overdue(&c, 2026, 10));
    assert_true(plan_comment_overdue(&c, 2027, 1));
    c.due_day = 15;
    assert_true(plan_comment_overdue(&c, 2026, 9));
    c.action = "";
    assert_false(plan_comment_overdue(&c, 2027, 1));
    plan_comment leap = {.action = "x", .due_year = 2028, .due_month = 2, .due_day = 28};
    assert_true(plan_comment_overdue(&leap, 2028, 2)); /* February 2028 has 29 days */
}

static void expect_error(const char *rows, long line, long col, const char *frag)
{
    plan p;
    tb_error err;
    char csv[4096];
    snprintf(csv, sizeof csv, "%s%s", HEADER, rows);
    int rc = load_with(&p, csv, &err);
    if (rc != 78 || err.line != line || err.col != col || !strstr(err.msg, frag))
        fprintf(stderr, "got %d %ld:%ld: %s (wanted %ld:%ld %s)\n", rc, err.line, err.col, err.msg,
                line, col, frag);
    assert_int_equal(rc, 78);
    assert_true(strstr(err.file, "comentarios.csv") != NULL);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    assert_non_null(strstr(err.msg, frag));
    plan_fini(&p);
}

static void test_bad_rows(void **state)
{
    (void)state;
    expect_error("Movilida Urbano;2024;a;;;\n", 2, 1, "¿quiso decir «Movilidad Urbana»?");
    expect_error("Turismo receptivo;2024;a;;;\n", 2, 1, "indicador desconocido «Turismo receptivo»");
    expect_error(";2024;a;;;\n", 2, 1, "«indicador» está vacío");
    expect_error("Biodiversidad;24;a;;;\n", 2, 2, "período «24» inválido");
    expect_error("Biodiversidad;2024-13;a;;;\n", 2, 2, "período «2024-13» inválido");
    expect_error("Biodiversidad;1800;a;;;\n", 2, 2, "período «1800» inválido");
    expect_error("Biodiversidad;2024;;x;;2026-02-30\n", 2, 6, "fecha «2026-02-30» inválida");
    expect_error("Biodiversidad;2024;;x;;30/09/2026\n", 2, 6, "fecha «30/09/2026» inválida");
    expect_error("Biodiversidad;2024;a;;;\nbiodiversidad;2024;b;;;\n", 3, 2,
                 "ya hay un comentario de «Biodiversidad» para el período 2024 en la línea 2");
    expect_error("Biodiversidad;2024;;;;\n", 2, 3, "ni acción comprometida");
    expect_error("Biodiversidad;2024;a;;Ana;\n", 2, 5, "responsable o fecha sin acción");
    expect_error("Biodiversidad;2024;;;;2026-01-01\n", 2, 6, "responsable o fecha sin acción");
    char row[1200];
    memset(row, 0, sizeof row);
    strcpy(row, "Biodiversidad;2024;");
    for (int i = 0; i < 401; i++) strcat(row, "á");
    strcat(row, ";;;\n");
    expect_error(row, 2, 3, "«analisis» tiene 401 caracteres (se esperaban como máximo 400");
}

static void test_bad_header(void **state)
{
    (void)state;
    plan p;
    tb_error err;
    assert_int_equal(load_with(&p, "indicador;analisis\nBiodiversidad;a\n", &err), 78);
    assert_non_null(strstr(err.msg, "falta la columna «periodo»"));
    plan_fini(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loads_sorted_and_matched),
        cmocka_unit_test(test_overdue),
        cmocka_unit_test(test_bad_rows),
        cmocka_unit_test(test_bad_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
