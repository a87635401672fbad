/* sheet.h - spreadsheet workbooks (.xlsx, .ods) read into grids of typed
 * cells, which ingest interprets exactly like CSV records. The archive is
 * read through libzip under size, ratio and entry limits (sheet_zip.c), the
 * XML through expat with no DTD at all (sheet_xml.c); sheet_xlsx.c and
 * sheet_ods.c know the two formats. Nothing here knows the plan. */
#ifndef TABLERO_SHEET_H
#define TABLERO_SHEET_H

#include <stddef.h>

#include "common.h"

typedef enum sheet_format { SHEET_NONE, SHEET_XLSX, SHEET_ODS } sheet_format;

/* What a cell held, as the spreadsheet stored it. */
typedef enum sheet_kind {
    SHEET_EMPTY = 0, /* nothing (text "") */
    SHEET_TEXT,      /* a string: text as typed */
    SHEET_NUMBER,    /* num is the value (already x100 for a percentage
                        format, rounded to 15 significant digits as the
                        spreadsheet shows it); text is num printed "%.15g" */
    SHEET_BOOL,      /* text "VERDADERO" or "FALSO" */
    SHEET_ERROR,     /* a formula error; text as Spanish Excel shows it
                        ("#N/D", "#¡DIV/0!") */
    SHEET_DATE,      /* a date; text is its year ("2023"), num the year */
    SHEET_NOCACHE    /* a formula whose result was never saved; text "" */
} sheet_kind;

/* One row, dense from column A: cells n, parallel arrays, all owned by the
 * book. text[i] is NUL-terminated UTF-8, never NULL; ingest may rewrite it
 * in place (trim) but not lengthen or free it. kind[i] is a sheet_kind. */
typedef struct sheet_row {
    long r;            /* 1-based row number */
    size_t n;
    char **text;
    unsigned char *kind;
    double *num;
} sheet_row;

typedef struct sheet_grid {
    char *name;        /* owned */
    int hidden;        /* hidden sheets are listed but not read (no rows) */
    sheet_row *rows;   /* owned, increasing r, no row without cells */
    size_t nrows, caprows;
} sheet_grid;

typedef struct sheet_book {
    sheet_grid *sheets; /* owned, in workbook order */
    size_t n, cap;
    size_t ncells;      /* cells materialised, for the limit */
    int date1904;       /* xlsx: dates count from 1904-01-01 */
} sheet_book;

/* Limits against hostile archives. Defaults (SHEET_LIMITS_DEFAULT) are far
 * above a municipality's workbook and far below what hurts the machine. */
typedef struct sheet_limits {
    size_t max_entries;      /* entries in the zip */
    size_t max_entry_bytes;  /* uncompressed bytes of one entry read */
    size_t max_total_bytes;  /* uncompressed bytes of all entries read */
    size_t max_ratio;        /* uncompressed / compressed, past 1 MiB */
    size_t max_cells;        /* cells materialised in the whole book */
    size_t max_strings;      /* xlsx shared strings */
    size_t max_cols;         /* columns with content in one row */
    long max_rows;           /* highest row number with content */
} sheet_limits;

#define SHEET_LIMITS_DEFAULT                                                \
    {.max_entries = 10000, .max_entry_bytes = 64u << 20,                    \
     .max_total_bytes = 256u << 20, .max_ratio = 200, .max_cells = 4000000, \
     .max_strings = 1000000, .max_cols = 1024, .max_rows = 1048576}

/* Format by file name: ".xlsx" or ".ods" (any case), else SHEET_NONE. */
sheet_format sheet_format_of(const char *name);

/* Reads the workbook data[0..len) (the bytes of path, which is used only in
 * messages). Fills *book (caller frees with sheet_book_fini, also after an
 * error). Returns 0; TB_EX_DATAERR with err naming path (or
 * "path:Sheet", row and column with err->cellref set) for a damaged or
 * hostile archive, bad XML, a DOCTYPE, a limit exceeded or a cell that
 * cannot be read; TB_EX_OSERR when memory runs out. Every sheet that is
 * not hidden is read; merged ranges that span rows copy their value down
 * the range's first column. Hidden rows are read (a filter hides rows,
 * it does not delete them). */
int sheet_read(const char *path, const void *data, size_t len, sheet_format fmt,
               const sheet_limits *lim, sheet_book *book, tb_error *err);

void sheet_book_init(sheet_book *b);
void sheet_book_fini(sheet_book *b);

/* ---- between the sheet modules (and the fuzz harness) ------------------ */

/* An open archive over a caller-owned buffer. */
struct sheet_zip_api;         /* libzip's functions, loaded at open (sheet_zip.c) */
typedef struct sheet_zip {
    void *z;                  /* zip_t */
    struct sheet_zip_api *api;  /* owned */
    void *lib;                /* the dlopen reference, owned */
    const char *path;         /* borrowed, for messages */
    const sheet_limits *lim;  /* borrowed */
    size_t total;             /* uncompressed bytes read so far */
} sheet_zip;

