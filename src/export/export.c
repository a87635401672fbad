/* export.c - metrics for analysts and open data: CSV with a point decimal
 * and round-trip precision, and JSON written as it is built (jsonw.h). Empty cells (CSV)
 * and null (JSON) mean "not defined". */
#include "export.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "jsonw.h"
#include "labels.h"
#include "missing.h"
#include "msg.h"
#include "own.h"
#include "network.h"

const char *const export_csv_columns[] = {
    "municipio", "area", "eje", "politica", "secretaria", "objetivo", "dimension",
    "n", "first_year", "last_year", "latest", "previous", "yoy_change",
    "slope", "slope_se", "intercept", "intercept_se", "year_mean", "r2",
    "target", "target_year", "target_is_default", "direction", "weight", "gap",
    "projection_year", "projection", "pi_low", "pi_high",
    "projection_raw", "pi_low_raw", "pi_high_raw", "clamped",
    "reach_year", "stale", "status", "importance", "urgency", "quadrant", "last_month",
    "years", "level_met", "pace", "p_met", "progress_ratio", "judged_year", "judged_value", NULL};

/* Exact decimal digits without printf and strtod (glibc's do them in
 * multiple precision: a quarter of a metrics-only run's instructions).
 * For 1e-5 <= |x| < 1e15, x = m / 2^s with 2^52 <= m < 2^53 and
 * 3 <= s <= 69, and x * 10^k for the k that leaves N <= 17 digits before
 * the point is m * 10^k / 2^s with k <= 22 and m * 10^k < 2^127: one
 * 128-bit integer holds it, so the N-digit decimal D nearest to x (ties to
 * even, as printf rounds) and whether D reads back to x (|D - x| under
 * half the gap to x's neighbours, or exactly half with m even, as strtod
 * rounds) are exact integer arithmetic. */
__extension__ typedef unsigned __int128 fmt_u128;

#define FMT_E19 UINT64_C(10000000000000000000)
static const fmt_u128 fmt_pow10[25] = {
    UINT64_C(1), UINT64_C(10), UINT64_C(100), UINT64_C(1000), UINT64_C(10000),
    UINT64_C(100000), UINT64_C(1000000), UINT64_C(10000000), UINT64_C(100000000),
    UINT64_C(1000000000), UINT64_C(10000000000), UINT64_C(100000000000),
    UINT64_C(1000000000000), UINT64_C(10000000000000), UINT64_C(100000000000000),
    UINT64_C(1000000000000000), UINT64_C(10000000000000000),
    UINT64_C(100000000000000000), UINT64_C(1000000000000000000), FMT_E19,
    (fmt_u128)FMT_E19 * 10, (fmt_u128)FMT_E19 * 100, (fmt_u128)FMT_E19 * 1000,
    (fmt_u128)FMT_E19 * 10000, (fmt_u128)FMT_E19 * 100000};

/* The n digits of x = m / 2^s rounded to n significant digits and their
 * decimal exponent *p (x ~ D * 10^(*p - n + 1)); *e is floor(log10 x)
 * on return, and any nearby estimate of it on entry. 1 when D reads back
 * to x. */
static int exact_digits(uint64_t m, int s, int n, int *e, int *p, uint64_t *digits)
{
    fmt_u128 lo = fmt_pow10[n - 1], hi = fmt_pow10[n];
    for (;;) {
        int k = n - 1 - *e;   /* 10^(n-1) <= x * 10^k < 10^n */
        fmt_u128 num = (fmt_u128)m * fmt_pow10[k];
        if (num < lo << s) {
            --*e;
        } else if (num >= hi << s) {
            ++*e;
        } else {
            fmt_u128 mask = ((fmt_u128)1 << s) - 1, half = (fmt_u128)1 << (s - 1);
            fmt_u128 d = num >> s, rem = num & mask;
            if (rem > half || (rem == half && (d & 1))) d++;
            /* read back: 2 |d * 2^s - num| against the gap to the
             * neighbour on that side, 10^k (10^k / 2 below a power of
             * two); a tie reads back when m is even */
            fmt_u128 y = d << s, tenk = fmt_pow10[k];
            int below = y < num;
            fmt_u128 twice = 2 * (below ? num - y : y - num);
            if (below && m == (UINT64_C(1) << 52)) twice *= 2;
            int reads_back = twice < tenk || (twice == tenk && !(m & 1));
            *p = *e;
            if (d == hi) {   /* rounded up to 10^n: one more digit of exponent */
                d = lo;
                ++*p;
            }
            *digits = (uint64_t)d;
            return reads_back;
        }
    }
}

static const char fmt_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* %.{n}g's text for the digits of exact_digits: fixed notation for
 * -4 <= p < n, else d.ddde-XX; trailing zeros and a bare point dropped. */
