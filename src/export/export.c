/* export.c - metrics for analysts and open data: CSV with a point decimal
 * and round-trip precision, and JSON built with cJSON. Empty cells (CSV)
 * and null (JSON) mean "not defined". */
#include "export.h"

#include <cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
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

/* The common case of export_fmt_double without printf and strtod: x is
 * m / 10^k for a whole m of at most 15 digits and k <= 4 (a value typed
 * with a few decimals, a year), with 1e-4 <= |x| < 1e15. Then m / 10^k
 * (one correctly rounded division) reads back to x, and %.15g prints those
 * digits (x lies within half an ulp of them, far inside half a unit of the
 * 15th digit) without an exponent, trailing zeros dropped: the smallest
 * such k gives the same text. Returns 0 when x is not such a number. */
static int fmt_short_decimal(double x, char buf[32])
{
    static const double pow10[5] = {1, 10, 100, 1000, 10000};
    double ax = fabs(x);
    if (!(ax >= 1e-4 && ax < 1e15)) return 0;
    for (int k = 0; k < 5; k++) {
        double scaled = ax * pow10[k];
        if (!(scaled < 1e15)) return 0;
        long long m = llround(scaled);
        if ((double)m / pow10[k] != ax) continue;
        char digits[24];
        int n = 0;
        do {
            digits[n++] = (char)('0' + m % 10);
            m /= 10;
        } while (m > 0);
        while (n <= k) digits[n++] = '0';   /* 0.05: a leading zero */
        char *o = buf;
        if (x < 0) *o++ = '-';
        while (n > k) *o++ = digits[--n];
        if (k) *o++ = '.';
        while (n > 0) *o++ = digits[--n];
        *o = '\0';
        return 1;
    }
    return 0;
}

/* Exact decimal digits for the rest of the common range, without printf
 * and strtod (glibc's do them in multiple precision: a quarter of a
 * metrics-only run's instructions). For 1e-5 <= |x| < 1e15, x = m / 2^s
 * with m < 2^53 and 3 <= s <= 70, and x * 10^k for the k that leaves N
 * digits before the point is m * 10^k / 2^s with m * 10^k < 2^124: one
 * 128-bit integer holds it, so the N-digit decimal D nearest to x (ties
 * to even, as printf rounds) and whether D reads back to x (|D - x| under
 * half the gap to x's neighbours, or exactly half with m even, as strtod
 * rounds) are exact integer arithmetic. */
__extension__ typedef unsigned __int128 fmt_u128;

static fmt_u128 pow10_u128(int k)
{
    fmt_u128 p = 1;
    while (k-- > 0) p *= 10;
    return p;
}

/* The n digits of x's decimal rounded to n significant digits and its
 * decimal exponent p (x ~ D * 10^(p - n + 1)); 1 when D reads back to x. */
static int exact_digits(uint64_t m, int s, int n, int *p, uint64_t *digits)
{
    fmt_u128 lo = pow10_u128(n - 1), hi = lo * 10;
    /* the exponent: 10^(n-1) <= x * 10^k < 10^n, k = n - 1 - p */
    int e = (int)floor(log10((double)m) - (double)s * 0.30102999566398120);
    for (;;) {
        int k = n - 1 - e;
        fmt_u128 num = (fmt_u128)m * pow10_u128(k);
        if (num < lo << s) {
            e--;
        } else if (num >= hi << s) {
            e++;
        } else {
            fmt_u128 mask = ((fmt_u128)1 << s) - 1, half = (fmt_u128)1 << (s - 1);
            fmt_u128 d = num >> s, rem = num & mask;
            if (rem > half || (rem == half && (d & 1))) d++;
            /* read back: 2 |d * 2^s - num| against the gap to the
             * neighbour on that side, 10^k (10^k / 2 below a power of
             * two); a tie reads back when m is even */
            fmt_u128 y = d << s, tenk = pow10_u128(k);
            int below = y < num;
            fmt_u128 twice = 2 * (below ? num - y : y - num);
            if (below && m == (UINT64_C(1) << 52)) twice *= 2;
            int reads_back = twice < tenk || (twice == tenk && !(m & 1));
            if (d == hi) {   /* rounded up to 10^n: one more digit of exponent */
                d = lo;
                e++;
            }
            *p = e;
            *digits = (uint64_t)d;
            return reads_back;
        }
    }
}

