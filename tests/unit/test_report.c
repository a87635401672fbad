/* test_report.c - the PDF report renders from an in-memory plan and
 * analysis: a complete PDF document, byte-identical on every render, also
 * for a municipality without data and for a plan with empty sections. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analyze.h"
#include "msg.h"
#include "report.h"
#include "report_draw.h"
#include "report_views.h"

#define NIND 4

/* Everything the report reads, in one caller-owned block. */
typedef struct fixture {
    plan p;
    plan_value values[1];
    plan_subobjective subs[2];
    plan_objective objs[1];
    plan_axis axes[2];
    plan_policy pols[2];
    plan_indicator inds[NIND];
    plan_file files[1];
    char *programs[2];
    plan_secretariat secs[1];
    series_point pts[NIND][4];
    series s[2 * NIND];
    char *entities[2];
    series_table t;
    ingest_source src[1];
    ingest_set in;
    analyze_result res;
    report_input ri;
} fixture;

static const char *const NAMES[NIND] = {
    "Profesionalización de los equipos de gestión", "Atención ciudadana",
    "Movilidad urbana", "Gestión integral de residuos"};
static const double VALUES[NIND][4] = {
    {50, 68, 75.6, 86.5}, {34, 63, 69, 85}, {41, 44, 0, 0}, {0, 0, 0, 0}};
static const size_t NPTS[NIND] = {4, 4, 2, 0};

static void fixture_build(fixture *f)
{
    memset(f, 0, sizeof *f);
    plan *p = &f->p;
    p->city = "Jesús María";
    p->province = "Córdoba";
    p->country = "Argentina";
    p->title = "Informe mensual de gestión";
    p->author = "Secretaría de Planificación";
    p->term_label = "Gestión 2023-2027";
    p->mission = "Gestionar el desarrollo integral y sostenible de la ciudad.";
    p->vision = "Ser una ciudad líder en calidad de vida.";
    f->values[0] = (plan_value){"Transparencia", "Actuar con apertura."};
    p->values = f->values;
    p->nvalues = 1;
    f->subs[0] = (plan_subobjective){"1.1", "Uno"};
    f->subs[1] = (plan_subobjective){"1.2", "Dos"};
    f->objs[0] = (plan_objective){"1", "Gobernanza", f->subs, 2};
    p->objectives = f->objs;
    p->nobjectives = 1;
    f->axes[0] = (plan_axis){"GOB", "Gobernanza", "Gestión pública abierta."};
    f->axes[1] = (plan_axis){"AMB", "Ambiente", "Ciudad sostenible."};
    p->axes = f->axes;
    p->naxes = 2;
    f->pols[0] = (plan_policy){"GOB-01", "Modelo sostenible de gestión", 0};
    f->pols[1] = (plan_policy){"AMB-01", "Residuos sólidos urbanos", 1};
    p->policies = f->pols;
    p->npolicies = 2;
    f->programs[0] = "Programa A";
    f->programs[1] = "Programa B";
    f->secs[0] = (plan_secretariat){"S1", "Gobierno", f->programs, 2};
    p->secretariats = f->secs;
    p->nsecretariats = 1;
    for (size_t i = 0; i < NIND; i++) {
        plan_indicator *ind = &f->inds[i];
        ind->name = (char *)NAMES[i];
        ind->axis = i < 3 ? 0 : 1;
        ind->policy = ind->objective = ind->subobjective = PLAN_NONE;
        ind->dimension = ind->secretariat = PLAN_NONE;
        ind->target = 80.0;
        ind->target_year = 2027;
        ind->target_is_default = i % 2 == 0;
        ind->higher_is_better = 1;
        ind->weight = 1.0;
    }
    p->indicators = f->inds;
    p->nindicators = NIND;
    p->default_target = 80.0;
    p->default_target_year = 2027;
    p->rules = (plan_rules){.min_points_interval = 3, .max_interval_width = 50,
                            .stale_years = 2, .reach_horizon_years = 25,
                            .confidence = 0.95, .value_min = 0,
                            .value_max = 100, .year_min = 1990,
                            .year_max = 2100};
    f->files[0] = (plan_file){"config/tablero.ini", 40};
    p->files = f->files;
    p->nfiles = 1;

    /* Entity 0 has data; entity 1 has none at all. */
    for (size_t i = 0; i < NIND; i++) {
        for (size_t k = 0; k < NPTS[i]; k++)
            f->pts[i][k] = (series_point){.year = 2020 + (int)k, .value = VALUES[i][k], .month = 0};
        f->s[i] = (series){NPTS[i] ? f->pts[i] : NULL, NPTS[i]};
        f->s[NIND + i] = (series){NULL, 0};
    }
    f->entities[0] = "Jesús María";
    f->entities[1] = "Colonia Caroya";
    f->t = (series_table){f->entities, 2, NIND, f->s, NULL};
    f->src[0] = (ingest_source){.path = "input/autodiagnosticos.csv", .shape = INGEST_WIDE,
                                .bytes = 100, .rows = 4, .nobs = 10, .nmissing = 6,
                                .delimiter = ';'};
    f->in.sources = f->src;
    f->in.nsources = 1;

    tb_error err;
    tb_error_clear(&err);
    analyze_gsl_init();
    assert_int_equal(analyze_run(&f->res, p, &f->t, 2026, &err), 0);
    f->ri = (report_input){.plan = p, .in = &f->in, .series = &f->t, .res = &f->res,
                           .entity = 0, .period_year = 2026, .period_month = 11,
                           .generated_epoch = 1795651200LL, .version = "test"};
}

