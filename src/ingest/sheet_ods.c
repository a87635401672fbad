/* sheet_ods.c - OpenDocument spreadsheets (LibreOffice's own format):
 * content.xml holds every table, its cells typed by office:value-type
 * (float, percentage, date, boolean, string), runs of equal cells and rows
 * compressed as number-columns-repeated / number-rows-repeated (expanded
 * only where they hold something, under the cell limit: LibreOffice pads
 * every sheet with a million empty rows), and merged ranges as covered
 * cells. Hidden tables are those whose automatic style says
 * table:display="false". */
#include "sheet.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "es/ingest.h"
#include "es/sheet.h"

#define NS_OFFICE ":office:"
#define NS_TABLE ":table:"
#define REPEAT_CAP (1L << 30)

typedef struct merge {
    long r1, r2, c;
} merge;

typedef struct ods_ctx {
    sheet_xml x;
    sheet_book *b;
    const sheet_limits *lim;
    char label[TB_ERR_FILE_MAX];
    char **hidden;          /* names of table styles with display="false" */
    size_t nhidden, caphidden;
    char *style_name;       /* style:style being read */
    int table_depth, skip;  /* inside a table; a hidden (or nested) one */
    sheet_grid *g;          /* index-stable only until the next book_add */
    size_t gi;
    long row, col;          /* last row finished, last column used */
    long row_rep;
    size_t row_first;       /* g->nrows when the row started */
    int in_cell, covered, annot;
    long cell_rep, row_span;
    char vtype[16], calc_vtype[16];
    char *value, *date, *boolean, *string;   /* owned attribute copies */
    int has_formula, npara, in_p;
    tb_buf text;
    merge *merges;
    size_t nmerges, capmerges;
} ods_ctx;