static void write_g(int neg, uint64_t digits, int n, int p, char buf[32])
{
    char dg[20];
    /* two digits at a time, in 32-bit halves: the low 8 digits, then the
     * 7 to 9 above them (n >= 15) */
    uint32_t low = (uint32_t)(digits % 100000000u), high = (uint32_t)(digits / 100000000u);
    int i = n;
    for (int j = 0; j < 4; j++, i -= 2, low /= 100) memcpy(dg + i - 2, fmt_pairs + 2 * (low % 100), 2);
    for (; i >= 2; i -= 2, high /= 100) memcpy(dg + i - 2, fmt_pairs + 2 * (high % 100), 2);
    if (i) dg[0] = (char)('0' + high);
    int last = n - 1;   /* the last digit kept: trailing zeros go */
    while (last > 0 && dg[last] == '0') last--;
    char *o = buf;
    if (neg) *o++ = '-';
    if (p < -4 || p >= n) {
        *o++ = dg[0];
        if (last > 0) {
            *o++ = '.';
            memcpy(o, dg + 1, (size_t)last);
            o += last;
        }
        int ae = p < 0 ? -p : p;
        *o++ = 'e';
        *o++ = p < 0 ? '-' : '+';
        if (ae >= 100) *o++ = (char)('0' + ae / 100);
        *o++ = (char)('0' + ae / 10 % 10);
        *o++ = (char)('0' + ae % 10);
    } else if (p < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int z = -1; z > p; z--) *o++ = '0';
        memcpy(o, dg, (size_t)last + 1);
        o += last + 1;
    } else {
        memcpy(o, dg, (size_t)p + 1);
        o += p + 1;
        if (last > p) {
            *o++ = '.';
            memcpy(o, dg + p + 1, (size_t)(last - p));
            o += last - p;
        }
    }
    *o = '\0';
}

/* The shortest of %.15g..%.17g that reads back, for 1e-5 <= |x| < 1e15;
 * 0 outside that range. */
static int fmt_exact(double x, char buf[32])
{
    double ax = fabs(x);
    if (!(ax >= 1e-5 && ax < 1e15)) return 0;
    uint64_t bits;
    memcpy(&bits, &ax, sizeof bits);
    int be = (int)(bits >> 52);   /* biased exponent: ax is normal here */
    uint64_t m = (bits & ((UINT64_C(1) << 52) - 1)) | (UINT64_C(1) << 52);
    int s = 1075 - be;   /* ax = m / 2^s */
    /* floor(log10 ax) or one less: floor(log2 ax) = be - 1023 times
     * log10 2 ~ 78913 / 2^18, divided rounding down; so e >= -6 and
     * k = n - 1 - e stays within the table (0..22) */
    int b = be - 1023, e = (b * 78913 - (b < 0 ? (1 << 18) - 1 : 0)) / (1 << 18);
    for (int n = 15; n <= 17; n++) {
        int p;
        uint64_t d;
        if (exact_digits(m, s, n, &e, &p, &d) || n == 17) {
            write_g(x < 0, d, n, p, buf);
            return 1;
        }
    }
    return 0;
}

const char *export_fmt_double(double x, char buf[32])
{
    if (!isfinite(x)) {
        buf[0] = '\0';
        return buf;
    }
    if (x == 0) {   /* "%.15g" of 0 and -0, which read back */
        memcpy(buf, signbit(x) ? "-0" : "0", signbit(x) ? 3 : 2);
        return buf;
    }
    if (fmt_exact(x, buf)) return buf;
    /* Shortest of %.15g..%.17g that reads back to the same double. */
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, x);
        if (strtod(buf, NULL) == x) break;
    }
    return buf;
}

/* 1 when s is a plain decimal number ("-3.5", "+2", "1e-3"): a
 * spreadsheet reads it as that number, never as a formula. */
static int plain_number(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-') p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') p++, digits++;
    }
    if (!digits) return 0;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (*p < '0' || *p > '9') return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    return *p == '\0';
}

/* A text cell. One that a spreadsheet would take for a formula (starting
 * with = + - @, a tab or a carriage return: OWASP's "CSV injection") gets
 * a leading apostrophe, so Excel and LibreOffice show it as text; a plain
 * number such as "-3.5" stays a number. Quoted per RFC 4180 when needed. */
static void csv_text(tb_buf *b, const char *s)
{
    if (*s && strchr("=+-@\t\r", *s) && !plain_number(s)) {
        tb_buf_append(b, "\"'", 2);
        for (const char *p = s; *p; p++) {
            if (*p == '"') tb_buf_append(b, "\"", 1);
            tb_buf_append(b, p, 1);
        }
        tb_buf_append(b, "\"", 1);
        return;
    }
    if (!strpbrk(s, ",\"\r\n")) {
        tb_buf_puts(b, s);
        return;
    }
    tb_buf_append(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') tb_buf_append(b, "\"", 1);
        tb_buf_append(b, p, 1);
    }
    tb_buf_append(b, "\"", 1);
}