static int setup(void **state)
{
    fixture *f = test_malloc(sizeof *f);
    fixture_build(f);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    analyze_result_fini(&f->res);
    test_free(f);
    return 0;
}

static void render_ok(const report_input *ri, tb_buf *out)
{
    tb_error err;
    tb_error_clear(&err);
    tb_buf_init(out);
    int rc = report_render_pdf(ri, out, &err);
    if (rc) fail_msg("report_render_pdf: %d %s", rc, err.msg);
    assert_int_equal(out->failed, 0);
}

static void assert_is_pdf(const tb_buf *b)
{
    assert_true(b->len > 1000);
    assert_memory_equal(b->data, "%PDF-", 5);
    size_t end = b->len;
    while (end > 0 && (b->data[end - 1] == '\n' || b->data[end - 1] == '\r'))
        end--;
    assert_true(end >= 5);
    assert_memory_equal(b->data + end - 5, "%%EOF", 5);
}

static int contains(const tb_buf *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0) return 1;
    return 0;
}

/* The trailer's "/ID [<...> <...>]" (80 bytes from its start), or NULL. */
static const char *id_of(const tb_buf *b)
{
    for (size_t i = 0; i + 85 <= b->len; i++)
        if (memcmp(b->data + i, "/ID [", 5) == 0) return b->data + i + 5;
    return NULL;
}

static void test_renders_a_pdf(void **state)
{
    fixture *f = *state;
    tb_buf out;
    render_ok(&f->ri, &out);
    assert_is_pdf(&out);
    /* Producer is set by us (so bytes do not depend on libharu's version),
     * and the creation date comes from generated_epoch. */
    assert_true(contains(&out, "tablero test"));
    assert_true(contains(&out, "D:20261126000000Z"));
    /* A trailer /ID (PDF/A), derived from the content, not the clock:
     * test_is_deterministic checks the bytes repeat; here a change of
     * content changes it. */
    const char *id = id_of(&out);
    assert_non_null(id);
    char first[80];
    memcpy(first, id, sizeof first);
    f->p.author = "Otra secretaría";
    tb_buf other;
    render_ok(&f->ri, &other);
    const char *id2 = id_of(&other);
    assert_non_null(id2);
    assert_true(memcmp(first, id2, sizeof first) != 0);
    tb_buf_fini(&other);
    tb_buf_fini(&out);
}

static void test_is_deterministic(void **state)
{
    fixture *f = *state;
    tb_buf a, b;
    render_ok(&f->ri, &a);
    render_ok(&f->ri, &b);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    tb_buf_fini(&a);
    tb_buf_fini(&b);
}

static void test_entity_without_data(void **state)
{
    fixture *f = *state;
    tb_buf out;
    f->ri.entity = 1;
    render_ok(&f->ri, &out);
    assert_is_pdf(&out);
    tb_buf_fini(&out);
}

static void test_empty_sections(void **state)
{
    fixture *f = *state;
    tb_buf out;
    /* No values, policies, sources or config files, no mission: every
     * section must still render (with its "none" sentence). */
    f->p.nvalues = 0;
    f->p.npolicies = 0;
    f->p.nfiles = 0;
    f->p.mission = NULL;
    f->in.nsources = 0;
    f->ri.version = NULL;
    render_ok(&f->ri, &out);
    assert_is_pdf(&out);
    tb_buf_fini(&out);
}

