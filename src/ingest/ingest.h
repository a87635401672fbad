/* ingest.h - indicator CSVs as people export them, to observations.
 * Reads wide tables (first column the area, one column per year) and long
 * tables (area, year, value, optional municipality), detects encoding and
 * delimiter, parses Spanish numbers ("86,50%", "-" for missing) and
 * remembers where every value came from. Knows nothing of the plan. */
#ifndef TABLERO_INGEST_H
#define TABLERO_INGEST_H

#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* Observations are stored compactly, because a national network's long
 * file has millions: 16 bytes per value (ingest_val), plus one
 * ingest_run per run of consecutive values that share municipality, area
 * and file (a row of a wide table, a municipality's series in a long one)
 * holding the interned strings and the line. ingest_obs_get expands one
 * value with its provenance. */
typedef struct ingest_val {
    double value;      /* finite; missing cells produce no observation */
    uint16_t dline;    /* line of the record minus its run's line0 */
    uint16_t col;      /* 1-based field number of the value (a CSV has at
                          most CSVREAD_FIELDS_MAX, a sheet 16,384 columns) */
    int16_t year;      /* 1000..9999 (ingest_parse_year) */
    uint8_t month;     /* 1..12 for a monthly value ("2025-03" in a long
                          file's year column), 0 for a yearly one */
    uint8_t spare;
} ingest_val;

typedef struct ingest_run {
    size_t first;       /* index of its first value; the run ends where
                           the next begins (or at nobs) */
    const char *entity; /* municipality; interned: borrowed, valid until
                           ingest_set_release_obs */
    const char *area;   /* area as written in the file, trimmed; interned */
    long line0;         /* every value's line is line0 + dline: a run
                           spans fewer than 65,536 lines */
} ingest_run;

/* One observed value with where it came from (ingest_obs_get). */
typedef struct ingest_obs {
    const char *entity; /* borrowed, valid until ingest_set_release_obs */
    const char *area;   /* borrowed, likewise */
    double value;
    size_t source;     /* index into ingest_set.sources */
    long line;         /* 1-based line of the record */
    long col;          /* 1-based field number of the value */
    long area_col;     /* 1-based field number of the area name */
    int year;
    int month;         /* 1..12, or 0 for a yearly value */
} ingest_obs;

typedef enum ingest_shape { INGEST_WIDE, INGEST_LONG } ingest_shape;

/* One file that was read. */
#define INGEST_SHA256_SIZE 32

typedef struct ingest_source {
    char *path;        /* owned: the file */
    char *sheet;       /* owned: the sheet's name for a workbook (.xlsx,
                          .ods; each sheet is a source, lines are rows and
                          columns cells), NULL for CSV */
    ingest_shape shape;
    size_t bytes;      /* of the file (every sheet of a workbook: the whole) */
    unsigned char sha256[INGEST_SHA256_SIZE]; /* of the bytes read */
    size_t rows;       /* data records after the header */
    size_t first_obs;  /* index of its first observation (the values of a
                          source are contiguous, in the order read) */
    size_t nobs;       /* observations taken from it */
    long area_col;     /* 1-based field number of its area names */
    size_t nmissing;   /* cells that said "no value" */
    int was_cp1252;
    char delimiter;
} ingest_source;

/* Everything read in a run. Caller-owned; ingest_set_init/_fini. */
typedef struct ingest_set {
    ingest_val *vals;  /* nobs values, in the order read; owned */
    size_t nobs, capvals;
    ingest_run *runs;  /* owned */
    size_t nruns, capruns;
    ingest_source *sources;
    size_t nsources, capsources;
    /* Interned strings behind every obs' entity and area: an open-address
     * hash table of owned copies (NULL = empty slot), capacity a power of
     * two, at most half full. Strings of a file that failed stay (nothing
     * points to them; they go at ingest_set_fini). */
    char **strs;
    size_t nstrs, capstrs;
} ingest_set;

/* Observation k (< s->nobs) with its provenance, into *out: O(log) in
 * the runs and the sources. */
void ingest_obs_get(const ingest_set *s, size_t k, ingest_obs *out);

/* The interned copy of s[0..n) in set s (added when new): borrowed, valid
 * until ingest_set_fini. NULL when memory runs out. */
const char *ingest_intern(ingest_set *s, const char *str, size_t n);

typedef struct ingest_opts {
    const char *encoding;        /* "auto", "utf-8", "windows-1252" */
    char delimiter;              /* 0 = detect */
    size_t max_bytes;            /* files larger than this are rejected */
    const char *default_entity;  /* municipality when the file has no column */
    double value_min, value_max; /* values outside are errors (0, 100) */
    int year_min, year_max;      /* years outside are errors */
    const char *sheets;          /* workbooks: names of the sheets to read,
                                    separated by ";" (case-insensitive); NULL
                                    or "": every visible one showing a table */
} ingest_opts;

void ingest_set_init(ingest_set *s);
void ingest_set_fini(ingest_set *s);

/* Frees the observations and their interned strings once nothing reads
 * them (series_build has copied what the rest of the run needs), keeping
 * the sources and their counts: on a network run they are most of the
 * memory. nobs becomes 0; ingest_path may be called again. */
void ingest_set_release_obs(ingest_set *s);

/* How messages name source src: its path, or "path:Sheet" for a sheet,
 * into buf[0..cap); *cellref (may be NULL) says whether lines and columns
 * are rows and columns to print as "!C5" (tb_where). Returns buf. */
const char *ingest_source_label(const ingest_source *src, char *buf, size_t cap, int *cellref);

/* Reads one file, or every *.csv, *.xlsx and *.ods in a folder (sorted by
 * name, not recursive; hidden and "~$" lock files skipped), appending to
 * s. A CSV is read in pieces as it streams by (csvread_stream_file): its
 * size costs no memory, its values do (16 bytes each). A workbook (.xlsx, .ods, see sheet.h) is read whole: each visible
 * sheet that looks like a table (has a header ingest recognises) becomes
 * one source, read exactly as a CSV whose records are the rows, except
 * that numbers, percentages, dates, booleans and formula errors come
 * typed from the cells; sheets that show no table (notes, instructions)
 * are skipped, and a workbook where no sheet does is a data error. Hidden
 * sheets are skipped; hidden rows are read. With o->sheets, only the
 * visible sheets so named are read, each must be a table, and a workbook
 * with none of them is a data error. Data problems of a file are all added to
 * errs (up to its cap) and the call returns TB_EX_DATAERR after that file.
 * A missing path returns TB_EX_NOINPUT with err set; memory exhaustion
 * TB_EX_OSERR; read errors TB_EX_IOERR.
 * On TB_EX_DATAERR the problems are only in errs and err is left clear
 * (code TB_OK), so a caller printing both shows each once. A file that
 * fails adds nothing to s (its observations and source are removed);
 * files read before it in the same folder stay.
 * Shape: leading title rows (one non-empty cell) are skipped; the header
 * is long when it names an area (área, indicador, autodiagnósticos), a
 * year (año, periodo) and a value (valor, porcentaje) column, with an
 * optional municipality column (municipio, entidad); otherwise wide when
 * cells after the first label are years or empty (a minority of cells
 * that are not years are reported as bad years). Wide rows may stop
 * early: missing trailing cells mean "no value"; a long row too short to
 * reach its area, year and value columns is an error. */
int ingest_path(ingest_set *s, const char *path, const ingest_opts *o,
                tb_errlist *errs, tb_error *err);

/* Same as ingest_path for one file whose bytes are already in memory:
 * data[0..len) (borrowed for the call; need not be NUL-terminated), name used as its
 * path in the source and in messages; a name ending in .xlsx or .ods is
 * read as that workbook. len over o->max_bytes is a data
 * error, as for a file. Pure apart from allocation: no I/O. */
int ingest_buffer(ingest_set *s, const char *name, const char *data,
                  size_t len, const ingest_opts *o, tb_errlist *errs,
                  tb_error *err);

typedef enum ingest_value_kind {
    INGEST_VALUE_OK,
    INGEST_VALUE_MISSING,
    INGEST_VALUE_BAD,
    INGEST_VALUE_AMBIGUOUS   /* "1.234": thousands or decimal point? */
} ingest_value_kind;

/* Parses one cell: decimal comma or point, optional '%' (with or without
 * a space, U+00A0 or U+202F before it), surrounding spaces; "", "-", "-%",
 * "—", "s/d", "N/D", "n/a", "#N/D" mean missing (case-insensitive).
 * Thousands separators only where unambiguous: "1.234,5", "1,234.5",
 * "1.234.567". A single point followed by exactly three digits after one
 * to three digits ("1.234") is INGEST_VALUE_AMBIGUOUS; a single comma so
 * placed ("1,234") is decimal, since 1234 is never a percentage. Pure. */
ingest_value_kind ingest_parse_value(const char *cell, double *out);

/* Parses a year cell ("2023", " 2023 "). Returns 1 and sets *year, or 0. */
int ingest_parse_year(const char *cell, int *year);

/* Parses a long file's year cell: a year ("2023", month 0) or a month
 * ("2023-05", month 5). Returns 1 and sets both, or 0. */
int ingest_parse_period(const char *cell, int *year, int *month);

#endif
