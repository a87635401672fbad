/* template.c - writes the loading template with libxlsxwriter. Values are
 * plain numbers (86.5) shown as "86,5 %" by a format whose '%' is quoted
 * text: typing 90 gives 90 in Excel and LibreOffice alike, where a real
 * percentage format would give 90 % in one and 9000 % in the other. The
 * help sheet's rows have at most two cells and no years, so reading the
 * template back skips it. libxlsxwriter's errors become tb_error here.
 * libxlsxwriter is opened only by template_write (dynlib.h): linked, it
 * and its minizip and libcrypto would load into every run. */
#include "template.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "dynlib.h"
#include "es/dynlib.h"
#include "es/template.h"
#include "es/ingest.h"
#include "sonames.h"

/* The libxlsxwriter functions this file calls, typed from its headers. */
#define TP_FUNCTIONS(X)                                                          \
    X(workbook_new_opt) X(workbook_set_properties) X(workbook_add_worksheet)     \
    X(workbook_add_format) X(workbook_close) X(format_set_bold)                  \
    X(format_set_font_size) X(format_set_num_format) X(format_set_text_wrap)     \
    X(format_set_align) X(worksheet_write_string) X(worksheet_write_number)      \
    X(worksheet_write_blank) X(worksheet_set_column) X(worksheet_freeze_panes)   \
    X(worksheet_data_validation_range) X(lxw_strerror)

typedef struct tp_api {
#define TP_SLOT(f) __typeof__(f) *f;
    TP_FUNCTIONS(TP_SLOT)
#undef TP_SLOT
} tp_api;

static const tb_dynsym tp_syms[] = {
#define TP_SYM(f) {#f, offsetof(tp_api, f)},
    TP_FUNCTIONS(TP_SYM)
#undef TP_SYM
};

typedef struct help_row {
    const char *term, *text;
} help_row;

/* The first error of a sequence of libxlsxwriter calls. */
static void keep(lxw_error *first, lxw_error e)
{
    if (*first == LXW_NO_ERROR) *first = e;
}

static int check_series(const plan *p, const series_table *t, tb_error *err)
{
    if (t->nentities > 1)
        return tb_error_set(err, TB_EX_USAGE, NULL, 0, 0, MSG_T_NETWORK, t->nentities);
    for (size_t i = 0; t->nentities && i < p->nindicators; i++) {
        const series *s = series_at(t, 0, i);
        for (size_t k = 0; k < s->n; k++)
            if (s->pts[k].month)
                return tb_error_set(err, TB_EX_USAGE, NULL, 0, 0, MSG_T_MONTHLY,
                                    p->indicators[i].name, s->pts[k].year, s->pts[k].month);
    }
    return 0;
}

static lxw_error fill_data(const tp_api *api, lxw_workbook *wb, const plan *p,
                           const series_table *t, int year_from, int year_to)
{
    lxw_error e = LXW_NO_ERROR;
    lxw_worksheet *ws = api->workbook_add_worksheet(wb, MSG_T_SHEET_DATA);
    lxw_format *bold = api->workbook_add_format(wb);
    lxw_format *title = api->workbook_add_format(wb);
    lxw_format *val = api->workbook_add_format(wb);
    if (!ws || !bold || !title || !val) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    api->format_set_bold(bold);
    api->format_set_bold(title);
    api->format_set_font_size(title, 14);
    api->format_set_num_format(val, MSG_T_FORMAT);
    char buf[512];
    snprintf(buf, sizeof buf, MSG_T_TITLE, p->city ? p->city : "");
    keep(&e, api->worksheet_write_string(ws, 0, 0, buf, title));
    keep(&e, api->worksheet_write_string(ws, 1, 0, MSG_T_HEADER, bold));
    int ny = year_to >= year_from ? year_to - year_from + 1 : 0;
    for (int y = 0; y < ny; y++)
        keep(&e, api->worksheet_write_number(ws, 1, (lxw_col_t)(1 + y), year_from + y, bold));
    for (size_t i = 0; i < p->nindicators; i++) {
        lxw_row_t row = (lxw_row_t)(2 + i);
        keep(&e, api->worksheet_write_string(ws, row, 0, p->indicators[i].name, NULL));
        const series *s = t->nentities ? series_at(t, 0, i) : NULL;
        for (int y = 0; y < ny; y++) {
            const series_point *pt = NULL;
            for (size_t k = 0; s && k < s->n && !pt; k++)
                if (s->pts[k].year == year_from + y) pt = &s->pts[k];
            lxw_col_t c = (lxw_col_t)(1 + y);
            keep(&e, pt ? api->worksheet_write_number(ws, row, c, pt->value, val)
                        : api->worksheet_write_blank(ws, row, c, val));
        }
    }
    keep(&e, api->worksheet_set_column(ws, 0, 0, 48, NULL));
    if (ny) keep(&e, api->worksheet_set_column(ws, 1, (lxw_col_t)ny, 10, val));
    api->worksheet_freeze_panes(ws, 2, 1);
    if (ny && p->nindicators) {
        char msg[256];
        snprintf(msg, sizeof msg, MSG_T_VALIDATION_MSG, p->rules.value_min, p->rules.value_max);
        lxw_data_validation dv;
        memset(&dv, 0, sizeof dv);
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_number = p->rules.value_min;
        dv.maximum_number = p->rules.value_max;
        /* a warning, not a stop: "s/d" and "-" are valid entries too */
        dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
        dv.input_title = MSG_T_VALIDATION_TITLE;
        dv.input_message = msg;
        dv.error_title = MSG_T_VALIDATION_TITLE;
        dv.error_message = msg;
        keep(&e, api->worksheet_data_validation_range(ws, 2, 1, (lxw_row_t)(1 + p->nindicators),
                                                 (lxw_col_t)ny, &dv));
    }
    return e;
}

