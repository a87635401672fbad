/* test_export.c - round-trip number formatting, and the metrics CSV and JSON
 * of the real pipeline (bundled plan + input/autodiagnosticos.csv) run in
 * memory. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze.h"
#include "export.h"
#include "ingest.h"
#include "plan.h"
#include "report.h"
#include "series.h"

#define PROF "Profesionalizaci\xC3\xB3n de los equipos de gesti\xC3\xB3n"
#define MOV_POLICY                                                                 \
    "Infraestructura urbana planificada, sostenible, con conectividad, movilidad " \
    "y accesibilidad"

/* ---- export_fmt_double -------------------------------------------------- */

static void assert_round_trips(double x)
{
    char buf[32];
    const char *s = export_fmt_double(x, buf);
    assert_ptr_equal(s, buf);
    assert_true(strlen(s) > 0 && strlen(s) < 32);
    char *end;
    double back = strtod(s, &end);
    assert_true(*end == '\0');
    if (back != x) fail_msg("%.17g formatted as \"%s\" reads back as %.17g", x, s, back);
}

/* The shortest of %.15g..%.17g that reads back: what export_fmt_double
 * promises, with printf alone (the formatter it had before its integer
 * path, kept here as the oracle: that path must give the same text). */
static const char *fmt_reference(double x, char buf[32])
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    return buf;
}

static void assert_as_printf(double x)
{
    char a[32], b[32];
    export_fmt_double(x, a);
    fmt_reference(x, b);
    if (strcmp(a, b) != 0) fail_msg("%.17g: \"%s\", printf gives \"%s\"", x, a, b);
}

/* Short decimals (typed values, years, their neighbours, the bounds of
 * the fast path, both signs) and values that need 16 or 17 digits. */
static void test_fmt_double_as_printf(void **state)
{
    (void)state;
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000};
    for (long m = 0; m <= 200000; m += 7)
        for (int k = 0; k < 6; k++) {
            double x = (double)m / scale[k];
            assert_as_printf(x);
            assert_as_printf(-x);
            assert_as_printf(nextafter(x, INFINITY));
            assert_as_printf(nextafter(x, -INFINITY));
        }
    const double edge[] = {1e-4, 9.9999e-5, 1.0001e-4, 0.0001, 0.00015, 1e15, 999999999999999.0,
                           99999999999999.9, 9999999999999.99, 123456789012345.0, 0.1 + 0.2,
                           1.0 / 3.0, 2019.5, 1e14 + 0.5, 4503599627370495.5, -0.0, 5e-324,
                           1.7976931348623157e308, 0.30000000000000004, 85.05, 12.345};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        assert_as_printf(edge[i]);
        assert_as_printf(-edge[i]);
    }
    unsigned long long r = 88172645463325252ull;   /* xorshift: any double */
    for (int i = 0; i < 200000; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        double x;
        memcpy(&x, &r, sizeof x);
        if (isfinite(x)) assert_as_printf(x);
        assert_as_printf((double)(r % 100000000) / 1000.0);
    }
}

/* The exact path (1e-5 <= |x| < 1e15, 15-17 digits without printf): any
 * mantissa at every binary exponent of the range, powers of two and their
 * lower neighbours (the uneven gap below), powers of ten and their
 * neighbours, and exact decimal ties at the 15th and 16th digit, which
 * printf rounds to even (1234567890123.125 has 16 digits). */
