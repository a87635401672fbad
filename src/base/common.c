/* common.c - error values, checked allocation and a growable buffer. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>   /* malloc_trim */
#endif

#include "text.h"

void tb_error_clear(tb_error *e)
{
    memset(e, 0, sizeof *e);
}

/* A truncated message must stay valid UTF-8 (it goes to a terminal, a
 * JSON manifest, a PDF): drop a multi-byte sequence cut at the end. */
static void utf8_cut(char *s)
{
    size_t n = strlen(s), k = n;
    while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {
        unsigned char lead = (unsigned char)s[k - 1];
        size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (n - (k - 1) < want) s[k - 1] = '\0';
    }
}

int tb_error_set(tb_error *e, int code, const char *file, long line, long col,
                 const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    int nf = snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    if (nf >= (int)sizeof e->file) utf8_cut(e->file);
    e->line = line;
    e->col = col;
    e->cellref = 0;
    va_list ap;
    va_start(ap, fmt);
    int nm = vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    if (nm >= (int)sizeof e->msg) utf8_cut(e->msg);
    return code;
}

const char *tb_where(char *buf, size_t cap, const char *file, long line, long col,
                     int cellref)
{
    if (cellref && line > 0 && col > 0) {
        /* Column letters: bijective base 26 ("A".."Z", "AA"...). */
        char letters[16];
        size_t k = sizeof letters - 1;
        letters[k] = '\0';
        for (long c = col; c > 0 && k > 0; c = (c - 1) / 26)
            letters[--k] = (char)('A' + (c - 1) % 26);
        snprintf(buf, cap, "%s!%s%ld", file, letters + k, line);
    } else if (line > 0 && col > 0) {
        snprintf(buf, cap, "%s:%ld:%ld", file, line, col);
    } else if (line > 0) {
        snprintf(buf, cap, "%s:%ld", file, line);
    } else {
        snprintf(buf, cap, "%s", file);
    }
    return buf;
}

void tb_errlist_init(tb_errlist *l, size_t max)
{
    memset(l, 0, sizeof *l);
    l->max = max;
}

void tb_errlist_fini(tb_errlist *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

int tb_errlist_add(tb_errlist *l, const tb_error *e)
{
    if (l->n >= l->max) {
        l->dropped++;
        return 0;
    }
    tb_error *items = tb_grow(l->items, l->n, &l->cap, sizeof *items, 16);
    if (!items) {
        l->dropped++;
        return -1;
    }
    l->items = items;
    l->items[l->n++] = *e;
    return 0;
}

_Noreturn void tb_assert_fail(const char *expr, const char *file, int line)
{
    fprintf(stderr, "tablero: %s:%d: invariante rota: %s\n", file, line, expr);
    abort();
}

void *tb_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    if (n * size == 0) {
        /* realloc(p, 0) is implementation-defined; keep one byte instead. */
        return realloc(p, 1);
    }
    return realloc(p, n * size);
}

void tb_give_back_memory(void)
{
#ifdef __GLIBC__
    (void)malloc_trim(0);
#endif
}

void *tb_grow(void *arr, size_t n, size_t *cap, size_t size, size_t first)
{
    if (n < *cap) return arr;
    size_t ncap = *cap ? *cap * 2 : first;
    void *p = tb_reallocarray(arr, ncap, size);
    if (p) *cap = ncap;
    return p;
}

/* "00".."99", for tb_put_uint's two digits a step. */
#define TB_PAIR(n) (char)('0' + (n) / 10), (char)('0' + (n) % 10)
#define TB_PAIR10(n) TB_PAIR(n), TB_PAIR((n) + 1), TB_PAIR((n) + 2), TB_PAIR((n) + 3), \
                     TB_PAIR((n) + 4), TB_PAIR((n) + 5), TB_PAIR((n) + 6), TB_PAIR((n) + 7), \
                     TB_PAIR((n) + 8), TB_PAIR((n) + 9)
static const char tb_digit_pairs[200] = {
    TB_PAIR10(0),  TB_PAIR10(10), TB_PAIR10(20), TB_PAIR10(30), TB_PAIR10(40),
    TB_PAIR10(50), TB_PAIR10(60), TB_PAIR10(70), TB_PAIR10(80), TB_PAIR10(90)};