static void test_appends_to_buffer(void **state)
{
    fixture *f = *state;
    tb_buf out;
    tb_error err;
    tb_buf_init(&out);
    tb_buf_puts(&out, "X");
    assert_int_equal(report_render_pdf(&f->ri, &out, &err), 0);
    assert_memory_equal(out.data, "X%PDF-", 6);
    tb_buf_fini(&out);
}

static void test_libharu_error_is_reported(void **state)
{
    fixture *f = *state;
    static char author[70001];
    tb_buf out;
    tb_error err;
    /* libharu refuses strings over 65535 bytes: the info dictionary's are
     * UTF-16 binary strings (pdf_meta.c), so HPDF_BINARY_LENGTH_ERR,
     * 0x1004. The failure must longjmp, free the document and report. */
    memset(author, 'a', sizeof author - 1);
    f->p.author = author;
    tb_error_clear(&err);
    tb_buf_init(&out);
    assert_int_equal(report_render_pdf(&f->ri, &out, &err), TB_EX_SOFTWARE);
    assert_int_equal(err.code, TB_EX_SOFTWARE);
    assert_non_null(strstr(err.msg, "0x1004"));
    assert_int_equal(out.len, 0);
    tb_buf_fini(&out);
}

/* The strategic, operational and citizen reports render for an entity
 * with data and one without, byte-identical on a second render. */
static void test_views_render(void **state)
{
    fixture *f = *state;
    tb_error err;
    f->inds[0].secretariat = 0;
    f->inds[1].secretariat = 0;
    for (size_t e = 0; e < 2; e++) {
        f->ri.entity = e;
        for (int kind = 0; kind < 3; kind++) {
            tb_buf a, b;
            tb_buf_init(&a);
            tb_buf_init(&b);
            tb_error_clear(&err);
            int rc1 = kind == 0 ? report_render_strategic(&f->ri, &a, &err)
                      : kind == 1 ? report_render_operational(&f->ri, 0, &a, &err)
                                  : report_render_citizen(&f->ri, &a, &err);
            if (rc1) fail_msg("kind %d entity %zu: %d %s", kind, e, rc1, err.msg);
            int rc2 = kind == 0 ? report_render_strategic(&f->ri, &b, &err)
                      : kind == 1 ? report_render_operational(&f->ri, 0, &b, &err)
                                  : report_render_citizen(&f->ri, &b, &err);
            assert_int_equal(rc2, 0);
            assert_is_pdf(&a);
            assert_int_equal(a.len, b.len);
            assert_memory_equal(a.data, b.data, a.len);
            tb_buf_fini(&a);
            tb_buf_fini(&b);
        }
    }
}

static void test_slug_and_scope(void **state)
{
    fixture *f = *state;
    char slug[64];
    assert_int_equal(tb_slug("Promoción Humana", "x", slug, sizeof slug), 0);
    assert_string_equal(slug, "promocion-humana");
    assert_int_equal(tb_slug("Desarrollo Urbano, Ambiente y Servicios Públicos", "x", slug, sizeof slug), 0);
    assert_string_equal(slug, "desarrollo-urbano-ambiente-y-servicios-publicos");
    assert_int_equal(tb_slug("¡¿?!", "fallback", slug, sizeof slug), 0);
    assert_string_equal(slug, "fallback");
    /* Not UTF-8: the fallback, and no error (only running out of memory is). */
    assert_int_equal(tb_slug("Promoci\xf3n", "fallback", slug, sizeof slug), 0);
    assert_string_equal(slug, "fallback");
    assert_false(report_secretariat_has_indicators(&f->p, 0));
    f->inds[2].secretariat = 0;
    assert_true(report_secretariat_has_indicators(&f->p, 0));
}

/* rd_fmt_num as it was: snprintf of MSG_R_NUM_FMT, '.' turned into the
 * decimal separator. The oracle of the printf-free path. */
static void fmt_num_oracle(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "%s", MSG_R_NA);
        return;
    }
    if (fabs(v) < 0.05) v = 0.0;
    snprintf(buf, n, MSG_R_NUM_FMT, v);
    for (char *p = buf; *p; p++)
        if (*p == '.') *p = MSG_R_DECIMAL_SEP;
}

static void check_fmt_num(double v)
{
    char got[48], want[48];
    rd_fmt_num(got, sizeof got, v);
    fmt_num_oracle(want, sizeof want, v);
    if (strcmp(got, want) != 0)
        fail_msg("rd_fmt_num(%.17g) = \"%s\", printf gives \"%s\"", v, got,
                 want);
}

/* xorshift64*: a fixed sequence, so a failure repeats. */
static uint64_t next_rand(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ULL;
}

