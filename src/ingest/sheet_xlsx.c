/* sheet_xlsx.c - Office Open XML workbooks (Excel, and LibreOffice's
 * "Excel 2007-365"): workbook.xml for the sheets and the 1904 flag, its
 * relationships for where each sheet lives, sharedStrings.xml, styles.xml
 * for which cells are percentages or dates, and each worksheet's cells,
 * formulas by their cached value, and merged ranges. */
#include "sheet.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "es/ingest.h"
#include "es/sheet.h"

#define LABEL_MAX (TB_ERR_FILE_MAX)

static int oom(sheet_xml *x)
{
    tb_error_set(x->err, TB_EX_OSERR, x->path, 0, 0, MSG_CSV_NOMEM);
    sheet_xml_stop(x, TB_EX_OSERR);
    return TB_EX_OSERR;
}

/* The buffer's text as a new string ("" when empty); NULL on memory. */
static char *buf_copy(const tb_buf *b)
{
    return b->failed ? NULL : tb_strndup(b->len ? b->data : "", b->len);
}

/* ---- workbook.xml and its relationships --------------------------------- */

typedef struct wb_sheet {
    char *name, *rid;
    int hidden;
} wb_sheet;

typedef struct rel {
    char *id, *target, *type;
} rel;

typedef struct wb_ctx {
    sheet_xml x;
    wb_sheet *sheets;
    size_t n, cap;
    rel *rels;
    size_t nrels, caprels;
    int date1904;
} wb_ctx;

static int attr_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
}

static void wb_start(void *ud, const char *name, const char **atts)
{
    wb_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "workbookPr") == 0) {
        c->date1904 = attr_true(sheet_xml_attr(atts, NULL, "date1904"));
    } else if (strcmp(l, "sheet") == 0) {
        const char *nm = sheet_xml_attr(atts, NULL, "name");
        const char *id = sheet_xml_attr(atts, "relationships", "id");
        const char *state = sheet_xml_attr(atts, NULL, "state");
        wb_sheet *s = tb_grow(c->sheets, c->n, &c->cap, sizeof *s, 8);
        if (!s) {
            oom(&c->x);
            return;
        }
        c->sheets = s;
        wb_sheet w = {tb_strdup(nm ? nm : ""), tb_strdup(id ? id : ""),
                      state && strcmp(state, "visible") != 0};
        c->sheets[c->n++] = w;
        if (!w.name || !w.rid) oom(&c->x);
    }
}

static void rel_start(void *ud, const char *name, const char **atts)
{
    wb_ctx *c = ud;
    if (strcmp(sheet_xml_local(name), "Relationship") != 0) return;
    const char *id = sheet_xml_attr(atts, NULL, "Id");
    const char *t = sheet_xml_attr(atts, NULL, "Target");
    const char *ty = sheet_xml_attr(atts, NULL, "Type");
    rel *r = tb_grow(c->rels, c->nrels, &c->caprels, sizeof *r, 8);
    if (!r) {
        oom(&c->x);
        return;
    }
    c->rels = r;
    rel w = {tb_strdup(id ? id : ""), tb_strdup(t ? t : ""), tb_strdup(ty ? ty : "")};
    c->rels[c->nrels++] = w;
    if (!w.id || !w.target || !w.type) oom(&c->x);
}

static void no_end(void *ud, const char *name)
{
    (void)ud, (void)name;
}

static void wb_fini(wb_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->sheets[i].name);
        free(c->sheets[i].rid);
    }
    for (size_t i = 0; i < c->nrels; i++) {
        free(c->rels[i].id);
        free(c->rels[i].target);
        free(c->rels[i].type);
    }
    free(c->sheets);
    free(c->rels);
}

/* Entry name of a relationship target (relative to xl/ unless absolute);
 * NULL when it climbs out ("..") or memory runs out. */