static void test_fmt_double_exact_as_printf(void **state)
{
    (void)state;
    unsigned long long r = 0x9E3779B97F4A7C15ull;
    for (int e = -17; e <= 49; e++) {
        double p2 = ldexp(1.0, e);
        assert_as_printf(p2);
        assert_as_printf(nextafter(p2, 0));
        assert_as_printf(nextafter(p2, INFINITY));
        for (int i = 0; i < 3000; i++) {
            r ^= r << 13;
            r ^= r >> 7;
            r ^= r << 17;
            double x = ldexp((double)((r >> 11) | (1ull << 52)), e - 52);
            assert_as_printf(x);
            assert_as_printf(-x);
        }
    }
    for (int p = -5; p <= 14; p++) {
        double t = pow(10.0, p);
        for (int k = 0; k < 4; k++, t = nextafter(t, INFINITY)) assert_as_printf(t);
        t = pow(10.0, p);
        for (int k = 0; k < 4; k++, t = nextafter(t, 0)) assert_as_printf(t);
    }
    static const double frac[] = {0.5, 0.25, 0.75, 0.125, 0.375, 0.625, 0.875, 0.0625};
    for (int i = 0; i < 40000; i++) {
        r ^= r << 13;
        r ^= r >> 7;
        r ^= r << 17;
        double whole = (double)(r % 1000000000000000ull);
        double x = whole + frac[i % 8];
        if (x < 1e15) assert_as_printf(x);
        assert_as_printf(ldexp(x < 1e15 ? x : frac[i % 8], -(int)(r % 40)));
    }
    assert_as_printf(1234567890123.125);
    assert_as_printf(100000000000000.25);
}

/* xorshift64: reproducible streams of test doubles, state passed in */
static unsigned long long next_rand(unsigned long long *r)
{
    *r ^= *r << 13;
    *r ^= *r >> 7;
    *r ^= *r << 17;
    return *r;
}

/* Comparisons per family in test_fmt_double_bulk: TABLERO_FMT_BULK, else
 * 100000 (eight families, with signs and neighbours about 2 million doubles,
 * each against printf and strtod, in a few seconds). */
static long bulk_count(void)
{
    const char *e = getenv("TABLERO_FMT_BULK");
    long n = e ? strtol(e, NULL, 10) : 0;
    return n > 0 ? n : 100000;
}

static void assert_as_printf_both(double x)
{
    assert_as_printf(x);
    assert_as_printf(-x);
}

/* count decimals in 0..top with 0-6 places (drawn from *r), either
 * sign, and their neighbours, against the printf oracle. */
static void assert_decimals_as_printf(unsigned long long top, long count, unsigned long long *r)
{
    static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    for (long i = 0; i < count; i++) {
        int k = (int)(next_rand(r) % 7);
        double x = (double)(next_rand(r) % (top * (unsigned long long)scale[k] + 1)) / scale[k];
        assert_as_printf_both(x);
        assert_as_printf(nextafter(x, INFINITY));
        if (x > 0) assert_as_printf(nextafter(x, 0));
    }
}

/* The formatter against the printf oracle over many doubles, by family:
 * any bit pattern; decimals with 0-6 places in 0-100 and 0-1e6 (typed
 * values, percentages) and their neighbours; subnormals and the smallest
 * normals; the 1e-5 and 1e15 edges of the exact path and 1e15-1e17 beyond
 * it; dyadic fractions whose decimal ends in 5 at the 15th-17th digit
 * (ties printf rounds to even); and zeros, infinities and NaN. */