/* rd_fmt_num matches printf's "%.1f" (glibc: the exact binary value
 * rounded half to even) on ties (odd quarters), tenths and their
 * neighbours, the zero cut-off, the fast path's 1e13 limit, random bit
 * patterns and random values of every magnitude a report shows; a
 * short buffer truncates as snprintf does. */
static void test_fmt_num_matches_printf(void **state)
{
    (void)state;
    static const double fixed[] = {0.0, -0.0, 0.05, -0.05, 0.049999, 0.25,
                                   -0.25, 0.35, 0.45, 0.95, -0.95, 9.95,
                                   99.95, 1e13, -1e13, 9999999999999.95,
                                   1e15, 123456789.25, NAN, INFINITY};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        check_fmt_num(fixed[i]);
    for (long k = -40000; k <= 40000; k++) {
        double q = (double)(2 * k + 1) / 4.0;   /* exact ties */
        check_fmt_num(q);
        double t = (double)k / 10.0, h = (double)k / 20.0;
        check_fmt_num(t);
        check_fmt_num(nextafter(t, INFINITY));
        check_fmt_num(nextafter(t, -INFINITY));
        check_fmt_num(h);
        check_fmt_num(nextafter(h, INFINITY));
        check_fmt_num(nextafter(h, -INFINITY));
    }
    uint64_t x = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < 400000; i++) {
        uint64_t bits = next_rand(&x);
        double v;
        memcpy(&v, &bits, sizeof v);
        check_fmt_num(v);
        /* uniform in magnitude from 1e-3 to 1e14 */
        double e = (double)(next_rand(&x) >> 11) / 9007199254740992.0;
        double m = pow(10.0, -3.0 + 17.0 * e);
        check_fmt_num((next_rand(&x) & 1) ? m : -m);
        check_fmt_num(floor(m * 100.0) / 100.0 + 0.05);
    }
    char small[4];
    rd_fmt_num(small, sizeof small, 1234.5);
    assert_string_equal(small, "123");
}

/* The width wrap_fit compares a prefix by (report_draw.c's units_width). */
static float prefix_width(long long units, float size)
{
    float ms = size < RD_MIN_TEXT ? RD_MIN_TEXT : size;
    return (float)(HPDF_UINT)units * ms / 1000.0f;
}

static void check_limit(float size, float width)
{
    long long l = rd_units_limit(size, width);
    if (l == RD_NO_LIMIT) {
        assert_true(!isfinite(size) || !isfinite(width) ||
                    prefix_width(2147483647LL, size) <= width);
        return;
    }
    if (l == -1) {
        assert_true(prefix_width(0, size) > width);
        return;
    }
    assert_true(l >= 0);
    if (!(prefix_width(l, size) <= width) || !(prefix_width(l + 1, size) > width))
        fail_msg("size %.9g width %.9g: limit %lld", (double)size,
                 (double)width, l);
}

/* rd_units_limit is the exact boundary of the float comparison the
 * wrapping made per byte: the limit fits, one unit more does not. Sizes
 * below and above the minimum, widths at, next to and between the
 * widths of whole sums, negative, zero, huge and non-finite. */
static void test_units_limit_is_the_boundary(void **state)
{
    (void)state;
    static const float sizes[] = {0.5f, 5.0f, 6.5f, 7.0f, 7.5f, 8.0f, 8.5f, 9.0f,
                                  9.5f, 10.0f, 11.0f, 12.0f, 13.5f, 16.0f, 20.0f,
                                  24.0f, 1e-3f, 1e6f};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        float sz = sizes[i];
        for (long long k = 0; k < 200000; k += 7) {
            float w = prefix_width(k, sz);
            check_limit(sz, w);
            check_limit(sz, nextafterf(w, INFINITY));
            check_limit(sz, nextafterf(w, -INFINITY));
        }
        check_limit(sz, -1.0f);
        check_limit(sz, 0.0f);
        check_limit(sz, 1e12f);
        check_limit(sz, INFINITY);
        check_limit(sz, NAN);
    }
    uint64_t x = 0x2545F4914F6CDD1DULL;
    for (int i = 0; i < 300000; i++) {
        float sz = 4.0f + 30.0f * (float)(next_rand(&x) >> 40) / 16777216.0f;
        float w = 800.0f * (float)(next_rand(&x) >> 40) / 16777216.0f;
        check_limit(sz, w);
    }
    check_limit(NAN, 100.0f);
    check_limit(INFINITY, 100.0f);
    check_limit(-3.0f, 100.0f);
    assert_int_equal(rd_units_limit(10.0f, 100.0f), 10000);
    assert_int_equal(rd_units_limit(10.0f, -0.5f), -1);
}