static char *resolve_target(const char *t)
{
    if (strstr(t, "..") || strchr(t, '\\')) return NULL;
    if (t[0] == '/') return tb_strdup(t + 1);
    size_t n = strlen(t) + 4;
    char *s = malloc(n);
    if (s) snprintf(s, n, "xl/%s", t);
    return s;
}

static const rel *rel_by_type(const wb_ctx *c, const char *suffix)
{
    size_t k = strlen(suffix);
    for (size_t i = 0; i < c->nrels; i++) {
        size_t n = strlen(c->rels[i].type);
        if (n >= k && strcmp(c->rels[i].type + n - k, suffix) == 0) return &c->rels[i];
    }
    return NULL;
}

/* ---- sharedStrings.xml --------------------------------------------------- */

typedef struct sst_ctx {
    sheet_xml x;
    const sheet_limits *lim;
    char **strs;
    size_t n, cap;
    int in_si, in_t, in_rph;
    tb_buf b;
} sst_ctx;

static void sst_start(void *ud, const char *name, const char **atts)
{
    sst_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "sst") == 0) {
        /* A declared count is only a promise, but a huge one is an attack
         * (or a file no municipality writes): refuse it before reading. */
        const char *counts[2] = {sheet_xml_attr(atts, NULL, "uniqueCount"),
                                 sheet_xml_attr(atts, NULL, "count")};
        for (int i = 0; i < 2; i++) {
            if (!counts[i]) continue;
            errno = 0;
            unsigned long long v = strtoull(counts[i], NULL, 10);
            /* count is references, uniqueCount strings: both bounded by cells */
            size_t max = i == 0 ? c->lim->max_strings : c->lim->max_cells;
            if (errno || v > max || counts[i][0] == '-') {
                tb_error_set(c->x.err, TB_EX_DATAERR, c->x.path, 0, 0,
                             MSG_SHEET_TOO_MANY_STRINGS, counts[i], c->lim->max_strings);
                sheet_xml_stop(&c->x, TB_EX_DATAERR);
                return;
            }
        }
    } else if (strcmp(l, "si") == 0) {
        c->in_si = 1;
        c->b.len = 0;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 1;   /* phonetic guide: not part of the text */
    } else if (strcmp(l, "t") == 0 && c->in_si && !c->in_rph) {
        c->in_t = 1;
    }
}

static void sst_end(void *ud, const char *name)
{
    sst_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "t") == 0) {
        c->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 0;
    } else if (strcmp(l, "si") == 0 && c->in_si) {
        c->in_si = 0;
        if (c->n >= c->lim->max_strings) {
            char num[32];
            snprintf(num, sizeof num, "%zu", c->n + 1);
            tb_error_set(c->x.err, TB_EX_DATAERR, c->x.path, 0, 0, MSG_SHEET_TOO_MANY_STRINGS, num,
                         c->lim->max_strings);
            sheet_xml_stop(&c->x, TB_EX_DATAERR);
            return;
        }
        char **s = tb_grow(c->strs, c->n, &c->cap, sizeof *s, 64);
        char *t = buf_copy(&c->b);
        if (!s || !t) {
            free(t);
            oom(&c->x);
            return;
        }
        c->strs = s;
        c->strs[c->n++] = t;
    }
}

static void sst_text(void *ud, const char *s, int len)
{
    sst_ctx *c = ud;
    if (c->in_t) tb_buf_append(&c->b, s, (size_t)len);
}

/* ---- styles.xml ---------------------------------------------------------- */

typedef struct fmt {
    long id;
    int flags;
} fmt;

typedef struct sty_ctx {
    sheet_xml x;
    fmt *fmts;
    size_t nfmts, capfmts;
    unsigned char *xf;  /* flags per cellXfs entry */
    size_t nxf, capxf;
    int in_cellxfs;
} sty_ctx;

enum { F_PCT = 1, F_DATE = 2 };

/* What a number format code shows: a percentage when '%' appears outside
 * quotes, escapes and brackets; a date or time when d, m, y, h or s do
 * (either case: LibreOffice writes "DD/MM/YYYY"). */
