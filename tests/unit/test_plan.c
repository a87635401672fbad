/* test_plan.c - the bundled plan loads whole, names match through aliases,
 * and bad config is reported with file and line. */
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

#include "plan.h"
#include "text.h"

static void test_bundled_plan_counts(void **state)
{
    (void)state;
    plan p;
    tb_error err;
    tb_error_clear(&err);
    int rc = plan_load(&p, "config/tablero.ini", &err);
    if (rc) fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
    assert_int_equal(rc, 0);
    assert_string_equal(p.city, "Jesús María");
    assert_int_equal(p.naxes, 5);
    assert_int_equal(p.nobjectives, 5);
    assert_int_equal(plan_count_subobjectives(&p), 15);
    assert_int_equal(p.ndimensions, 5);
    assert_int_equal(p.nvalues, 7);
    assert_int_equal(p.npolicies, 44);
    assert_int_equal(p.nsecretariats, 8);
    assert_true(plan_count_programs(&p) > 30);
    assert_int_equal(p.nindicators, 16);
    assert_true(strstr(p.mission, "Gestionar y promover") != NULL);
    assert_true(strstr(p.vision, "ciudad líder") != NULL);
    /* defaults of the indicator map */
    for (size_t i = 0; i < p.nindicators; i++) {
        assert_true(p.indicators[i].target == 80.0);
        assert_int_equal(p.indicators[i].target_year, 2027);
        assert_int_equal(p.indicators[i].target_is_default, 1);
        assert_true(p.indicators[i].policy != PLAN_NONE);
        assert_true(p.indicators[i].secretariat != PLAN_NONE);
    }
    assert_int_equal(p.ninputs, 1);
    assert_true(strstr(p.inputs[0], "input") != NULL);
    plan_fini(&p);
}

static void test_matching(void **state)
{
    (void)state;
    plan p;
    tb_error err;
    assert_int_equal(plan_load(&p, "config/tablero.ini", &err), 0);
    size_t mov = plan_find_indicator(&p, "Movilidad Urbana");
    assert_true(mov != PLAN_NONE);
    assert_int_equal(plan_find_indicator(&p, "Movilidada Urbana"), mov);
    assert_int_equal(plan_find_indicator(&p, "  MOVILIDAD   urbana. "), mov);
    assert_int_equal(plan_find_indicator(&p, "Movilidad Urbána"), mov);
    assert_int_equal(plan_find_indicator(&p, "Turismo receptivo"), PLAN_NONE);
    const char *s = plan_suggest_indicator(&p, "Movilida Urbano");
    assert_non_null(s);
    assert_true(strstr(s, "Movilidad") != NULL || strstr(s, "Movilidada") != NULL);
    assert_null(plan_suggest_indicator(&p, "Turismo"));
    assert_string_equal(p.axes[p.indicators[mov].axis].id, "URB");
    /* The _ex forms: the same answers, and a status for "out of memory". */
    size_t i = 0;
    assert_int_equal(plan_find_indicator_ex(&p, "  MOVILIDAD   urbana. ", &i), 0);
    assert_int_equal(i, mov);
    assert_int_equal(plan_find_indicator_ex(&p, "Turismo receptivo", &i), 0);
    assert_int_equal(i, PLAN_NONE);
    assert_int_equal(plan_find_indicator_ex(&p, "Movilidad \xff", &i), 0); /* not UTF-8 */
    assert_int_equal(i, PLAN_NONE);
    const char *sug = NULL;
    assert_int_equal(plan_suggest_indicator_ex(&p, "Movilida Urbano", &sug), 0);
    assert_ptr_equal(sug, s);
    assert_int_equal(plan_suggest_indicator_ex(&p, "Turismo", &sug), 0);
    assert_null(sug);
    plan_fini(&p);
}

/* Writes a copy of the bundled config into a temp folder with one file
 * replaced, and returns the INI path (static buffer). */
static const char *config_plus(const char *extra);

