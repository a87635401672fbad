/* jsonw.c - see jsonw.h. The layout is cJSON 1.7's print_object and
 * print_array with formatting on: "{\n", members at depth tabs joined by
 * ",\n", "\n" and depth - 1 tabs before "}" ("{\n}" when empty at the
 * root); "[", elements joined by ", ", "]". */
#include "jsonw.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void jsonw_init(jsonw *w, tb_buf *b)
{
    memset(w, 0, sizeof *w);
    w->b = b;
}

static void put_tabs(tb_buf *b, int n)
{
    static const char tabs[] = "\t\t\t\t\t\t\t\t";
    while (n > 0) {
        int k = n > 8 ? 8 : n;
        tb_buf_append(b, tabs, (size_t)k);
        n -= k;
    }
}

/* Bytes of s before the first one a JSON string escapes (or its end). */
static size_t plain_len(const unsigned char *s)
{
    size_t n = 0;
    while (s[n] >= 32 && s[n] != '"' && s[n] != '\\') n++;
    return n;
}

void jsonw_put_string(tb_buf *b, const char *s)
{
    static const char hexd[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)(s ? s : ""), *run = p;
    size_t plain = plain_len(p);
    if (!p[plain]) {
        /* nothing to escape (nearly every string): one write in place */
        char *o = tb_buf_extend(b, plain + 2);
        if (!o) return;
        o[0] = '"';
        memcpy(o + 1, p, plain);
        o[plain + 1] = '"';
        return;
    }
    tb_buf_append(b, "\"", 1);
    for (;; p++) {
        unsigned char c = *p;
        if (c >= 32 && c != '"' && c != '\\') continue;
        tb_buf_append(b, run, (size_t)(p - run));
        if (!c) break;
        char e[6] = {'\\', 0, 0, 0, 0, 0};
        size_t n = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            memcpy(e + 1, "u00", 3);
            e[4] = hexd[c >> 4];
            e[5] = hexd[c & 15];
            n = 6;
        }
        tb_buf_append(b, e, n);
        run = p + 1;
    }
    tb_buf_append(b, "\"", 1);
}

/* cJSON's print_number (Debian's 1.7.15): %1.15g, or %1.17g when that
 * does not read back within DBL_EPSILON (relative); -0 stays "-0". */
void jsonw_put_number(tb_buf *b, double d)
{
    char num[32];
    if (isnan(d) || isinf(d)) {
        snprintf(num, sizeof num, "null");
    } else if (d == floor(d) && fabs(d) < 1e15 && !(d == 0 && signbit(d))) {
        /* a whole number under 10^15 (counts, years): %1.15g prints its
         * digits, and they read back; written without printf */
        long long v = (long long)d;
        unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
        char *o = num;
        if (v < 0) *o++ = '-';
        *tb_put_uint(o, u) = '\0';
    } else {
        snprintf(num, sizeof num, "%1.15g", d);
        double back = 0.0;
        int ok = sscanf(num, "%lg", &back) == 1;
        double big = fabs(back) > fabs(d) ? fabs(back) : fabs(d);
        if (!ok || !(fabs(back - d) <= big * DBL_EPSILON)) snprintf(num, sizeof num, "%1.17g", d);
    }
    tb_buf_puts(b, num);
}

/* Before a value: the separator from the previous member, and the key. */
static void begin_value(jsonw *w, const char *key)
{
    if (w->depth == 0) return;   /* the root */
    int d = w->depth - 1;
    if (w->is_array[d]) {
        if (w->count[d]) tb_buf_append(w->b, ", ", 2);
    } else {
        const unsigned char *k = (const unsigned char *)(key ? key : "");
        size_t kl = plain_len(k);
        if (!k[kl]) {
            /* a key with nothing to escape: separator, tabs, key and
             * ":\t" in one write in place */
            size_t sep = w->count[d] ? 2 : 0, tabs = (size_t)w->depth;
            char *o = tb_buf_extend(w->b, sep + tabs + kl + 4);
            if (o) {
                memcpy(o, ",\n", sep);
                memset(o + sep, '\t', tabs);
                o += sep + tabs;
                o[0] = '"';
                memcpy(o + 1, k, kl);
                memcpy(o + 1 + kl, "\":\t", 3);
            }
        } else {
            if (w->count[d]) tb_buf_append(w->b, ",\n", 2);
            put_tabs(w->b, w->depth);
            jsonw_put_string(w->b, key);
            tb_buf_append(w->b, ":\t", 2);
        }
    }
    w->count[d]++;
}

static void jw_open(jsonw *w, const char *key, int array)
{
    begin_value(w, key);
    if (w->depth >= JSONW_MAX_DEPTH) {
        w->failed = 1;
        return;
    }
    w->is_array[w->depth] = (unsigned char)array;
    w->count[w->depth] = 0;
    w->depth++;
    tb_buf_append(w->b, array ? "[" : "{\n", array ? 1 : 2);
}

void jsonw_object(jsonw *w, const char *key)
{
    jw_open(w, key, 0);
}

void jsonw_array(jsonw *w, const char *key)
{
    jw_open(w, key, 1);
}

void jsonw_end(jsonw *w)
{
    if (w->depth == 0) {
        w->failed = 1;
        return;
    }
    int d = --w->depth;
    if (w->is_array[d]) {
        tb_buf_append(w->b, "]", 1);
        return;
    }
    if (w->count[d]) tb_buf_append(w->b, "\n", 1);
    put_tabs(w->b, d);
    tb_buf_append(w->b, "}", 1);
}

void jsonw_str(jsonw *w, const char *key, const char *v)
{
    begin_value(w, key);
    jsonw_put_string(w->b, v);
}

void jsonw_number(jsonw *w, const char *key, double v)
{
    begin_value(w, key);
    jsonw_put_number(w->b, v);
}

void jsonw_raw(jsonw *w, const char *key, const char *text)
{
    begin_value(w, key);
    tb_buf_puts(w->b, text);
}

void jsonw_null(jsonw *w, const char *key)
{
    begin_value(w, key);
    tb_buf_append(w->b, "null", 4);
}

void jsonw_bool(jsonw *w, const char *key, int v)
{
    begin_value(w, key);
    tb_buf_puts(w->b, v ? "true" : "false");
}