/* The percent, signed and point formats as they were, through snprintf:
 * oracles of the printf-free versions. */
/* What every one of them printed for NaN and the infinities: the number
 * format's own word. Returns 1 when v was one of those. */
static int old_nonfinite(char *buf, size_t n, double v)
{
    if (isfinite(v)) return 0;
    fmt_num_oracle(buf, n, v);
    return 1;
}

static void old_pct(char *buf, size_t n, double v)
{
    char num[48];
    if (old_nonfinite(buf, n, v)) return;
    fmt_num_oracle(num, sizeof num, v);
    snprintf(buf, n, MSG_R_PCT_FMT, num);
}

static void old_pct_short(char *buf, size_t n, double v)
{
    char num[48];
    if (old_nonfinite(buf, n, v)) return;
    if (fabs(v - floor(v + 0.5)) < 0.05)
        snprintf(num, sizeof num, MSG_R_INT_FMT, (long)floor(v + 0.5));
    else
        fmt_num_oracle(num, sizeof num, v);
    snprintf(buf, n, MSG_R_PCT_FMT, num);
}

static void old_signed(char *buf, size_t n, double v)
{
    char num[48];
    if (old_nonfinite(buf, n, v)) return;
    fmt_num_oracle(num, sizeof num, v);
    snprintf(buf, n, MSG_R_SIGNED_FMT,
             (num[0] != '-' && strcmp(num, MSG_R_ZERO) != 0) ? MSG_R_PLUS : "", num);
}

static void old_pp(char *buf, size_t n, double v)
{
    char num[64];
    if (old_nonfinite(buf, n, v)) return;
    old_signed(num, sizeof num, v);
    snprintf(buf, n, MSG_R_PP_FMT, num);
}

static void check_formats(double v, size_t size)
{
    static const struct {
        const char *(*fmt)(char *, size_t, double);
        void (*old)(char *, size_t, double);
    } pairs[] = {{rd_fmt_pct, old_pct}, {rd_fmt_pct_short, old_pct_short},
                 {rd_fmt_signed, old_signed}, {rd_fmt_pp, old_pp}};
    /* opaque to the compiler, which would otherwise warn of the very
     * truncation the loop checks */
    volatile size_t vn = size;
    size_t n = vn;
    char got[64], want[64];
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        memset(got, 'x', sizeof got);
        memset(want, 'x', sizeof want);
        pairs[i].fmt(got, n, v);
        pairs[i].old(want, n, v);
        assert_memory_equal(got, want, sizeof got);
    }
}

/* rd_fmt_pct, rd_fmt_pct_short, rd_fmt_signed and rd_fmt_pp write what
 * snprintf with their MSG_R_*_FMT wrote, for whole, near-whole, tenths,
 * ties, zero, negative, huge and non-finite values, and truncate as it
 * did in every buffer from 1 to 48 bytes (nothing written past). */
static void test_formats_match_printf(void **state)
{
    (void)state;
    static const double fixed[] = {0.0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.25, 1.0, -1.0,
                                   99.96, 100.0, 12.5, -12.34, 1e9, -1e9, 3e9, 1e16,
                                   -1e16, NAN, INFINITY, -INFINITY};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        for (size_t n = 1; n <= 48; n++) check_formats(fixed[i], n);
    for (long k = -30000; k <= 30000; k++) {
        check_formats((double)k / 20.0, 48);
        check_formats((double)k / 10.0 + 0.049, 48);
        check_formats(nextafter((double)k / 4.0, 0.0), 48);
    }
    uint64_t x = 0x51ED2701A3C5F00DULL;
    for (int i = 0; i < 100000; i++) {
        double e = (double)(next_rand(&x) >> 11) / 9007199254740992.0;
        double m = pow(10.0, -3.0 + 14.0 * e);
        double v = (next_rand(&x) & 1) ? m : -m;
        check_formats(v, 1 + (size_t)(next_rand(&x) % 48));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_renders_a_pdf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_is_deterministic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_entity_without_data, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_empty_sections, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appends_to_buffer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_libharu_error_is_reported, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_views_render, setup, teardown),
        cmocka_unit_test_setup_teardown(test_slug_and_scope, setup, teardown),
        cmocka_unit_test(test_fmt_num_matches_printf),
        cmocka_unit_test(test_units_limit_is_the_boundary),
        cmocka_unit_test(test_formats_match_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