static const char *config_with(const char *file, const char *content)
{
    static char dir[64], ini[128];
    snprintf(dir, sizeof dir, "/tmp/tablero-plan-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp config/*.ini config/*.csv %s/", dir);
    assert_int_equal(system(cmd), 0);
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    assert_int_equal(fclose(f), 0);
    snprintf(ini, sizeof ini, "%s/tablero.ini", dir);
    /* the bundled comments name the bundled indicators: a replaced map
     * would (rightly) refuse them, which is not what these tests test */
    if (!strcmp(file, "indicadores.csv")) {
        snprintf(cmd, sizeof cmd, "sed -i '/^comentarios =/d' %s", ini);
        assert_int_equal(system(cmd), 0);
    }
    return ini;
}

static void cleanup(const char *ini)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf \"$(dirname %s)\"", ini);
    assert_int_equal(system(cmd), 0);
}

static void test_unknown_reference(void **state)
{
    (void)state;
    const char *ini = config_with("indicadores.csv",
        "area;eje;politica;objetivo;dimension;secretaria;meta;anio_meta;sentido;peso;alias\n"
        "Atención ciudadana;GOB;GOB-12;1.1;ACC;GOB;;;mayor;1;\n"
        "Biodiversidad;XYZ;;;;;;;mayor;1;\n");
    plan p;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_true(strstr(err.file, "indicadores.csv") != NULL);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 2);
    assert_true(strstr(err.msg, "XYZ") != NULL);
    plan_fini(&p);
    cleanup(ini);
}

static void test_bad_numbers(void **state)
{
    (void)state;
    const char *ini = config_with("indicadores.csv",
        "area;eje;meta;peso\n"
        "Atención ciudadana;GOB;85,5;1\n"
        "Biodiversidad;AMB;ochenta;1\n");
    plan p;
    tb_error err;
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 3);
    assert_true(strstr(err.msg, "ochenta") != NULL);
    plan_fini(&p);
    cleanup(ini);
}

static void test_decimal_comma_target_and_lower(void **state)
{
    (void)state;
    const char *ini = config_with("indicadores.csv",
        "area;eje;meta;anio_meta;sentido;peso\n"
        "Atención ciudadana;GOB;85,5;2030;menor;2,5\n");
    plan p;
    tb_error err;
    assert_int_equal(plan_load(&p, ini, &err), 0);
    assert_int_equal(p.nindicators, 1);
    assert_true(p.indicators[0].target == 85.5);
    assert_int_equal(p.indicators[0].target_year, 2030);
    assert_int_equal(p.indicators[0].higher_is_better, 0);
    assert_true(p.indicators[0].weight == 2.5);
    assert_int_equal(p.indicators[0].target_is_default, 0);
    plan_fini(&p);
    cleanup(ini);
}

/* The delimiter can be named: a bare ';' would start an INI comment. */
static void test_separator_names(void **state)
{
    (void)state;
    static const struct { const char *value; char want; int ok; } cases[] = {
        {"punto y coma", ';', 1}, {"\";\"", ';', 1}, {"coma", ',', 1}, {",", ',', 1},
        {"tab", '\t', 1}, {"Tabulador", '\t', 1}, {"auto", 0, 1}, {"pipe", 0, 0}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char extra[128];
        snprintf(extra, sizeof extra, "[entradas]\nseparador = %s\n", cases[i].value);
        const char *ini = config_plus(extra);
        plan p;
        tb_error err;
        tb_error_clear(&err);
        int rc = plan_load(&p, ini, &err);
        if (cases[i].ok) {
            assert_int_equal(rc, 0);
            assert_int_equal(p.delimiter, cases[i].want);
        } else {
            assert_int_equal(rc, TB_EX_CONFIG);
            assert_non_null(strstr(err.msg, "pipe"));
        }
        plan_fini(&p);
        cleanup(ini);
    }
}