static void test_fmt_double_bulk(void **state)
{
    (void)state;
    long count = bulk_count();
    unsigned long long r = 0x2545F4914F6CDD1Dull;
    for (long i = 0; i < count; i++) {   /* any finite bit pattern */
        unsigned long long u = next_rand(&r);
        double x;
        memcpy(&x, &u, sizeof x);
        if (isfinite(x)) assert_as_printf(x);
    }
    assert_decimals_as_printf(100, count, &r);       /* 0-100 with 0-6 places */
    assert_decimals_as_printf(1000000, count, &r);   /* 0-1e6 with 0-6 places */
    for (long i = 0; i < count; i++) {   /* subnormals and the first normals */
        unsigned long long u = next_rand(&r) & ((1ull << 53) - 1);
        double x;
        memcpy(&x, &u, sizeof x);
        assert_as_printf_both(x);
    }
    for (long i = 0; i < count; i++) {   /* around 1e-5, 1e-4, 1e15, 1e16, 1e17 */
        static const double edge[] = {1e-5, 1e-4, 1e15, 1e16, 1e17};
        double x = edge[i % 5];
        long steps = (long)(next_rand(&r) % 401) - 200;
        for (long j = 0; j < (steps < 0 ? -steps : steps); j++) x = nextafter(x, steps < 0 ? 0 : INFINITY);
        assert_as_printf_both(x);
    }
    for (long i = 0; i < count; i++) {   /* anywhere in 1e15-1e17 */
        double x = 1e15 + (double)(next_rand(&r) % 99000000000000000ull);
        assert_as_printf_both(x);
    }
    for (long i = 0; i < count; i++) {   /* ties at the 15th-17th digit */
        int j = 1 + (int)(next_rand(&r) % 12);                /* 1/2 .. 1/4096 */
        double frac = (double)((next_rand(&r) % (1ull << j)) | 1) / (double)(1ull << j);
        int digits = 15 + (int)(next_rand(&r) % 3) - j;       /* leaves 15-17 digits, with j decimals */
        unsigned long long lim = 1;
        for (int d = 0; d < digits && d < 15; d++) lim *= 10;
        double x = (double)(next_rand(&r) % lim) + frac;
        if (x < 1e15) assert_as_printf_both(x);
        assert_as_printf_both(ldexp(x, -(int)(next_rand(&r) % 60)));
    }
    for (long i = 0; i < count; i++) {   /* any mantissa at every exponent of 1e-7..1e18 */
        int e = -24 + (int)(next_rand(&r) % 85);
        double x = ldexp((double)((next_rand(&r) >> 11) | (1ull << 52)), e - 52);
        assert_as_printf_both(x);
    }
    char buf[32];
    assert_string_equal(export_fmt_double(0.0, buf), "0");
    assert_string_equal(export_fmt_double(-0.0, buf), "-0");
    assert_as_printf_both(0.0);
    assert_string_equal(export_fmt_double(INFINITY, buf), "");
    assert_string_equal(export_fmt_double(-INFINITY, buf), "");
    assert_string_equal(export_fmt_double(-NAN, buf), "");
}

static void test_fmt_double(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(export_fmt_double(0.1, buf), "0.1");
    assert_string_equal(export_fmt_double(75.6, buf), "75.6");
    assert_string_equal(export_fmt_double(86.5, buf), "86.5");
    assert_string_equal(export_fmt_double(0, buf), "0");
    assert_string_equal(export_fmt_double(-3, buf), "-3");
    assert_string_equal(export_fmt_double(2027, buf), "2027");
    assert_string_equal(export_fmt_double(NAN, buf), "");
    assert_round_trips(0.1);
    assert_round_trips(75.6);
    assert_round_trips(1.0 / 3.0);
    assert_round_trips(2.0 / 3.0);
    assert_round_trips(1e-300);
    assert_round_trips(-1e-300);
    assert_round_trips(11.71);
    assert_round_trips(0.1 + 0.2); /* needs 17 digits */
    assert_round_trips(1.7976931348623157e308);
    assert_round_trips(-2.2250738585072014e-308);
    assert_round_trips(4.9406564584124654e-324);
    /* 1/3 needs more than the 15 digits that suffice for 0.1 */
    assert_true(strlen(export_fmt_double(1.0 / 3.0, buf)) > 16);
    /* a NAN result still clears a buffer that held something */
    strcpy(buf, "junk");
    assert_string_equal(export_fmt_double(NAN, buf), "");
}

/* ---- pipeline fixture --------------------------------------------------- */

typedef struct fixture {
    plan plan;
    ingest_set in;
    series_table series;
    analyze_result res;
    tb_errlist errs;
    report_input ri;
    tb_buf out;
} fixture;

