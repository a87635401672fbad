/* ingest.c - indicator CSVs to observations. Each CSV streams through
 * csvread (decoded and split as it is read, never whole in memory) and is
 * interpreted as a wide table (one column per year) or a long one (area,
 * year, value rows). Every data problem of a file is collected before
 * failing, and a failed file leaves the set as it was before it. */
#include "ingest.h"

#include <nettle/sha2.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "csvread.h"
#include "es/ingest.h"
#include "es/sheet.h"
#include "sheet.h"
#include "text.h"

/* Longest excerpt of a cell quoted in a message, in bytes. */
#define CLIP_MAX 60

void ingest_set_init(ingest_set *s)
{
    memset(s, 0, sizeof *s);
}

/* Drops observations and sources added after the given counts. */
static void set_truncate(ingest_set *s, size_t nobs, size_t nsources)
{
    if (s->nobs > nobs) s->nobs = nobs;
    while (s->nruns > 0 && s->runs[s->nruns - 1].first >= s->nobs) s->nruns--;
    while (s->nsources > nsources) {
        s->nsources--;
        free(s->sources[s->nsources].path);
        free(s->sources[s->nsources].sheet);
    }
}

void ingest_set_fini(ingest_set *s)
{
    set_truncate(s, 0, 0);
    ingest_set_release_obs(s);
    free(s->sources);
    memset(s, 0, sizeof *s);
}

void ingest_set_release_obs(ingest_set *s)
{
    for (size_t i = 0; i < s->capstrs; i++) free(s->strs[i]);
    free(s->strs);
    free(s->vals);
    free(s->runs);
    s->strs = NULL;
    s->vals = NULL;
    s->runs = NULL;
    s->nstrs = s->capstrs = s->nobs = s->capvals = s->nruns = s->capruns = 0;
}

void ingest_obs_get(const ingest_set *s, size_t k, ingest_obs *out)
{
    TB_ASSERT(k < s->nobs && s->nruns > 0 && s->nsources > 0);
    /* the last run, and the last source, that starts at or before k */
    size_t lo = 0, hi = s->nruns;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->runs[mid].first <= k) lo = mid;
        else hi = mid;
    }
    const ingest_run *r = &s->runs[lo];
    size_t slo = 0, shi = s->nsources;
    while (shi - slo > 1) {
        size_t mid = slo + (shi - slo) / 2;
        if (s->sources[mid].first_obs <= k) slo = mid;
        else shi = mid;
    }
    const ingest_val *v = &s->vals[k];
    *out = (ingest_obs){.entity = r->entity, .area = r->area, .value = v->value,
                        .source = slo, .line = r->line0 + v->dline, .col = v->col,
                        .area_col = s->sources[slo].area_col, .year = v->year,
                        .month = v->month};
}

/* FNV-1a over n bytes. */
static size_t str_hash(const char *p, size_t n)
{
    uint64_t h = tb_fnv1a(p, n);
    return (size_t)(h ^ (h >> 32));
}

/* Slot of s[0..n) in a table of cap slots (a power of two): where it is,
 * or the empty slot where it would go. */
static size_t str_slot(char *const *tab, size_t cap, const char *str, size_t n)
{
    size_t i = str_hash(str, n) & (cap - 1);
    while (tab[i] && (strncmp(tab[i], str, n) || tab[i][n] != '\0')) i = (i + 1) & (cap - 1);
    return i;
}

const char *ingest_intern(ingest_set *s, const char *str, size_t n)
{
    if (s->capstrs) {
        size_t i = str_slot(s->strs, s->capstrs, str, n);
        if (s->strs[i]) return s->strs[i];
    }
    if (2 * (s->nstrs + 1) > s->capstrs) {
        size_t ncap = s->capstrs ? 2 * s->capstrs : 64;
        char **nt = calloc(ncap, sizeof *nt);
        if (!nt) return NULL;
        for (size_t i = 0; i < s->capstrs; i++)
            if (s->strs[i]) nt[str_slot(nt, ncap, s->strs[i], strlen(s->strs[i]))] = s->strs[i];
        free(s->strs);
        s->strs = nt;
        s->capstrs = ncap;
    }
    char *copy = tb_strndup(str, n);
    if (!copy) return NULL;
    s->strs[str_slot(s->strs, s->capstrs, str, n)] = copy;
    s->nstrs++;
    return copy;
}

/* ---- cells ------------------------------------------------------------ */

/* Copies s trimmed into buf[0..cap); returns its length, or cap when s
 * does not fit (no number or year needs that many bytes). */
static size_t trimmed_copy(const char *s, char *buf, size_t cap)
{
    size_t n = strlen(s);
    if (n >= cap) return cap;
    memcpy(buf, s, n + 1);
    return strlen(text_trim(buf));
}

static int ascii_ieq(const char *a, const char *b)
{
    return strcasecmp(a, b) == 0;
}

/* Removes one trailing '%' (and the blanks before it); returns 1 if found. */
static int strip_percent(char *t)
{
    size_t n = strlen(t);
    if (n == 0 || t[n - 1] != '%') return 0;
    t[n - 1] = '\0';
    text_trim(t);
    return 1;
}

static int all_digits(const char *b, const char *e)
{
    if (b == e) return 0;
    for (; b < e; b++)
        if (*b < '0' || *b > '9') return 0;
    return 1;
}

/* Integer part with thousands separators sep: "1.234.567" -> digits only
 * in out. Groups after the first must have exactly 3 digits; the first has
 * 1 to 3. Returns 1 on proper grouping. */
