/* csvread.c - libcsv fed one physical line at a time so that every record
 * knows the line it started on; plus reading a file under a size cap,
 * decoding it to UTF-8 and guessing its delimiter. libcsv's errors become
 * tb_error values here and nowhere else. */
#include "csvread.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "es/ingest.h"
#include "text.h"

/* Bytes handed to libcsv per call: small enough that a runaway quoted
 * field is caught near CSVREAD_FIELD_MAX instead of at the end of a line. */
#define FEED_CHUNK 1024u

typedef struct parse_ctx {
    const char *path;
    csvread_cb cb;
    void *ud;
    tb_error *err;
    char **fields;      /* fields of the record being built; owned */
    size_t n, cap;
    long rec_line;      /* line where the record being built started */
    long line;          /* physical line being fed */
    size_t fields_ended;/* fields completed during the current line */
    int status;         /* 0, or the code that stops the parse */
} parse_ctx;

static void ctx_clear_fields(parse_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->fields[i]);
    c->n = 0;
}

static int nomem(parse_ctx *c)
{
    c->status = tb_error_set(c->err, TB_EX_OSERR, c->path, c->line, 0,
                             MSG_CSV_NOMEM);
    return c->status;
}

static void on_field(void *s, size_t len, void *data)
{
    parse_ctx *c = data;
    if (c->status) return;
    c->fields_ended++;
    if (len > CSVREAD_FIELD_MAX) {
        c->status = tb_error_set(c->err, TB_EX_DATAERR, c->path, c->rec_line,
                                 (long)c->n + 1, MSG_CSV_FIELD_TOO_LONG,
                                 CSVREAD_FIELD_MAX);
        return;
    }
    if (c->n >= CSVREAD_FIELDS_MAX) {
        c->status = tb_error_set(c->err, TB_EX_DATAERR, c->path, c->rec_line,
                                 (long)c->n + 1, MSG_CSV_TOO_MANY_FIELDS,
                                 CSVREAD_FIELDS_MAX);
        return;
    }
    char **p = tb_grow(c->fields, c->n, &c->cap, sizeof *p, 16);
    if (!p) {
        nomem(c);
        return;
    }
    c->fields = p;
    char *f = tb_strndup(s ? s : "", s ? len : 0);
    if (!f) {
        nomem(c);
        return;
    }
    c->fields[c->n++] = f;
}

static void on_record(int term, void *data)
{
    (void)term;
    parse_ctx *c = data;
    if (c->status) {
        ctx_clear_fields(c);
        return;
    }
    int blank = 1;
    for (size_t i = 0; i < c->n && blank; i++)
        if (!text_is_blank(c->fields[i])) blank = 0;
    if (!blank) {
        csvread_record rec = {c->fields, c->n, c->rec_line, NULL, NULL};
        int r = c->cb(&rec, c->ud, c->err);
        if (r) c->status = r;
    }
    ctx_clear_fields(c);
}

/* Length of the line starting at data[i] including its terminator (LF,
 * CRLF or a lone CR). */
static size_t line_len(const char *data, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && data[j] != '\n' && data[j] != '\r') j++;
    if (j < len) {
        if (data[j] == '\r' && j + 1 < len && data[j + 1] == '\n') j++;
        j++;
    }
    return j - i;
}

int csvread_parse(const char *path, const char *data, size_t len, char delim,
                  csvread_cb cb, void *ud, tb_error *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    csv_set_delim(&p, (unsigned char)delim);

    parse_ctx c = {0};
    c.path = path;
    c.cb = cb;
    c.ud = ud;
    c.err = err;
    c.rec_line = 1;
    int in_quote = 0;     /* a quoted field continues past the line end */
    long quote_line = 0;  /* line where that quoted field opened */

    size_t i = 0;
    long line = 0;
    while (i < len && !c.status) {
        size_t ll = line_len(data, len, i);
        line++;
        c.line = line;
        c.fields_ended = 0;
        if (!in_quote) c.rec_line = line;
        size_t off = 0;
        while (off < ll && !c.status) {
            size_t chunk = ll - off < FEED_CHUNK ? ll - off : FEED_CHUNK;
            size_t used = csv_parse(&p, data + i + off, chunk, on_field,
                                    on_record, &c);
            if (c.status) break;
            if (used != chunk) {
                if (csv_error(&p) == CSV_EPARSE)
                    c.status = tb_error_set(err, TB_EX_DATAERR, path, line,
                                            (long)c.n + 1, MSG_CSV_STRAY_QUOTE,
                                            (long)c.n + 1);
                else
                    nomem(&c);
                break;
            }
            /* libcsv buffers a field without bound until it ends. */
            if (p.entry_pos > CSVREAD_FIELD_MAX) {
                c.status = tb_error_set(err, TB_EX_DATAERR, path, c.rec_line,
                                        (long)c.n + 1, MSG_CSV_FIELD_TOO_LONG,
                                        CSVREAD_FIELD_MAX);
                break;
            }
            off += chunk;
        }
        if (c.status) break;
        /* libcsv resets `quoted` when a field is submitted, so after a line
         * terminator it stays set only inside an open quoted field. A quote
         * opened on this line if none was open before or a field ended
         * here (the old one closed and a new one opened). */
        int now_in_quote = p.quoted != 0;
        if (now_in_quote && (!in_quote || c.fields_ended > 0))
            quote_line = line;
        in_quote = now_in_quote;
        i += ll;
    }
    if (!c.status) {
        if (csv_fini(&p, on_field, on_record, &c) != 0 && !c.status) {
            if (csv_error(&p) == CSV_EPARSE)
                c.status = tb_error_set(err, TB_EX_DATAERR, path,
                                        quote_line ? quote_line : line,
                                        (long)c.n + 1, MSG_CSV_UNTERMINATED,
                                        (long)c.n + 1);
            else
                nomem(&c);
        }
    }
    ctx_clear_fields(&c);
    free(c.fields);
    csv_free(&p);
    return c.status;
}