static void csv_num(tb_buf *b, double x)
{
    char buf[32];
    tb_buf_puts(b, export_fmt_double(x, buf));
}

static void csv_int(tb_buf *b, long v, int defined)
{
    if (defined) tb_buf_put_int(b, v);
}

/* Plan names of an indicator's links; "" where unmapped. */
typedef struct links {
    const char *axis, *policy, *secretariat, *objective, *dimension;
} links;

static links links_of(const plan *p, const plan_indicator *ind)
{
    links l = {p->axes[ind->axis].name, "", "", "", ""};
    if (ind->policy != PLAN_NONE) l.policy = p->policies[ind->policy].name;
    if (ind->secretariat != PLAN_NONE) l.secretariat = p->secretariats[ind->secretariat].name;
    if (ind->dimension != PLAN_NONE) l.dimension = p->dimensions[ind->dimension].name;
    if (ind->objective != PLAN_NONE) {
        const plan_objective *o = &p->objectives[ind->objective];
        l.objective = ind->subobjective != PLAN_NONE ? o->subs[ind->subobjective].id : o->id;
    }
    return l;
}

static const char *direction_key(const plan_indicator *ind)
{
    if (ind->maintain) return "maintain";
    return ind->higher_is_better ? "higher" : "lower";
}

static void csv_row(tb_buf *b, const report_input *ri, size_t e, size_t i)
{
    const plan *p = ri->plan;
    const plan_indicator *ind = &p->indicators[i];
    const analyze_metrics *m = analyze_at(ri->res, e, i);
    links l = links_of(p, ind);
    const char *texts[] = {ri->series->entities[e], ind->name, l.axis, l.policy,
                           l.secretariat, l.objective, l.dimension};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        csv_text(b, texts[k]);
        tb_buf_puts(b, ",");
    }
    int has = m->n > 0;
    tb_buf_put_uint(b, m->n);
    tb_buf_append(b, ",", 1);
    csv_int(b, m->first_year, has); tb_buf_puts(b, ",");
    csv_int(b, m->last_year, has); tb_buf_puts(b, ",");
    const double nums1[] = {m->latest, m->previous, m->yoy_change, m->fit.c1, m->fit.c1_se,
                            m->fit.c0, m->fit.c0_se, m->fit.xmean, m->fit.r2, m->target};
    for (size_t k = 0; k < sizeof nums1 / sizeof nums1[0]; k++) {
        csv_num(b, nums1[k]);
        tb_buf_puts(b, ",");
    }
    /* integers and keys without printf: this is every row of the file */
    tb_buf_put_int(b, m->target_year);
    tb_buf_append(b, ",", 1);
    tb_buf_put_int(b, ind->target_is_default);
    tb_buf_append(b, ",", 1);
    tb_buf_puts(b, direction_key(ind));
    tb_buf_append(b, ",", 1);
    csv_num(b, ind->weight); tb_buf_puts(b, ",");
    csv_num(b, m->gap); tb_buf_puts(b, ",");
    csv_int(b, m->projection_year, m->projection_year != 0); tb_buf_puts(b, ",");
    const double nums2[] = {m->projection, m->pi_low, m->pi_high, m->projection_raw,
                            m->pi_low_raw, m->pi_high_raw};
    for (size_t k = 0; k < sizeof nums2 / sizeof nums2[0]; k++) {
        csv_num(b, nums2[k]);
        tb_buf_puts(b, ",");
    }
    tb_buf_put_int(b, m->clamped);
    tb_buf_append(b, ",", 1);
    csv_int(b, m->reach_year, m->reach_year != 0);
    tb_buf_append(b, ",", 1);
    tb_buf_put_int(b, m->stale);
    tb_buf_append(b, ",", 1);
    tb_buf_puts(b, msg_status_key(m->status));
    tb_buf_append(b, ",", 1);
    csv_num(b, m->importance);
    tb_buf_puts(b, ",");
    csv_num(b, m->urgency);
    tb_buf_append(b, ",", 1);
    tb_buf_puts(b, msg_quadrant_key(m->quadrant));
    tb_buf_append(b, ",", 1);
    csv_int(b, m->last_month, m->n > 0 && m->last_month);
    tb_buf_append(b, ",", 1);
    tb_buf_put_uint(b, m->nyears);
    tb_buf_append(b, ",", 1);
    tb_buf_put_int(b, m->level_met);
    tb_buf_append(b, ",", 1);
    tb_buf_puts(b, msg_status_key(m->pace));
    tb_buf_append(b, ",", 1);
    csv_num(b, m->p_met);
    tb_buf_puts(b, ",");
    csv_num(b, m->progress_ratio);
    tb_buf_puts(b, ",");
    csv_int(b, m->judged_year, m->judged_year != 0);
    tb_buf_puts(b, ",");
    csv_num(b, m->judged_value);
    tb_buf_puts(b, "\n");
}