static int ungroup(const char *b, const char *e, char sep, char *out,
                   size_t *olen)
{
    const char *g = b;
    int first = 1;
    for (;;) {
        const char *q = g;
        while (q < e && *q != sep) q++;
        size_t glen = (size_t)(q - g);
        if (!all_digits(g, q)) return 0;
        if (first ? (glen < 1 || glen > 3) : glen != 3) return 0;
        memcpy(out + *olen, g, glen);
        *olen += glen;
        first = 0;
        if (q == e) return 1;
        g = q + 1;
    }
}

ingest_value_kind ingest_parse_value(const char *cell, double *out)
{
    char t[64];
    if (trimmed_copy(cell, t, sizeof t) >= sizeof t) return INGEST_VALUE_BAD;
    int pct = strip_percent(t);
    if (strchr(t, '%')) return INGEST_VALUE_BAD;
    if (strcmp(t, "-") == 0 || strcmp(t, "\xE2\x80\x94") == 0 ||  /* — */
        strcmp(t, "\xE2\x80\x93") == 0)                            /* – */
        return INGEST_VALUE_MISSING;
    if (t[0] == '\0') return pct ? INGEST_VALUE_BAD : INGEST_VALUE_MISSING;
    /* the words for "no value" start with a letter or '#', numbers never */
    if (!pct && (t[0] < '0' || t[0] > '9') && (ascii_ieq(t, "s/d") || ascii_ieq(t, "n/d") ||
                 ascii_ieq(t, "n/a") || ascii_ieq(t, "na") ||
                 ascii_ieq(t, "#n/a") || ascii_ieq(t, "#n/d")))
        return INGEST_VALUE_MISSING;   /* #N/D: Excel's own "no value" */

    /* Build "[-]digits[.digits]" for strtod, which in the C locale (the
     * program never calls setlocale) reads '.' as the decimal point. */
    char clean[80];
    size_t o = 0;
    const char *p = t;
    if (*p == '+' || *p == '-') {
        if (*p == '-') clean[o++] = '-';
        p++;
    }
    const char *e = p + strlen(p);
    size_t npoint = 0, ncomma = 0;
    for (const char *q = p; q < e; q++) {
        if (*q == '.') npoint++;
        else if (*q == ',') ncomma++;
        else if (*q < '0' || *q > '9') return INGEST_VALUE_BAD;
    }
    if (p == e) return INGEST_VALUE_BAD;
    const char *dec = NULL;    /* decimal separator, if any */
    char thousands = 0;
    if (npoint == 0 && ncomma == 0) {
        /* plain integer */
    } else if (npoint + ncomma == 1) {
        dec = strchr(p, npoint ? '.' : ',');
        /* "1.234" is a thousand in Spanish and 1.234 in English: refuse.
         * "1,234" is 1.234 in Spanish and 1234 in English, which is never
         * a percentage, so the comma reads as decimal. */
        size_t ilen = (size_t)(dec - p);
        if (npoint && strlen(dec + 1) == 3 && ilen >= 1 && ilen <= 3 &&
            p[0] != '0' && all_digits(p, dec) && all_digits(dec + 1, e))
            return INGEST_VALUE_AMBIGUOUS;
    } else if (npoint && ncomma) {
        /* Both: the last one is the decimal separator and appears once,
         * the other groups thousands ("1.234,5", "1,234.5"). */
        const char *lp = strrchr(p, '.'), *lc = strrchr(p, ',');
        dec = lp > lc ? lp : lc;
        if ((*dec == '.' ? npoint : ncomma) != 1) return INGEST_VALUE_BAD;
        thousands = *dec == '.' ? ',' : '.';
    } else {
        thousands = npoint ? '.' : ',';   /* "1.234.567": grouping only */
    }
    const char *iend = dec ? dec : e;
    if (thousands) {
        if (!ungroup(p, iend, thousands, clean, &o)) return INGEST_VALUE_BAD;
    } else {
        if (iend > p) {
            if (!all_digits(p, iend)) return INGEST_VALUE_BAD;
            size_t ilen = (size_t)(iend - p);
            memcpy(clean + o, p, ilen);
            o += ilen;
        } else {
            clean[o++] = '0';   /* ",5" */
        }
    }
    if (dec) {
        if (!all_digits(dec + 1, e)) return INGEST_VALUE_BAD;   /* "86," */
        clean[o++] = '.';
        memcpy(clean + o, dec + 1, (size_t)(e - dec - 1));
        o += (size_t)(e - dec - 1);
    }
    clean[o] = '\0';
    char *end = NULL;
    errno = 0;
    double v = strtod(clean, &end);
    if (end != clean + o || errno == ERANGE || !isfinite(v))
        return INGEST_VALUE_BAD;
    if (v == 0) v = 0;   /* "-0" is zero */
    *out = v;
    return INGEST_VALUE_OK;
}

int ingest_parse_year(const char *cell, int *year)
{
    char t[16];
    if (trimmed_copy(cell, t, sizeof t) != 4) return 0;
    if (t[0] < '1' || t[0] > '9' || !all_digits(t, t + 4)) return 0;
    *year = atoi(t);
    return 1;
}

int ingest_parse_period(const char *cell, int *year, int *month)
{
    char t[16];
    size_t n = trimmed_copy(cell, t, sizeof t);
    if (n == 4) {
        *month = 0;
        return ingest_parse_year(t, year);
    }
    return n == 7 && tb_parse_year_month(t, 1000, 9999, year, month);
}

/* ---- one file ---------------------------------------------------------- */

enum { COL_NONE = -1, COL_BAD_YEAR = -2 };

