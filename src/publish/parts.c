/* parts.c - which --shard parts of a run are already in the period
 * folder, whether they belong to this run, and the outputs they list
 * (see parts.h). Manifests are read with cJSON; the fingerprint is a
 * SHA-256 (nettle) over the sorted (digest, path) pairs, so it does not
 * depend on the order the manifest lists them in. */
#define _GNU_SOURCE 1
#include "parts.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "csvread.h"
#include "msg.h"

/* A manifest of a 2,300-municipality part is a few MB; a hundred is not
 * a manifest. */
#define PARTS_MANIFEST_MAX ((size_t)100 << 20)

/* (digest, path) pairs, by digest then path. */
static int cmp_pair(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    int c = strcmp(x[0], y[0]);
    return c ? c : strcmp(x[1], y[1]);
}

/* Feeds "tag:hex path\n" for every file of arr, sorted. The path counts
 * too: the reports' annex names the files they read, so the same bytes
 * read from elsewhere give other reports. Returns 0 or -1. */
static int hash_digests(struct sha256_ctx *h, const cJSON *arr, const char *tag)
{
    if (!cJSON_IsArray(arr)) return -1;
    int n = cJSON_GetArraySize(arr);
    const char **v = calloc(2 * (size_t)n + 1, sizeof *v);
    if (!v) return -1;
    int k = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(it, "sha256");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(it, "path");
        if (!cJSON_IsString(d) || !cJSON_IsString(p)) {
            free(v);
            return -1;
        }
        v[k++] = d->valuestring;
        v[k++] = p->valuestring;
    }
    qsort(v, (size_t)k / 2, 2 * sizeof *v, cmp_pair);
    for (int i = 0; i < k; i += 2) {
        sha256_update(h, strlen(tag), (const uint8_t *)tag);
        sha256_update(h, strlen(v[i]), (const uint8_t *)v[i]);
        sha256_update(h, 1, (const uint8_t *)" ");
        sha256_update(h, strlen(v[i + 1]), (const uint8_t *)v[i + 1]);
        sha256_update(h, 1, (const uint8_t *)"\n");
    }
    free(v);
    return 0;
}

static void hash_field(struct sha256_ctx *h, const char *tag, const char *val)
{
    sha256_update(h, strlen(tag), (const uint8_t *)tag);
    sha256_update(h, strlen(val), (const uint8_t *)val);
    sha256_update(h, 1, (const uint8_t *)"\n");
}

int parts_fingerprint(const char *json, char hex[PARTS_FP_HEX])
{
    cJSON *doc = cJSON_Parse(json);
    if (!doc) return -1;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(doc, "tablero_version");
    const cJSON *per = cJSON_GetObjectItemCaseSensitive(doc, "period");
    const cJSON *rep = cJSON_GetObjectItemCaseSensitive(doc, "reports");
    int rc = cJSON_IsString(ver) && cJSON_IsString(per) && (!rep || cJSON_IsString(rep)) ? 0 : -1;
    struct sha256_ctx h;
    sha256_init(&h);
    if (!rc) {
        hash_field(&h, "v:", ver->valuestring);
        hash_field(&h, "p:", per->valuestring);
        hash_field(&h, "r:", rep ? rep->valuestring : "todos");
        rc = hash_digests(&h, cJSON_GetObjectItemCaseSensitive(doc, "inputs"), "i:");
    }
    if (!rc) rc = hash_digests(&h, cJSON_GetObjectItemCaseSensitive(doc, "config"), "c:");
    cJSON_Delete(doc);
    if (rc) return -1;
    unsigned char d[OUTFILE_SHA256_SIZE];
    sha256_digest(&h, sizeof d, d);
    outfile_hex(d, hex);
    return 0;
}

/* "manifest.json" (k = n = 0) or "manifest-parte-K-de-N.json". Returns 1
 * when name is a manifest's. Pure. */
static int manifest_kind(const char *name, unsigned *k, unsigned *n)
{
    if (!strcmp(name, "manifest.json")) {
        *k = *n = 0;
        return 1;
    }
    int used = 0;
    if (sscanf(name, "manifest-parte-%u-de-%u.json%n", k, n, &used) != 2 || name[used]) return 0;
    return *k >= 1 && *k <= *n;
}