/* The digits are counted first and written from the end, two at a time:
 * most values here (object numbers, generation 0, MCIDs) have one to
 * four digits. */
char *tb_put_uint(char *out, unsigned long long v)
{
    if (v < 10) {
        *out = (char)('0' + v);
        return out + 1;
    }
    unsigned n = 2;
    for (unsigned long long p = 100; n < 20 && v >= p; p *= 10) n++;
    char *e = out + n;
    while (v >= 100) {
        e -= 2;
        memcpy(e, tb_digit_pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) {
        e -= 2;
        memcpy(e, tb_digit_pairs + 2 * v, 2);
    } else {
        *--e = (char)('0' + v);
    }
    return out + n;
}

char *tb_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *tb_strdup(const char *s)
{
    return s ? tb_strndup(s, strlen(s)) : NULL;
}

void tb_buf_init(tb_buf *b)
{
    memset(b, 0, sizeof *b);
}

void tb_buf_fini(tb_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(tb_buf *b, size_t extra)
{
    if (b->failed) return -1;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = 1;
        return -1;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return 0;
    size_t ncap = b->cap ? b->cap : 256;
    while (ncap < need) ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    char *p = realloc(b->data, ncap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = ncap;
    return 0;
}

void tb_buf_append(tb_buf *b, const void *p, size_t n)
{
    if (buf_reserve(b, n)) return;
    if (n) memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void tb_buf_puts(tb_buf *b, const char *s)
{
    tb_buf_append(b, s, strlen(s));
}

void tb_buf_printf(tb_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        tb_buf_append(b, small, (size_t)n);
        return;
    }
    if (buf_reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Keeps ASCII letters, digits and '-' and whole sequences of non-ASCII
 * UTF-8 (text_fold leaves letters only; its output is valid UTF-8);
 * everything else, '/' and '.' among it, goes. */
static size_t slug_filter(const char *f, char *out, size_t cap)
{
    size_t k = 0;
    for (const unsigned char *c = (const unsigned char *)f; *c;) {
        size_t len = 1;
        if (*c >= 0xF0) len = 4;
        else if (*c >= 0xE0) len = 3;
        else if (*c >= 0xC0) len = 2;
        int keep = *c >= 0xC0 || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                   (*c >= '0' && *c <= '9') || *c == '-' || *c == ' ';
        size_t avail = 0;
        while (avail < len && c[avail]) avail++;
        if (keep && avail == len && k + len < cap) {
            for (size_t i = 0; i < len; i++) out[k++] = c[i] == ' ' ? '-' : (char)c[i];
        } else if (keep && avail == len) {
            break;   /* full: never half a character */
        }
        c += avail;
    }
    out[k] = '\0';
    return k;
}

int tb_slug(const char *name, const char *fallback, char *out, size_t cap)
{
    TB_ASSERT(cap > 0);
    out[0] = '\0';
    const char *tries[] = {name ? name : "", fallback ? fallback : ""};
    for (size_t t = 0; t < 2; t++) {
        char *f = text_fold(tries[t]);
        /* NULL is "not UTF-8" (try the next) or "out of memory" */
        if (!f && text_utf8_valid(tries[t], strlen(tries[t]))) return TB_EX_OSERR;
        size_t k = f ? slug_filter(f, out, cap) : 0;
        free(f);
        if (k) return 0;
    }
    snprintf(out, cap, "%s", "sin-nombre");
    return 0;
}

int tb_parse_year_month(const char *s, int year_min, int year_max, int *year, int *month)
{
    if (!s || strlen(s) != 7 || s[4] != '-') return 0;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9')) return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12 || y < year_min || y > year_max) return 0;
    *year = y;
    *month = m;
    return 1;
}

uint64_t tb_fnv1a(const void *p, size_t n)
{
    const unsigned char *b = p;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

char *tb_period_str(char *buf, int year, int month)
{
    /* the casts bound what %d may print, so the buffer always suffices */
    snprintf(buf, TB_PERIOD_LEN + 1, "%04u-%02u", (unsigned)year % 10000u, (unsigned)month % 100u);
    return buf;
}