typedef struct file_ctx {
    ingest_set *s;
    const ingest_opts *o;
    tb_errlist *errs;
    const char *path;        /* as messages name it ("x.xlsx:Hoja1" for a sheet) */
    int cellref;             /* lines and columns are a sheet's rows and cells */
    const csvread_record *rec; /* the record being read */
    int no_header;           /* reported a row that is neither title nor header */
    size_t src;              /* index of this file's source */
    size_t nrecords;         /* non-empty records seen */
    size_t nproblems;
    int oom;
    int have_header, gave_up;
    int month;               /* month of the long record being read, 0 = yearly */
    long header_line;
    size_t hdr_n;            /* cells in the header row */
    /* wide: year of each column, 0 for a blank header cell, COL_BAD_YEAR
     * for a rejected one; owned */
    int *years;
    /* long: column indexes (COL_NONE when absent) and header names */
    long c_area, c_year, c_value, c_entity;
    char *h_area, *h_year, *h_entity;   /* owned */
    struct sha256_ctx sha;   /* of a CSV's raw bytes, as they are read */
} file_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void problem(file_ctx *c, long line, long col, const char *fmt, ...)
{
    tb_error e;
    tb_error_clear(&e);
    e.code = TB_EX_DATAERR;
    snprintf(e.file, sizeof e.file, "%s", c->path);
    e.line = line;
    e.col = col;
    e.cellref = c->cellref;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e.msg, sizeof e.msg, fmt, ap);
    va_end(ap);
    c->nproblems++;
    if (tb_errlist_add(c->errs, &e) != 0) c->oom = 1;
}

/* Excerpt of s for a message: at most CLIP_MAX bytes, cut on a character
 * boundary, "…" appended when cut. buf needs CLIP_MAX + 4 bytes. */
static const char *clip(const char *s, char *buf)
{
    size_t n = strlen(s);
    if (n <= CLIP_MAX) return s;
    size_t k = CLIP_MAX;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
    memcpy(buf, s, k);
    memcpy(buf + k, "\xE2\x80\xA6", 4);
    return buf;
}

/* A new run starts when municipality, area or file change, or when the
 * line is too far from the run's first to fit in ingest_val.dline. */
static int add_obs(file_ctx *c, const char *entity, const char *area,
                   int year, double v, long line, long col)
{
    ingest_set *s = c->s;
    ingest_val *vals = tb_grow(s->vals, s->nobs, &s->capvals, sizeof *vals, 256);
    if (!vals) return -1;
    s->vals = vals;
    ingest_run *r = s->nruns ? &s->runs[s->nruns - 1] : NULL;
    /* rows repeat the previous row's strings: compare before hashing */
    if (!r || r->first < s->sources[c->src].first_obs || line < r->line0 ||
        line - r->line0 > UINT16_MAX || strcmp(r->entity, entity) || strcmp(r->area, area)) {
        const char *ie = r && !strcmp(r->entity, entity) ? r->entity
                                                         : ingest_intern(s, entity, strlen(entity));
        const char *ia = r && !strcmp(r->area, area) ? r->area : ingest_intern(s, area, strlen(area));
        if (!ie || !ia) return -1;
        ingest_run *runs = tb_grow(s->runs, s->nruns, &s->capruns, sizeof *runs, 64);
        if (!runs) return -1;
        s->runs = runs;
        r = &s->runs[s->nruns++];
        *r = (ingest_run){.first = s->nobs, .entity = ie, .area = ia, .line0 = line};
    }
    /* year: 4 digits (ingest_parse_year); col: CSVREAD_FIELDS_MAX or a
     * sheet's columns */
    TB_ASSERT(year >= 1000 && year <= 9999 && col >= 1 && col <= UINT16_MAX);
    s->vals[s->nobs++] = (ingest_val){.value = v, .dline = (uint16_t)(line - r->line0),
                                      .col = (uint16_t)col, .year = (int16_t)year,
                                      .month = (uint8_t)c->month};
    s->sources[c->src].nobs++;
    return 0;
}

/* Checks one value cell and records it. cell is trimmed. */
static int take_value(file_ctx *c, const char *entity, const char *area,
                      int year, const char *cell, long line, long col)
{
    char b1[CLIP_MAX + 4], b2[CLIP_MAX + 4];
    double v;
    int kind = c->rec && c->rec->kind && col >= 1 && (size_t)col <= c->rec->n
                   ? c->rec->kind[col - 1] : SHEET_TEXT;
    switch (kind) {
    case SHEET_NUMBER:
        /* Typed by the spreadsheet: no decimal separator to guess. */
        v = c->rec->num[col - 1];
        goto checked;
    case SHEET_BOOL:
        problem(c, line, col, MSG_SHEET_BOOL, cell, clip(area, b2), year);
        return 0;
    case SHEET_DATE:
        problem(c, line, col, MSG_SHEET_DATE_VALUE, clip(area, b2), year);
        return 0;
    case SHEET_NOCACHE:
        problem(c, line, col, MSG_SHEET_NOCACHE, clip(area, b2), year);
        return 0;
    default:
        break;   /* text, empty, formula error: read as a CSV cell */
    }
    switch (ingest_parse_value(cell, &v)) {
    case INGEST_VALUE_MISSING:
        c->s->sources[c->src].nmissing++;
        return 0;
    case INGEST_VALUE_BAD:
        if (cell[0] == '#')
            problem(c, line, col, MSG_INGEST_FORMULA, clip(cell, b1),
                    clip(area, b2), year);
        else
            problem(c, line, col, MSG_INGEST_BAD_VALUE, clip(cell, b1),
                    clip(area, b2), year);
        return 0;
    case INGEST_VALUE_AMBIGUOUS: {
        /* Suggest both readings: without the point, and with a comma. */
        char whole[CLIP_MAX + 4], comma[CLIP_MAX + 4];
        size_t a = 0, k = 0;
        for (const char *q = cell; *q && k < CLIP_MAX; q++) {
            if (*q != '.') whole[a++] = *q;
            comma[k++] = *q == '.' ? ',' : *q;
        }
        whole[a] = comma[k] = '\0';
        problem(c, line, col, MSG_INGEST_AMBIGUOUS, clip(cell, b1),
                clip(area, b2), year, whole, comma);
        return 0;
    }
    case INGEST_VALUE_OK:
        break;
    }
checked:
    if (v < c->o->value_min || v > c->o->value_max) {
        problem(c, line, col, MSG_INGEST_VALUE_RANGE, clip(cell, b1),
                clip(area, b2), year, c->o->value_min, c->o->value_max);
        return 0;
    }
    return add_obs(c, entity, area, year, v, line, col);
}