static int read_manifest(const char *dir, const char *name, char **text, tb_error *err)
{
    tb_buf p;
    tb_buf_init(&p);
    tb_buf_printf(&p, "%s/%s", dir, name);
    if (p.failed) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    size_t len;
    tb_error e2;
    tb_error_clear(&e2);
    int rc = csvread_slurp(p.data, PARTS_MANIFEST_MAX, text, &len, &e2);
    if (rc == TB_EX_OSERR) tb_error_set(err, TB_EX_OSERR, p.data, 0, 0, "%s", MSG_CLI_OUT_OF_MEMORY);
    else if (rc) tb_error_set(err, TB_EX_CANTCREAT, p.data, 0, 0, MSG_P_PART_UNREADABLE, e2.msg);
    tb_buf_fini(&p);
    return rc ? err->code : 0;
}

int parts_scan(const char *period_dir, const char *fp, unsigned n, unsigned char *have,
               tb_error *err)
{
    memset(have, 0, n);
    DIR *d = opendir(period_dir);
    if (!d) return 0;   /* no period folder yet: no parts */
    int rc = 0;
    struct dirent *de;
    while (!rc && (de = readdir(d)) != NULL) {
        unsigned k, m;
        if (!manifest_kind(de->d_name, &k, &m)) continue;
        char *text = NULL;
        rc = read_manifest(period_dir, de->d_name, &text, err);
        if (rc) break;
        char other[PARTS_FP_HEX];
        if (parts_fingerprint(text, other)) {
            rc = tb_error_set(err, TB_EX_CANTCREAT, period_dir, 0, 0, MSG_P_PART_UNREADABLE,
                              de->d_name);
        } else if (strcmp(other, fp)) {
            tb_buf p;
            tb_buf_init(&p);
            tb_buf_printf(&p, "%s/%s", period_dir, de->d_name);
            rc = tb_error_set(err, TB_EX_CANTCREAT, p.failed ? period_dir : p.data, 0, 0, "%s",
                              MSG_P_PART_CONFLICT);
            tb_buf_fini(&p);
        } else if (m == n) {
            have[k - 1] = 1;
        }
        free(text);
    }
    closedir(d);
    return rc;
}

/* Adopts the "outputs" of one part's manifest text. */
static int adopt_from(const char *text, const char *path, outfile_set *out, tb_error *err)
{
    cJSON *doc = cJSON_Parse(text);
    const cJSON *arr = doc ? cJSON_GetObjectItemCaseSensitive(doc, "outputs") : NULL;
    int rc = cJSON_IsArray(arr) ? 0 : -1;
    const cJSON *it;
    if (!rc) {
        cJSON_ArrayForEach(it, arr) {
            const cJSON *nm = cJSON_GetObjectItemCaseSensitive(it, "name");
            const cJSON *by = cJSON_GetObjectItemCaseSensitive(it, "bytes");
            const cJSON *sh = cJSON_GetObjectItemCaseSensitive(it, "sha256");
            unsigned char dg[OUTFILE_SHA256_SIZE];
            if (!cJSON_IsString(nm) || !cJSON_IsNumber(by) || by->valuedouble < 0 ||
                !cJSON_IsString(sh) || strlen(sh->valuestring) != 2 * OUTFILE_SHA256_SIZE) {
                rc = -1;
                break;
            }
            for (size_t i = 0; !rc && i < OUTFILE_SHA256_SIZE; i++) {
                unsigned v;
                if (sscanf(sh->valuestring + 2 * i, "%2x", &v) != 1) rc = -1;
                dg[i] = (unsigned char)v;
            }
            if (rc) break;
            rc = outfile_adopt(out, nm->valuestring, (size_t)by->valuedouble, dg, err);
            if (rc) break;
        }
    }
    cJSON_Delete(doc);
    if (rc < 0) rc = tb_error_set(err, TB_EX_IOERR, path, 0, 0, "%s", MSG_P_PART_BROKEN);
    return rc;
}

int parts_adopt_outputs(const char *period_dir, unsigned n, outfile_set *out, tb_error *err)
{
    int rc = 0;
    for (unsigned k = 1; !rc && k <= n; k++) {
        char name[64];
        catalog_manifest_name(name, sizeof name, k, n);
        char *text = NULL;
        rc = read_manifest(period_dir, name, &text, err);
        if (rc == TB_EX_CANTCREAT) err->code = rc = TB_EX_IOERR;
        if (!rc) rc = adopt_from(text, name, out, err);
        free(text);
    }
    return rc;
}