/* Why not fopen: opening a FIFO without a writer blocks forever, and a
 * cron run would hold the output folder's lock while it waits. The file is
 * opened non-blocking, and only regular files and character devices (whose
 * reads end: /dev/null, /dev/zero under the size limit) are read; pipes,
 * FIFOs and sockets are refused before any read. A character device that
 * has nothing to give (a terminal) answers EAGAIN instead of waiting. */
int csvread_open_input(const char *path, tb_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0 && errno == ENOMEM)
        return -tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    if (fd < 0)
        return -tb_error_set(err, TB_EX_NOINPUT, path, 0, 0, MSG_CSV_OPEN, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return -tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CSV_READ, strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return -tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CSV_READ, strerror(EISDIR));
    }
    if (!S_ISREG(st.st_mode) && !S_ISCHR(st.st_mode)) {
        close(fd);
        return -tb_error_set(err, TB_EX_NOINPUT, path, 0, 0, "%s", MSG_CSV_NOT_REGULAR);
    }
    return fd;
}

int csvread_slurp(const char *path, size_t max_bytes, char **out,
                  size_t *outlen, tb_error *err)
{
    *out = NULL;
    *outlen = 0;
    int fd = csvread_open_input(path, err);
    if (fd < 0) return -fd;
    /* Reject an oversized regular file before reading it at all. */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (unsigned long long)st.st_size > (unsigned long long)max_bytes) {
        close(fd);
        return tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_CSV_TOO_BIG,
                            max_bytes);
    }
    /* Grow geometrically; read at most max_bytes + 1 bytes, the last one
     * only to tell "exactly at the limit" from "too large". */
    size_t cap = max_bytes < 4096 ? max_bytes + 2 : 4096;
    char *buf = malloc(cap);
    if (!buf) {
        close(fd);
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    }
    size_t n = 0;
    for (;;) {
        if (n == cap - 1) {
            if (n > max_bytes) break;
            size_t ncap = cap - 1 > max_bytes / 2 ? max_bytes + 2 : cap * 2;
            char *p = realloc(buf, ncap);
            if (!p) {
                free(buf);
                close(fd);
                return tb_error_set(err, TB_EX_OSERR, path, 0, 0,
                                    MSG_CSV_NOMEM);
            }
            buf = p;
            cap = ncap;
        }
        ssize_t got = read(fd, buf + n, cap - 1 - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            int e = errno;
            free(buf);
            close(fd);
            if (e == EAGAIN || e == EWOULDBLOCK)
                return tb_error_set(err, TB_EX_NOINPUT, path, 0, 0, "%s", MSG_CSV_WOULD_BLOCK);
            return tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CSV_READ,
                                strerror(e));
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    if (close(fd) != 0) {
        int e = errno;
        free(buf);
        return tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CSV_READ,
                            strerror(e));
    }
    if (n > max_bytes) {
        free(buf);
        return tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_CSV_TOO_BIG, max_bytes);
    }
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}

/* 1-based line and byte column of offset off, counting lines as
 * csvread_parse does (LF, CRLF or lone CR). */
static void locate(const char *data, size_t off, long *line, long *col)
{
    long l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (data[i] == '\n' || (data[i] == '\r' && data[i + 1] != '\n')) {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = (long)(off - start) + 1;
}

/* UTF-16 (Excel's "Unicode text"): a byte-order mark, or NUL in every
 * other byte of the start. */
static int looks_utf16(const char *d, size_t n)
{
    const unsigned char *u = (const unsigned char *)d;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
                   (u[0] == 0xFE && u[1] == 0xFF)))
        return 1;
    if (n < 8) return 0;
    size_t zeros = 0, m = n < 64 ? n : 64;
    for (size_t i = 0; i < m; i++) zeros += u[i] == 0;
    return zeros * 3 >= m;   /* ASCII in UTF-16 is half NULs */
}