static void fail_oom(ods_ctx *c)
{
    tb_error_set(c->x.err, TB_EX_OSERR, c->x.path, 0, 0, MSG_CSV_NOMEM);
    sheet_xml_stop(&c->x, TB_EX_OSERR);
}

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void fail_cell(ods_ctx *c, long r, long col, const char *fmt, ...)
{
    char msg[TB_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tb_error_set(c->x.err, TB_EX_DATAERR, c->label, r, col, "%s", msg);
    c->x.err->cellref = 1;
    sheet_xml_stop(&c->x, TB_EX_DATAERR);
}

static long repeat_attr(const char **atts, const char *local)
{
    const char *v = sheet_xml_attr(atts, NS_TABLE, local);
    if (!v) return 1;
    errno = 0;
    long n = strtol(v, NULL, 10);
    if (errno || n < 1) return 1;
    return n > REPEAT_CAP ? REPEAT_CAP : n;
}

static void clear_cell(ods_ctx *c)
{
    free(c->value);
    free(c->date);
    free(c->boolean);
    free(c->string);
    c->value = c->date = c->boolean = c->string = NULL;
    c->text.len = 0;
    c->npara = 0;
}

static int dup_attr(char **dst, const char *v)
{
    if (!v) return 0;
    *dst = tb_strdup(v);
    return *dst ? 0 : -1;
}

static int is_hidden_style(const ods_ctx *c, const char *name)
{
    for (size_t i = 0; name && i < c->nhidden; i++)
        if (strcmp(c->hidden[i], name) == 0) return 1;
    return 0;
}

static void table_start(ods_ctx *c, const char **atts)
{
    c->table_depth++;
    if (c->table_depth > 1) return;   /* a table inside a cell: not data */
    const char *name = sheet_xml_attr(atts, NS_TABLE, "name");
    if (!name) name = "";
    sheet_grid *g = sheet_book_add(c->b, name, strlen(name));
    if (!g) {
        fail_oom(c);
        return;
    }
    c->gi = c->b->n - 1;
    c->g = g;
    g->hidden = is_hidden_style(c, sheet_xml_attr(atts, NS_TABLE, "style-name"));
    c->skip = g->hidden;
    c->row = 0;
    c->nmerges = 0;
    snprintf(c->label, sizeof c->label, "%s:%s", c->x.path, name);
}

static void table_end(ods_ctx *c)
{
    c->table_depth--;
    if (c->table_depth > 0) return;
    sheet_grid *g = &c->b->sheets[c->gi];
    for (size_t i = 0; i < c->nmerges; i++)
        if (sheet_grid_merge_down(g, c->merges[i].r1, c->merges[i].r2, c->merges[i].c) != 0) {
            fail_oom(c);
            return;
        }
    c->skip = 0;
}

static void cell_start(ods_ctx *c, const char **atts, int covered)
{
    clear_cell(c);
    c->in_cell = 1;
    c->covered = covered;
    c->cell_rep = repeat_attr(atts, "number-columns-repeated");
    c->row_span = covered ? 1 : repeat_attr(atts, "number-rows-spanned");
    const char *vt = sheet_xml_attr(atts, NS_OFFICE, "value-type");
    const char *cvt = sheet_xml_attr(atts, "calcext", "value-type");
    snprintf(c->vtype, sizeof c->vtype, "%s", vt ? vt : "");
    snprintf(c->calc_vtype, sizeof c->calc_vtype, "%s", cvt ? cvt : "");
    c->has_formula = sheet_xml_attr(atts, NS_TABLE, "formula") != NULL;
    if (dup_attr(&c->value, sheet_xml_attr(atts, NS_OFFICE, "value")) ||
        dup_attr(&c->date, sheet_xml_attr(atts, NS_OFFICE, "date-value")) ||
        dup_attr(&c->boolean, sheet_xml_attr(atts, NS_OFFICE, "boolean-value")) ||
        dup_attr(&c->string, sheet_xml_attr(atts, NS_OFFICE, "string-value")))
        fail_oom(c);
}

/* The cell's kind, number and text (owned, NULL for an empty cell). */
static int cell_value(ods_ctx *c, long r, long col, int *kind, double *num, char **text)
{
    char nb[40];
    const char *para = c->text.len ? c->text.data : "";
    *kind = SHEET_EMPTY;
    *num = 0;
    *text = NULL;
    if (c->covered) return 0;   /* under a merge: the range's first cell holds it */
    const char *vt = c->vtype;
    if (strcmp(c->calc_vtype, "error") == 0) {
        *kind = SHEET_ERROR;
        *text = tb_strdup(para[0] ? para : "#ERROR");
    } else if (strcmp(vt, "float") == 0 || strcmp(vt, "percentage") == 0 ||
               strcmp(vt, "currency") == 0) {
        char *end = NULL;
        errno = 0;
        double d = c->value ? strtod(c->value, &end) : 0;
        if (!c->value || end == c->value || *end || errno == ERANGE || d != d) {
            fail_cell(c, r, col, MSG_SHEET_BAD_NUMBER, c->value ? c->value : "");
            return -1;
        }
        *kind = SHEET_NUMBER;
        *num = sheet_round15(vt[0] == 'p' ? d * 100 : d);
        snprintf(nb, sizeof nb, "%.15g", *num);
        *text = tb_strdup(nb);
    } else if (strcmp(vt, "date") == 0) {
        const char *v = c->date ? c->date : "";
        int y = 0, i = 0;
        for (; i < 4 && v[i] >= '0' && v[i] <= '9'; i++) y = y * 10 + (v[i] - '0');
        if (i < 4 || y < 1000) {
            fail_cell(c, r, col, MSG_SHEET_BAD_NUMBER, v);
            return -1;
        }
        *kind = SHEET_DATE;
        *num = y;
        snprintf(nb, sizeof nb, "%d", y);
        *text = tb_strdup(nb);
    } else if (strcmp(vt, "boolean") == 0) {
        *kind = SHEET_BOOL;
        *text = tb_strdup(c->boolean && strcmp(c->boolean, "true") == 0 ? "VERDADERO" : "FALSO");
    } else if (strcmp(vt, "string") == 0) {
        *kind = SHEET_TEXT;
        *text = tb_strdup(c->string ? c->string : para);
    } else if (vt[0]) {
        *kind = SHEET_TEXT;   /* time: as shown */
        *text = tb_strdup(para);
    } else if (c->has_formula) {
        *kind = SHEET_NOCACHE;
        return 0;
    } else if (para[0]) {
        *kind = SHEET_TEXT;
        *text = tb_strdup(para);
    } else {
        return 0;
    }
    if (!*text) {
        fail_oom(c);
        return -1;
    }
    if (*kind == SHEET_TEXT && (*text)[0] == '\0') {
        free(*text);
        *text = NULL;
        *kind = SHEET_EMPTY;
    }
    return 0;
}

static void cell_end(ods_ctx *c)
{
    c->in_cell = 0;
    if (c->text.failed) {
        fail_oom(c);
        return;
    }
    long r = c->row + 1, first = c->col + 1;
    int kind;
    double num;
    char *text;
    if (cell_value(c, r, first, &kind, &num, &text)) return;
    if (kind == SHEET_EMPTY) {
        c->col = c->col + c->cell_rep > REPEAT_CAP ? REPEAT_CAP : c->col + c->cell_rep;
        return;
    }
    if (c->row_span > 1) {
        merge *m = tb_grow(c->merges, c->nmerges, &c->capmerges, sizeof *m, 8);
        if (!m) {
            free(text);
            fail_oom(c);
            return;
        }
        c->merges = m;
        c->merges[c->nmerges++] = (merge){r, r + c->row_span - 1, first};
    }
    /* A repeated cell with content is real cells; the column limit stops
     * a run of a billion at the first one too many. */
    for (long k = 0; k < c->cell_rep; k++) {
        char *t = k + 1 < c->cell_rep && text ? tb_strdup(text) : text;
        if (text && !t) {
            free(text);
            fail_oom(c);
            return;
        }
        int rc = sheet_grid_set(c->b, &c->b->sheets[c->gi], c->label, r, first + k, kind, num,
                                t, c->lim, c->x.err);
        if (rc) {
            if (t != text) free(text);
            sheet_xml_stop(&c->x, rc);
            return;
        }
    }
    c->col = first + c->cell_rep - 1;
}

static void row_end(ods_ctx *c)
{
    sheet_grid *g = &c->b->sheets[c->gi];
    long r = c->row + 1;
    if (g->nrows > c->row_first && c->row_rep > 1) {
        size_t src = g->nrows - 1;
        size_t n = g->rows[src].n;
        /* Refuse a bomb before expanding any of it. */
        if (r + c->row_rep - 1 > c->lim->max_rows ||
            (c->row_rep - 1) > (long)((c->lim->max_cells - c->b->ncells) / (n ? n : 1))) {
            tb_error_set(c->x.err, TB_EX_DATAERR, c->label, 0, 0, MSG_SHEET_TOO_MANY_CELLS,
                         c->lim->max_cells);
            sheet_xml_stop(&c->x, TB_EX_DATAERR);
            return;
        }
        for (long k = 1; k < c->row_rep; k++) {
            int rc = sheet_grid_dup_row(c->b, g, c->label, src, r + k, c->lim, c->x.err);
            if (rc) {
                sheet_xml_stop(&c->x, rc);
                return;
            }
            g = &c->b->sheets[c->gi];
        }
    }
    c->row = c->row + c->row_rep > REPEAT_CAP ? REPEAT_CAP : c->row + c->row_rep;
}

static void ods_start(void *ud, const char *name, const char **atts)
{
    ods_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "style") == 0 && !c->table_depth) {
        free(c->style_name);
        c->style_name = NULL;
        const char *fam = sheet_xml_attr(atts, NULL, "family");
        if (fam && strcmp(fam, "table") == 0 &&
            dup_attr(&c->style_name, sheet_xml_attr(atts, NULL, "name")))
            fail_oom(c);
    } else if (strcmp(l, "table-properties") == 0 && c->style_name) {
        const char *d = sheet_xml_attr(atts, NS_TABLE, "display");
        if (d && strcmp(d, "false") == 0) {
            char **h = tb_grow(c->hidden, c->nhidden, &c->caphidden, sizeof *h, 4);
            if (!h) {
                fail_oom(c);
                return;
            }
            c->hidden = h;
            c->hidden[c->nhidden++] = c->style_name;
            c->style_name = NULL;
        }
    } else if (strcmp(l, "table") == 0 && strstr(name, NS_TABLE)) {
        table_start(c, atts);
    } else if (c->table_depth != 1 || c->skip) {
        return;
    } else if (strcmp(l, "table-row") == 0) {
        c->row_rep = repeat_attr(atts, "number-rows-repeated");
        c->row_first = c->b->sheets[c->gi].nrows;
        c->col = 0;
    } else if (strcmp(l, "table-cell") == 0 || strcmp(l, "covered-table-cell") == 0) {
        cell_start(c, atts, l[0] == 'c');
    } else if (!c->in_cell) {
        return;
    } else if (strcmp(l, "annotation") == 0) {
        c->annot++;
    } else if (c->annot) {
        return;
    } else if (strcmp(l, "p") == 0 || strcmp(l, "h") == 0) {
        if (c->npara++) tb_buf_append(&c->text, "\n", 1);
        c->in_p++;
    } else if (c->in_p && strcmp(l, "s") == 0) {
        long n = 1;
        const char *v = sheet_xml_attr(atts, NULL, "c");
        if (v) n = strtol(v, NULL, 10);
        if (n < 1) n = 1;
        if (n > 1000) n = 1000;
        for (long k = 0; k < n; k++) tb_buf_append(&c->text, " ", 1);
    } else if (c->in_p && strcmp(l, "tab") == 0) {
        tb_buf_append(&c->text, "\t", 1);
    } else if (c->in_p && strcmp(l, "line-break") == 0) {
        tb_buf_append(&c->text, "\n", 1);
    }
}