int export_metrics_csv(const report_input *ri, tb_buf *out, tb_error *err)
{
    for (size_t c = 0; export_csv_columns[c]; c++)
        tb_buf_printf(out, "%s%s", c ? "," : "", export_csv_columns[c]);
    tb_buf_puts(out, "\n");
    for (size_t e = 0; e < ri->series->nentities; e++)
        for (size_t i = 0; i < ri->plan->nindicators; i++) csv_row(out, ri, e, i);
    if (out->failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    return 0;
}

/* ---------------------------------------------------------------- JSON */

/* The document is written as it is built (jsonw.h: cJSON_Print's layout,
 * byte for byte); running out of memory is the buffer's sticky flag, and
 * a document missing a field is never handed out. */

/* A measured value, written in the shortest form that reads back to the
 * same double (export_fmt_double, as in the CSV): cJSON's own printing
 * keeps 15 digits unless a loose comparison says otherwise, so it does not
 * round-trip. Not finite: null. */
static void json_num(jsonw *w, const char *k, double v)
{
    char buf[32];
    if (isfinite(v)) jsonw_raw(w, k, export_fmt_double(v, buf));
    else jsonw_null(w, k);
}

static void json_year(jsonw *w, const char *k, int y)
{
    if (y) jsonw_number(w, k, y);
    else jsonw_null(w, k);
}

/* The non-empty calibration bins of a backtest as array `key`: edges in
 * P, past calls, how many met, the calibrated P. */
static void json_bins(jsonw *w, const char *key, const size_t *n, const size_t *hits,
                      const double *rate)
{
    jsonw_array(w, key);
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) {
        if (!n[b]) continue;
        jsonw_object(w, NULL);
        json_num(w, "p_from", analyze_backtest_bin_from(b));
        json_num(w, "p_to", analyze_backtest_bin_from(b + 1));
        jsonw_number(w, "calls", (double)n[b]);
        jsonw_number(w, "met", (double)hits[b]);
        json_num(w, "calibrated_p", rate[b]);
        jsonw_end(w);
    }
    jsonw_end(w);
}

/* The secretariat's comment that speaks for the row's latest data
 * (comments.h), or null; and whether a red or falling indicator lacks an
 * analysis (missing.h), as the reports and the run's warning say. */
static void json_comment(jsonw *w, const report_input *ri, size_t i, const analyze_metrics *m)
{
    const plan_comment *c = missing_comment_of(ri->plan, i, m, ri->period_year);
    jsonw_bool(w, "missing_analysis", missing_analysis(ri->plan, i, m, ri->period_year));
    if (!c) {
        jsonw_null(w, "comment");
        return;
    }
    jsonw_object(w, "comment");
    char per[16], due[16];
    if (c->month) snprintf(per, sizeof per, "%04d-%02d", c->year, c->month);
    else snprintf(per, sizeof per, "%04d", c->year);
    jsonw_str(w, "period", per);
    jsonw_str(w, "analysis", c->analysis);
    jsonw_str(w, "action", c->action);
    jsonw_str(w, "owner", c->owner);
    if (c->due_year) {
        snprintf(due, sizeof due, "%04d-%02d-%02d", c->due_year, c->due_month, c->due_day);
        jsonw_str(w, "due", due);
    } else {
        jsonw_null(w, "due");
    }
    jsonw_bool(w, "overdue", plan_comment_overdue(c, ri->period_year, ri->period_month));
    jsonw_end(w);
}