static const char *default_entity(const file_ctx *c)
{
    return c->o->default_entity ? c->o->default_entity : "";
}

static int key_in(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0) return 1;
    return 0;
}

/* Recognises a long header (area, year and value columns). Cells are
 * trimmed. Returns 1 when recognised, -1 when memory runs out; a header
 * that names two of the three columns is reported (and gives up). */
static int try_long_header(file_ctx *c, char **f, size_t n, long line)
{
    static const char *const k_area[] = {"area", "indicador", "indicator",
                                         "autodiagnostico",
                                         "autodiagnosticos", NULL};
    static const char *const k_year[] = {"ano", "anio", "year", "periodo",
                                         NULL};
    static const char *const k_value[] = {"valor", "value", "porcentaje",
                                          NULL};
    static const char *const k_entity[] = {"municipio", "entity", "entidad",
                                           "municipality", NULL};
    long a = COL_NONE, y = COL_NONE, v = COL_NONE, en = COL_NONE;
    long dup = COL_NONE, dup_of = COL_NONE;
    for (size_t i = 0; i < n; i++) {
        char *k = text_fold(f[i]);
        if (!k) {
            /* f[i] is valid UTF-8 (decoded), so only memory can fail. */
            return -1;
        }
        long *slot = NULL;
        if (key_in(k, k_area)) slot = &a;
        else if (key_in(k, k_year)) slot = &y;
        else if (key_in(k, k_value)) slot = &v;
        else if (key_in(k, k_entity)) slot = &en;
        if (slot && *slot == COL_NONE) *slot = (long)i;
        else if (slot && dup == COL_NONE) {
            dup = (long)i;   /* a second column with the same role */
            dup_of = *slot;
        }
        free(k);
    }
    if (a == COL_NONE || y == COL_NONE || v == COL_NONE) {
        int named = (a != COL_NONE) + (y != COL_NONE) + (v != COL_NONE);
        if (named < 2) return 0;
        problem(c, line, 0, MSG_INGEST_LONG_HDR_MISSING,
                a == COL_NONE   ? MSG_INGEST_COL_AREA
                : y == COL_NONE ? MSG_INGEST_COL_YEAR
                                : MSG_INGEST_COL_VALUE);
        c->gave_up = 1;
        return 0;
    }
    /* two "valor" columns, or "municipio" and "entidad": using the first
     * silently would drop the other's data */
    if (dup != COL_NONE) {
        char b1[CLIP_MAX + 4], b2[CLIP_MAX + 4];
        problem(c, line, dup + 1, MSG_INGEST_LONG_HDR_DUP, clip(f[dup], b1), clip(f[dup_of], b2),
                dup_of + 1);
        c->gave_up = 1;
        return 0;
    }
    c->c_area = a;
    c->c_year = y;
    c->c_value = v;
    c->c_entity = en;
    c->s->sources[c->src].area_col = a + 1;
    c->h_area = tb_strdup(f[a]);
    c->h_year = tb_strdup(f[y]);
    c->h_entity = tb_strdup(en != COL_NONE ? f[en] : "");
    if (!c->h_area || !c->h_year || !c->h_entity) return -1;
    c->s->sources[c->src].shape = INGEST_LONG;
    return 1;
}

/* Recognises a wide header: a label, then years or blank cells. A cell
 * that is not a year is a bad year when at least as many cells are years
 * ("Área;2023;2O22"); more non-years than years is not a wide header.
 * Reports bad, duplicate and out-of-range years. Returns 1, 0, or -1 on
 * memory. */
static int try_wide_header(file_ctx *c, char **f, size_t n, long line)
{
    if (n < 2) return 0;
    size_t nyears = 0, nother = 0;
    int y;
    for (size_t i = 1; i < n; i++) {
        if (f[i][0] == '\0') continue;
        if (ingest_parse_year(f[i], &y)) nyears++;
        else nother++;
    }
    if (nyears == 0 || nother > nyears) return 0;
    c->years = tb_reallocarray(NULL, n, sizeof *c->years);
    if (!c->years) return -1;
    c->years[0] = 0;
    char b[CLIP_MAX + 4];
    for (size_t i = 1; i < n; i++) {
        c->years[i] = 0;
        if (f[i][0] == '\0') continue;
        if (!ingest_parse_year(f[i], &y)) {
            problem(c, line, (long)i + 1, MSG_INGEST_HDR_BAD_YEAR,
                    clip(f[i], b));
            c->years[i] = COL_BAD_YEAR;
            continue;
        }
        if (y < c->o->year_min || y > c->o->year_max) {
            problem(c, line, (long)i + 1, MSG_INGEST_HDR_YEAR_RANGE, f[i],
                    c->o->year_min, c->o->year_max);
            c->years[i] = COL_BAD_YEAR;
            continue;
        }
        c->years[i] = y;
        for (size_t j = 1; j < i; j++) {
            if (c->years[j] == y) {
                problem(c, line, (long)i + 1, MSG_INGEST_HDR_DUP_YEAR, f[i]);
                c->years[i] = COL_BAD_YEAR;
                break;
            }
        }
    }
    c->s->sources[c->src].shape = INGEST_WIDE;
    c->s->sources[c->src].area_col = 1;   /* wide tables name it first */
    return 1;
}

