/* csvread.h - record reader over libcsv that knows line numbers.
 * libcsv counts no lines and, unless strict, lets an unbalanced quote
 * swallow the rest of a file; this wrapper feeds it line by line (a line
 * may arrive in pieces), remembers where each record began, runs it with
 * CSV_STRICT|CSV_STRICT_FINI and caps field size. Used by ingest (data,
 * streamed: csvread_stream_*) and plan (config lists, read whole). */
#ifndef TABLERO_CSVREAD_H
#define TABLERO_CSVREAD_H

#include <stddef.h>

#include "common.h"

#define CSVREAD_FIELD_MAX (4u * 1024u)   /* bytes in one field */
#define CSVREAD_FIELDS_MAX 1024u         /* fields in one record */

/* One record. Borrowed by the callback: fields are valid only during the
 * call; the callback may rewrite their bytes in place (e.g. trim them) but
 * not free or lengthen them. fields[i] is NUL-terminated UTF-8 as it was
 * in the data (not trimmed beyond what libcsv does to unquoted fields).
 * Records whose fields are all empty (blank lines, ";;;;") are skipped. */
typedef struct csvread_record {
    char **fields;
    size_t n;          /* number of fields */
    long line;         /* 1-based physical line where the record starts (a
                          spreadsheet row's number) */
    /* NULL for CSV. For a spreadsheet row, each field's sheet_kind and
     * number (sheet.h): the cells as the spreadsheet typed them. */
    const unsigned char *kind;
    const double *num;
} csvread_record;

/* Return 0 to continue, non-zero to stop (the value is returned by
 * csvread_parse; the callback should have filled err). */
typedef int (*csvread_cb)(const csvread_record *rec, void *ud, tb_error *err);

/* Parses data[0..len) (already UTF-8, BOM removed) with delimiter delim.
 * path is used only in error messages. Calls cb for every non-empty
 * record. Returns 0, the callback's non-zero value, or TB_EX_DATAERR with
 * err naming path:line:col (col = 1-based field number) for malformed CSV
 * (unterminated quote, stray quote, field longer than CSVREAD_FIELD_MAX,
 * record with more than CSVREAD_FIELDS_MAX fields),
 * TB_EX_OSERR when memory runs out. */
int csvread_parse(const char *path, const char *data, size_t len, char delim,
                  csvread_cb cb, void *ud, tb_error *err);

/* Opens path for reading without ever blocking (O_NONBLOCK): a regular
 * file or a character device. Returns the descriptor, or minus a TB_EX_*
 * code with err set: a pipe, FIFO or socket is refused (TB_EX_NOINPUT), a
 * folder is TB_EX_IOERR, a missing or unreadable file TB_EX_NOINPUT. */
int csvread_open_input(const char *path, tb_error *err);

/* Reads a whole file into memory (at most max_bytes), NUL-terminated.
 * Returns 0 and sets *out (caller frees) and *outlen; TB_EX_NOINPUT when
 * it cannot be opened, TB_EX_IOERR on read errors, TB_EX_DATAERR when it is
 * larger than max_bytes. */
int csvread_slurp(const char *path, size_t max_bytes, char **out,
                  size_t *outlen, tb_error *err);

/* Turns raw file bytes into UTF-8 in place of *data (a malloc'd buffer,
 * such as csvread_slurp's): strips a UTF-8 BOM (unless encoding is
 * "windows-1252"), keeps valid UTF-8, converts valid Windows-1252
 * otherwise. encoding is "auto", "utf-8" or "windows-1252". Rejects with
 * TB_EX_DATAERR and the line and byte column of the first offender: UTF-16
 * text, NUL bytes, undecodable bytes (in "auto", the first byte that is not
 * valid UTF-8), and in "auto" a file that mixes UTF-8 sequences with bytes
 * that are not UTF-8 (two encodings pasted together; "windows-1252" reads
 * it anyway). An unknown encoding name gives TB_EX_CONFIG. On success
 * *data may be replaced by a new buffer (the old one is freed) and *len
 * updated; *was_cp1252 tells which path was taken. */
int csvread_decode(const char *path, char **data, size_t *len,
                   const char *encoding, int *was_cp1252, tb_error *err);

/* Picks the delimiter among ';' ',' '\t' whose field count is most
 * consistent over the first lines (ties prefer ';', the Spanish default,
 * because decimal commas would otherwise split numbers). Score: how many
 * of the first 50 non-empty lines (quotes respected) share the most
 * common field count, which must be above 1. No winner gives ';'. A
 * first line "sep=;" (or "sep=," or "sep=<tab>", as Excel writes) decides. */
char csvread_sniff_delim(const char *data, size_t len);

/* Reading a data file in pieces, never whole: csvread_slurp,
 * csvread_decode, csvread_sniff_delim and csvread_parse in one pass over
 * STREAM_CHUNK-byte reads, with the same results and the same messages.
 * Records reach cb while the file is still being read, before its
 * encoding has been judged: when info->rejected comes back set, the file
 * as a whole is refused (unreadable, larger than max_bytes, not valid in
 * its encoding, UTF-16, a NUL byte; then err is its only problem) and
 * whatever cb did with its records must be undone. Bytes that will make
 * the file refused are not parsed, so cb only ever sees valid UTF-8. */
typedef void (*csvread_raw_cb)(const char *data, size_t n, void *ud);

typedef struct csvread_stream_opts {
    const char *encoding;  /* as csvread_decode */
    char delimiter;        /* 0 = csvread_sniff_delim's guess */
    size_t max_bytes;      /* more is refused (TB_EX_DATAERR) */
    csvread_raw_cb raw;    /* may be NULL: every raw byte read, in order
                              (e.g. for a digest of exactly what was read) */
    csvread_cb cb;         /* every non-empty record, as csvread_parse */
    void *ud;              /* passed to raw and cb */
} csvread_stream_opts;

typedef struct csvread_info {
    size_t bytes;          /* raw bytes read */
    int was_cp1252;        /* read as Windows-1252 */
    char delimiter;        /* used (given or guessed) */
    int rejected;          /* see above */
} csvread_info;

/* Streams the file at path (opened as csvread_open_input). Returns 0;
 * TB_EX_DATAERR with err set for a refused file (rejected) or malformed
 * CSV (not rejected: as csvread_parse, the records before it were
 * delivered), cb's non-zero value (its error in err), TB_EX_NOINPUT,
 * TB_EX_IOERR, TB_EX_CONFIG (unknown encoding) or TB_EX_OSERR (all
 * rejected). Memory: two reads' worth, whatever the file's size (plus,
 * while the delimiter is guessed, the text of the first 50 lines). */
int csvread_stream_file(const char *path, const csvread_stream_opts *o, csvread_info *info,
                        tb_error *err);

/* Same over data[0..len) (borrowed; need not be NUL-terminated), name
 * used as the path in messages. */
int csvread_stream_buffer(const char *name, const char *data, size_t len,
                          const csvread_stream_opts *o, csvread_info *info, tb_error *err);

#endif