/* One row, as an element of the indicators array. */
static void json_row(jsonw *w, const report_input *ri, size_t e, size_t i)
{
    const plan *p = ri->plan;
    const plan_indicator *ind = &p->indicators[i];
    const analyze_metrics *m = analyze_at(ri->res, e, i);
    links l = links_of(p, ind);
    jsonw_object(w, NULL);
    jsonw_str(w, "municipio", ri->series->entities[e]);
    jsonw_str(w, "area", ind->name);
    jsonw_str(w, "eje", l.axis);
    jsonw_str(w, "politica", l.policy);
    jsonw_str(w, "secretaria", l.secretariat);
    jsonw_str(w, "objetivo", l.objective);
    jsonw_str(w, "dimension", l.dimension);
    jsonw_number(w, "n", (double)m->n);
    json_year(w, "first_year", m->first_year);
    json_year(w, "last_year", m->last_year);
    const struct { const char *k; double v; } nums[] = {
        {"latest", m->latest}, {"previous", m->previous}, {"yoy_change", m->yoy_change},
        {"slope", m->fit.c1}, {"slope_se", m->fit.c1_se}, {"intercept", m->fit.c0},
        {"intercept_se", m->fit.c0_se}, {"year_mean", m->fit.xmean}, {"r2", m->fit.r2},
        {"target", m->target}, {"weight", ind->weight}, {"gap", m->gap},
        {"projection", m->projection}, {"pi_low", m->pi_low}, {"pi_high", m->pi_high},
        {"projection_raw", m->projection_raw}, {"pi_low_raw", m->pi_low_raw},
        {"pi_high_raw", m->pi_high_raw}};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) json_num(w, nums[k].k, nums[k].v);
    json_year(w, "target_year", m->target_year);
    jsonw_bool(w, "target_is_default", ind->target_is_default);
    jsonw_str(w, "direction", direction_key(ind));
    json_year(w, "projection_year", m->projection_year);
    jsonw_bool(w, "clamped", m->clamped);
    json_year(w, "reach_year", m->reach_year);
    jsonw_bool(w, "stale", m->stale);
    jsonw_str(w, "status", msg_status_key(m->status));
    jsonw_number(w, "years", (double)m->nyears);
    jsonw_bool(w, "level_met", m->level_met);
    jsonw_str(w, "pace", msg_status_key(m->pace));
    json_num(w, "p_met", m->p_met);
    json_num(w, "progress_ratio", m->progress_ratio);
    json_year(w, "judged_year", m->judged_year);
    json_num(w, "judged_value", m->judged_value);
    json_num(w, "widen", m->widen);
    json_num(w, "damp", m->damp);
    json_num(w, "band_min", ind->maintain ? ind->band_min : NAN);
    json_num(w, "band_max", ind->maintain ? ind->band_max : NAN);
    json_year(w, "last_month", m->n ? m->last_month : 0);
    const struct { const char *k; double v; } sc[] = {
        {"importance", m->importance}, {"urgency", m->urgency},
        {"importance_weight_term", m->t_weight}, {"importance_gap_term", m->t_gap},
        {"urgency_status_term", m->t_status}, {"urgency_decline_term", m->t_decline},
        {"urgency_deadline_term", m->t_deadline}, {"urgency_age_term", m->t_age},
        {"decline", m->decline}};
    for (size_t k = 0; k < sizeof sc / sizeof sc[0]; k++) json_num(w, sc[k].k, sc[k].v);
    jsonw_str(w, "quadrant", msg_quadrant_key(m->quadrant));
    json_comment(w, ri, i, m);
    /* Every point, so that the next period can tell new from revised. */
    jsonw_array(w, "points");
    const series *s = series_at(ri->series, e, i);
    for (size_t k = 0; s && k < s->n; k++) {
        jsonw_object(w, NULL);
        jsonw_number(w, "year", s->pts[k].year);
        json_year(w, "month", s->pts[k].month);
        json_num(w, "value", s->pts[k].value);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

/* A roll-up's figures, inside an object the caller opened and closes (its
 * own keys follow). */
static void json_rollup(jsonw *w, const analyze_rollup *u)
{
    json_num(w, "index", u->index);
    json_num(w, "weight", u->weight);
    jsonw_number(w, "with_data", (double)u->with_data);
    jsonw_number(w, "total", (double)u->total);
    json_year(w, "latest_year_min", u->year_min);
    json_year(w, "latest_year_max", u->year_max);
    jsonw_object(w, "status_counts");
    for (int s = 0; s < ANALYZE_NSTATUS; s++)
        jsonw_number(w, msg_status_key((analyze_status)s), (double)u->counts[s]);
    jsonw_end(w);
}

static void json_plan_counts(jsonw *w, const plan *p)
{
    jsonw_object(w, "plan");
    const struct { const char *k; size_t v; } c[] = {
        {"ejes", p->naxes}, {"objetivos", p->nobjectives},
        {"subobjetivos", plan_count_subobjectives(p)}, {"dimensiones", p->ndimensions},
        {"politicas", p->npolicies}, {"secretarias", p->nsecretariats},
        {"programas", plan_count_programs(p)}, {"indicadores", p->nindicators},
        {"valores", p->nvalues}};
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) jsonw_number(w, c[k].k, (double)c[k].v);
    jsonw_end(w);
}