/* %.{n}g's text for the digits of exact_digits: fixed notation for
 * -4 <= p < n, else d.ddde-XX; trailing zeros and a bare point dropped. */
static void write_g(int neg, uint64_t digits, int n, int p, char buf[32])
{
    char dg[20];
    for (int i = n - 1; i >= 0; i--, digits /= 10) dg[i] = (char)('0' + digits % 10);
    int last = n - 1;   /* the last digit kept: trailing zeros go */
    while (last > 0 && dg[last] == '0') last--;
    char *o = buf;
    if (neg) *o++ = '-';
    if (p < -4 || p >= n) {
        *o++ = dg[0];
        if (last > 0) {
            *o++ = '.';
            for (int i = 1; i <= last; i++) *o++ = dg[i];
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
        for (int i = -1; i > p; i--) *o++ = '0';
        for (int i = 0; i <= last; i++) *o++ = dg[i];
    } else {
        for (int i = 0; i <= p; i++) *o++ = dg[i];
        if (last > p) {
            *o++ = '.';
            for (int i = p + 1; i <= last; i++) *o++ = dg[i];
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
    int ex;
    double f = frexp(ax, &ex);   /* ax = f 2^ex, 0.5 <= f < 1 */
    uint64_t m = (uint64_t)ldexp(f, 53);
    int s = 53 - ex;
    for (int n = 15; n <= 17; n++) {
        int p;
        uint64_t d;
        if (exact_digits(m, s, n, &p, &d) || n == 17) {
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
    if (fmt_short_decimal(x, buf)) return buf;
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
    if (defined) tb_buf_printf(b, "%ld", v);
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
    tb_buf_printf(b, "%zu,", m->n);
    csv_int(b, m->first_year, has); tb_buf_puts(b, ",");
    csv_int(b, m->last_year, has); tb_buf_puts(b, ",");
    const double nums1[] = {m->latest, m->previous, m->yoy_change, m->fit.c1, m->fit.c1_se,
                            m->fit.c0, m->fit.c0_se, m->fit.xmean, m->fit.r2, m->target};
    for (size_t k = 0; k < sizeof nums1 / sizeof nums1[0]; k++) {
        csv_num(b, nums1[k]);
        tb_buf_puts(b, ",");
    }
    tb_buf_printf(b, "%d,%d,%s,", m->target_year, ind->target_is_default, direction_key(ind));
    csv_num(b, ind->weight); tb_buf_puts(b, ",");
    csv_num(b, m->gap); tb_buf_puts(b, ",");
    csv_int(b, m->projection_year, m->projection_year != 0); tb_buf_puts(b, ",");
    const double nums2[] = {m->projection, m->pi_low, m->pi_high, m->projection_raw,
                            m->pi_low_raw, m->pi_high_raw};
    for (size_t k = 0; k < sizeof nums2 / sizeof nums2[0]; k++) {
        csv_num(b, nums2[k]);
        tb_buf_puts(b, ",");
    }
    tb_buf_printf(b, "%d,", m->clamped);
    csv_int(b, m->reach_year, m->reach_year != 0);
    tb_buf_printf(b, ",%d,%s,", m->stale, msg_status_key(m->status));
    csv_num(b, m->importance);
    tb_buf_puts(b, ",");
    csv_num(b, m->urgency);
    tb_buf_printf(b, ",%s,", msg_quadrant_key(m->quadrant));
    csv_int(b, m->last_month, m->n > 0 && m->last_month);
    tb_buf_printf(b, ",%zu,%d,%s,", m->nyears, m->level_met, msg_status_key(m->pace));
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

/* Every cJSON_Add... and cJSON_Create... call can run out of memory; a document missing a
 * field must never be written. Builders record failure in a sticky flag
 * (cJSON's Add* functions return NULL and also fail on a NULL parent, so a
 * failed container makes every later add into it fail too); the document
 * is thrown away when the flag is set. */
typedef struct jctx {
    int failed;
} jctx;

/* Notes a NULL result; returns it unchanged. */
static cJSON *jchk(jctx *j, cJSON *r)
{
    if (!r) j->failed = 1;
    return r;
}

/* Attaches item to an array (key NULL) or object, taking ownership: on any
 * failure (item NULL, parent NULL, key copy failed) item is freed. */
static void jattach(jctx *j, cJSON *parent, const char *key, cJSON *item)
{
    int ok = item && parent &&
             (key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item));
    if (!ok) {
        cJSON_Delete(item);
        j->failed = 1;
    }
}

static void json_str(jctx *j, cJSON *o, const char *k, const char *v)
{
    jchk(j, cJSON_AddStringToObject(o, k, v));
}

static void json_int(jctx *j, cJSON *o, const char *k, double v)
{
    jchk(j, cJSON_AddNumberToObject(o, k, v));
}

static void json_bool(jctx *j, cJSON *o, const char *k, int v)
{
    jchk(j, cJSON_AddBoolToObject(o, k, v));
}

/* A measured value, written in the shortest form that reads back to the
 * same double (export_fmt_double, as in the CSV): cJSON's own printing
 * keeps 15 digits unless a loose comparison says otherwise, so it does not
 * round-trip. Not finite: null. */
static void json_num(jctx *j, cJSON *o, const char *k, double v)
{
    char buf[32];
    if (isfinite(v)) jchk(j, cJSON_AddRawToObject(o, k, export_fmt_double(v, buf)));
    else jchk(j, cJSON_AddNullToObject(o, k));
}

static void json_year(jctx *j, cJSON *o, const char *k, int y)
{
    if (y) jchk(j, cJSON_AddNumberToObject(o, k, y));
    else jchk(j, cJSON_AddNullToObject(o, k));
}

/* The non-empty calibration bins of a backtest into array a: edges in P,
 * past calls, how many met, the calibrated P. */
static void json_bins(jctx *j, cJSON *a, const size_t *n, const size_t *hits, const double *rate)
{
    for (int b = 0; b < ANALYZE_BT_NBINS; b++) {
        if (!n[b]) continue;
        cJSON *bo = jchk(j, cJSON_CreateObject());
        json_num(j, bo, "p_from", analyze_backtest_bin_from(b));
        json_num(j, bo, "p_to", analyze_backtest_bin_from(b + 1));
        json_int(j, bo, "calls", (double)n[b]);
        json_int(j, bo, "met", (double)hits[b]);
        json_num(j, bo, "calibrated_p", rate[b]);
        jattach(j, a, NULL, bo);
    }
}

/* The secretariat's comment that speaks for the row's latest data
 * (comments.h), or null; and whether a red or falling indicator lacks an
 * analysis (missing.h), as the reports and the run's warning say. */
static void json_comment(jctx *j, cJSON *o, const report_input *ri, size_t i,
                         const analyze_metrics *m)
{
    const plan_comment *c = missing_comment_of(ri->plan, i, m, ri->period_year);
    json_bool(j, o, "missing_analysis", missing_analysis(ri->plan, i, m, ri->period_year));
    if (!c) {
        jchk(j, cJSON_AddNullToObject(o, "comment"));
        return;
    }
    cJSON *k = jchk(j, cJSON_AddObjectToObject(o, "comment"));
    if (!k) return;
    char per[16], due[16];
    if (c->month) snprintf(per, sizeof per, "%04d-%02d", c->year, c->month);
    else snprintf(per, sizeof per, "%04d", c->year);
    json_str(j, k, "period", per);
    json_str(j, k, "analysis", c->analysis);
    json_str(j, k, "action", c->action);
    json_str(j, k, "owner", c->owner);
    if (c->due_year) {
        snprintf(due, sizeof due, "%04d-%02d-%02d", c->due_year, c->due_month, c->due_day);
        json_str(j, k, "due", due);
    } else {
        jchk(j, cJSON_AddNullToObject(k, "due"));
    }
    json_bool(j, k, "overdue", plan_comment_overdue(c, ri->period_year, ri->period_month));
}

/* One row; NULL (and j->failed) when memory ran out. Caller owns it. */
static cJSON *json_row(jctx *j, const report_input *ri, size_t e, size_t i)
{
    const plan *p = ri->plan;
    const plan_indicator *ind = &p->indicators[i];
    const analyze_metrics *m = analyze_at(ri->res, e, i);
    links l = links_of(p, ind);
    cJSON *o = jchk(j, cJSON_CreateObject());
    if (!o) return NULL;
    json_str(j, o, "municipio", ri->series->entities[e]);
    json_str(j, o, "area", ind->name);
    json_str(j, o, "eje", l.axis);
    json_str(j, o, "politica", l.policy);
    json_str(j, o, "secretaria", l.secretariat);
    json_str(j, o, "objetivo", l.objective);
    json_str(j, o, "dimension", l.dimension);
    json_int(j, o, "n", (double)m->n);
    json_year(j, o, "first_year", m->first_year);
    json_year(j, o, "last_year", m->last_year);
    const struct { const char *k; double v; } nums[] = {
        {"latest", m->latest}, {"previous", m->previous}, {"yoy_change", m->yoy_change},
        {"slope", m->fit.c1}, {"slope_se", m->fit.c1_se}, {"intercept", m->fit.c0},
        {"intercept_se", m->fit.c0_se}, {"year_mean", m->fit.xmean}, {"r2", m->fit.r2},
        {"target", m->target}, {"weight", ind->weight}, {"gap", m->gap},
        {"projection", m->projection}, {"pi_low", m->pi_low}, {"pi_high", m->pi_high},
        {"projection_raw", m->projection_raw}, {"pi_low_raw", m->pi_low_raw},
        {"pi_high_raw", m->pi_high_raw}};
    for (size_t k = 0; k < sizeof nums / sizeof nums[0]; k++) json_num(j, o, nums[k].k, nums[k].v);
    json_year(j, o, "target_year", m->target_year);
    json_bool(j, o, "target_is_default", ind->target_is_default);
    json_str(j, o, "direction", direction_key(ind));
    json_year(j, o, "projection_year", m->projection_year);
    json_bool(j, o, "clamped", m->clamped);
    json_year(j, o, "reach_year", m->reach_year);
    json_bool(j, o, "stale", m->stale);
    json_str(j, o, "status", msg_status_key(m->status));
    json_int(j, o, "years", (double)m->nyears);
    json_bool(j, o, "level_met", m->level_met);
    json_str(j, o, "pace", msg_status_key(m->pace));
    json_num(j, o, "p_met", m->p_met);
    json_num(j, o, "progress_ratio", m->progress_ratio);
    json_year(j, o, "judged_year", m->judged_year);
    json_num(j, o, "judged_value", m->judged_value);
    json_num(j, o, "widen", m->widen);
    json_num(j, o, "damp", m->damp);
    json_num(j, o, "band_min", ind->maintain ? ind->band_min : NAN);
    json_num(j, o, "band_max", ind->maintain ? ind->band_max : NAN);
    json_year(j, o, "last_month", m->n ? m->last_month : 0);
    const struct { const char *k; double v; } sc[] = {
        {"importance", m->importance}, {"urgency", m->urgency},
        {"importance_weight_term", m->t_weight}, {"importance_gap_term", m->t_gap},
        {"urgency_status_term", m->t_status}, {"urgency_decline_term", m->t_decline},
        {"urgency_deadline_term", m->t_deadline}, {"urgency_age_term", m->t_age},
        {"decline", m->decline}};
    for (size_t k = 0; k < sizeof sc / sizeof sc[0]; k++) json_num(j, o, sc[k].k, sc[k].v);
    json_str(j, o, "quadrant", msg_quadrant_key(m->quadrant));
    json_comment(j, o, ri, i, m);
    /* Every point, so that the next period can tell new from revised. */
    cJSON *pts = jchk(j, cJSON_AddArrayToObject(o, "points"));
    const series *s = series_at(ri->series, e, i);
    for (size_t k = 0; pts && s && k < s->n && !j->failed; k++) {
        cJSON *pt = jchk(j, cJSON_CreateObject());
        json_int(j, pt, "year", s->pts[k].year);
        json_year(j, pt, "month", s->pts[k].month);
        json_num(j, pt, "value", s->pts[k].value);
        jattach(j, pts, NULL, pt);
    }
    return o;
}

static cJSON *json_rollup(jctx *j, const analyze_rollup *u)
{
    cJSON *o = jchk(j, cJSON_CreateObject());
    if (!o) return NULL;
    json_num(j, o, "index", u->index);
    json_num(j, o, "weight", u->weight);
    json_int(j, o, "with_data", (double)u->with_data);
    json_int(j, o, "total", (double)u->total);
    json_year(j, o, "latest_year_min", u->year_min);
    json_year(j, o, "latest_year_max", u->year_max);
    cJSON *c = jchk(j, cJSON_AddObjectToObject(o, "status_counts"));
    for (int s = 0; c && s < ANALYZE_NSTATUS; s++)
        json_int(j, c, msg_status_key((analyze_status)s), (double)u->counts[s]);
    return o;
}

static cJSON *json_plan_counts(jctx *j, const plan *p)
{
    cJSON *o = jchk(j, cJSON_CreateObject());
    if (!o) return NULL;
    const struct { const char *k; size_t v; } c[] = {
        {"ejes", p->naxes}, {"objetivos", p->nobjectives},
        {"subobjetivos", plan_count_subobjectives(p)}, {"dimensiones", p->ndimensions},
        {"politicas", p->npolicies}, {"secretarias", p->nsecretariats},
        {"programas", plan_count_programs(p)}, {"indicadores", p->nindicators},
        {"valores", p->nvalues}};
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) json_int(j, o, c[k].k, (double)c[k].v);
    return o;
}

/* The whole document, or NULL when memory ran out anywhere in it. */
static cJSON *json_document(const report_input *ri)
{
    const plan *p = ri->plan;
    jctx jc = {0}, *j = &jc;
    cJSON *doc = cJSON_CreateObject();
    if (!doc) return NULL;
    char period[16];
    tb_period_str(period, ri->period_year, ri->period_month);
    json_str(j, doc, "tablero_version", ri->version ? ri->version : "");
    json_str(j, doc, "period", period);
    json_str(j, doc, "city", p->city ? p->city : "");
    jattach(j, doc, "plan", json_plan_counts(j, p));
    cJSON *rules = jchk(j, cJSON_AddObjectToObject(doc, "rules"));
    if (rules) {
        json_num(j, rules, "default_target", p->default_target);
        json_year(j, rules, "default_target_year", p->default_target_year);
        json_int(j, rules, "min_points_interval", p->rules.min_points_interval);
        json_num(j, rules, "max_interval_width", p->rules.max_interval_width);
        json_int(j, rules, "stale_years", p->rules.stale_years);
        json_int(j, rules, "reach_horizon_years", p->rules.reach_horizon_years);
        json_num(j, rules, "confidence", p->rules.confidence);
        json_num(j, rules, "target_tolerance", p->rules.target_tolerance);
        json_num(j, rules, "maintain_band", p->rules.maintain_band);
        json_str(j, rules, "projection_model", p->rules.projection_logit ? "logit" : "lineal");
        json_str(j, rules, "progress_method", p->rules.progress_sdg ? "ods" : "probabilidad");
        json_int(j, rules, "min_years_trend", p->rules.min_years_trend);
        json_int(j, rules, "window_years", p->rules.window_years);
        json_num(j, rules, "p_on_track", p->rules.p_on_track);
        json_num(j, rules, "p_off_track", p->rules.p_off_track);
        json_num(j, rules, "min_sd", p->rules.min_sd);
        json_int(j, rules, "calibration_min_checks", p->rules.calib_min_checks);
    }
    const analyze_backtest *bt = &ri->res->backtest;
    cJSON *bto = jchk(j, cJSON_AddObjectToObject(doc, "backtest"));
    if (bto) {
        json_int(j, bto, "checks", (double)bt->checks);
        json_num(j, bto, "coverage", bt->checks ? (double)bt->covered / (double)bt->checks : NAN);
        json_num(j, bto, "coverage_widened",
                 bt->checks ? (double)bt->covered_widened / (double)bt->checks : NAN);
        json_num(j, bto, "mae", bt->mae);
        json_bool(j, bto, "calibrated", bt->calibrated);
        json_num(j, bto, "widen", bt->widen);
        json_bool(j, bto, "damping_learnt", bt->damp_learnt);
        json_num(j, bto, "damping_default", ANALYZE_DAMP_DEFAULT);
        json_int(j, bto, "on_track_calls", (double)bt->on_calls);
        json_int(j, bto, "on_track_met", (double)bt->on_hits);
        json_int(j, bto, "off_track_calls", (double)bt->off_calls);
        json_int(j, bto, "off_track_met", (double)bt->off_hits);
        cJSON *hs = jchk(j, cJSON_AddArrayToObject(bto, "by_horizon"));
        for (int h = 1; hs && h <= ANALYZE_BT_MAXH; h++) {
            if (!bt->h_checks[h]) continue;
            cJSON *ho = jchk(j, cJSON_CreateObject());
            json_int(j, ho, "horizon", h);
            json_int(j, ho, "checks", (double)bt->h_checks[h]);
            json_num(j, ho, "coverage", (double)bt->h_covered[h] / (double)bt->h_checks[h]);
            json_num(j, ho, "coverage_widened",
                     (double)bt->h_covered_widened[h] / (double)bt->h_checks[h]);
            json_num(j, ho, "widen", analyze_backtest_widen(bt, h));
            json_num(j, ho, "damping", analyze_backtest_damp(bt, h));
            jattach(j, hs, NULL, ho);
        }
    }
    cJSON *pc = bto ? jchk(j, cJSON_AddArrayToObject(bto, "p_calibration")) : NULL;
    if (bto) json_bool(j, bto, "p_calibrated", bt->p_calibrated);
    if (pc) json_bins(j, pc, bt->p_n, bt->p_hits, bt->p_rate);
    cJSON *pg = bto ? jchk(j, cJSON_AddArrayToObject(bto, "p_calibration_by_horizon")) : NULL;
    for (int g = 0; pg && g < ANALYZE_BT_PGROUPS; g++) {
        cJSON *go = jchk(j, cJSON_CreateObject());
        json_int(j, go, "horizon_min", g + 1);
        /* the last group is open-ended */
        json_num(j, go, "horizon_max", g + 1 < ANALYZE_BT_PGROUPS ? g + 1 : NAN);
        json_bool(j, go, "calibrated", bt->ph_calibrated[g]);
        cJSON *gb = go ? jchk(j, cJSON_AddArrayToObject(go, "bins")) : NULL;
        if (gb) json_bins(j, gb, bt->ph_n[g], bt->ph_hits[g], bt->ph_rate[g]);
        jattach(j, pg, NULL, go);
    }
    json_int(j, doc, "all_stale_until", ri->res->all_stale_year);
    cJSON *scores = jchk(j, cJSON_AddObjectToObject(doc, "scores"));
    if (scores) {
        const plan_scores *sc = &p->scores;
        const struct { const char *k; double v; } w[] = {
            {"importance_weight_plan", sc->w_weight}, {"importance_weight_gap", sc->w_gap},
            {"gap_reference", sc->gap_ref}, {"unknown_gap", sc->unknown_gap},
            {"importance_threshold", sc->importance_threshold},
            {"urgency_weight_status", sc->w_status}, {"urgency_weight_decline", sc->w_decline},
            {"urgency_weight_deadline", sc->w_deadline}, {"urgency_weight_age", sc->w_age},
            {"decline_reference", sc->decline_ref}, {"deadline_horizon", sc->deadline_horizon},
            {"age_reference", sc->age_ref}, {"urgency_threshold", sc->urgency_threshold}};
        for (size_t k = 0; k < sizeof w / sizeof w[0]; k++) json_num(j, scores, w[k].k, w[k].v);
        cJSON *st = jchk(j, cJSON_AddObjectToObject(scores, "status_scores"));
        for (int k = 0; st && k < ANALYZE_NSTATUS; k++)
            json_num(j, st, msg_status_key((analyze_status)k), sc->status[k]);
    }
    cJSON *rows = jchk(j, cJSON_AddArrayToObject(doc, "indicators"));
    cJSON *axes = jchk(j, cJSON_AddArrayToObject(doc, "axes"));
    cJSON *overall = jchk(j, cJSON_AddArrayToObject(doc, "overall"));
    for (size_t e = 0; e < ri->series->nentities && !j->failed; e++) {
        for (size_t i = 0; i < p->nindicators && !j->failed; i++)
            jattach(j, rows, NULL, json_row(j, ri, e, i));
        for (size_t a = 0; a < p->naxes && !j->failed; a++) {
            cJSON *o = json_rollup(j, &ri->res->axis[e * p->naxes + a]);
            json_str(j, o, "municipio", ri->series->entities[e]);
            json_str(j, o, "eje", p->axes[a].name);
            jattach(j, axes, NULL, o);
        }
        cJSON *o = json_rollup(j, &ri->res->overall[e]);
        json_str(j, o, "municipio", ri->series->entities[e]);
        jattach(j, overall, NULL, o);
    }
    cJSON *rollups = jchk(j, cJSON_AddArrayToObject(doc, "rollups"));
    for (size_t e = 0; rollups && e < ri->series->nentities && !j->failed; e++)
        for (int l = 0; l < ANALYZE_NLEVELS; l++)
            for (size_t k = 0; k < ri->res->nlevel[l] && !j->failed; k++) {
                const char *id, *name;
                analyze_group_names(p, (analyze_level)l, k, &id, &name);
                cJSON *o = json_rollup(j, analyze_rollup_at(ri->res, (analyze_level)l, e, k));
                json_str(j, o, "nivel", analyze_level_keys[l]);
                json_str(j, o, "municipio", ri->series->entities[e]);
                json_str(j, o, "id", id);
                json_str(j, o, "nombre", name);
                jattach(j, rollups, NULL, o);
            }
    if (j->failed) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

int export_metrics_json(const report_input *ri, tb_buf *out, tb_error *err)
{
    cJSON *doc = json_document(ri);
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (!text) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    tb_buf_puts(out, text);
    tb_buf_puts(out, "\n");
    free(text);
    if (out->failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
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
    tb_buf_printf(b, ",%zu,%zu", u->with_data, u->total);
    for (int s = 0; s < ANALYZE_NSTATUS; s++) tb_buf_printf(b, ",%zu", u->counts[s]);
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
