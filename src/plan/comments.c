/* comments.c - loads the secretariats' comments file (indicator, period,
 * analysis, committed action, owner, due date) and answers the two
 * questions the reports ask: which comment speaks for an indicator's
 * latest data, and whether its action is overdue. */
#define _POSIX_C_SOURCE 200809L

#include "comments.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "plan_table.h"

enum { COL_IND, COL_PERIOD, COL_ANALYSIS, COL_ACTION, COL_OWNER, COL_DUE, NCOLS };

static const char *const COLS[NCOLS] = {"indicador", "periodo", "analisis",
                                        "accion", "responsable", "fecha compromiso"};

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

/* Strict "YYYY-MM-DD" (a real calendar day). Returns 1 and the parts. */
static int parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[7] != '-') return 0;
    char ym[8];
    memcpy(ym, s, 7);
    ym[7] = '\0';
    if (!tb_parse_year_month(ym, 1900, 2200, y, m)) return 0;
    if (s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9') return 0;
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return *d >= 1 && *d <= days_in_month(*y, *m);
}

/* "2024" or "2024-09" within the plan's years. Returns 1 and the parts
 * (month 0 for a year). */
static int parse_period(const char *s, int lo, int hi, int *y, int *m)
{
    if (strlen(s) == 4) {
        char buf[16];
        snprintf(buf, sizeof buf, "%s-01", s);
        *m = 0;
        return tb_parse_year_month(buf, lo, hi, y, &(int){0});
    }
    return tb_parse_year_month(s, lo, hi, y, m);
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static int bad(const cfg_table *t, size_t row, size_t col, tb_error *err, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int bad(const cfg_table *t, size_t row, size_t col, tb_error *err, const char *fmt, ...)
{
    char msg[TB_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long c = t->colmap[col] >= 0 ? t->colmap[col] + 1 : 0;
    return tb_error_set(err, TB_EX_CONFIG, t->path, t->lines[row], c, "%s", msg);
}

static int cmp_comment(const void *a, const void *b)
{
    const plan_comment *x = a, *y = b;
    if (x->indicator != y->indicator) return x->indicator < y->indicator ? -1 : 1;
    if (x->year != y->year) return x->year < y->year ? -1 : 1;
    if (x->month != y->month) return x->month < y->month ? -1 : 1;
    return 0;
}

/* Checks row i and fills *c (strings still in the table). */
static int check_row(const plan *p, const cfg_table *t, size_t i, plan_comment *c, tb_error *err)
{
    const char *name = plan_table_cell(t, i, COL_IND);
    const char *per = plan_table_cell(t, i, COL_PERIOD);
    const char *an = plan_table_cell(t, i, COL_ANALYSIS);
    const char *ac = plan_table_cell(t, i, COL_ACTION);
    const char *ow = plan_table_cell(t, i, COL_OWNER);
    const char *due = plan_table_cell(t, i, COL_DUE);
    if (!name[0]) return bad(t, i, COL_IND, err, MSG_C_EMPTY_FIELD, COLS[COL_IND]);
    size_t ind;
    if (plan_find_indicator_ex(p, name, &ind))
        return tb_error_set(err, TB_EX_OSERR, t->path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    if (ind == PLAN_NONE) {
        const char *s;
        if (plan_suggest_indicator_ex(p, name, &s))
            return tb_error_set(err, TB_EX_OSERR, t->path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
        const char *map = p->nfiles ? p->files[p->nfiles - 1].path : "";
        for (size_t f = 0; f < p->nfiles; f++)
            if (strstr(p->files[f].path, "indicadores")) map = p->files[f].path;
        return s ? bad(t, i, COL_IND, err, MSG_C_COMMENT_UNKNOWN, name, s)
                 : bad(t, i, COL_IND, err, MSG_C_COMMENT_UNKNOWN_NOSUGGEST, name, map);
    }
    if (!per[0]) return bad(t, i, COL_PERIOD, err, MSG_C_EMPTY_FIELD, COLS[COL_PERIOD]);
    if (!parse_period(per, p->rules.year_min, p->rules.year_max, &c->year, &c->month))
        return bad(t, i, COL_PERIOD, err, MSG_C_COMMENT_BAD_PERIOD, per, p->rules.year_min,
                   p->rules.year_max);
    if (!an[0] && !ac[0]) {
        /* an owner or a date alone is an action someone forgot to write */
        if (ow[0] || due[0]) return bad(t, i, ow[0] ? COL_OWNER : COL_DUE, err, "%s", MSG_C_COMMENT_NO_ACTION);
        return bad(t, i, COL_ANALYSIS, err, "%s", MSG_C_COMMENT_EMPTY);
    }
    if (!ac[0] && (ow[0] || due[0]))
        return bad(t, i, ow[0] ? COL_OWNER : COL_DUE, err, "%s", MSG_C_COMMENT_NO_ACTION);
    if (due[0] && !parse_date(due, &c->due_year, &c->due_month, &c->due_day))
        return bad(t, i, COL_DUE, err, MSG_C_COMMENT_BAD_DATE, due);
    const struct { int col, max; } lim[] = {{COL_ANALYSIS, PLAN_COMMENT_MAX_ANALYSIS},
                                             {COL_ACTION, PLAN_COMMENT_MAX_ACTION},
                                             {COL_OWNER, PLAN_COMMENT_MAX_OWNER}};
    for (size_t k = 0; k < sizeof lim / sizeof lim[0]; k++) {
        size_t n = utf8_chars(plan_table_cell(t, i, (size_t)lim[k].col));
        if (n > (size_t)lim[k].max)
            return bad(t, i, (size_t)lim[k].col, err, MSG_C_COMMENT_TOO_LONG, COLS[lim[k].col], n,
                       lim[k].max);
    }
    c->indicator = ind;
    c->line = t->lines[i];
    return 0;
}

int plan_comments_load(plan *p, const char *path, tb_error *err)
{
    cfg_table t;
    int rc = plan_table_load_notes(p, &t, path, COLS, NCOLS, 2, err);
    if (!rc && !(p->comments_path = tb_strdup(path))) rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    if (!rc && !(p->comments = calloc(t.nrows, sizeof *p->comments)))
        rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
    for (size_t i = 0; !rc && i < t.nrows; i++) {
        plan_comment c = {0};
        if ((rc = check_row(p, &t, i, &c, err))) break;
        /* rows are few (one per indicator and period): a linear scan for
         * the duplicate keeps the earlier line at hand for the message */
        for (size_t k = 0; k < p->ncomments; k++) {
            const plan_comment *o = &p->comments[k];
            if (o->indicator == c.indicator && o->year == c.year && o->month == c.month) {
                rc = bad(&t, i, COL_PERIOD, err, MSG_C_COMMENT_DUPLICATE,
                         p->indicators[c.indicator].name, plan_table_cell(&t, i, COL_PERIOD), o->line);
                break;
            }
        }
        if (rc) break;
        c.analysis = plan_table_take(&t, i, COL_ANALYSIS);
        c.action = plan_table_take(&t, i, COL_ACTION);
        c.owner = plan_table_take(&t, i, COL_OWNER);
        p->comments[p->ncomments++] = c;
    }
    plan_table_fini(&t);
    if (!rc && p->ncomments)
        qsort(p->comments, p->ncomments, sizeof *p->comments, cmp_comment);
    return rc;
}

void plan_comments_sort(plan_comment *c, size_t n)
{
    if (n > 1) qsort(c, n, sizeof *c, cmp_comment);
}

void plan_comments_free(plan_comment *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(c[i].analysis);
        free(c[i].action);
        free(c[i].owner);
    }
    free(c);
}

const plan_comment *plan_comment_for(const plan *p, size_t indicator, int data_year)
{
    const plan_comment *best = NULL;
    if (data_year <= 0) return NULL;
    /* sorted by (indicator, year, month): the last one at or before the
     * data year is the answer */
    for (size_t i = 0; i < p->ncomments; i++) {
        const plan_comment *c = &p->comments[i];
        if (c->indicator == indicator && c->year <= data_year) best = c;
        if (c->indicator > indicator) break;
    }
    return best;
}

int plan_comment_has_action(const plan_comment *c)
{
    return c && c->action && c->action[0];
}

int plan_comment_overdue(const plan_comment *c, int year, int month)
{
    if (!plan_comment_has_action(c) || !c->due_year || month < 1 || month > 12) return 0;
    long due = (long)c->due_year * 10000 + c->due_month * 100 + c->due_day;
    long end = (long)year * 10000 + month * 100 + days_in_month(year, month);
    return due < end;
}