static void json_rules(jsonw *w, const plan *p)
{
    jsonw_object(w, "rules");
    json_num(w, "default_target", p->default_target);
    json_year(w, "default_target_year", p->default_target_year);
    jsonw_number(w, "min_points_interval", p->rules.min_points_interval);
    json_num(w, "max_interval_width", p->rules.max_interval_width);
    jsonw_number(w, "stale_years", p->rules.stale_years);
    jsonw_number(w, "reach_horizon_years", p->rules.reach_horizon_years);
    json_num(w, "confidence", p->rules.confidence);
    json_num(w, "target_tolerance", p->rules.target_tolerance);
    json_num(w, "maintain_band", p->rules.maintain_band);
    jsonw_str(w, "projection_model", p->rules.projection_logit ? "logit" : "lineal");
    jsonw_str(w, "progress_method", p->rules.progress_sdg ? "ods" : "probabilidad");
    jsonw_number(w, "min_years_trend", p->rules.min_years_trend);
    jsonw_number(w, "window_years", p->rules.window_years);
    json_num(w, "p_on_track", p->rules.p_on_track);
    json_num(w, "p_off_track", p->rules.p_off_track);
    json_num(w, "min_sd", p->rules.min_sd);
    jsonw_number(w, "calibration_min_checks", p->rules.calib_min_checks);
    jsonw_end(w);
}