static void dump(const fixture *f, const tb_error *err)
{
    for (size_t i = 0; i < f->errs.n; i++)
        fprintf(stderr, "%s:%ld:%ld: %s\n", f->errs.items[i].file, f->errs.items[i].line,
                f->errs.items[i].col, f->errs.items[i].msg);
    if (err && err->code) fprintf(stderr, "%s:%ld: %s\n", err->file, err->line, err->msg);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f) return -1;
    *state = f;
    ingest_set_init(&f->in);
    tb_errlist_init(&f->errs, 50);
    tb_buf_init(&f->out);
    tb_error err;
    tb_error_clear(&err);
    int rc = plan_load(&f->plan, "config/tablero.ini", &err);
    if (rc) {
        dump(f, &err);
        return -1;
    }
    const plan *p = &f->plan;
    /* As main.c's read_inputs builds them. */
    ingest_opts io = {.encoding = p->encoding, .delimiter = p->delimiter,
                      .max_bytes = p->max_input_bytes, .default_entity = p->city,
                      .value_min = p->rules.value_min, .value_max = p->rules.value_max,
                      .year_min = p->rules.year_min, .year_max = p->rules.year_max};
    rc = ingest_path(&f->in, "input/autodiagnosticos.csv", &io, &f->errs, &err);
    if (!rc) rc = series_build(&f->series, p, &f->in, &f->errs);
    analyze_gsl_init();
    if (!rc) rc = analyze_run(&f->res, p, &f->series, 2026, &err);
    if (rc) {
        dump(f, &err);
        return -1;
    }
    f->ri = (report_input){.plan = p, .in = &f->in, .series = &f->series, .res = &f->res,
                           .entity = 0, .period_year = 2026, .period_month = 3,
                           .generated_epoch = 1767225600, .version = "test"};
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    tb_buf_fini(&f->out);
    analyze_result_fini(&f->res);
    series_table_fini(&f->series);
    ingest_set_fini(&f->in);
    tb_errlist_fini(&f->errs);
    plan_fini(&f->plan);
    free(f);
    return 0;
}

/* ---- a small RFC 4180 reader for checking the CSV ----------------------- */

#define MAX_FIELDS 64

typedef struct csv_row {
    char *field[MAX_FIELDS];
    size_t n;
} csv_row;

static void row_fini(csv_row *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->field[i]);
    r->n = 0;
}

/* Parses one record starting at *p (comma separated, '"' quoting with ""
 * escapes, ends at '\n'); advances *p past it. Returns 0, or -1 when the
 * quoting is malformed. */
static int read_row(const char **p, csv_row *r)
{
    r->n = 0;
    const char *s = *p;
    for (;;) {
        tb_buf b;
        tb_buf_init(&b);
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '\0') {
                    tb_buf_fini(&b);
                    return -1;
                }
                if (*s == '"' && s[1] == '"') {
                    tb_buf_append(&b, "\"", 1);
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    tb_buf_append(&b, s++, 1);
                }
            }
            if (*s != ',' && *s != '\n' && *s != '\0') {
                tb_buf_fini(&b);
                return -1;
            }
        } else {
            while (*s && *s != ',' && *s != '\n') {
                if (*s == '"') {
                    tb_buf_fini(&b);
                    return -1;
                }
                tb_buf_append(&b, s++, 1);
            }
        }
        tb_buf_append(&b, "", 0); /* data non-NULL even when empty */
        assert_false(b.failed);
        assert_true(r->n < MAX_FIELDS);
        r->field[r->n++] = b.data;
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\n') s++;
        *p = s;
        return 0;
    }
}

static double parse_num(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (*s == '\0' || *end != '\0') fail_msg("not a number: \"%s\"", s);
    return v;
}

static size_t column(const char *name)
{
    for (size_t c = 0; export_csv_columns[c]; c++)
        if (!strcmp(export_csv_columns[c], name)) return c;
    fail_msg("no column %s", name);
    return 0;
}