static int wide_row(file_ctx *c, char **f, size_t n, long line)
{
    char b1[CLIP_MAX + 4], b2[CLIP_MAX + 4];
    const char *area = f[0];
    size_t ncols = n > c->hdr_n ? n : c->hdr_n;
    if (area[0] == '\0') {
        /* A row of only "no value" cells without an area is padding. */
        for (size_t j = 1; j < n; j++) {
            double v;
            if (ingest_parse_value(f[j], &v) != INGEST_VALUE_MISSING) {
                problem(c, line, 1, MSG_INGEST_NO_AREA, clip(f[j], b1));
                return 0;
            }
        }
        return 0;
    }
    c->s->sources[c->src].rows++;
    for (size_t j = 1; j < ncols; j++) {
        const char *cell = j < n ? f[j] : "";
        long col = (long)j + 1;
        if (j >= c->hdr_n) {
            if (cell[0] != '\0')
                problem(c, line, col, MSG_INGEST_EXTRA_FIELD, clip(cell, b1),
                        clip(area, b2), col, (long)c->hdr_n);
            continue;
        }
        int year = c->years[j];
        if (year == COL_BAD_YEAR) continue;   /* reported at the header */
        if (year == 0) {
            if (cell[0] != '\0')
                problem(c, line, col, MSG_INGEST_NO_YEAR_COL, clip(cell, b1),
                        clip(area, b2), col);
            continue;
        }
        /* A spreadsheet drops trailing empty cells: they mean no value. */
        if (take_value(c, default_entity(c), area, year, cell, line, col))
            return -1;
    }
    return 0;
}

static int long_row(file_ctx *c, char **f, size_t n, long line)
{
    char b1[CLIP_MAX + 4], b2[CLIP_MAX + 4];
#define CELL(i) ((i) != COL_NONE && (size_t)(i) < n ? f[(i)] : "")
    const char *area = CELL(c->c_area);
    const char *ycell = CELL(c->c_year);
    const char *vcell = CELL(c->c_value);
    const char *entity = c->c_entity != COL_NONE ? CELL(c->c_entity)
                                                 : default_entity(c);
#undef CELL
    c->s->sources[c->src].rows++;
    long need = c->c_area > c->c_year ? c->c_area : c->c_year;
    if (c->c_value > need) need = c->c_value;
    if ((long)n <= need) {
        /* Spreadsheets pad rows; a short one was edited by hand. */
        problem(c, line, (long)n + 1, MSG_INGEST_SHORT_ROW,
                clip(n > 0 ? f[0] : "", b1), n, (size_t)c->hdr_n);
        return 0;
    }
    for (size_t j = c->hdr_n; j < n; j++)
        if (f[j][0] != '\0')
            problem(c, line, (long)j + 1, MSG_INGEST_EXTRA_FIELD,
                    clip(f[j], b1), clip(area, b2), (long)j + 1,
                    (long)c->hdr_n);
    if (area[0] == '\0') {
        problem(c, line, c->c_area + 1, MSG_INGEST_LONG_NO_AREA,
                clip(c->h_area, b1));
        return 0;
    }
    int year;
    if (ycell[0] == '\0') {
        problem(c, line, c->c_year + 1, MSG_INGEST_LONG_NO_YEAR,
                clip(area, b1), clip(c->h_year, b2));
        return 0;
    }
    if (!ingest_parse_period(ycell, &year, &c->month)) {
        problem(c, line, c->c_year + 1, MSG_INGEST_BAD_YEAR, clip(ycell, b1),
                clip(area, b2));
        return 0;
    }
    if (year < c->o->year_min || year > c->o->year_max) {
        problem(c, line, c->c_year + 1, MSG_INGEST_YEAR_RANGE,
                clip(ycell, b1), clip(area, b2), c->o->year_min,
                c->o->year_max);
        return 0;
    }
    if (entity[0] == '\0' && c->c_entity != COL_NONE) {
        problem(c, line, c->c_entity + 1, MSG_INGEST_NO_ENTITY,
                clip(area, b1), year, clip(c->h_entity, b2));
        return 0;
    }
    return take_value(c, entity, area, year, vcell, line, c->c_value + 1);
}

static int nonblank_count(char **f, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        if (f[i][0] != '\0') k++;
    return k;
}

