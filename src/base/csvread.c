/* csvread.c - libcsv fed line by line so that every record knows the
 * line it started on; reading a file under a size cap, decoding it to
 * UTF-8 and guessing its delimiter, whole or (for data files) in one
 * streaming pass with the same results. libcsv's errors become tb_error
 * values here and nowhere else. */
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

/* The line-aware driver of libcsv, fed any number of bytes at a time: the
 * same calls, and the same checks at the same places (every FEED_CHUNK
 * bytes from a line's start and at its end), whether the text arrives
 * whole (csvread_parse) or in pieces (csvread_stream). */
typedef struct feeder {
    struct csv_parser p;
    parse_ctx c;
    int in_quote;         /* a quoted field continues past the line end */
    long quote_line;      /* line where that quoted field opened */
    long line;            /* lines started */
    int mid_line;         /* the current line's terminator is still to come */
    int pending_cr;       /* it ended in CR: an LF next is part of it */
    size_t line_off;      /* bytes of the current line fed */
} feeder;

static int feeder_init(feeder *f, const char *path, char delim, csvread_cb cb, void *ud,
                       tb_error *err)
{
    memset(f, 0, sizeof *f);
    if (csv_init(&f->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    csv_set_delim(&f->p, (unsigned char)delim);
    f->c.path = path;
    f->c.cb = cb;
    f->c.ud = ud;
    f->c.err = err;
    f->c.rec_line = 1;
    return 0;
}

static void feeder_free(feeder *f)
{
    ctx_clear_fields(&f->c);
    free(f->c.fields);
    csv_free(&f->p);
}

/* libcsv buffers a field without bound until it ends. */
static void check_entry(feeder *f)
{
    if (!f->c.status && f->p.entry_pos > CSVREAD_FIELD_MAX)
        f->c.status = tb_error_set(f->c.err, TB_EX_DATAERR, f->c.path, f->c.rec_line,
                                   (long)f->c.n + 1, MSG_CSV_FIELD_TOO_LONG, CSVREAD_FIELD_MAX);
}

static void start_line(feeder *f)
{
    f->line++;
    f->c.line = f->line;
    f->c.fields_ended = 0;
    if (!f->in_quote) f->c.rec_line = f->line;
    f->line_off = 0;
    f->mid_line = 1;
}

static void end_line(feeder *f)
{
    f->mid_line = f->pending_cr = 0;
    check_entry(f);
    if (f->c.status) return;
    /* libcsv resets `quoted` when a field is submitted, so after a line
     * terminator it stays set only inside an open quoted field. A quote
     * opened on this line if none was open before or a field ended
     * here (the old one closed and a new one opened). */
    int now_in_quote = f->p.quoted != 0;
    if (now_in_quote && (!f->in_quote || f->c.fields_ended > 0)) f->quote_line = f->line;
    f->in_quote = now_in_quote;
}

/* Bytes of the current line, in pieces that end where whole-line feeding
 * would end its chunks. */
static void feed_line_bytes(feeder *f, const char *s, size_t len)
{
    while (len > 0 && !f->c.status) {
        size_t room = FEED_CHUNK - f->line_off % FEED_CHUNK;
        size_t piece = len < room ? len : room;
        size_t used = csv_parse(&f->p, s, piece, on_field, on_record, &f->c);
        if (f->c.status) return;
        if (used != piece) {
            if (csv_error(&f->p) == CSV_EPARSE)
                f->c.status = tb_error_set(f->c.err, TB_EX_DATAERR, f->c.path, f->line,
                                           (long)f->c.n + 1, MSG_CSV_STRAY_QUOTE,
                                           (long)f->c.n + 1);
            else
                nomem(&f->c);
            return;
        }
        f->line_off += piece;
        if (f->line_off % FEED_CHUNK == 0) check_entry(f);
        s += piece;
        len -= piece;
    }
}

/* Feeds data[0..n); lines may continue into the next call. */
static void feeder_feed(feeder *f, const char *data, size_t n)
{
    size_t i = 0;
    while (i < n && !f->c.status) {
        if (f->pending_cr) {
            f->pending_cr = 0;
            if (data[i] == '\n') {
                feed_line_bytes(f, data + i, 1);
                i++;
            }
            end_line(f);
            continue;
        }
        if (!f->mid_line) start_line(f);
        size_t j = i;
        while (j < n && data[j] != '\n' && data[j] != '\r') j++;
        size_t end = j;
        int complete = 0;
        if (j < n && data[j] == '\n') {
            end = j + 1;
            complete = 1;
        } else if (j < n) {          /* CR: CRLF, or a lone CR */
            if (j + 1 < n) {
                end = data[j + 1] == '\n' ? j + 2 : j + 1;
                complete = 1;
            } else {
                end = j + 1;
                f->pending_cr = 1;
            }
        }
        feed_line_bytes(f, data + i, end - i);
        i = end;
        if (complete) end_line(f);
    }
}

/* Ends the text: the last line, then libcsv's own end (an open quote is
 * an unterminated field). Returns the status. */
static int feeder_finish(feeder *f)
{
    if (!f->c.status && f->mid_line) end_line(f);
    if (!f->c.status && csv_fini(&f->p, on_field, on_record, &f->c) != 0 && !f->c.status) {
        if (csv_error(&f->p) == CSV_EPARSE)
            f->c.status = tb_error_set(f->c.err, TB_EX_DATAERR, f->c.path,
                                       f->quote_line ? f->quote_line : f->line,
                                       (long)f->c.n + 1, MSG_CSV_UNTERMINATED, (long)f->c.n + 1);
        else
            nomem(&f->c);
    }
    return f->c.status;
}

int csvread_parse(const char *path, const char *data, size_t len, char delim,
                  csvread_cb cb, void *ud, tb_error *err)
{
    feeder f;
    int rc = feeder_init(&f, path, delim, cb, ud, err);
    if (rc) return rc;
    feeder_feed(&f, data, len);
    rc = feeder_finish(&f);
    feeder_free(&f);
    return rc;
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

/* The delimiter guess fed a piece at a time: it needs only the first
 * SNIFF_LINES non-empty lines and the first six bytes. */
typedef struct sniffer {
    size_t counts[3][SNIFF_LINES];
    size_t nlines;
    size_t cur[3];
    int nonempty, inq;
    char head[6];         /* the first bytes, for "sep=;" */
    size_t nhead;
} sniffer;

static const char sniff_cands[3] = {';', ',', '\t'};

static void sniff_init(sniffer *s)
{
    memset(s, 0, sizeof *s);
    s->cur[0] = s->cur[1] = s->cur[2] = 1;
}

static int sniff_done(const sniffer *s)
{
    return s->nlines >= SNIFF_LINES;
}

static void sniff_byte(sniffer *s, char ch)
{
    if (ch == '"') {
        s->inq = !s->inq;
        s->nonempty = 1;
        return;
    }
    if (s->inq) return;
    if (ch == '\n' || ch == '\r') {
        if (s->nonempty) {
            for (int k = 0; k < 3; k++) s->counts[k][s->nlines] = s->cur[k];
            s->nlines++;
        }
        s->cur[0] = s->cur[1] = s->cur[2] = 1;
        s->nonempty = 0;
        s->inq = 0;
        return;
    }
    for (int k = 0; k < 3; k++)
        if (ch == sniff_cands[k]) s->cur[k]++;
    if (ch != ' ' && ch != '\t') s->nonempty = 1;
}

static void sniff_feed(sniffer *s, const char *data, size_t len)
{
    for (size_t i = 0; i < len && s->nhead < sizeof s->head; i++) s->head[s->nhead++] = data[i];
    for (size_t i = 0; i < len && !sniff_done(s); i++) sniff_byte(s, data[i]);
}

/* The guess once the text has ended (or SNIFF_LINES lines were seen). */
static char sniff_result(sniffer *s)
{
    /* Excel's "sep=;" first line states the delimiter. */
    const char *h = s->head;
    if (s->nhead >= 5 && memcmp(h, "sep=", 4) == 0 && (h[4] == ';' || h[4] == ',' || h[4] == '\t') &&
        (s->nhead == 5 || h[5] == '\n' || h[5] == '\r'))
        return h[4];
    /* the end of the text ends its last line */
    if (!sniff_done(s)) {
        s->inq = 0;
        sniff_byte(s, '\n');
    }
    /* Score: how many lines share the most common field count (> 1). */
    size_t best_score = 0;
    char best = ';';
    for (int k = 0; k < 3; k++) {
        size_t score = 0;
        for (size_t a = 0; a < s->nlines; a++) {
            if (s->counts[k][a] < 2) continue;
            size_t same = 0;
            for (size_t b = 0; b < s->nlines; b++)
                if (s->counts[k][b] == s->counts[k][a]) same++;
            if (same > score) score = same;
        }
        if (score > best_score) {
            best_score = score;
            best = sniff_cands[k];
        }
    }
    return best;
}

char csvread_sniff_delim(const char *data, size_t len)
{
    sniffer s;
    sniff_init(&s);
    sniff_feed(&s, data, len);
    return sniff_result(&s);
}

/* ---- reading a file in pieces ------------------------------------------ */

/* Raw bytes read per call: the text is never whole in memory. */
#define STREAM_CHUNK (64u * 1024u)

/* Where a first offender is, as csvread_decode's locate() counts. */
typedef struct spot {
    int found;
    long line, col;
    unsigned char byte;
} spot;

typedef enum { ENC_UNDECIDED, ENC_UTF8, ENC_CP1252 } enc_mode;

/* csvread_decode's checks made one byte at a time over the text after
 * the BOM, with up to three bytes of lookahead; what is already known to
 * be refused is not passed on. */
typedef struct stream_ctx {
    const char *path;
    const csvread_stream_opts *o;
    tb_error *err;
    int want_utf8, want_1252;
    enc_mode mode;
    int bom_done;         /* the first three bytes were looked at */
    size_t off;           /* bytes of the text (after the BOM) scanned */
    long line;            /* line of the byte at off */
    size_t line_start;    /* offset where that line starts */
    size_t utf8_next;     /* where the next UTF-8 sequence starts */
    spot nul, bad_utf8, bad_1252;
    long mb_line;         /* line of the first UTF-8 multi-byte sequence, 0 = none */
    int stop_emit;        /* the file will be refused: parse no further */
    char head[64];        /* the start, for the UTF-16 check */
    size_t nhead;
    unsigned char cp[128][4]; /* Windows-1252 0x80..0xFF as UTF-8 (cp[b][3] = length) */
    int cp_ready;
    /* decoded text, to the sniffer and the parser */
    int sniffing;
    sniffer sn;
    char *pend;           /* decoded text held back until the delimiter is known */
    size_t npend, cappend;
    feeder f;
    int feeding;
    int parse_rc;         /* the parser's status: a syntax error waits for the end */
    char out[4 * STREAM_CHUNK];
    size_t nout;
    char delim;
} stream_ctx;

static int build_cp_table(stream_ctx *x)
{
    for (unsigned b = 0x80; b <= 0xFF; b++) {
        char in = (char)b;
        size_t n = 0;
        x->cp[b - 0x80][3] = 0;
        if (text_cp1252_invalid_at(&in, 1) == 0) continue;   /* undefined: never emitted */
        char *u = text_cp1252_to_utf8(&in, 1, &n);
        if (!u || n > 3) {
            free(u);
            return -1;
        }
        memcpy(x->cp[b - 0x80], u, n);
        x->cp[b - 0x80][3] = (unsigned char)n;
        free(u);
    }
    x->cp_ready = 1;
    return 0;
}

/* Decoded text goes to the sniffer (held back) until the delimiter is
 * known, then to the parser. Returns 0 or TB_EX_OSERR. */
static int pass_on(stream_ctx *x, const char *d, size_t n)
{
    if (!n) return 0;
    if (x->sniffing) {
        sniff_feed(&x->sn, d, n);
        if (x->npend + n > x->cappend) {
            size_t cap = x->cappend ? x->cappend : 4096;
            while (cap < x->npend + n) cap *= 2;
            char *p = realloc(x->pend, cap);
            if (!p) return TB_EX_OSERR;
            x->pend = p;
            x->cappend = cap;
        }
        memcpy(x->pend + x->npend, d, n);
        x->npend += n;
        return 0;
    }
    if (x->feeding && !x->parse_rc) {
        feeder_feed(&x->f, d, n);
        x->parse_rc = x->f.c.status;
    }
    return 0;
}

/* The delimiter is known (given, or sniffed): start the parser on what
 * was held back. */
static int start_parser(stream_ctx *x)
{
    x->sniffing = 0;
    if (!x->delim) x->delim = sniff_result(&x->sn);
    int rc = feeder_init(&x->f, x->path, x->delim, x->o->cb, x->o->ud, x->err);
    if (rc) return rc;
    x->feeding = 1;
    rc = pass_on(x, x->pend, x->npend);
    free(x->pend);
    x->pend = NULL;
    x->npend = x->cappend = 0;
    return rc;
}

static int flush_out(stream_ctx *x)
{
    int rc = pass_on(x, x->out, x->nout);
    x->nout = 0;
    if (!rc && x->sniffing && sniff_done(&x->sn)) rc = start_parser(x);
    return rc;
}

static void spot_mark(stream_ctx *x, spot *s, unsigned char b)
{
    s->found = 1;
    s->line = x->line;
    s->col = (long)(x->off - x->line_start) + 1;
    s->byte = b;
}

/* Scans the byte at s[0] (s[1..rem) follow it; rem < 4 only at the end)
 * and passes its decoded form on. */
static int scan_byte(stream_ctx *x, const unsigned char *s, size_t rem)
{
    unsigned char b = s[0];
    if (x->nhead < sizeof x->head) x->head[x->nhead++] = (char)b;
    if (b == 0 && !x->nul.found) spot_mark(x, &x->nul, b);
    if (x->want_1252 && !x->bad_1252.found && text_cp1252_invalid_at((const char *)s, 1) == 0)
        spot_mark(x, &x->bad_1252, b);
    if (x->want_utf8 && x->want_1252 && !x->mb_line && b >= 0xC2 && b <= 0xF4) {
        size_t len = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        if (rem >= len && text_utf8_invalid_at((const char *)s, len) == len) x->mb_line = x->line;
    }
    if (x->want_utf8 && !x->bad_utf8.found && x->off == x->utf8_next) {
        size_t len = 1;
        if (b >= 0x80) {
            size_t k = rem < 4 ? rem : 4;
            size_t v = text_utf8_invalid_at((const char *)s, k);
            /* v > 0: the sequence at s[0] is valid and v covers it */
            len = v == 0 ? 0 : (b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4);
        }
        if (len) x->utf8_next += len;
        else spot_mark(x, &x->bad_utf8, b);
    }
    if (x->mode == ENC_UNDECIDED && b >= 0x80)
        /* all before was ASCII, the same in both: this byte decides */
        x->mode = x->bad_utf8.found ? ENC_CP1252 : ENC_UTF8;
    /* what will be refused is not parsed (ingest assumes valid UTF-8) */
    if (x->nul.found) x->stop_emit = 1;
    if (x->mode == ENC_CP1252 ? (x->bad_1252.found || x->mb_line) : x->bad_utf8.found)
        x->stop_emit = 1;
    if (!x->stop_emit) {
        if (x->mode == ENC_CP1252 && b >= 0x80) {
            if (!x->cp_ready && build_cp_table(x)) return TB_EX_OSERR;
            memcpy(x->out + x->nout, x->cp[b - 0x80], x->cp[b - 0x80][3]);
            x->nout += x->cp[b - 0x80][3];
        } else {
            x->out[x->nout++] = (char)b;
        }
    }
    /* lines as locate() counts them: LF, or a CR not followed by LF */
    if (b == '\n' || (b == '\r' && !(rem >= 2 && s[1] == '\n'))) {
        x->line++;
        x->line_start = x->off + 1;
    }
    x->off++;
    return 0;
}

/* The length of the run of ASCII bytes other than NUL and CR at s[0..max)
 * (at most what x->out has room for), taken in one go: in such a run
 * nothing scan_byte checks can change but the line count (every byte is
 * valid in both encodings and decides none), so it is copied as is and
 * its line feeds counted. 0 where scan_byte must look itself: the first
 * bytes (kept for the UTF-16 check), text that will be refused, or in
 * the middle of a UTF-8 sequence. */
static size_t ascii_run(stream_ctx *x, const unsigned char *s, size_t max)
{
    if (x->nhead < sizeof x->head || x->stop_emit ||
        (x->want_utf8 && !x->bad_utf8.found && x->off != x->utf8_next))
        return 0;
    size_t room = sizeof x->out - x->nout;
    if (max > room) max = room;
    size_t n = 0;
    for (; n < max; n++) {
        unsigned char b = s[n];
        if (b == 0 || b == '\r' || b >= 0x80) break;
        if (b == '\n') {
            x->line++;
            x->line_start = x->off + n + 1;
        }
    }
    memcpy(x->out + x->nout, s, n);
    x->nout += n;
    x->off += n;
    if (x->want_utf8 && !x->bad_utf8.found) x->utf8_next = x->off;
    return n;
}

/* Scans buf[0..avail); returns how many bytes were used (the rest, at
 * most three, wait for the bytes that follow them unless at_end). */
static int scan(stream_ctx *x, const char *buf, size_t avail, int at_end, size_t *used)
{
    const unsigned char *u = (const unsigned char *)buf;
    size_t i = 0;
    if (!x->bom_done) {
        if (avail < 3 && !at_end) {
            *used = 0;
            return 0;
        }
        x->bom_done = 1;
        if (x->want_utf8 && avail >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) i = 3;
    }
    size_t limit = at_end ? avail : avail > 3 ? avail - 3 : 0;
    int rc = 0;
    while (i < limit && !rc) {
        if (x->nout + 3 > sizeof x->out) rc = flush_out(x);
        if (rc) break;
        size_t run = ascii_run(x, u + i, limit - i);
        if (run) {
            i += run;
            continue;
        }
        rc = scan_byte(x, u + i, avail - i);
        i++;
    }
    if (!rc) rc = flush_out(x);
    *used = i;
    return rc;
}

/* The decision csvread_decode makes, on what the scan found. Returns 0
 * (and sets *cp1252) or TB_EX_DATAERR with err set. */
static int stream_verdict(stream_ctx *x, int *cp1252)
{
    const char *path = x->path;
    tb_error *err = x->err;
    *cp1252 = 0;
    if (looks_utf16(x->head, x->nhead))
        return tb_error_set(err, TB_EX_DATAERR, path, 1, 0, MSG_CSV_UTF16);
    if (x->nul.found)
        return tb_error_set(err, TB_EX_DATAERR, path, x->nul.line, x->nul.col, MSG_CSV_NUL);
    if (x->want_utf8 && !x->bad_utf8.found) return 0;
    if (x->want_utf8 && x->want_1252 && x->mb_line)
        return tb_error_set(err, TB_EX_DATAERR, path, x->bad_utf8.line, x->bad_utf8.col,
                            !x->bad_1252.found ? MSG_CSV_MIXED_ENCODING
                                               : MSG_CSV_MIXED_ENCODING_UTF8,
                            (unsigned)x->bad_utf8.byte, x->mb_line);
    if (x->want_1252) {
        if (!x->bad_1252.found) {
            *cp1252 = 1;
            return 0;
        }
        if (!x->want_utf8)
            return tb_error_set(err, TB_EX_DATAERR, path, x->bad_1252.line, x->bad_1252.col,
                                MSG_CSV_BAD_CP1252, (unsigned)x->bad_1252.byte);
    }
    return tb_error_set(err, TB_EX_DATAERR, path, x->bad_utf8.line, x->bad_utf8.col,
                        MSG_CSV_BAD_UTF8, (unsigned)x->bad_utf8.byte);
}

/* Reads the next raw bytes of fd (or of the memory block) into buf.
 * Returns 0 and sets *got (0 at the end), or an error code with err. */
static int read_raw(const char *path, int fd, const char **mem, size_t *memleft, char *buf,
                    size_t cap, size_t *got, tb_error *err)
{
    if (fd < 0) {
        size_t n = *memleft < cap ? *memleft : cap;
        if (n) memcpy(buf, *mem, n);
        *mem += n;
        *memleft -= n;
        *got = n;
        return 0;
    }
    for (;;) {
        ssize_t r = read(fd, buf, cap);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            if (e == EAGAIN || e == EWOULDBLOCK)
                return tb_error_set(err, TB_EX_NOINPUT, path, 0, 0, "%s", MSG_CSV_WOULD_BLOCK);
            return tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CSV_READ, strerror(e));
        }
        *got = (size_t)r;
        return 0;
    }
}

static int stream_run(const char *path, int fd, const char *mem, size_t memlen,
                      const csvread_stream_opts *o, csvread_info *info, tb_error *err)
{
    memset(info, 0, sizeof *info);
    stream_ctx *x = calloc(1, sizeof *x);
    char *buf = malloc(STREAM_CHUNK);
    if (!x || !buf) {
        free(x);
        free(buf);
        info->rejected = 1;
        return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    }
    x->path = path;
    x->o = o;
    x->err = err;
    x->line = 1;
    x->delim = o->delimiter;
    x->sniffing = !o->delimiter;
    sniff_init(&x->sn);
    const char *enc = o->encoding;
    int rc = 0;
    if (!enc || strcmp(enc, "auto") == 0) {
        x->want_utf8 = x->want_1252 = 1;
    } else if (strcmp(enc, "utf-8") == 0 || strcmp(enc, "UTF-8") == 0 || strcmp(enc, "utf8") == 0) {
        x->want_utf8 = 1;
        x->mode = ENC_UTF8;
    } else if (strcmp(enc, "windows-1252") == 0 || strcmp(enc, "WINDOWS-1252") == 0 ||
               strcmp(enc, "cp1252") == 0) {
        x->want_1252 = 1;
        x->mode = ENC_CP1252;
    } else {
        rc = tb_error_set(err, TB_EX_CONFIG, path, 0, 0, MSG_CSV_BAD_ENCODING, enc);
    }
    if (!rc && !x->sniffing) rc = start_parser(x);
    size_t carry = 0, total = 0;
    int at_end = 0;
    while (!rc && !at_end) {
        size_t got = 0;
        rc = read_raw(path, fd, &mem, &memlen, buf + carry, STREAM_CHUNK - carry, &got, err);
        if (rc) break;
        at_end = got == 0;
        total += got;
        /* at most max_bytes + 1: enough to tell "too large" */
        if (total > o->max_bytes) {
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_CSV_TOO_BIG, o->max_bytes);
            break;
        }
        if (o->raw && got) o->raw(buf + carry, got, o->ud);
        size_t avail = carry + got, used = 0;
        rc = scan(x, buf, avail, at_end, &used);
        if (rc) {
            if (rc == TB_EX_OSERR) tb_error_set(err, rc, path, 0, 0, MSG_CSV_NOMEM);
            break;
        }
        memmove(buf, buf + used, avail - used);
        carry = avail - used;
        /* a problem that is not the data's (memory, the callback's own
         * stop) ends the file now; a syntax error waits for the verdict */
        if (x->parse_rc && x->parse_rc != TB_EX_DATAERR) break;
    }
    info->bytes = total;
    int parse_rc = x->parse_rc;
    if (!rc && parse_rc && parse_rc != TB_EX_DATAERR) {
        rc = parse_rc;   /* err was set by the parser or the callback */
    } else if (!rc) {
        int cp1252 = 0;
        rc = stream_verdict(x, &cp1252);
        if (rc) {
            info->rejected = 1;
        } else {
            info->was_cp1252 = cp1252;
            if (x->sniffing) rc = start_parser(x);
            if (!rc && !x->f.c.status) x->f.c.status = feeder_finish(&x->f);
            rc = rc ? rc : x->f.c.status;
            info->delimiter = x->delim;
        }
    } else {
        info->rejected = 1;
    }
    if (x->feeding) feeder_free(&x->f);
    free(x->pend);
    free(x);
    free(buf);
    return rc;
}

int csvread_stream_file(const char *path, const csvread_stream_opts *o, csvread_info *info,
                        tb_error *err)
{
    memset(info, 0, sizeof *info);
    int fd = csvread_open_input(path, err);
    if (fd < 0) {
        info->rejected = 1;
        return -fd;
    }
    /* Reject an oversized regular file before reading it at all. */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (unsigned long long)st.st_size > (unsigned long long)o->max_bytes) {
        close(fd);
        info->rejected = 1;
        return tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_CSV_TOO_BIG, o->max_bytes);
    }
    int rc = stream_run(path, fd, NULL, 0, o, info, err);
    if (close(fd) != 0) {
        int e = errno;
        info->rejected = 1;
        rc = tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CSV_READ, strerror(e));
    }
    return rc;
}

int csvread_stream_buffer(const char *name, const char *data, size_t len,
                          const csvread_stream_opts *o, csvread_info *info, tb_error *err)
{
    return stream_run(name, -1, data, len, o, info, err);
}
