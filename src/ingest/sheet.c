/* sheet.c - what the two workbook formats share: the grid of typed cells
 * and its limits, expat set up without any DTD, cell references, serial
 * dates and the dispatch by format. */
#include "sheet.h"

#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "es/ingest.h"
#include "es/sheet.h"

sheet_format sheet_format_of(const char *name)
{
    size_t n = strlen(name);
    if (n > 5 && strcasecmp(name + n - 5, ".xlsx") == 0) return SHEET_XLSX;
    if (n > 4 && strcasecmp(name + n - 4, ".ods") == 0) return SHEET_ODS;
    return SHEET_NONE;
}

void sheet_book_init(sheet_book *b)
{
    memset(b, 0, sizeof *b);
}

static void row_free(sheet_row *r)
{
    for (size_t i = 0; i < r->n; i++) free(r->text[i]);
    free(r->text);
    free(r->kind);
    free(r->num);
}

void sheet_book_fini(sheet_book *b)
{
    for (size_t i = 0; i < b->n; i++) {
        sheet_grid *g = &b->sheets[i];
        for (size_t r = 0; r < g->nrows; r++) row_free(&g->rows[r]);
        free(g->rows);
        free(g->name);
    }
    free(b->sheets);
    memset(b, 0, sizeof *b);
}

sheet_grid *sheet_book_add(sheet_book *b, const char *name, size_t n)
{
    sheet_grid *gs = tb_grow(b->sheets, b->n, &b->cap, sizeof *gs, 4);
    if (!gs) return NULL;
    b->sheets = gs;
    sheet_grid g = {0};
    g.name = tb_strndup(name, n);
    if (!g.name) return NULL;
    b->sheets[b->n] = g;
    return &b->sheets[b->n++];
}

const char *sheet_col_name(long c, char *buf)
{
    char t[8];
    size_t k = sizeof t - 1;
    t[k] = '\0';
    for (; c > 0 && k > 0; c = (c - 1) / 26) t[--k] = (char)('A' + (c - 1) % 26);
    memcpy(buf, t + k, sizeof t - k);
    return buf;
}

int sheet_parse_ref(const char *ref, long *r, long *c)
{
    long col = 0, row = 0;
    const char *p = ref;
    while (*p >= 'A' && *p <= 'Z') {
        col = col * 26 + (*p - 'A' + 1);
        if (col > 1L << 20) return 0;
        p++;
    }
    if (p == ref || *p < '1' || *p > '9') return 0;
    while (*p >= '0' && *p <= '9') {
        row = row * 10 + (*p - '0');
        if (row > 1L << 30) return 0;
        p++;
    }
    if (*p) return 0;
    *r = row;
    *c = col;
    return 1;
}

double sheet_round15(double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.15g", v);
    double r = strtod(b, NULL);
    return r == 0 ? 0 : r;   /* no "-0" */
}

/* Civil year of day number z counted from 1970-01-01 (Hinnant's
 * days-to-civil, year only). */
static long civil_year(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return y + (m <= 2);
}

int sheet_serial_year(double v, int date1904)
{
    if (!isfinite(v) || v < 0 || v > 2958466) return 0;   /* 9999-12-31 */
    long d = (long)floor(v);
    /* 1900 system: serial 1 is 1900-01-01 and Excel keeps Lotus's phantom
     * 1900-02-29 (serial 60), so days count from 1899-12-30 from serial 61
     * on and from 1899-12-31 before. 1904 system: serial 0 is 1904-01-01. */
    long epoch = date1904 ? -24107 : (d >= 61 ? -25569 : -25568);
    if (!date1904 && d == 0) return 1900;
    return (int)civil_year(epoch + d);
}

