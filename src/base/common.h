/* common.h - error values shared by every pipeline stage.
 * Modules never print or exit: they fill a tb_error and return its code;
 * only main.c turns it into a message and an exit status. */
#ifndef TABLERO_COMMON_H
#define TABLERO_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes follow sysexits(3); repeated here so that modules do not
 * depend on a BSD header being present. */
enum tb_code {
    TB_OK = 0,
    TB_EX_USAGE = 64,
    TB_EX_DATAERR = 65,
    TB_EX_NOINPUT = 66,
    TB_EX_UNAVAILABLE = 69,
    TB_EX_SOFTWARE = 70,
    TB_EX_OSERR = 71,
    TB_EX_CANTCREAT = 73,
    TB_EX_IOERR = 74,
    TB_EX_TEMPFAIL = 75,
    TB_EX_CONFIG = 78
};

#define TB_ERR_MSG_MAX 1024
#define TB_ERR_FILE_MAX 512

/* One diagnosed problem. line/col are 1-based; 0 means "not applicable".
 * Caller-owned value; holds no pointers, so it needs no _fini. */
typedef struct tb_error {
    int code;                     /* an enum tb_code; TB_OK when clear */
    char file[TB_ERR_FILE_MAX];   /* file the problem is in, may be "" */
    long line;
    long col;
    int cellref;                  /* line/col are a sheet's row and column:
                                     printed "file!C5" (file is "x.xlsx:Hoja1") */
    char msg[TB_ERR_MSG_MAX];     /* Spanish, UTF-8, no trailing newline */
} tb_error;

/* A list of problems, for stages that report every problem of a file
 * before failing (ingest). Init with tb_errlist_init, free with _fini. */
typedef struct tb_errlist {
    tb_error *items;
    size_t n, cap;
    size_t dropped;   /* problems beyond the cap, counted but not kept */
    size_t max;       /* cap on kept problems */
} tb_errlist;

void tb_error_clear(tb_error *e);

/* Fills e and returns code, so a module can `return tb_error_set(...)`.
 * file may be NULL. */
int tb_error_set(tb_error *e, int code, const char *file, long line, long col,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/* Where a problem is, as a user reads it, into buf[0..cap): "file:line:col",
 * "file:line", "file", or "file!C5" when cellref. Returns buf. */
const char *tb_where(char *buf, size_t cap, const char *file, long line, long col,
                     int cellref);

void tb_errlist_init(tb_errlist *l, size_t max);
void tb_errlist_fini(tb_errlist *l);
/* Appends a copy of e (or counts it as dropped past the cap). Returns 0, or
 * -1 when memory is exhausted (then the problem is counted as dropped). */
int tb_errlist_add(tb_errlist *l, const tb_error *e);

/* Assertion for broken invariants (never for bad input): prints file:line
 * and aborts. */
#define TB_ASSERT(cond)                                                        \
    do {                                                                       \
        if (!(cond)) tb_assert_fail(#cond, __FILE__, __LINE__);                \
    } while (0)
_Noreturn void tb_assert_fail(const char *expr, const char *file, int line);

/* Checked allocation helpers return NULL on failure like malloc; they exist
 * so that every module spells overflow checks the same way. */
void *tb_reallocarray(void *p, size_t n, size_t size);
char *tb_strdup(const char *s);

/* Room for one more element in a growable array of n used of *cap: returns
 * arr itself when there is room, else arr doubled (first elements on the
 * first allocation) with *cap updated; NULL with arr and *cap unchanged
 * when memory runs out. The caller stores the result back into arr. */
void *tb_grow(void *arr, size_t n, size_t *cap, size_t size, size_t first);

/* Returns freed memory inside the heap to the kernel: main.c keeps freed
 * blocks for reuse (for the documents' sake), so between the stages that
 * free tens of megabytes (the observations, the backtest's checks, a
 * network's analysis) a run calls this, and its peak is what it holds,
 * not what it held. glibc's malloc_trim; elsewhere nothing. */
void tb_give_back_memory(void);
char *tb_strndup(const char *s, size_t n);

/* v in decimal at out, without a terminator (room for 20 digits);
 * returns the end. For writers that print many small integers, where
 * snprintf's cost shows in profiles. Pure. */
char *tb_put_uint(char *out, unsigned long long v);

/* Growable byte buffer (caller-owned; free with tb_buf_fini). */
typedef struct tb_buf {
    char *data;
    size_t len, cap;
    int failed;   /* sticky: set when an append could not allocate */
} tb_buf;

void tb_buf_init(tb_buf *b);
void tb_buf_fini(tb_buf *b);
void tb_buf_append(tb_buf *b, const void *p, size_t n);
void tb_buf_puts(tb_buf *b, const char *s);
/* v in decimal at the end of b, as "%llu" / "%lld" would put it. */
void tb_buf_put_uint(tb_buf *b, unsigned long long v);
void tb_buf_put_int(tb_buf *b, long long v);
/* Room for n more bytes at the end of b, for writers that format in
 * place: returns where they go, with b->len already counting them and
 * the terminator after them; the caller writes all n. NULL when b has
 * failed or cannot grow (b->failed is then set). */
char *tb_buf_extend(tb_buf *b, size_t n);
void tb_buf_printf(tb_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ---- names that become part of a path, and periods ----------------- */

/* Room for a slug and its terminator: every slug is at most
 * TB_SLUG_MAX - 1 bytes. */
#define TB_SLUG_MAX 64

/* The one function that turns a name (municipality, secretariat, id) into
 * a file or folder name component: folded (no case, accents or
 * punctuation: text_fold), spaces as '-'. Keeps only ASCII letters,
 * digits, '-' and whole non-ASCII UTF-8 letters, and cuts at a character
 * boundary to fit out (at least TB_SLUG_MAX bytes is best), so the result
 * can never be empty, hold '/', '\\' or '.', start with a dot, or be "..".
 * When nothing is left (invalid UTF-8, "—", "..", "/"), the fallback is
 * slugged the same way, and if that too is empty, "sin-nombre".
 * Returns 0, or TB_EX_OSERR when memory ran out (out then holds "", so a
 * file is never published under a wrong name). */
int tb_slug(const char *name, const char *fallback, char *out, size_t cap);

/* The one strict period parser: exactly "YYYY-MM", four digits, '-', two
 * digits (no sign, space or other text), month 1-12, year in
 * [year_min, year_max]. Returns 1 and sets *year and *month, else 0. */
int tb_parse_year_month(const char *s, int year_min, int year_max, int *year, int *month);

/* FNV-1a, 64 bits, over n bytes: the hash of interned strings and of
 * the shard a municipality falls in (so it must never change). Pure. */
uint64_t tb_fnv1a(const void *p, size_t n);

/* "YYYY-MM" of a period (year 0..9999, month 1..12) into buf, which must
 * hold TB_PERIOD_LEN + 1 bytes; returns buf. The one spelling of a period
 * in file and folder names. Pure. */
#define TB_PERIOD_LEN 7
char *tb_period_str(char *buf, int year, int month);

#endif