static int code_flags(const char *code)
{
    if (strcasecmp(code, "General") == 0 || strcasecmp(code, "Standard") == 0) return 0;
    int pct = 0, date = 0;
    for (const char *p = code; *p; p++) {
        switch (*p) {
        case '"':
            while (p[1] && p[1] != '"') p++;
            if (p[1]) p++;
            break;
        case '[':
            while (p[1] && p[1] != ']') p++;
            if (p[1]) p++;
            break;
        case '\\': case '_': case '*':
            if (p[1]) p++;
            break;
        case '%': pct = 1; break;
        case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
        case 'h': case 'H': case 's': case 'S':
            date = 1;
            break;
        default: break;
        }
    }
    return pct ? F_PCT : date ? F_DATE : 0;
}

static int builtin_flags(long id)
{
    if (id == 9 || id == 10) return F_PCT;
    if ((id >= 14 && id <= 22) || (id >= 45 && id <= 47)) return F_DATE;
    return 0;
}

static void sty_start(void *ud, const char *name, const char **atts)
{
    sty_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = sheet_xml_attr(atts, NULL, "numFmtId");
        const char *code = sheet_xml_attr(atts, NULL, "formatCode");
        if (!id || !code) return;
        fmt *f = tb_grow(c->fmts, c->nfmts, &c->capfmts, sizeof *f, 16);
        if (!f) {
            oom(&c->x);
            return;
        }
        c->fmts = f;
        c->fmts[c->nfmts++] = (fmt){strtol(id, NULL, 10), code_flags(code)};
    } else if (strcmp(l, "cellXfs") == 0) {
        c->in_cellxfs = 1;
    } else if (strcmp(l, "xf") == 0 && c->in_cellxfs) {
        const char *id = sheet_xml_attr(atts, NULL, "numFmtId");
        long n = id ? strtol(id, NULL, 10) : 0;
        int fl = builtin_flags(n);
        for (size_t i = 0; i < c->nfmts; i++)
            if (c->fmts[i].id == n) fl = c->fmts[i].flags;
        unsigned char *x = tb_grow(c->xf, c->nxf, &c->capxf, 1, 32);
        if (!x) {
            oom(&c->x);
            return;
        }
        c->xf = x;
        c->xf[c->nxf++] = (unsigned char)fl;
    }
}

static void sty_end(void *ud, const char *name)
{
    sty_ctx *c = ud;
    if (strcmp(sheet_xml_local(name), "cellXfs") == 0) c->in_cellxfs = 0;
}

/* ---- a worksheet ---------------------------------------------------------- */

typedef struct ws_ctx {
    sheet_xml x;
    const char *label;
    char *const *strs;
    size_t nstr;
    const unsigned char *stylef;
    size_t nstyle;
    sheet_book *b;
    sheet_grid *g;
    const sheet_limits *lim;
    long row, col;        /* current row, last column set */
    int in_data, in_cell, in_v, in_is, in_t, in_rph, has_f, has_v, has_is;
    long cr, cc;          /* the cell being read */
    char ctype[16];
    long cstyle;
    tb_buf v, is;
} ws_ctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void ws_cell_error(ws_ctx *c, int code, const char *fmtmsg, ...)
{
    char msg[TB_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmtmsg);
    vsnprintf(msg, sizeof msg, fmtmsg, ap);
    va_end(ap);
    tb_error_set(c->x.err, code, c->label, c->cr, c->cc, "%s", msg);
    c->x.err->cellref = 1;
    sheet_xml_stop(&c->x, code);
}