static void test_metrics_csv(void **state)
{
    fixture *f = *state;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(export_metrics_csv(&f->ri, &f->out, &err), 0);
    assert_false(f->out.failed);
    const char *text = f->out.data;
    assert_non_null(text);
    assert_int_equal(strlen(text), f->out.len);

    /* 17 lines, each ended by '\n': header + 16 indicators. */
    size_t nl = 0;
    for (const char *c = text; *c; c++) nl += *c == '\n';
    assert_int_equal(nl, 17);
    assert_true(f->out.len > 0 && text[f->out.len - 1] == '\n');
    assert_null(strchr(text, '\r'));

    /* Header = the column list joined by commas. */
    size_t ncols = 0;
    tb_buf want;
    tb_buf_init(&want);
    for (; export_csv_columns[ncols]; ncols++)
        tb_buf_printf(&want, "%s%s", ncols ? "," : "", export_csv_columns[ncols]);
    tb_buf_puts(&want, "\n");
    /* 40 columns, plus 7 for the status model (years, level_met, pace,
     * p_met, progress_ratio, judged_year, judged_value), appended. */
    assert_int_equal(ncols, 47);
    /* The foundation's columns keep their places; new ones are appended. */
    assert_string_equal(export_csv_columns[39], "last_month");
    assert_string_equal(export_csv_columns[40], "years");
    assert_string_equal(export_csv_columns[42], "pace");
    assert_string_equal(export_csv_columns[43], "p_met");
    assert_string_equal(export_csv_columns[35], "status");
    assert_string_equal(export_csv_columns[36], "importance");
    assert_string_equal(export_csv_columns[37], "urgency");
    assert_string_equal(export_csv_columns[38], "quadrant");
    assert_true(strncmp(text, want.data, want.len) == 0);
    tb_buf_fini(&want);

    const char *p = text;
    csv_row r;
    assert_int_equal(read_row(&p, &r), 0);
    assert_int_equal(r.n, ncols);
    row_fini(&r);

    const size_t c_mun = column("municipio"), c_area = column("area"),
                 c_pol = column("politica"), c_n = column("n"), c_latest = column("latest"),
                 c_slope = column("slope"), c_first = column("first_year"),
                 c_last = column("last_year"), c_status = column("status");
    size_t rows = 0, seen_prof = 0, seen_mov = 0, seen_empty = 0;
    while (*p) {
        assert_int_equal(read_row(&p, &r), 0);
        rows++;
        /* every record has exactly one field per column: quoting is right */
        assert_int_equal(r.n, ncols);
        assert_string_equal(r.field[c_mun], "Jes\xC3\xBAs Mar\xC3\xAD" "a");
        assert_true(strlen(r.field[c_status]) > 0);
        if (!strcmp(r.field[c_area], PROF)) {
            seen_prof++;
            assert_string_equal(r.field[c_n], "4");
            assert_string_equal(r.field[c_first], "2020");
            assert_string_equal(r.field[c_last], "2023");
            assert_string_equal(r.field[c_latest], "86.5");
            /* four distinct years: a pace verdict, P at the target year;
             * the level is met but the 2023 value is stale in 2026-11 */
            assert_string_equal(r.field[column("years")], "4");
            assert_string_equal(r.field[column("level_met")], "1");
            assert_true(parse_num(r.field[column("p_met")]) >= 0.8);
            assert_string_equal(r.field[c_status], "a_confirmar");
            assert_true(parse_num(r.field[c_latest]) == 86.5);
            assert_true(fabs(parse_num(r.field[c_slope]) - 11.71) < 1e-9);
            /* the slope is printed with full precision: it reads back as
             * the exact double the analysis computed */
            size_t i = plan_find_indicator(&f->plan, PROF);
            assert_true(i != PLAN_NONE);
            assert_true(parse_num(r.field[c_slope]) == analyze_at(&f->res, 0, i)->fit.c1);
        }
        if (!strcmp(r.field[c_area], "Movilidad Urbana")) {
            seen_mov++;
            assert_string_equal(r.field[c_pol], MOV_POLICY);
            assert_string_equal(r.field[c_n], "1");
            assert_true(parse_num(r.field[c_latest]) == 53);
            assert_string_equal(r.field[c_slope], ""); /* one point: no fit */
        }
        if (!strcmp(r.field[c_n], "0")) {
            seen_empty++;
            assert_string_equal(r.field[c_latest], "");
            assert_string_equal(r.field[c_first], "");
            assert_string_equal(r.field[c_last], "");
        }
        row_fini(&r);
    }
    assert_int_equal(rows, 16);
    assert_int_equal(seen_prof, 1);
    assert_int_equal(seen_mov, 1);
    assert_true(seen_empty >= 1);
    /* the field with commas is quoted in the raw text */
    assert_non_null(strstr(text, ",\"" MOV_POLICY "\","));
}