const char *sheet_error_es(const char *code)
{
    static const char *const map[][2] = {
        {"#N/A", "#N/D"},         {"#DIV/0!", "#\xC2\xA1" "DIV/0!"},
        {"#VALUE!", "#\xC2\xA1VALOR!"}, {"#REF!", "#\xC2\xA1REF!"},
        {"#NAME?", "#\xC2\xBFNOMBRE?"}, {"#NUM!", "#\xC2\xA1NUM!"},
        {"#NULL!", "#\xC2\xA1NULO!"},   {"#GETTING_DATA", "#OBTENIENDO_DATOS"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(code, map[i][0]) == 0) return map[i][1];
    return code;
}

/* ---- the grid ---------------------------------------------------------- */

static int cell_error(tb_error *err, const char *label, long r, long c, const char *msg)
{
    tb_error_set(err, TB_EX_DATAERR, label, r, c, "%s", msg);
    err->cellref = 1;
    return TB_EX_DATAERR;
}

static int nomem(tb_error *err, const char *label)
{
    return tb_error_set(err, TB_EX_OSERR, label, 0, 0, MSG_CSV_NOMEM);
}

/* Grows row w to n cells, the new ones empty. */
static int row_extend(sheet_row *w, size_t n)
{
    char **t = tb_reallocarray(w->text, n, sizeof *t);
    if (!t) return -1;
    w->text = t;
    unsigned char *k = realloc(w->kind, n);
    if (!k) return -1;
    w->kind = k;
    double *v = tb_reallocarray(w->num, n, sizeof *v);
    if (!v) return -1;
    w->num = v;
    while (w->n < n) {
        char *e = tb_strdup("");
        if (!e) return -1;
        w->text[w->n] = e;
        w->kind[w->n] = SHEET_EMPTY;
        w->num[w->n] = 0;
        w->n++;
    }
    return 0;
}

static int check_cells(sheet_book *b, const char *label, size_t more, const sheet_limits *lim,
                       tb_error *err)
{
    if (b->ncells + more > lim->max_cells) {
        tb_error_set(err, TB_EX_DATAERR, label, 0, 0, MSG_SHEET_TOO_MANY_CELLS, lim->max_cells);
        return TB_EX_DATAERR;
    }
    b->ncells += more;
    return 0;
}

static sheet_row *row_for(sheet_grid *g, long r)
{
    if (g->nrows && g->rows[g->nrows - 1].r == r) return &g->rows[g->nrows - 1];
    sheet_row *rows = tb_grow(g->rows, g->nrows, &g->caprows, sizeof *rows, 32);
    if (!rows) return NULL;
    g->rows = rows;
    sheet_row w = {0};
    w.r = r;
    g->rows[g->nrows++] = w;
    return &g->rows[g->nrows - 1];
}

int sheet_grid_set(sheet_book *b, sheet_grid *g, const char *label, long r, long c,
                   int kind, double num, char *text, const sheet_limits *lim,
                   tb_error *err)
{
    int rc = 0;
    char msg[160];
    if (r < 1 || c < 1) {
        rc = cell_error(err, label, r, c, MSG_SHEET_ORDER);
    } else if (r > lim->max_rows) {
        snprintf(msg, sizeof msg, MSG_SHEET_TOO_MANY_ROWS, lim->max_rows, lim->max_rows);
        rc = tb_error_set(err, TB_EX_DATAERR, label, 0, 0, "%s", msg);
    } else if ((size_t)c > lim->max_cols) {
        snprintf(msg, sizeof msg, MSG_SHEET_TOO_MANY_COLS, lim->max_cols);
        rc = tb_error_set(err, TB_EX_DATAERR, label, r, 0, "%s", msg);
    } else if (g->nrows && (g->rows[g->nrows - 1].r > r ||
                            (g->rows[g->nrows - 1].r == r &&
                             g->rows[g->nrows - 1].n >= (size_t)c))) {
        rc = cell_error(err, label, r, c, MSG_SHEET_ORDER);
    }
    if (rc) {
        free(text);
        return rc;
    }
    size_t have = g->nrows && g->rows[g->nrows - 1].r == r ? g->rows[g->nrows - 1].n : 0;
    rc = check_cells(b, label, (size_t)c - have, lim, err);
    if (rc) {
        free(text);
        return rc;
    }
    sheet_row *w = row_for(g, r);
    if (!w || row_extend(w, (size_t)c) != 0) {
        free(text);
        return nomem(err, label);
    }
    if (text) {
        free(w->text[c - 1]);
        w->text[c - 1] = text;
    }
    w->kind[c - 1] = (unsigned char)kind;
    w->num[c - 1] = num;
    return 0;
}

int sheet_grid_dup_row(sheet_book *b, sheet_grid *g, const char *label, size_t src, long r,
                       const sheet_limits *lim, tb_error *err)
{
    size_t n = g->rows[src].n;
    if (r > lim->max_rows) {
        char msg[160];
        snprintf(msg, sizeof msg, MSG_SHEET_TOO_MANY_ROWS, lim->max_rows, lim->max_rows);
        return tb_error_set(err, TB_EX_DATAERR, label, 0, 0, "%s", msg);
    }
    int rc = check_cells(b, label, n, lim, err);
    if (rc) return rc;
    sheet_row *w = row_for(g, r);   /* may move g->rows */
    if (!w || row_extend(w, n) != 0) return nomem(err, label);
    const sheet_row *s = &g->rows[src];
    for (size_t i = 0; i < n; i++) {
        char *t = tb_strdup(s->text[i]);
        if (!t) return nomem(err, label);
        free(w->text[i]);
        w->text[i] = t;
        w->kind[i] = s->kind[i];
        w->num[i] = s->num[i];
    }
    return 0;
}

/* Index of row r in g, or g->nrows. */
static size_t row_find(const sheet_grid *g, long r)
{
    size_t lo = 0, hi = g->nrows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->rows[mid].r < r) lo = mid + 1;
        else hi = mid;
    }
    return lo < g->nrows && g->rows[lo].r == r ? lo : g->nrows;
}