static void ws_start(void *ud, const char *name, const char **atts)
{
    ws_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "sheetData") == 0) {
        c->in_data = 1;
    } else if (c->in_data && strcmp(l, "row") == 0) {
        const char *r = sheet_xml_attr(atts, NULL, "r");
        long n = r ? strtol(r, NULL, 10) : c->row + 1;
        c->row = n;
        c->col = 0;
    } else if (c->in_data && strcmp(l, "c") == 0) {
        const char *ref = sheet_xml_attr(atts, NULL, "r");
        const char *t = sheet_xml_attr(atts, NULL, "t");
        const char *s = sheet_xml_attr(atts, NULL, "s");
        c->cr = c->row;
        c->cc = c->col + 1;
        if (ref && !sheet_parse_ref(ref, &c->cr, &c->cc)) {
            ws_cell_error(c, TB_EX_DATAERR, MSG_SHEET_BAD_REF, ref);
            return;
        }
        snprintf(c->ctype, sizeof c->ctype, "%s", t ? t : "n");
        c->cstyle = s ? strtol(s, NULL, 10) : 0;
        c->in_cell = 1;
        c->has_f = c->has_v = c->has_is = 0;
        c->v.len = c->is.len = 0;
    } else if (c->in_cell && strcmp(l, "v") == 0) {
        c->in_v = 1;
        c->has_v = 1;
    } else if (c->in_cell && strcmp(l, "f") == 0) {
        c->has_f = 1;
    } else if (c->in_cell && strcmp(l, "is") == 0) {
        c->in_is = 1;
        c->has_is = 1;
    } else if (c->in_is && strcmp(l, "rPh") == 0) {
        c->in_rph = 1;
    } else if (c->in_is && !c->in_rph && strcmp(l, "t") == 0) {
        c->in_t = 1;
    } else if (strcmp(l, "mergeCell") == 0) {
        /* Merged cells come after sheetData: the grid is complete here. */
        const char *ref = sheet_xml_attr(atts, NULL, "ref");
        char a[32], bb[32];
        const char *colon = ref ? strchr(ref, ':') : NULL;
        long r1, c1, r2, c2;
        if (!colon || (size_t)(colon - ref) >= sizeof a || strlen(colon + 1) >= sizeof bb) return;
        memcpy(a, ref, (size_t)(colon - ref));
        a[colon - ref] = '\0';
        snprintf(bb, sizeof bb, "%s", colon + 1);
        if (!sheet_parse_ref(a, &r1, &c1) || !sheet_parse_ref(bb, &r2, &c2)) return;
        if (r2 > r1 && sheet_grid_merge_down(c->g, r1, r2, c1) != 0) oom(&c->x);
    }
}