static lxw_error fill_help(const tp_api *api, lxw_workbook *wb)
{
    static const help_row rows[] = {MSG_T_HELP_ROWS};
    lxw_error e = LXW_NO_ERROR;
    lxw_worksheet *ws = api->workbook_add_worksheet(wb, MSG_T_SHEET_HELP);
    lxw_format *bold = api->workbook_add_format(wb);
    lxw_format *wrap = api->workbook_add_format(wb);
    if (!ws || !bold || !wrap) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    api->format_set_bold(bold);
    api->format_set_text_wrap(wrap);
    api->format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        keep(&e, api->worksheet_write_string(ws, (lxw_row_t)i, 0, rows[i].term, bold));
        if (rows[i].text) keep(&e, api->worksheet_write_string(ws, (lxw_row_t)i, 1, rows[i].text, wrap));
    }
    keep(&e, api->worksheet_set_column(ws, 0, 0, 18, NULL));
    keep(&e, api->worksheet_set_column(ws, 1, 1, 90, NULL));
    return e;
}

/* fsync of the file at path and of its folder dir. */
static int sync_paths(const char *path, const char *dir)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    if (close(fd) != 0) rc = -1;
    if (rc) return -1;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd < 0) return -1;
    rc = fsync(dfd);
    close(dfd);
    return rc;
}

/* template_write once the arguments are checked and the library is open. */
static int write_with(const tp_api *api, const char *path, const plan *p,
                      const series_table *t, int year_from, int year_to, long long created,
                      tb_error *err)
{
    /* A temporary name beside the target, so the rename stays in one
     * file system. */
    const char *slash = strrchr(path, '/');
    char dir[TB_ERR_FILE_MAX], tmp[TB_ERR_FILE_MAX + 32];
    if (slash) snprintf(dir, sizeof dir, "%.*s", (int)(slash - path) ? (int)(slash - path) : 1, path);
    else snprintf(dir, sizeof dir, ".");
    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", dir, slash ? slash + 1 : path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return tb_error_set(err, TB_EX_CANTCREAT, path, 0, 0, MSG_T_WRITE, strerror(errno));
    /* mkstemp makes it 0600; a template is a document to share */
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0 || close(fd) != 0) {
        int en = errno;
        unlink(tmp);
        return tb_error_set(err, TB_EX_CANTCREAT, path, 0, 0, MSG_T_WRITE, strerror(en));
    }
    lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = dir, .use_zip64 = 0};
    lxw_workbook *wb = api->workbook_new_opt(tmp, &opt);
    if (!wb) {
        unlink(tmp);
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = (char *)MSG_T_SHEET_DATA;
    props.created = (time_t)created;
    lxw_error e = api->workbook_set_properties(wb, &props);
    keep(&e, fill_data(api, wb, p, t, year_from, year_to));
    keep(&e, fill_help(api, wb));
    lxw_error ec = api->workbook_close(wb);   /* frees wb, writes the file */
    keep(&e, ec);
    if (e != LXW_NO_ERROR) {
        unlink(tmp);
        return tb_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TB_EX_OSERR : TB_EX_CANTCREAT,
                            path, 0, 0, MSG_T_WRITE, api->lxw_strerror(e));
    }
    if (sync_paths(tmp, dir) != 0 || rename(tmp, path) != 0 || sync_paths(path, dir) != 0) {
        int en = errno;
        unlink(tmp);
        return tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_T_WRITE, strerror(en));
    }
    return 0;
}

int template_write(const char *path, const plan *p, const series_table *t, int year_from,
                   int year_to, long long created, tb_error *err)
{
    size_t n = strlen(path);
    if (n < 6 || strcasecmp(path + n - 5, ".xlsx") != 0)
        return tb_error_set(err, TB_EX_USAGE, NULL, 0, 0, MSG_T_NOT_XLSX, path);
    int rc = check_series(p, t, err);
    if (rc) return rc;
    tp_api api;
    void *lib = NULL;
    rc = tb_dynlib_open(&lib, TB_SONAME_XLSXWRITER, "libxlsxwriter4", MSG_DL_NEED_TEMPLATE,
                        tp_syms, sizeof tp_syms / sizeof tp_syms[0], &api, err);
    if (rc) return rc;
    rc = write_with(&api, path, p, t, year_from, year_to, created, err);
    tb_dynlib_close(lib);
    return rc;
}