int sheet_grid_merge_down(sheet_grid *g, long r1, long r2, long c)
{
    size_t i = row_find(g, r1);
    if (i == g->nrows || c < 1 || g->rows[i].n < (size_t)c) return 0;
    size_t k = (size_t)c - 1;
    if (g->rows[i].kind[k] == SHEET_EMPTY) return 0;
    for (size_t j = i + 1; j < g->nrows && g->rows[j].r <= r2; j++) {
        sheet_row *w = &g->rows[j];
        if (w->n <= k || w->kind[k] != SHEET_EMPTY) continue;
        char *t = tb_strdup(g->rows[i].text[k]);
        if (!t) return -1;
        free(w->text[k]);
        w->text[k] = t;
        w->kind[k] = g->rows[i].kind[k];
        w->num[k] = g->rows[i].num[k];
    }
    return 0;
}

/* ---- XML --------------------------------------------------------------- */

const char *sheet_xml_local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

const char *sheet_xml_attr(const char **atts, const char *ns, const char *local)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *bar = strrchr(atts[i], '|');
        const char *l = bar ? bar + 1 : atts[i];
        if (strcmp(l, local) != 0) continue;
        if (ns && (!bar || !strstr(atts[i], ns))) continue;
        if (!ns && bar && strstr(atts[i], "calcext")) continue;   /* LibreOffice's extension */
        return atts[i + 1];
    }
    return NULL;
}

void sheet_xml_stop(sheet_xml *x, int code)
{
    if (!x->status) x->status = code;
    XML_StopParser((XML_Parser)x->parser, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal;
    sheet_xml *x = ud;
    tb_error_set(x->err, TB_EX_DATAERR, x->path, 0, 0, MSG_SHEET_DOCTYPE, x->entry);
    sheet_xml_stop(x, TB_EX_DATAERR);
}

int sheet_xml_parse(sheet_xml *x, const char *xml, size_t len, sheet_xml_start st,
                    sheet_xml_end en, sheet_xml_text tx)
{
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    if (!p) return nomem(x->err, x->path);
    x->parser = p;
    x->status = 0;
    XML_SetUserData(p, x);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    /* No external entities, ever (the default already loads none). */
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    XML_SetElementHandler(p, (XML_StartElementHandler)st, (XML_EndElementHandler)en);
    if (tx) XML_SetCharacterDataHandler(p, (XML_CharacterDataHandler)tx);
    int rc = 0;
    /* Feed in slices: XML_Parse takes an int length. */
    size_t off = 0;
    for (;;) {
        size_t n = len - off > (1u << 24) ? (1u << 24) : len - off;
        int last = off + n == len;
        if (XML_Parse(p, xml + off, (int)n, last) == XML_STATUS_ERROR) {
            if (x->status) {
                rc = x->status;
            } else {
                enum XML_Error e = XML_GetErrorCode(p);
                rc = e == XML_ERROR_NO_MEMORY ? nomem(x->err, x->path)
                     : tb_error_set(x->err, TB_EX_DATAERR, x->path, 0, 0, MSG_SHEET_XML, x->entry,
                                    (unsigned long)XML_GetCurrentLineNumber(p),
                                    (unsigned long)XML_GetCurrentColumnNumber(p) + 1,
                                    XML_ErrorString(e));
            }
            break;
        }
        if (x->status) {
            rc = x->status;
            break;
        }
        off += n;
        if (last) break;
    }
    XML_ParserFree(p);
    x->parser = NULL;
    return rc;
}

/* ---- dispatch ---------------------------------------------------------- */

int sheet_read(const char *path, const void *data, size_t len, sheet_format fmt,
               const sheet_limits *lim, sheet_book *book, tb_error *err)
{
    sheet_zip z;
    int rc = sheet_zip_open(&z, path, data, len, lim, err);
    if (rc) return rc;
    rc = fmt == SHEET_ODS ? sheet_ods_read_zip(&z, path, book, err)
                          : sheet_xlsx_read_zip(&z, path, book, err);
    sheet_zip_close(&z);
    if (!rc && book->n == 0)
        rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, "%s", MSG_SHEET_NO_SHEETS);
    return rc;
}