/* Opens data[0..len) and checks every entry: count, names (no absolute
 * paths, "..", backslashes or drive letters), declared sizes, encryption.
 * Loads libzip first (TB_EX_UNAVAILABLE when it is not installed). On
 * failure nothing stays open. */
int sheet_zip_open(sheet_zip *z, const char *path, const void *data, size_t len,
                   const sheet_limits *lim, tb_error *err);
/* Reads entry name whole, NUL-terminated (caller frees *out). An absent
 * entry gives 0 and *out NULL when !required, else TB_EX_DATAERR. */
int sheet_zip_read(sheet_zip *z, const char *name, int required, char **out,
                   size_t *outlen, tb_error *err);
void sheet_zip_close(sheet_zip *z);

/* Appends an empty grid named name[0..n); returns it or NULL (memory). */
sheet_grid *sheet_book_add(sheet_book *b, const char *name, size_t n);
/* Sets cell (r, c) (1-based) of g, taking ownership of text (NULL = "").
 * Rows must come in increasing order and cells in increasing columns
 * within a row. Returns 0, TB_EX_DATAERR (order, limits; err names the
 * cell as label!A1) or TB_EX_OSERR. label is "path:Sheet". */
int sheet_grid_set(sheet_book *b, sheet_grid *g, const char *label, long r, long c,
                   int kind, double num, char *text, const sheet_limits *lim,
                   tb_error *err);
/* Copies row src's cells into a new row r (ODS repeated rows). */
int sheet_grid_dup_row(sheet_book *b, sheet_grid *g, const char *label, size_t src, long r,
                       const sheet_limits *lim, tb_error *err);
/* Merged range rows r1..r2 at column c: copies (r1, c) down into the
 * empty cells of the rows that exist. */
int sheet_grid_merge_down(sheet_grid *g, long r1, long r2, long c);

/* Column letters ("AB") of 1-based column c into buf (>= 8 bytes). */
const char *sheet_col_name(long c, char *buf);
/* Parses "C5" into *r, *c; returns 1, or 0 when it is not a cell ref. */
int sheet_parse_ref(const char *ref, long *r, long *c);
/* v rounded to 15 significant digits (what a spreadsheet shows). */
double sheet_round15(double v);
/* Year of spreadsheet serial date v in the 1900 (or 1904) system; 0 when
 * out of range. */
int sheet_serial_year(double v, int date1904);
/* The Spanish spelling of an Excel error code ("#N/A" -> "#N/D"). */
const char *sheet_error_es(const char *code);

/* The format readers on parts already out of the archive (also used by
 * the fuzz harness). xml[0..len) need not be NUL-terminated. */
int sheet_xlsx_read_zip(sheet_zip *z, const char *path, sheet_book *b, tb_error *err);
int sheet_ods_read_zip(sheet_zip *z, const char *path, sheet_book *b, tb_error *err);
/* An xlsx worksheet XML into g, with the given shared strings (nstr) and
 * per-style flags (stylef[i] & 1 = percentage, & 2 = date; nstyle). */
int sheet_xlsx_sheet(const char *label, const char *entry, const char *xml, size_t len,
                     char *const *strs, size_t nstr, const unsigned char *stylef,
                     size_t nstyle, sheet_book *b, sheet_grid *g,
                     const sheet_limits *lim, tb_error *err);
/* An ODS content.xml into b (every table a grid). */
int sheet_ods_content(const char *path, const char *xml, size_t len, sheet_book *b,
                      const sheet_limits *lim, tb_error *err);

/* expat with namespaces ("uri|local" names), no DOCTYPE allowed. The
 * handlers receive ud, whose first member must be a sheet_xml. */
typedef struct sheet_xml {
    void *parser;      /* XML_Parser, set by sheet_xml_parse */
    int status;        /* 0, or the code a handler stopped with */
    tb_error *err;
    const char *path;  /* archive, for messages */
    const char *entry; /* entry being parsed */
} sheet_xml;

typedef void (*sheet_xml_start)(void *ud, const char *name, const char **atts);
typedef void (*sheet_xml_end)(void *ud, const char *name);
typedef void (*sheet_xml_text)(void *ud, const char *s, int len);

int sheet_xml_parse(sheet_xml *x, const char *xml, size_t len, sheet_xml_start st,
                    sheet_xml_end en, sheet_xml_text tx);
/* Stops the parse with code (err already filled by the caller). */
void sheet_xml_stop(sheet_xml *x, int code);
/* Local part of an expanded name ("uri|row" -> "row"). */
const char *sheet_xml_local(const char *name);
/* Attribute whose local name is local (and whose namespace URI contains
 * ns, when ns is not NULL); NULL when absent. */
const char *sheet_xml_attr(const char **atts, const char *ns, const char *local);

#endif