static void ws_finish_cell(ws_ctx *c)
{
    int kind = SHEET_EMPTY;
    double num = 0;
    char *text = NULL;
    char nb[40];
    const char *v = c->v.len ? c->v.data : "";
    const char *t = c->ctype;
    if (c->v.failed || c->is.failed) {
        oom(&c->x);
        return;
    }
    if (strcmp(t, "s") == 0) {
        if (!c->has_v) return;
        char *end;
        errno = 0;
        unsigned long long i = strtoull(v, &end, 10);
        if (errno || end == v || *end || v[0] == '-' || i >= c->nstr) {
            ws_cell_error(c, TB_EX_DATAERR, MSG_SHEET_BAD_SST_INDEX, v, c->nstr);
            return;
        }
        text = tb_strdup(c->strs[i]);
        kind = SHEET_TEXT;
    } else if (strcmp(t, "inlineStr") == 0) {
        text = buf_copy(&c->is);
        kind = SHEET_TEXT;
    } else if (strcmp(t, "str") == 0) {
        if (!c->has_v) {
            if (!c->has_f) return;
            kind = SHEET_NOCACHE;
        } else {
            text = buf_copy(&c->v);
            kind = SHEET_TEXT;
        }
    } else if (strcmp(t, "b") == 0) {
        if (!c->has_v) return;
        kind = SHEET_BOOL;
        text = tb_strdup(strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 ? "VERDADERO" : "FALSO");
    } else if (strcmp(t, "e") == 0) {
        if (!c->has_v) return;
        kind = SHEET_ERROR;
        text = tb_strdup(sheet_error_es(v));
    } else if (strcmp(t, "d") == 0) {
        if (!c->has_v) return;
        /* ISO 8601: the year is the first four digits. */
        int y = 0;
        for (int i = 0; i < 4 && v[i] >= '0' && v[i] <= '9'; i++) y = y * 10 + (v[i] - '0');
        if (strlen(v) < 4 || y < 1000) {
            ws_cell_error(c, TB_EX_DATAERR, MSG_SHEET_BAD_NUMBER, v);
            return;
        }
        kind = SHEET_DATE;
        num = y;
        snprintf(nb, sizeof nb, "%d", y);
        text = tb_strdup(nb);
    } else {
        if (!c->has_v || v[0] == '\0') {
            if (!c->has_f) return;
            kind = SHEET_NOCACHE;
        } else {
            char *end;
            errno = 0;
            double d = strtod(v, &end);
            if (end == v || *end || errno == ERANGE || d != d) {
                ws_cell_error(c, TB_EX_DATAERR, MSG_SHEET_BAD_NUMBER, v);
                return;
            }
            int fl = c->cstyle >= 0 && (size_t)c->cstyle < c->nstyle ? c->stylef[c->cstyle] : 0;
            if (fl & F_DATE) {
                int y = sheet_serial_year(d, c->b->date1904);
                if (!y) {
                    ws_cell_error(c, TB_EX_DATAERR, MSG_SHEET_BAD_NUMBER, v);
                    return;
                }
                kind = SHEET_DATE;
                num = y;
                snprintf(nb, sizeof nb, "%d", y);
            } else {
                kind = SHEET_NUMBER;
                num = sheet_round15(fl & F_PCT ? d * 100 : d);
                snprintf(nb, sizeof nb, "%.15g", num);
            }
            text = tb_strdup(nb);
        }
    }
    if (kind == SHEET_TEXT && text && text[0] == '\0') kind = SHEET_EMPTY;
    if (kind != SHEET_NOCACHE && !text) {
        oom(&c->x);
        return;
    }
    if (kind == SHEET_EMPTY) {
        free(text);
        return;
    }
    int rc = sheet_grid_set(c->b, c->g, c->label, c->cr, c->cc, kind, num, text, c->lim,
                            c->x.err);
    if (rc) sheet_xml_stop(&c->x, rc);
}

static void ws_end(void *ud, const char *name)
{
    ws_ctx *c = ud;
    const char *l = sheet_xml_local(name);
    if (strcmp(l, "sheetData") == 0) {
        c->in_data = 0;
    } else if (c->in_cell && strcmp(l, "c") == 0) {
        c->in_cell = 0;
        c->row = c->cr;
        c->col = c->cc;
        ws_finish_cell(c);
    } else if (strcmp(l, "v") == 0) {
        c->in_v = 0;
    } else if (strcmp(l, "is") == 0) {
        c->in_is = 0;
    } else if (strcmp(l, "rPh") == 0) {
        c->in_rph = 0;
    } else if (strcmp(l, "t") == 0) {
        c->in_t = 0;
    }
}

static void ws_text(void *ud, const char *s, int len)
{
    ws_ctx *c = ud;
    if (c->in_v) tb_buf_append(&c->v, s, (size_t)len);
    else if (c->in_t) tb_buf_append(&c->is, s, (size_t)len);
}

int sheet_xlsx_sheet(const char *label, const char *entry, const char *xml, size_t len,
                     char *const *strs, size_t nstr, const unsigned char *stylef,
                     size_t nstyle, sheet_book *b, sheet_grid *g,
                     const sheet_limits *lim, tb_error *err)
{
    ws_ctx c = {0};
    c.x.err = err;
    c.x.path = label;
    c.x.entry = entry;
    c.label = label;
    c.strs = strs;
    c.nstr = nstr;
    c.stylef = stylef;
    c.nstyle = nstyle;
    c.b = b;
    c.g = g;
    c.lim = lim;
    tb_buf_init(&c.v);
    tb_buf_init(&c.is);
    int rc = sheet_xml_parse(&c.x, xml, len, ws_start, ws_end, ws_text);
    tb_buf_fini(&c.v);
    tb_buf_fini(&c.is);
    return rc;
}