static int on_record(const csvread_record *rec, void *ud, tb_error *err)
{
    file_ctx *c = ud;
    char **f = rec->fields;
    size_t n = rec->n;
    /* Fields are ours to rewrite during the call (csvread.h). */
    for (size_t i = 0; i < n; i++) text_trim(f[i]);
    c->nrecords++;
    c->rec = rec;
    if (c->gave_up) return 0;
    int r = 0;
    if (!c->have_header) {
        r = try_long_header(c, f, n, rec->line);
        if (r == 0 && !c->gave_up) r = try_wide_header(c, f, n, rec->line);
        if (r == 1) {
            c->have_header = 1;
            c->header_line = rec->line;
            c->hdr_n = n;
            r = 0;
        } else if (r == 0 && !c->gave_up && nonblank_count(f, n) > 1) {
            /* Not a title line either: the table cannot be interpreted. */
            char b[CLIP_MAX + 4];
            problem(c, rec->line, 1, MSG_INGEST_NO_HEADER, clip(f[0], b));
            c->gave_up = 1;
            c->no_header = 1;
        }
    } else if (c->years) {
        r = wide_row(c, f, n, rec->line);
    } else {
        r = long_row(c, f, n, rec->line);
    }
    if (r < 0 || c->oom)
        return tb_error_set(err, TB_EX_OSERR, c->path, rec->line, 0,
                            MSG_CSV_NOMEM);
    return 0;
}

static int add_source(ingest_set *s, const char *path, size_t *idx)
{
    ingest_source *srcs = tb_grow(s->sources, s->nsources, &s->capsources, sizeof *srcs, 8);
    if (!srcs) return -1;
    s->sources = srcs;
    ingest_source src = {0};
    src.first_obs = s->nobs;
    src.area_col = 1;
    src.path = tb_strdup(path);
    if (!src.path) return -1;
    *idx = s->nsources;
    s->sources[s->nsources++] = src;
    return 0;
}

/* Data problems live only in the list (main prints err too when it is
 * set), so one that ends the file early moves there from err. */
static int file_failed(tb_errlist *errs, tb_error *err, int rc)
{
    if (rc != TB_EX_DATAERR) return rc;
    int full = tb_errlist_add(errs, err) != 0;
    tb_error_clear(err);
    return full ? tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, MSG_CSV_NOMEM)
                : rc;
}

static void ctx_free(file_ctx *c)
{
    free(c->years);
    free(c->h_area);
    free(c->h_year);
    free(c->h_entity);
    c->years = NULL;
    c->h_area = c->h_year = c->h_entity = NULL;
}

/* Checks that end a table (empty, no header, no data rows) and frees the
 * context's buffers. Returns rc, or the code the file ends with. */
static int ctx_finish(file_ctx *c, int rc, tb_error *err)
{
    ingest_set *s = c->s;
    if (rc == TB_EX_DATAERR) {
        /* Malformed CSV: what was found so far plus the syntax error. */
        problem(c, err->line, err->col, "%s", err->msg);
        tb_error_clear(err);
        rc = 0;
    } else if (rc == 0) {
        if (c->nrecords == 0) {
            problem(c, 1, 0, MSG_INGEST_EMPTY);
        } else if (!c->have_header && !c->gave_up) {
            problem(c, 1, 0, MSG_INGEST_ONLY_PREAMBLE);
        } else if (c->have_header && s->sources[c->src].rows == 0 &&
                   c->nproblems == 0) {
            problem(c, c->header_line, 0, MSG_INGEST_NO_DATA);
        }
    }
    ctx_free(c);
    if (rc == 0 && c->oom)
        rc = tb_error_set(err, TB_EX_OSERR, c->path, 0, 0, MSG_CSV_NOMEM);
    if (rc == 0 && c->nproblems > 0) rc = TB_EX_DATAERR;
    return rc;
}

static void ctx_init(file_ctx *c, ingest_set *s, const char *label, const ingest_opts *o,
                     tb_errlist *errs)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->o = o;
    c->errs = errs;
    c->path = label;
    c->c_area = c->c_year = c->c_value = c->c_entity = COL_NONE;
}

/* Every raw byte read, for the source's digest: the manifest certifies
 * these very bytes, not a second read of the file at the end of the run. */
static void on_raw(const char *data, size_t n, void *ud)
{
    file_ctx *c = ud;
    sha256_update(&c->sha, n, (const uint8_t *)data);
}

/* Reads one CSV, from its path (mem NULL) or from mem[0..memlen), as it
 * streams by: its records become observations while it is read, and a
 * file refused as a whole (encoding, size, reading) takes back what it
 * added, so that its one problem is all that is said of it. */
static int ingest_csv(ingest_set *s, const char *path, const char *mem, size_t memlen,
                      const ingest_opts *o, tb_errlist *errs, tb_error *err)
{
    size_t nobs0 = s->nobs, nsrc0 = s->nsources;
    size_t nerr0 = errs->n, ndropped0 = errs->dropped;
    file_ctx c;
    ctx_init(&c, s, path, o, errs);
    if (add_source(s, path, &c.src)) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    sha256_init(&c.sha);
    csvread_stream_opts so = {.encoding = o->encoding, .delimiter = o->delimiter,
                              .max_bytes = o->max_bytes, .raw = on_raw, .cb = on_record, .ud = &c};
    csvread_info info;
    int rc = mem ? csvread_stream_buffer(path, mem, memlen, &so, &info, err)
                 : csvread_stream_file(path, &so, &info, err);
    if (info.rejected) {
        errs->n = nerr0;
        errs->dropped = ndropped0;
        ctx_free(&c);
        set_truncate(s, nobs0, nsrc0);
        return file_failed(errs, err, rc);
    }
    ingest_source *src = &s->sources[c.src];
    src->bytes = info.bytes;
    sha256_digest(&c.sha, INGEST_SHA256_SIZE, src->sha256);
    src->was_cp1252 = info.was_cp1252;
    src->delimiter = info.delimiter;
    rc = ctx_finish(&c, rc, err);
    if (rc) set_truncate(s, nobs0, nsrc0);
    return rc;
}