static void json_backtest(jsonw *w, const analyze_backtest *bt)
{
    jsonw_object(w, "backtest");
    jsonw_number(w, "checks", (double)bt->checks);
    json_num(w, "coverage", bt->checks ? (double)bt->covered / (double)bt->checks : NAN);
    json_num(w, "coverage_widened",
             bt->checks ? (double)bt->covered_widened / (double)bt->checks : NAN);
    json_num(w, "mae", bt->mae);
    jsonw_bool(w, "calibrated", bt->calibrated);
    json_num(w, "widen", bt->widen);
    jsonw_bool(w, "damping_learnt", bt->damp_learnt);
    json_num(w, "damping_default", ANALYZE_DAMP_DEFAULT);
    jsonw_number(w, "on_track_calls", (double)bt->on_calls);
    jsonw_number(w, "on_track_met", (double)bt->on_hits);
    jsonw_number(w, "off_track_calls", (double)bt->off_calls);
    jsonw_number(w, "off_track_met", (double)bt->off_hits);
    jsonw_array(w, "by_horizon");
    for (int h = 1; h <= ANALYZE_BT_MAXH; h++) {
        if (!bt->h_checks[h]) continue;
        jsonw_object(w, NULL);
        jsonw_number(w, "horizon", h);
        jsonw_number(w, "checks", (double)bt->h_checks[h]);
        json_num(w, "coverage", (double)bt->h_covered[h] / (double)bt->h_checks[h]);
        json_num(w, "coverage_widened", (double)bt->h_covered_widened[h] / (double)bt->h_checks[h]);
        json_num(w, "widen", analyze_backtest_widen(bt, h));
        json_num(w, "damping", analyze_backtest_damp(bt, h));
        jsonw_end(w);
    }
    jsonw_end(w);
    json_bins(w, "p_calibration", bt->p_n, bt->p_hits, bt->p_rate);
    jsonw_bool(w, "p_calibrated", bt->p_calibrated);
    jsonw_array(w, "p_calibration_by_horizon");
    for (int g = 0; g < ANALYZE_BT_PGROUPS; g++) {
        jsonw_object(w, NULL);
        jsonw_number(w, "horizon_min", g + 1);
        /* the last group is open-ended */
        json_num(w, "horizon_max", g + 1 < ANALYZE_BT_PGROUPS ? g + 1 : NAN);
        jsonw_bool(w, "calibrated", bt->ph_calibrated[g]);
        json_bins(w, "bins", bt->ph_n[g], bt->ph_hits[g], bt->ph_rate[g]);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_end(w);
}

static void json_scores(jsonw *w, const plan_scores *sc)
{
    jsonw_object(w, "scores");
    const struct { const char *k; double v; } wt[] = {
        {"importance_weight_plan", sc->w_weight}, {"importance_weight_gap", sc->w_gap},
        {"gap_reference", sc->gap_ref}, {"unknown_gap", sc->unknown_gap},
        {"importance_threshold", sc->importance_threshold},
        {"urgency_weight_status", sc->w_status}, {"urgency_weight_decline", sc->w_decline},
        {"urgency_weight_deadline", sc->w_deadline}, {"urgency_weight_age", sc->w_age},
        {"decline_reference", sc->decline_ref}, {"deadline_horizon", sc->deadline_horizon},
        {"age_reference", sc->age_ref}, {"urgency_threshold", sc->urgency_threshold}};
    for (size_t k = 0; k < sizeof wt / sizeof wt[0]; k++) json_num(w, wt[k].k, wt[k].v);
    jsonw_object(w, "status_scores");
    for (int k = 0; k < ANALYZE_NSTATUS; k++)
        json_num(w, msg_status_key((analyze_status)k), sc->status[k]);
    jsonw_end(w);
    jsonw_end(w);
}

/* The whole document into out (members in the order they always had). */
static void json_document(jsonw *w, const report_input *ri)
{
    const plan *p = ri->plan;
    size_t ne = ri->series->nentities;
    char period[16];
    tb_period_str(period, ri->period_year, ri->period_month);
    jsonw_object(w, NULL);
    jsonw_str(w, "tablero_version", ri->version ? ri->version : "");
    jsonw_str(w, "period", period);
    jsonw_str(w, "city", p->city ? p->city : "");
    json_plan_counts(w, p);
    json_rules(w, p);
    json_backtest(w, &ri->res->backtest);
    jsonw_number(w, "all_stale_until", ri->res->all_stale_year);
    json_scores(w, &p->scores);
    jsonw_array(w, "indicators");
    for (size_t e = 0; e < ne && !w->b->failed; e++)
        for (size_t i = 0; i < p->nindicators; i++) json_row(w, ri, e, i);
    jsonw_end(w);
    jsonw_array(w, "axes");
    for (size_t e = 0; e < ne && !w->b->failed; e++)
        for (size_t a = 0; a < p->naxes; a++) {
            jsonw_object(w, NULL);
            json_rollup(w, &ri->res->axis[e * p->naxes + a]);
            jsonw_str(w, "municipio", ri->series->entities[e]);
            jsonw_str(w, "eje", p->axes[a].name);
            jsonw_end(w);
        }
    jsonw_end(w);
    jsonw_array(w, "overall");
    for (size_t e = 0; e < ne && !w->b->failed; e++) {
        jsonw_object(w, NULL);
        json_rollup(w, &ri->res->overall[e]);
        jsonw_str(w, "municipio", ri->series->entities[e]);
        jsonw_end(w);
    }
    jsonw_end(w);
    jsonw_array(w, "rollups");
    for (size_t e = 0; e < ne && !w->b->failed; e++)
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            for (size_t k = 0; k < ri->res->nlevel[l]; k++) {
                const char *id, *name;
                analyze_group_names(p, (analyze_level)l, k, &id, &name);
                jsonw_object(w, NULL);
                json_rollup(w, analyze_rollup_at(ri->res, (analyze_level)l, e, k));
                jsonw_str(w, "nivel", analyze_level_keys[l]);
                jsonw_str(w, "municipio", ri->series->entities[e]);
                jsonw_str(w, "id", id);
                jsonw_str(w, "nombre", name);
                jsonw_end(w);
            }
    jsonw_end(w);
    jsonw_end(w);
}

int export_metrics_json(const report_input *ri, tb_buf *out, tb_error *err)
{
    size_t start = out->len;
    jsonw w;
    jsonw_init(&w, out);
    json_document(&w, ri);
    tb_buf_puts(out, "\n");
    if (out->failed || w.failed || w.depth != 0) {
        out->len = start;   /* never half a document */
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    }
    return 0;
}

/* ------------------------------------------------------------ roll-ups */

static void rollup_csv_row(tb_buf *b, const char *level, const char *entity, const char *id,
                           const char *name, const analyze_rollup *u)
{
    const char *texts[] = {level, entity, id, name};
    for (size_t k = 0; k < 4; k++) {
        csv_text(b, texts[k]);
        tb_buf_puts(b, ",");
    }
    csv_num(b, u->index);
    tb_buf_puts(b, ",");
    csv_num(b, u->weight);
    tb_buf_append(b, ",", 1);
    tb_buf_put_uint(b, u->with_data);
    tb_buf_append(b, ",", 1);
    tb_buf_put_uint(b, u->total);
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        tb_buf_append(b, ",", 1);
        tb_buf_put_uint(b, u->counts[s]);
    }
    tb_buf_puts(b, "\n");
}