int csvread_decode(const char *path, char **data, size_t *len,
                   const char *encoding, int *was_cp1252, tb_error *err)
{
    char *d = *data;
    size_t n = *len;
    *was_cp1252 = 0;
    int want_utf8 = 0, want_1252 = 0;
    if (!encoding || strcmp(encoding, "auto") == 0) {
        want_utf8 = want_1252 = 1;
    } else if (strcmp(encoding, "utf-8") == 0 ||
               strcmp(encoding, "UTF-8") == 0 ||
               strcmp(encoding, "utf8") == 0) {
        want_utf8 = 1;
    } else if (strcmp(encoding, "windows-1252") == 0 ||
               strcmp(encoding, "WINDOWS-1252") == 0 ||
               strcmp(encoding, "cp1252") == 0) {
        want_1252 = 1;
    } else {
        return tb_error_set(err, TB_EX_CONFIG, path, 0, 0,
                            MSG_CSV_BAD_ENCODING, encoding);
    }
    if (want_utf8 && n >= 3 && (unsigned char)d[0] == 0xEF &&
        (unsigned char)d[1] == 0xBB && (unsigned char)d[2] == 0xBF) {
        memmove(d, d + 3, n - 3);
        n -= 3;
        d[n] = '\0';
        *len = n;
    }
    long line, col;
    if (looks_utf16(d, n))
        return tb_error_set(err, TB_EX_DATAERR, path, 1, 0, MSG_CSV_UTF16);
    const char *nul = memchr(d, '\0', n);
    if (nul) {
        locate(d, (size_t)(nul - d), &line, &col);
        return tb_error_set(err, TB_EX_DATAERR, path, line, col, MSG_CSV_NUL);
    }
    size_t bad = want_utf8 ? text_utf8_invalid_at(d, n) : 0;
    if (want_utf8 && bad == n) return 0;
    size_t bad1252 = want_1252 ? text_cp1252_invalid_at(d, n) : n;
    size_t mb = want_utf8 && want_1252 ? text_utf8_multibyte_at(d, n) : n;
    if (mb < n) {
        /* UTF-8 text and a byte that is not: reading the whole file as
         * Windows-1252 would garble the UTF-8 part silently. */
        long mline, mcol;
        locate(d, mb, &mline, &mcol);
        locate(d, bad, &line, &col);
        return tb_error_set(err, TB_EX_DATAERR, path, line, col,
                            bad1252 == n ? MSG_CSV_MIXED_ENCODING
                                         : MSG_CSV_MIXED_ENCODING_UTF8,
                            (unsigned)(unsigned char)d[bad], mline);
    }
    if (want_1252) {
        if (bad1252 == n) {
            size_t olen = 0;
            char *u = text_cp1252_to_utf8(d, n, &olen);
            if (!u)
                return tb_error_set(err, TB_EX_OSERR, path, 0, 0,
                                    MSG_CSV_NOMEM);
            free(d);
            *data = u;
            *len = olen;
            *was_cp1252 = 1;
            return 0;
        }
        if (!want_utf8) {
            locate(d, bad1252, &line, &col);
            return tb_error_set(err, TB_EX_DATAERR, path, line, col,
                                MSG_CSV_BAD_CP1252,
                                (unsigned)(unsigned char)d[bad1252]);
        }
    }
    locate(d, bad, &line, &col);
    return tb_error_set(err, TB_EX_DATAERR, path, line, col, MSG_CSV_BAD_UTF8,
                        (unsigned)(unsigned char)d[bad]);
}

#define SNIFF_LINES 50

char csvread_sniff_delim(const char *data, size_t len)
{
    static const char cands[3] = {';', ',', '\t'};
    /* Excel's "sep=;" first line states the delimiter. */
    if (len >= 5 && memcmp(data, "sep=", 4) == 0 &&
        (data[4] == ';' || data[4] == ',' || data[4] == '\t') &&
        (len == 5 || data[5] == '\n' || data[5] == '\r'))
        return data[4];
    size_t counts[3][SNIFF_LINES];
    size_t nlines = 0;
    size_t cur[3] = {1, 1, 1};
    int nonempty = 0, inq = 0;
    for (size_t i = 0; i <= len && nlines < SNIFF_LINES; i++) {
        char ch = i < len ? data[i] : '\n';
        if (ch == '"') {
            inq = !inq;
            nonempty = 1;
            continue;
        }
        if (inq && i < len) continue;
        if (ch == '\n' || ch == '\r') {
            if (nonempty) {
                for (int k = 0; k < 3; k++) counts[k][nlines] = cur[k];
                nlines++;
            }
            cur[0] = cur[1] = cur[2] = 1;
            nonempty = 0;
            inq = 0;
            continue;
        }
        for (int k = 0; k < 3; k++)
            if (ch == cands[k]) cur[k]++;
        if (ch != ' ' && ch != '\t') nonempty = 1;
    }
    /* Score: how many lines share the most common field count (> 1). */
    size_t best_score = 0;
    char best = ';';
    for (int k = 0; k < 3; k++) {
        size_t score = 0;
        for (size_t a = 0; a < nlines; a++) {
            if (counts[k][a] < 2) continue;
            size_t same = 0;
            for (size_t b = 0; b < nlines; b++)
                if (counts[k][b] == counts[k][a]) same++;
            if (same > score) score = same;
        }
        if (score > best_score) {
            best_score = score;
            best = cands[k];
        }
    }
    return best;
}
