/* manifest.c - the audit record of a run, as JSON (cJSON), with SHA-256
 * from nettle (a maintained library, not hand-written crypto). */
#include "manifest.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

/* {"path"/"name": name, "bytes": size, ["rows": rows,] "sha256": hex}
 * appended to arr; rows < 0 leaves it out. Returns 0 or -1 (memory). */
static int add_file(cJSON *arr, const char *key, const char *name, size_t size, long long rows,
                    const unsigned char *digest)
{
    char hex[2 * OUTFILE_SHA256_SIZE + 1];
    outfile_hex(digest, hex);
    cJSON *o = cJSON_CreateObject();
    if (!o) return -1;
    if (!cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return -1;
    }
    int ok = cJSON_AddStringToObject(o, key, name) && cJSON_AddNumberToObject(o, "bytes", (double)size);
    if (ok && rows >= 0) ok = cJSON_AddNumberToObject(o, "rows", (double)rows) != NULL;
    if (ok) ok = cJSON_AddStringToObject(o, "sha256", hex) != NULL;
    return ok ? 0 : -1;
}

static int add_inputs(cJSON *doc, const manifest_input *mi)
{
    cJSON *arr = cJSON_AddArrayToObject(doc, "inputs");
    if (!arr) return TB_EX_OSERR;
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
        if (add_file(arr, "path", s->path, s->bytes, rows, s->sha256))
            return TB_EX_OSERR;
    }
    return 0;
}

static int add_config(cJSON *doc, const manifest_input *mi, tb_error *err)
{
    cJSON *arr = cJSON_AddArrayToObject(doc, "config");
    if (!arr) return TB_EX_OSERR;
    for (size_t i = 0; i < mi->plan->nfiles; i++) {
        const plan_file *f = &mi->plan->files[i];
        unsigned char d[OUTFILE_SHA256_SIZE];
        size_t size;
        int rc = manifest_hash_file(f->path, d, &size, err);
        if (rc) return rc;
        if (add_file(arr, "path", f->path, size, -1, d)) return TB_EX_OSERR;
    }
    return 0;
}

static int add_outputs(cJSON *doc, const manifest_input *mi)
{
    cJSON *arr = cJSON_AddArrayToObject(doc, "outputs");
    if (!arr) return -1;
    for (size_t i = 0; i < mi->out->n; i++) {
        const outfile_entry *e = &mi->out->e[i];
        if (add_file(arr, "name", e->name, e->len, -1, e->sha256)) return -1;
    }
    return 0;
}

static int add_warnings(cJSON *run, const manifest_input *mi)
{
    cJSON *arr = cJSON_AddArrayToObject(run, "warnings");
    if (!arr) return -1;
    for (size_t i = 0; mi->warnings && i < mi->warnings->n; i++) {
        const tb_error *w = &mi->warnings->items[i];
        char line[TB_ERR_FILE_MAX + TB_ERR_MSG_MAX + 4];
        snprintf(line, sizeof line, "%s%s%s", w->file, w->file[0] ? ": " : "", w->msg);
        cJSON *s = cJSON_CreateString(line);
        if (!s || !cJSON_AddItemToArray(arr, s)) {
            cJSON_Delete(s);
            return -1;
        }
    }
    return 0;
}

/* "run": this execution (when, how long, what went wrong around it, e.g.
 * leftovers of a killed run). The only part that changes between runs on
 * the same data: it is last and alone under one key, so
 * `jq 'del(.run)'` compares two manifests. */
static int add_run(cJSON *doc, const manifest_input *mi)
{
    cJSON *run = cJSON_AddObjectToObject(doc, "run");
    if (!run) return -1;
    char when[32];
    iso_utc(mi->started_epoch, when, sizeof when);
    if (!cJSON_AddStringToObject(run, "started_at", when)) return -1;
    cJSON *t = cJSON_AddObjectToObject(run, "timings_ms");
    if (!t) return -1;
    for (size_t i = 0; i < mi->ntimings; i++) {
        /* microseconds are noise; rounding keeps the file readable */
        double ms = (double)(long long)(mi->timings[i].ms * 1000.0 + 0.5) / 1000.0;
        if (!cJSON_AddNumberToObject(t, mi->timings[i].name, ms)) return -1;
    }
    return add_warnings(run, mi);
}

int manifest_build(const manifest_input *mi, tb_buf *out, tb_error *err)
{
    char date[32];
    iso_utc(mi->report_epoch, date, sizeof date);
    cJSON *doc = cJSON_CreateObject();
    int rc = doc ? 0 : TB_EX_OSERR;
    if (!rc && !(cJSON_AddStringToObject(doc, "tablero_version", mi->version) &&
                 cJSON_AddStringToObject(doc, "period", mi->period) &&
                 cJSON_AddStringToObject(doc, "report_date", date)))
        rc = TB_EX_OSERR;
    if (!rc && mi->shard_n > 1) {
        cJSON *sh = NULL;
        if (!cJSON_AddStringToObject(doc, "reports", mi->reports ? mi->reports : "todos") ||
            !(sh = cJSON_AddObjectToObject(doc, "shard")) ||
            !cJSON_AddNumberToObject(sh, "k", mi->shard_k) ||
            !cJSON_AddNumberToObject(sh, "n", mi->shard_n))
            rc = TB_EX_OSERR;
    }
    if (!rc) rc = add_inputs(doc, mi);
    if (!rc) rc = add_config(doc, mi, err);
    if (!rc && (add_outputs(doc, mi) || add_run(doc, mi)))
        rc = TB_EX_OSERR;
    char *text = rc ? NULL : cJSON_Print(doc);
    cJSON_Delete(doc);
    if (!rc && !text) rc = TB_EX_OSERR;
    if (rc == TB_EX_OSERR)
        return tb_error_set(err, TB_EX_OSERR, MANIFEST_NAME, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    if (rc) return rc;
    tb_buf_puts(out, text);
    tb_buf_puts(out, "\n");
    cJSON_free(text);
    if (out->failed)
        return tb_error_set(err, TB_EX_OSERR, MANIFEST_NAME, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    return 0;
}