const char *ingest_source_label(const ingest_source *src, char *buf, size_t cap, int *cellref)
{
    if (src->sheet) snprintf(buf, cap, "%s:%s", src->path, src->sheet);
    else snprintf(buf, cap, "%s", src->path);
    if (cellref) *cellref = src->sheet != NULL;
    return buf;
}

/* Feeds one sheet's rows to ingest as records. Rows whose cells are all
 * blank are skipped, as csvread skips blank lines. */
static int feed_sheet(file_ctx *c, const sheet_grid *g, tb_error *err)
{
    for (size_t i = 0; i < g->nrows; i++) {
        const sheet_row *w = &g->rows[i];
        int blank = 1;
        for (size_t k = 0; k < w->n && blank; k++)
            if (w->kind[k] != SHEET_EMPTY && !text_is_blank(w->text[k])) blank = 0;
        if (blank) continue;
        csvread_record rec = {w->text, w->n, w->r, w->kind, w->num};
        int rc = on_record(&rec, c, err);
        if (rc) return rc;
    }
    return 0;
}

/* Reads the sheet g of workbook path as one source. Returns 0, the
 * error code, or -1 when the sheet shows no table and was left out (its
 * source and problems removed); when strict (a sheet named in the
 * config), no table is an error like a CSV's. */
static int ingest_sheet(ingest_set *s, const char *path, size_t bytes,
                        const unsigned char *digest, const sheet_grid *g,
                        const ingest_opts *o, tb_errlist *errs, tb_error *err, int strict)
{
    size_t nobs0 = s->nobs, nsrc0 = s->nsources;
    size_t nerr0 = errs->n, ndropped0 = errs->dropped;
    char label[TB_ERR_FILE_MAX];
    snprintf(label, sizeof label, "%s:%s", path, g->name);
    file_ctx c;
    ctx_init(&c, s, label, o, errs);
    c.cellref = 1;
    if (add_source(s, path, &c.src))
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    s->sources[c.src].sheet = tb_strdup(g->name);
    if (!s->sources[c.src].sheet) {
        set_truncate(s, nobs0, nsrc0);
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    }
    s->sources[c.src].bytes = bytes;
    memcpy(s->sources[c.src].sha256, digest, INGEST_SHA256_SIZE);
    int rc = feed_sheet(&c, g, err);
    int no_table = rc == 0 && !c.have_header && !c.oom &&
                   c.nproblems == (size_t)c.no_header;
    rc = ctx_finish(&c, rc, err);
    if (no_table && !strict) {
        /* Notes, instructions, a chart's data: not a table, not an error. */
        errs->n = nerr0;
        errs->dropped = ndropped0;
        set_truncate(s, nobs0, nsrc0);
        return -1;
    }
    if (rc) set_truncate(s, nobs0, nsrc0);
    return rc;
}

/* 1 when name is one of the ";"-separated names in list (trimmed,
 * ASCII case-insensitive). */