static void test_ini_errors(void **state)
{
    (void)state;
    const char *ini = config_with("tablero.ini",
        "[municipio]\nnombre = X\n\n[reglas]\nnivel_confianza = 2\n");
    plan p;
    tb_error err;
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_int_equal(err.line, 5);
    assert_true(strstr(err.msg, "nivel_confianza") != NULL);
    plan_fini(&p);
    cleanup(ini);

    ini = config_with("tablero.ini", "[municipio]\nnombre = X\ncolor = rojo\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_int_equal(err.line, 3);
    assert_true(strstr(err.msg, "color") != NULL);
    plan_fini(&p);
    cleanup(ini);

    ini = config_with("tablero.ini", "[municipio]\nnombre = X\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_true(strstr(err.msg, "mision") != NULL);
    plan_fini(&p);
    cleanup(ini);

    assert_int_equal(plan_load(&p, "/nonexistent/t.ini", &err), TB_EX_CONFIG);
    plan_fini(&p);
}

/* Each INI value is checked against its domain at load time, naming the
 * line (issue 17): repeats, numbers that "continue", hex and other
 * non-decimal numbers, inverted limits, default targets outside the value
 * and year ranges, an empty output folder, UTF-16 and NUL bytes; an INI
 * in Windows-1252 is decoded, as the plan's CSV lists are. */
static void test_ini_domains(void **state)
{
    (void)state;
    static const struct {
        const char *text;   /* appended to a minimal valid head */
        long line;          /* expected line (0: any) */
        const char *frag;   /* in the message */
    } bad[] = {
        {"[metas]\nmeta = 80\nmeta = 10\n", 3, "ya aparece en la línea 2"},
        {"[metas]\nmeta = 80\n[reglas]\nanios_desactualizado = 3\n[metas]\nanio_meta = 2027\n", 5, "ya empieza en la línea 1"},
        {"[metas]\nmeta = 80\n    95\n", 3, "sangría"},
        {"[metas]\nmeta = 0x50\n", 2, "0x50"},
        {"[metas]\nmeta = inf\n", 2, "inf"},
        {"[metas]\nmeta = 150\n", 2, "fuera del rango"},
        {"[metas]\nmeta = -50\n", 2, "fuera del rango"},
        {"[metas]\nanio_meta = 1900\n", 2, "1900"},
        {"[reglas]\nvalor_minimo = 100\nvalor_maximo = 0\n", 0, "invertidos"},
        {"[salida]\ncarpeta =\n", 0, "vacía"},
    };
    plan p;
    tb_error err;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *ini = config_with("tablero.ini", bad[i].text);
        tb_error_clear(&err);
        assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
        if (bad[i].line) assert_int_equal(err.line, bad[i].line);
        if (!strstr(err.msg, bad[i].frag)) fail_msg("caso %zu: «%s» sin «%s»", i, err.msg, bad[i].frag);
        plan_fini(&p);
        cleanup(ini);
    }
    /* inih cuts a long section name inside a character: the message
     * quoting it stays valid UTF-8 (found by make fuzz-config) */
    {
        char text[256] = "[";
        for (int k = 0; k < 40; k++) strcat(text, "\xc3\x92");
        strcat(text, "]\nx = 1\n");
        const char *ini0 = config_with("tablero.ini", text);
        assert_int_equal(plan_load(&p, ini0, &err), TB_EX_CONFIG);
        assert_true(text_utf8_valid(err.msg, strlen(err.msg)));
        plan_fini(&p);
        cleanup(ini0);
    }
    /* UTF-16 and a NUL byte say what they are, not "línea demasiado larga" */
    const char *ini = config_with("tablero.ini", "\xff\xfe[\0m\0");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_non_null(strstr(err.msg, "UTF-16"));
    plan_fini(&p);
    cleanup(ini);
    ini = config_with("tablero.ini", "[municipio]\nnombre = X");
    FILE *f = fopen(ini, "ab");
    assert_non_null(f);
    assert_int_equal(fwrite("\0 junk\n", 1, 7, f), 7);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_non_null(strstr(err.msg, "byte nulo"));
    plan_fini(&p);
    cleanup(ini);
    /* the bundled INI re-saved in Windows-1252 loads the same names */
    plan ref;
    assert_int_equal(plan_load(&ref, "config/tablero.ini", &err), 0);
    ini = config_with("extra.txt", "");
    char cmd[512];
    snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t WINDOWS-1252 config/tablero.ini > %s", ini);
    assert_int_equal(system(cmd), 0);
    assert_int_equal(plan_load(&p, ini, &err), 0);
    assert_string_equal(p.city, ref.city);
    assert_string_equal(p.mission, ref.mission);
    plan_fini(&p);
    plan_fini(&ref);
    cleanup(ini);
}

/* References resolve through a hashed index of folded names: a plan of
 * thousands of policies loads at once, and the index answers exactly as
 * the old linear search did (first entry, id or name, folded). */
static void test_many_policies(void **state)
{
    (void)state;
    const char *ini = config_with("extra.txt", "");
    char path[256];
    snprintf(path, sizeof path, "%s", ini);
    char *slash = strrchr(path, '/');
    snprintf(slash + 1, sizeof path - (size_t)(slash + 1 - path), "politicas.csv");
    FILE *f = fopen(path, "a");
    assert_non_null(f);
    for (int i = 0; i < 5000; i++) fprintf(f, "PX%d;GOB;Política sintética %d\n", i, i);
    fprintf(f, "Gob-01;GOB;Otra\n");   /* folds like the bundled GOB-01 */
    assert_int_equal(fclose(f), 0);
    plan p;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_non_null(strstr(err.msg, "Gob-01"));
    assert_non_null(strstr(err.msg, "línea 2"));
    plan_fini(&p);
    cleanup(ini);
}

static void test_alias_clash(void **state)
{
    (void)state;
    const char *ini = config_with("indicadores.csv",
        "area;eje;alias\n"
        "Atención ciudadana;GOB;Atencion\n"
        "Biodiversidad;AMB;ATENCIÓN\n");
    plan p;
    tb_error err;
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_int_equal(err.line, 3);
    plan_fini(&p);
    cleanup(ini);
}

/* The bundled config with the "key = value" lines of extra set in their
 * [section]s: each replaces that key's line in the bundled file, or is
 * added under the section's header (or in a new section at the end). A
 * real config says each key once (a repeated key or section is refused),
 * so the edit replaces rather than appends. Static path. */
static const char *config_plus(const char *extra)
{
    const char *ini = config_with("extra.txt", "");
    FILE *f = fopen(ini, "r");
    assert_non_null(f);
    static char text[65536];
    size_t n = fread(text, 1, sizeof text - 1, f);
    assert_int_equal(fclose(f), 0);
    text[n] = '\0';
    char section[256] = "";
    for (const char *l = extra; *l;) {
        const char *eol = strchr(l, '\n');
        size_t len = eol ? (size_t)(eol - l) : strlen(l);
        char line[256];
        assert_true(len < sizeof line);
        memcpy(line, l, len);
        line[len] = '\0';
        l += len + (eol != NULL);
        if (line[0] == '[') {
            snprintf(section, sizeof section, "%s", line);
            continue;
        }
        char key[64];
        assert_int_equal(sscanf(line, "%63[^ =]", key), 1);
        static char out[65536 + 1024];
        char *h = strstr(text, section);
        if (!h) {   /* a section the bundled file lacks */
            snprintf(out, sizeof out, "%s\n%s\n%s\n", text, section, line);
        } else {
            char *body = strchr(h, '\n');
            assert_non_null(body);
            body++;
            char *end = strstr(body, "\n[");
            char *k = body, *hit = NULL;
            while (k && (!end || k < end)) {
                if (!strncmp(k, key, strlen(key)) && (k[strlen(key)] == ' ' || k[strlen(key)] == '=')) {
                    hit = k;
                    break;
                }
                k = strchr(k, '\n');
                if (k) k++;
            }
            if (hit) {
                char *after = strchr(hit, '\n');
                snprintf(out, sizeof out, "%.*s%s%s", (int)(hit - text), text, line, after ? after : "\n");
            } else {
                snprintf(out, sizeof out, "%.*s%s\n%s", (int)(body - text), text, line, body);
            }
        }
        assert_true(strlen(out) < sizeof text);
        memcpy(text, out, strlen(out) + 1);
    }
    f = fopen(ini, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return ini;
}

static void test_rules_and_scores(void **state)
{
    (void)state;
    plan p;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(plan_load(&p, "config/tablero.ini", &err), 0);
    /* The documented values in tablero.ini are plan.c's defaults. */
    plan_scores d;
    plan_scores_defaults(&d);
    assert_memory_equal(&p.scores, &d, sizeof d);
    assert_int_equal(p.rules.projection_logit, 0);
    assert_true(p.rules.target_tolerance == 0 && p.rules.maintain_band == 5);
    plan_fini(&p);

    const char *ini = config_plus("[proyeccion]\nmodelo = logit\n[urgencia]\numbral = 0,6\n"
                                  "estado_en_riesgo = 0.8\n[importancia]\npeso_plan = 1\n");
    assert_int_equal(plan_load(&p, ini, &err), 0);
    assert_int_equal(p.rules.projection_logit, 1);
    assert_true(p.scores.urgency_threshold == 0.6);
    assert_true(p.scores.status[3] == 0.8);
    assert_true(p.scores.w_weight == 1);
    plan_fini(&p);
    cleanup(ini);

    ini = config_plus("[proyeccion]\nmodelo = cuadratico\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_true(strstr(err.msg, "cuadratico") != NULL);
    plan_fini(&p);
    cleanup(ini);

    ini = config_plus("[urgencia]\numbral = 1.5\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_true(strstr(err.msg, "umbral") != NULL);
    plan_fini(&p);
    cleanup(ini);

    ini = config_plus("[urgencia]\npeso_estado = 0\npeso_caida = 0\npeso_plazo = 0\npeso_antiguedad = 0\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_true(strstr(err.msg, "urgencia") != NULL);
    plan_fini(&p);
    cleanup(ini);
}

static void test_maintain_band(void **state)
{
    (void)state;
    const char *ini = config_with("indicadores.csv",
        "area;eje;meta;sentido;banda_min;banda_max\n"
        "Atención ciudadana;GOB;50;mantener;45;58\n"
        "Biodiversidad;AMB;60;mantener;;\n"
        "Espacio Público;AMB;;mayor;10;20\n");
    plan p;
    tb_error err;
    assert_int_equal(plan_load(&p, ini, &err), 0);
    assert_int_equal(p.indicators[0].maintain, 1);
    assert_true(p.indicators[0].band_min == 45 && p.indicators[0].band_max == 58);
    assert_true(p.indicators[1].band_min == 55 && p.indicators[1].band_max == 65);
    assert_int_equal(p.indicators[2].maintain, 0);   /* bands only for mantener */
    plan_fini(&p);
    cleanup(ini);

    ini = config_with("indicadores.csv",
        "area;eje;meta;sentido;banda_min;banda_max\n"
        "Atención ciudadana;GOB;50;mantener;60;40\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_int_equal(err.line, 2);
    assert_true(strstr(err.msg, "banda") != NULL);
    plan_fini(&p);
    cleanup(ini);

    ini = config_with("indicadores.csv", "area;eje;sentido\nAtención ciudadana;GOB;subir\n");
    assert_int_equal(plan_load(&p, ini, &err), TB_EX_CONFIG);
    assert_true(strstr(err.msg, "mantener") != NULL);
    plan_fini(&p);
    cleanup(ini);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_plan_counts), cmocka_unit_test(test_matching),
        cmocka_unit_test(test_unknown_reference),   cmocka_unit_test(test_bad_numbers),
        cmocka_unit_test(test_decimal_comma_target_and_lower),
        cmocka_unit_test(test_ini_errors),
        cmocka_unit_test(test_ini_domains), cmocka_unit_test(test_many_policies), cmocka_unit_test(test_separator_names),          cmocka_unit_test(test_alias_clash),
        cmocka_unit_test(test_rules_and_scores),    cmocka_unit_test(test_maintain_band),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