static void ods_end(void *ud, const char *name)
{
    ods_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "table") == 0 && strstr(name, NS_TABLE)) {
        table_end(c);
    } else if (c->table_depth != 1 || c->skip) {
        return;
    } else if (strcmp(l, "table-row") == 0) {
        row_end(c);
    } else if (c->in_cell && (strcmp(l, "table-cell") == 0 ||
                              strcmp(l, "covered-table-cell") == 0)) {
        cell_end(c);
    } else if (c->in_cell && strcmp(l, "annotation") == 0) {
        if (c->annot) c->annot--;
    } else if (c->in_cell && !c->annot && (strcmp(l, "p") == 0 || strcmp(l, "h") == 0)) {
        if (c->in_p) c->in_p--;
    }
}

static void ods_text(void *ud, const char *s, int len)
{
    ods_ctx *c = ud;
    if (c->in_cell && c->in_p && !c->annot && !c->skip && c->table_depth == 1)
        tb_buf_append(&c->text, s, (size_t)len);
}

int sheet_ods_content(const char *path, const char *xml, size_t len, sheet_book *b,
                      const sheet_limits *lim, tb_error *err)
{
    ods_ctx c = {0};
    c.x.err = err;
    c.x.path = path;
    c.x.entry = "content.xml";
    c.b = b;
    c.lim = lim;
    tb_buf_init(&c.text);
    int rc = sheet_xml_parse(&c.x, xml, len, ods_start, ods_end, ods_text);
    clear_cell(&c);
    tb_buf_fini(&c.text);
    for (size_t i = 0; i < c.nhidden; i++) free(c.hidden[i]);
    free(c.hidden);
    free(c.style_name);
    free(c.merges);
    return rc;
}

int sheet_ods_read_zip(sheet_zip *z, const char *path, sheet_book *b, tb_error *err)
{
    char *xml;
    size_t len;
    int rc = sheet_zip_read(z, "content.xml", 1, &xml, &len, err);
    if (rc) return rc;
    rc = sheet_ods_content(path, xml, len, b, z->lim, err);
    free(xml);
    return rc;
}