/* ---- the workbook --------------------------------------------------------- */

static int parse_part(sheet_zip *z, const char *path, const char *entry, int required,
                      sheet_xml *x, sheet_xml_start st, sheet_xml_end en, sheet_xml_text tx,
                      tb_error *err)
{
    char *xml;
    size_t len;
    int rc = sheet_zip_read(z, entry, required, &xml, &len, err);
    if (rc || !xml) return rc;
    x->err = err;
    x->path = path;
    x->entry = entry;
    rc = sheet_xml_parse(x, xml, len, st, en, tx);
    free(xml);
    return rc;
}

int sheet_xlsx_read_zip(sheet_zip *z, const char *path, sheet_book *b, tb_error *err)
{
    const sheet_limits *lim = z->lim;
    wb_ctx wb = {0};
    sst_ctx sst = {0};
    sty_ctx sty = {0};
    sst.lim = lim;
    tb_buf_init(&sst.b);
    char *sst_name = NULL, *sty_name = NULL;
    int rc = parse_part(z, path, "xl/workbook.xml", 1, &wb.x, wb_start, no_end, NULL, err);
    if (!rc) rc = parse_part(z, path, "xl/_rels/workbook.xml.rels", 1, &wb.x, rel_start, no_end,
                             NULL, err);
    if (!rc) {
        b->date1904 = wb.date1904;
        const rel *rs = rel_by_type(&wb, "/sharedStrings");
        const rel *ry = rel_by_type(&wb, "/styles");
        sst_name = rs ? resolve_target(rs->target) : tb_strdup("xl/sharedStrings.xml");
        sty_name = ry ? resolve_target(ry->target) : tb_strdup("xl/styles.xml");
        if (!sst_name || !sty_name)
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_BAD_TARGET, "",
                              rs && !sst_name ? rs->target : ry ? ry->target : "");
    }
    if (!rc) rc = parse_part(z, path, sst_name, 0, &sst.x, sst_start, sst_end, sst_text, err);
    if (!rc) rc = parse_part(z, path, sty_name, 0, &sty.x, sty_start, sty_end, NULL, err);
    for (size_t i = 0; i < wb.n && !rc; i++) {
        const wb_sheet *ws = &wb.sheets[i];
        sheet_grid *g = sheet_book_add(b, ws->name, strlen(ws->name));
        if (!g) {
            rc = tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
            break;
        }
        g->hidden = ws->hidden;
        if (g->hidden) continue;   /* not read at all: a helper sheet */
        const rel *r = NULL;
        for (size_t k = 0; k < wb.nrels && !r; k++)
            if (strcmp(wb.rels[k].id, ws->rid) == 0) r = &wb.rels[k];
        char *entry = r ? resolve_target(r->target) : NULL;
        if (!entry) {
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_BAD_TARGET, ws->name,
                              r ? r->target : ws->rid);
            break;
        }
        if (r && !strstr(r->type, "/worksheet")) {
            /* a chart sheet: nothing to read */
            free(entry);
            g->hidden = 1;
            continue;
        }
        char *xml;
        size_t len;
        rc = sheet_zip_read(z, entry, 1, &xml, &len, err);
        if (!rc) {
            char label[LABEL_MAX];
            snprintf(label, sizeof label, "%s:%s", path, ws->name);
            rc = sheet_xlsx_sheet(label, entry, xml, len, sst.strs, sst.n, sty.xf, sty.nxf, b,
                                  &b->sheets[b->n - 1], lim, err);
            free(xml);
        }
        free(entry);
    }
    for (size_t i = 0; i < sst.n; i++) free(sst.strs[i]);
    free(sst.strs);
    tb_buf_fini(&sst.b);
    free(sty.fmts);
    free(sty.xf);
    free(sst_name);
    free(sty_name);
    wb_fini(&wb);
    return rc;
}