static int sheet_named(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        const char *b = p, *z = p + len;
        while (b < z && (*b == ' ' || *b == '\t')) b++;
        while (z > b && (z[-1] == ' ' || z[-1] == '\t')) z--;
        if ((size_t)(z - b) == n && strncasecmp(b, name, n) == 0) return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

/* A workbook: every visible sheet that shows a table is a source. A
 * failing sheet takes the whole workbook's sources with it. With
 * o->sheets only the named sheets are read, and strictly. */
static int ingest_workbook(ingest_set *s, const char *path, sheet_format fmt, const char *data,
                           size_t len, const ingest_opts *o, tb_errlist *errs, tb_error *err)
{
    sheet_limits lim = SHEET_LIMITS_DEFAULT;
    unsigned char digest[INGEST_SHA256_SIZE];
    struct sha256_ctx h;
    sha256_init(&h);
    sha256_update(&h, len, (const uint8_t *)data);
    sha256_digest(&h, INGEST_SHA256_SIZE, digest);
    sheet_book b;
    sheet_book_init(&b);
    int rc = sheet_read(path, data, len, fmt, &lim, &b, err);
    if (rc) {
        sheet_book_fini(&b);
        return file_failed(errs, err, rc);
    }
    size_t nobs0 = s->nobs, nsrc0 = s->nsources;
    int failed = 0, tables = 0;
    int named = o->sheets && o->sheets[0];
    for (size_t i = 0; i < b.n && !rc; i++) {
        if (b.sheets[i].hidden) continue;
        if (named && !sheet_named(o->sheets, b.sheets[i].name)) continue;
        int r = ingest_sheet(s, path, len, digest, &b.sheets[i], o, errs, err, named);
        if (r == -1) continue;
        tables++;
        if (r == TB_EX_DATAERR) failed = 1;
        else rc = r;
    }
    if (!rc && !failed && tables == 0) {
        tb_buf names;
        tb_buf_init(&names);
        for (size_t i = 0; i < b.n; i++) {
            if (names.len) tb_buf_puts(&names, ", ");
            tb_buf_printf(&names, "«%s»", b.sheets[i].name);
        }
        tb_error e;
        if (named)
            tb_error_set(&e, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_NONE_NAMED,
                         names.failed || !names.data ? "" : names.data, o->sheets);
        else
            tb_error_set(&e, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_NO_TABLE,
                         names.failed || !names.data ? "" : names.data);
        tb_buf_fini(&names);
        if (tb_errlist_add(errs, &e) != 0)
            rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
        failed = 1;
    }
    sheet_book_fini(&b);
    if (!rc && failed) rc = TB_EX_DATAERR;
    if (rc) set_truncate(s, nobs0, nsrc0);
    return rc;
}

static int ingest_file(ingest_set *s, const char *path, const ingest_opts *o,
                       tb_errlist *errs, tb_error *err)
{
    sheet_format fmt = sheet_format_of(path);
    /* a CSV streams by; a workbook is a zip, read whole (sheet.h) */
    if (fmt == SHEET_NONE) return ingest_csv(s, path, NULL, 0, o, errs, err);
    char *data = NULL;
    size_t len = 0;
    int rc = csvread_slurp(path, o->max_bytes, &data, &len, err);
    if (rc) return file_failed(errs, err, rc);
    rc = ingest_workbook(s, path, fmt, data, len, o, errs, err);
    free(data);
    return rc;
}

int ingest_buffer(ingest_set *s, const char *name, const char *data,
                  size_t len, const ingest_opts *o, tb_errlist *errs,
                  tb_error *err)
{
    if (len > o->max_bytes) {
        tb_error_set(err, TB_EX_DATAERR, name, 0, 0, MSG_CSV_TOO_BIG,
                     o->max_bytes);
        return file_failed(errs, err, TB_EX_DATAERR);
    }
    sheet_format fmt = sheet_format_of(name);
    if (fmt != SHEET_NONE) return ingest_workbook(s, name, fmt, data, len, o, errs, err);
    /* an empty block still needs an address: NULL means "read the path" */
    return ingest_csv(s, name, len ? data : "", len, o, errs, err);
}

/* ---- paths ------------------------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_csv_name(const char *name)
{
    size_t n = strlen(name);
    /* Hidden files (".~lock.x.csv#", editor backups) and Excel's "~$x.xlsx"
     * lock files are not data. */
    if (name[0] == '.' || (name[0] == '~' && name[1] == '$')) return 0;
    return (n > 4 && strcasecmp(name + n - 4, ".csv") == 0) || sheet_format_of(name) != SHEET_NONE;
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

/* Full paths of the *.csv regular files in dir, sorted by name. */
static int list_csv(const char *dir, char ***out, size_t *nout, tb_error *err)
{
    *out = NULL;
    *nout = 0;
    DIR *d = opendir(dir);
    if (!d)
        return tb_error_set(err, errno == ENOMEM ? TB_EX_OSERR : TB_EX_NOINPUT, dir, 0, 0,
                            MSG_INGEST_DIR, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    size_t dlen = strlen(dir);
    int slash = dlen > 0 && dir[dlen - 1] == '/';
    struct dirent *de;
    int rc = 0;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (!is_csv_name(de->d_name)) continue;
        size_t need = dlen + 1 + strlen(de->d_name) + 1;
        char *full = malloc(need);
        if (!full) {
            rc = TB_EX_OSERR;
            break;
        }
        snprintf(full, need, "%s%s%s", dir, slash ? "" : "/", de->d_name);
        /* lstat: a link in a data folder may point anywhere (a private
         * folder, a FIFO); it is refused, not followed, and never skipped
         * in silence. A file named explicitly (-i, [entradas] rutas) is
         * the user's choice and is followed. */
        struct stat st;
        if (lstat(full, &st) != 0) {
            free(full);
            errno = 0;
            continue;   /* vanished while listing */
        }
        if (S_ISDIR(st.st_mode)) {   /* folders are not walked into */
            free(full);
            errno = 0;
            continue;
        }
        if (!S_ISREG(st.st_mode)) {
            rc = TB_EX_NOINPUT;
            tb_error_set(err, rc, full, 0, 0, "%s",
                         S_ISLNK(st.st_mode) ? MSG_INGEST_DIR_LINK : MSG_INGEST_DIR_NOT_REGULAR);
            free(full);
            break;
        }
        char **p = tb_grow(names, n, &cap, sizeof *p, 16);
        if (!p) {
            free(full);
            rc = TB_EX_OSERR;
            break;
        }
        names = p;
        names[n++] = full;
        errno = 0;
    }
    if (!rc && errno != 0) {
        int e = errno;
        closedir(d);
        free_names(names, n);
        return tb_error_set(err, TB_EX_IOERR, dir, 0, 0, MSG_INGEST_DIR,
                            strerror(e));
    }
    closedir(d);
    if (rc) {
        free_names(names, n);
        if (rc == TB_EX_NOINPUT) return rc;   /* err names the entry */
        return tb_error_set(err, rc, dir, 0, 0, MSG_CSV_NOMEM);
    }
    /* Names share the folder prefix, so sorting paths sorts names. */
    if (n > 1) qsort(names, n, sizeof *names, name_cmp);
    *out = names;
    *nout = n;
    return 0;
}

int ingest_path(ingest_set *s, const char *path, const ingest_opts *o,
                tb_errlist *errs, tb_error *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return tb_error_set(err, TB_EX_NOINPUT, path, 0, 0,
                            MSG_INGEST_NOINPUT, strerror(errno));
    if (!S_ISDIR(st.st_mode)) return ingest_file(s, path, o, errs, err);
    char **names;
    size_t n;
    int rc = list_csv(path, &names, &n, err);
    if (rc) return rc;
    if (n == 0) {
        free_names(names, n);
        return tb_error_set(err, TB_EX_NOINPUT, path, 0, 0,
                            MSG_INGEST_NO_CSV);
    }
    /* Like separate -i files: every file's data problems are reported
     * (they go to errs); only a problem that is not the data's (memory, a
     * file that cannot be read) stops the folder. */
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        rc = ingest_file(s, names[i], o, errs, err);
        if (rc && rc != TB_EX_DATAERR) {
            status = rc;
            break;
        }
        if (rc) status = rc;
    }
    free_names(names, n);
    return status;
}