int export_rollups_csv(const report_input *ri, tb_buf *out, tb_error *err)
{
    const plan *p = ri->plan;
    tb_buf_puts(out, "nivel,municipio,id,nombre,indice,peso,con_datos,total");
    for (int s = 0; s < ANALYZE_NSTATUS; s++)
        tb_buf_printf(out, ",%s", msg_status_key((analyze_status)s));
    tb_buf_puts(out, "\n");
    for (size_t e = 0; e < ri->series->nentities; e++) {
        rollup_csv_row(out, "general", ri->series->entities[e], "", p->city ? p->city : "",
                       &ri->res->overall[e]);
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            for (size_t k = 0; k < ri->res->nlevel[l]; k++) {
                const char *id, *name;
                analyze_group_names(p, (analyze_level)l, k, &id, &name);
                rollup_csv_row(out, analyze_level_keys[l], ri->series->entities[e], id, name,
                               analyze_rollup_at(ri->res, (analyze_level)l, e, k));
            }
    }
    if (out->failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    return 0;
}

/* ----------------------------------------------------------- novedades */

int export_news_csv(const report_input *ri, tb_buf *out, tb_error *err)
{
    const plan *p = ri->plan;
    const changes_set *cs = ri->changes;
    tb_buf_puts(out, "municipio,area,secretaria,tipo,periodo,antes,ahora,estado_antes,"
                     "estado_ahora,periodo_anterior\n");
    for (size_t j = 0; cs && j < cs->n; j++) {
        const changes_item *it = &cs->items[j];
        const plan_indicator *ind = &p->indicators[it->indicator];
        links l = links_of(p, ind);
        csv_text(out, ri->series->entities[it->entity]);
        tb_buf_puts(out, ",");
        csv_text(out, ind->name);
        tb_buf_puts(out, ",");
        csv_text(out, l.secretariat);
        tb_buf_printf(out, ",%s,", changes_kind_key(it->kind));
        if (it->year && it->month) tb_buf_printf(out, "%04d-%02d", it->year, it->month);
        else if (it->year) tb_buf_printf(out, "%d", it->year);
        tb_buf_puts(out, ",");
        csv_num(out, it->before);
        tb_buf_puts(out, ",");
        csv_num(out, it->after);
        tb_buf_printf(out, ",%s,%s,%s\n",
                      it->status_before >= 0 ? msg_status_key((analyze_status)it->status_before) : "",
                      it->status_after >= 0 ? msg_status_key((analyze_status)it->status_after) : "",
                      cs->period);
    }
    if (out->failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    return 0;
}

int export_network_csv(const report_input *ri, tb_buf *out, tb_error *err)
{
    const plan *p = ri->plan;
    const network_stats *ns = ri->network;
    tb_buf_puts(out, "area,municipios,q1,mediana,q3,minimo,maximo");
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        tb_buf_puts(out, ",");
        tb_buf_puts(out, msg_status_key((analyze_status)s));
    }
    tb_buf_puts(out, "\n");
    for (size_t i = 0; ns && i < p->nindicators; i++) {
        const network_dist *d = &ns->latest[i];
        csv_text(out, p->indicators[i].name);
        tb_buf_printf(out, ",%zu", d->n);
        const double v[5] = {d->q1, d->median, d->q3, d->min, d->max};
        for (int k = 0; k < 5; k++) {
            tb_buf_puts(out, ",");
            csv_num(out, v[k]);
        }
        for (int s = 0; s < ANALYZE_NSTATUS; s++)
            tb_buf_printf(out, ",%zu", ns->status_count[i * ANALYZE_NSTATUS + (size_t)s]);
        tb_buf_puts(out, "\n");
    }
    if (out->failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_EXPORT);
    return 0;
}

int export_network_ranking_csv(const report_input *ri, tb_buf *out, tb_error *err)
{
    const analyze_result *res = ri->res;
    size_t n = res->nentities;
    network_rank_row *rows = calloc(n + 1, sizeof *rows);
    if (!rows) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
    network_ranking(ri->network, res, rows);
    tb_buf_puts(out, "orden,puesto,municipio,indice_general,anio_referencia,areas_en_anio_referencia,"
                     "fuera_de_camino,en_riesgo,datos_al_dia,areas_con_dato,areas,plan\n");
    for (size_t k = 0; k < n; k++) {
        const network_rank_row *r = &rows[k];
        tb_buf_printf(out, "%zu,", k + 1);
        if (r->rank) tb_buf_printf(out, "%zu", r->rank);
        tb_buf_puts(out, ",");
        csv_text(out, ri->series->entities[r->entity]);
        tb_buf_puts(out, ",");
        csv_num(out, r->index);
        /* the year on every row: a filtered or pasted row still says it */
        if (ri->network->ref_year) tb_buf_printf(out, ",%d", ri->network->ref_year);
        else tb_buf_puts(out, ",");
        tb_buf_printf(out, ",%zu,%zu,%zu,%zu,%zu,%zu", r->ref_areas, r->off_track, r->at_risk, r->fresh,
                      r->with_data, r->total);
        /* which plan its statuses are measured against (own.h) */
        const plan *own = NULL;
        if (n > 1 && plan_own_of(ri->plan, ri->series->entities[r->entity], &own)) {
            free(rows);
            return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
        }
        tb_buf_puts(out, own ? ",propio\n" : ",red\n");
    }
    free(rows);
    if (out->failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_OUT_OF_MEMORY);
    return 0;
}
