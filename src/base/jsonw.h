/* jsonw.h - a JSON document written as it is produced, in the exact
 * layout of cJSON_Print (the layout the metrics JSON and the manifest have
 * always had, and that analysts diff month to month): an object's members
 * one per line, indented with tabs, "key":<tab>value; an array's elements
 * on one line, separated by ", "; cJSON's string escapes and number
 * format. Building a cJSON tree, printing it and freeing it took four
 * fifths of a metrics-only run's JSON time; this writes the same bytes
 * into a tb_buf in one pass.
 * Ownership: the writer borrows the caller's tb_buf and owns nothing; an
 * allocation failure is the buffer's sticky `failed` flag. Containers
 * nest up to JSONW_MAX_DEPTH; deeper, or an end without a begin, sets
 * `failed` on the writer (a programming error, not bad input). */
#ifndef TABLERO_JSONW_H
#define TABLERO_JSONW_H

#include "common.h"

#define JSONW_MAX_DEPTH 32

typedef struct jsonw {
    tb_buf *b;
    int depth;                        /* open containers */
    int failed;                       /* misuse (see above) */
    unsigned char is_array[JSONW_MAX_DEPTH];
    size_t count[JSONW_MAX_DEPTH];    /* members written so far */
} jsonw;

void jsonw_init(jsonw *w, tb_buf *b);

/* Members of an object take a key; elements of an array take NULL. The
 * root is a value without a key. */
void jsonw_object(jsonw *w, const char *key);
void jsonw_array(jsonw *w, const char *key);
void jsonw_end(jsonw *w);

void jsonw_str(jsonw *w, const char *key, const char *v);   /* v NULL: "" */
void jsonw_number(jsonw *w, const char *key, double v);    /* cJSON's format */
void jsonw_raw(jsonw *w, const char *key, const char *text);
void jsonw_null(jsonw *w, const char *key);
void jsonw_bool(jsonw *w, const char *key, int v);

/* The pieces, for writers that keep their own structure (the manifest):
 * a string with cJSON's escapes, a number as cJSON prints it. */
void jsonw_put_string(tb_buf *b, const char *s);
void jsonw_put_number(tb_buf *b, double d);

#endif
