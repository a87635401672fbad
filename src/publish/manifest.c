/* manifest.c - the audit record of a run, as JSON (in cJSON's layout), with SHA-256
 * from nettle (a maintained library, not hand-written crypto). */
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jsonw.h"
#include "msg.h"

int manifest_hash_file(const char *path, unsigned char *digest, size_t *size, tb_error *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CLI_CANNOT_HASH, strerror(errno));
    struct sha256_ctx h;
    sha256_init(&h);
    unsigned char buf[65536];
    size_t total = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            return tb_error_set(err, TB_EX_IOERR, path, 0, 0, MSG_CLI_CANNOT_HASH, strerror(e));
        }
        if (r == 0) break;
        sha256_update(&h, (size_t)r, buf);
        total += (size_t)r;
    }
    close(fd);
    sha256_digest(&h, OUTFILE_SHA256_SIZE, digest);
    *size = total;
    return 0;
}

static void iso_utc(long long epoch, char *out, size_t cap)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    gmtime_r(&t, &tm);
    strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The manifest is written straight into the caller's buffer, in the
 * layout cJSON_Print gives (tabs, "key":<tab>value, ", " between array
 * items; the README's example and the parts' readers were made with it),
 * instead of as a cJSON tree printed at the end: with 20,000 outputs the
 * tree and cJSON's print buffer were ~12 MiB alive beside the analysis,
 * the run's peak. Strings and numbers go through jsonw.h's pieces
 * (cJSON's escapes and number format), so the bytes are those cJSON wrote. */
static void jw_tabs(tb_buf *b, int depth)
{
    static const char tabs[] = "\t\t\t\t\t\t\t\t";
    tb_buf_append(b, tabs, (size_t)depth);
}

static void jw_str(tb_buf *b, const char *s)
{
    jsonw_put_string(b, s);
}

static void jw_num(tb_buf *b, double d)
{
    jsonw_put_number(b, d);
}

/* "key":<tab> at depth. */
static void jw_key(tb_buf *b, int depth, const char *key)
{
    jw_tabs(b, depth);
    jw_str(b, key);
    tb_buf_append(b, ":\t", 2);
}

/* An item's end: "," when more follow, then the newline. */
static void jw_next(tb_buf *b, int more)
{
    tb_buf_append(b, more ? ",\n" : "\n", more ? 2 : 1);
}

/* "key": "value" at depth, then "," when more follows. */
static void jw_str_field(tb_buf *b, int depth, const char *key, const char *value, int more)
{
    jw_key(b, depth, key);
    jw_str(b, value);
    jw_next(b, more);
}

/* {"path"/"name": name, "bytes": size, ["rows": rows,] "sha256": hex} as
 * an element of an array whose key sits at depth 1. */
static void add_file(tb_buf *b, int first, const char *key, const char *name, size_t size,
                     long long rows, const unsigned char *digest)
{
    char hex[2 * OUTFILE_SHA256_SIZE + 1];
    outfile_hex(digest, hex);
    tb_buf_append(b, first ? "{\n" : ", {\n", first ? 2 : 4);
    jw_str_field(b, 3, key, name, 1);
    jw_key(b, 3, "bytes");
    jw_num(b, (double)size);
    jw_next(b, 1);
    if (rows >= 0) {
        jw_key(b, 3, "rows");
        jw_num(b, (double)rows);
        jw_next(b, 1);
    }
    jw_str_field(b, 3, "sha256", hex, 0);
    jw_tabs(b, 2);
    tb_buf_append(b, "}", 1);
}

static void add_inputs(tb_buf *b, const manifest_input *mi)
{
    jw_key(b, 1, "inputs");
    tb_buf_append(b, "[", 1);
    int first = 1;
    for (size_t i = 0; i < mi->in->nsources; i++) {
        const ingest_source *s = &mi->in->sources[i];
        /* A workbook's sheets are consecutive sources of one file: one
         * entry, with the rows of all its sheets. */
        if (i > 0 && s->sheet && mi->in->sources[i - 1].sheet &&
            strcmp(mi->in->sources[i - 1].path, s->path) == 0)
            continue;
        long long rows = (long long)s->rows;
        for (size_t k = i + 1; s->sheet && k < mi->in->nsources && mi->in->sources[k].sheet &&
                               strcmp(mi->in->sources[k].path, s->path) == 0; k++)
            rows += (long long)mi->in->sources[k].rows;
        add_file(b, first, "path", s->path, s->bytes, rows, s->sha256);
        first = 0;
    }
    tb_buf_append(b, "],\n", 3);
}

static int add_config(tb_buf *b, const manifest_input *mi, tb_error *err)
{
    jw_key(b, 1, "config");
    tb_buf_append(b, "[", 1);
    for (size_t i = 0; i < mi->plan->nfiles; i++) {
        const plan_file *f = &mi->plan->files[i];
        unsigned char d[OUTFILE_SHA256_SIZE];
        size_t size;
        int rc = manifest_hash_file(f->path, d, &size, err);
        if (rc) return rc;
        add_file(b, i == 0, "path", f->path, size, -1, d);
    }
    tb_buf_append(b, "],\n", 3);
    return 0;
}

static void add_outputs(tb_buf *b, const manifest_input *mi)
{
    jw_key(b, 1, "outputs");
    tb_buf_append(b, "[", 1);
    for (size_t i = 0; i < mi->out->n; i++) {
        const outfile_entry *e = &mi->out->e[i];
        add_file(b, i == 0, "name", outfile_name(mi->out, i), e->len, -1, e->sha256);
    }
    tb_buf_append(b, "],\n", 3);
}

static void add_warnings(tb_buf *b, const manifest_input *mi)
{
    jw_key(b, 2, "warnings");
    tb_buf_append(b, "[", 1);
    for (size_t i = 0; mi->warnings && i < mi->warnings->n; i++) {
        const tb_error *w = &mi->warnings->items[i];
        char line[TB_ERR_FILE_MAX + TB_ERR_MSG_MAX + 4];
        snprintf(line, sizeof line, "%s%s%s", w->file, w->file[0] ? ": " : "", w->msg);
        if (i) tb_buf_append(b, ", ", 2);
        jw_str(b, line);
    }
    tb_buf_append(b, "]\n", 2);
}

/* "run": this execution (when, how long, what went wrong around it, e.g.
 * a warning about missing analyses); the one part that differs between
 * two runs on the same data. Last in the object. */
static void add_run(tb_buf *b, const manifest_input *mi)
{
    jw_key(b, 1, "run");
    tb_buf_append(b, "{\n", 2);
    char when[32];
    iso_utc(mi->started_epoch, when, sizeof when);
    jw_str_field(b, 2, "started_at", when, 1);
    jw_key(b, 2, "timings_ms");
    tb_buf_append(b, "{\n", 2);
    for (size_t i = 0; i < mi->ntimings; i++) {
        /* microseconds are noise; rounding keeps the file readable */
        double ms = (double)(long long)(mi->timings[i].ms * 1000.0 + 0.5) / 1000.0;
        jw_key(b, 3, mi->timings[i].name);
        jw_num(b, ms);
        jw_next(b, i + 1 < mi->ntimings);
    }
    jw_tabs(b, 2);
    tb_buf_append(b, "},\n", 3);
    add_warnings(b, mi);
    jw_tabs(b, 1);
    tb_buf_append(b, "}\n", 2);
}

int manifest_build(const manifest_input *mi, tb_buf *out, tb_error *err)
{
    if (!mi->version || !mi->period)   /* cJSON refused a NULL string as out of memory */
        return tb_error_set(err, TB_EX_OSERR, MANIFEST_NAME, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    char date[32];
    iso_utc(mi->report_epoch, date, sizeof date);
    tb_buf_append(out, "{\n", 2);
    jw_str_field(out, 1, "tablero_version", mi->version, 1);
    jw_str_field(out, 1, "period", mi->period, 1);
    jw_str_field(out, 1, "report_date", date, 1);
    if (mi->shard_n > 1) {
        jw_str_field(out, 1, "reports", mi->reports ? mi->reports : "todos", 1);
        jw_key(out, 1, "shard");
        tb_buf_append(out, "{\n", 2);
        jw_key(out, 2, "k");
        jw_num(out, mi->shard_k);
        jw_next(out, 1);
        jw_key(out, 2, "n");
        jw_num(out, mi->shard_n);
        jw_next(out, 0);
        jw_tabs(out, 1);
        tb_buf_append(out, "},\n", 3);
    }
    add_inputs(out, mi);
    int rc = add_config(out, mi, err);
    if (rc) return rc;
    add_outputs(out, mi);
    add_run(out, mi);
    tb_buf_append(out, "}\n", 2);
    if (out->failed)
        return tb_error_set(err, TB_EX_OSERR, MANIFEST_NAME, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    return 0;
}