static const cJSON *item(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!v) fail_msg("no key %s", k);
    return v;
}

static void test_metrics_json(void **state)
{
    fixture *f = *state;
    tb_error err;
    tb_error_clear(&err);
    assert_int_equal(export_metrics_json(&f->ri, &f->out, &err), 0);
    assert_false(f->out.failed);
    assert_true(f->out.len > 0 && f->out.data[f->out.len - 1] == '\n');

    cJSON *doc = cJSON_Parse(f->out.data);
    assert_non_null(doc);
    assert_string_equal(item(doc, "period")->valuestring, "2026-03");
    assert_string_equal(item(doc, "tablero_version")->valuestring, "test");
    assert_string_equal(item(doc, "city")->valuestring, "Jes\xC3\xBAs Mar\xC3\xAD" "a");

    const cJSON *pl = item(doc, "plan");
    assert_true(cJSON_IsNumber(item(pl, "ejes")));
    assert_int_equal(item(pl, "ejes")->valueint, 5);
    assert_int_equal(item(pl, "subobjetivos")->valueint, 15);
    assert_int_equal(item(pl, "indicadores")->valueint, 16);

    const cJSON *rows = item(doc, "indicators");
    assert_true(cJSON_IsArray(rows));
    assert_int_equal(cJSON_GetArraySize(rows), 16);

    size_t empty = 0, prof = 0;
    const cJSON *row;
    cJSON_ArrayForEach(row, rows) {
        const cJSON *n = item(row, "n");
        assert_true(cJSON_IsNumber(n));
        if (n->valuedouble == 0) {
            empty++;
            assert_true(cJSON_IsNull(item(row, "latest")));
            assert_true(cJSON_IsNull(item(row, "first_year")));
            assert_true(cJSON_IsNull(item(row, "slope")));
        } else {
            assert_true(cJSON_IsNumber(item(row, "latest")));
        }
        if (!strcmp(item(row, "area")->valuestring, PROF)) {
            prof++;
            assert_int_equal(n->valueint, 4);
            assert_true(item(row, "latest")->valuedouble == 86.5);
            assert_true(fabs(item(row, "slope")->valuedouble - 11.71) < 1e-9);
            assert_int_equal(item(row, "last_year")->valueint, 2023);
            assert_true(cJSON_IsString(item(row, "status")));
        }
    }
    assert_true(empty >= 1);
    assert_int_equal(prof, 1);

    const cJSON *axes = item(doc, "axes");
    assert_int_equal(cJSON_GetArraySize(axes), 5);
    assert_int_equal(cJSON_GetArraySize(item(doc, "overall")), 1);
    cJSON_Delete(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fmt_double),
        cmocka_unit_test(test_fmt_double_as_printf),
        cmocka_unit_test(test_fmt_double_exact_as_printf),
        cmocka_unit_test(test_fmt_double_bulk),
        cmocka_unit_test_setup_teardown(test_metrics_csv, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metrics_json, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
