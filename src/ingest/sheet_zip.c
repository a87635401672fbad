/* sheet_zip.c - the workbook's zip archive through libzip, treated as
 * hostile: entry count, names, declared sizes and encryption checked when
 * it is opened; every read counts the bytes that really come out, so a
 * header that lies about sizes or a bomb is stopped at the limit, not
 * after filling memory. libzip's errors become tb_error values here.
 * libzip is opened when the first workbook is (dynlib.h; it brings
 * libcrypto and bzip2, which a run of CSV files never needs). */
#include "sheet.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "dynlib.h"
#include "es/dynlib.h"
#include "es/ingest.h"
#include "es/sheet.h"
#include "sonames.h"

/* The libzip functions this file calls, typed from <zip.h>. */
#define SZ_FUNCTIONS(X)                                                        \
    X(zip_error_init) X(zip_error_fini) X(zip_error_code_zip)                  \
    X(zip_error_strerror) X(zip_source_buffer_create) X(zip_open_from_source)  \
    X(zip_source_free) X(zip_get_num_entries) X(zip_stat_init) X(zip_get_name) \
    X(zip_stat_index) X(zip_strerror) X(zip_discard) X(zip_name_locate)        \
    X(zip_fopen_index) X(zip_fread) X(zip_file_get_error) X(zip_fclose)

struct sheet_zip_api {
#define SZ_SLOT(f) __typeof__(f) *f;
    SZ_FUNCTIONS(SZ_SLOT)
#undef SZ_SLOT
};

static const tb_dynsym sz_syms[] = {
#define SZ_SYM(f) {#f, offsetof(struct sheet_zip_api, f)},
    SZ_FUNCTIONS(SZ_SYM)
#undef SZ_SYM
};

/* Loads libzip into z (z->api, z->lib); nothing stays open on failure. */
static int api_open(sheet_zip *z, const char *path, tb_error *err)
{
    struct sheet_zip_api *api = malloc(sizeof *api);
    if (!api) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    int rc = tb_dynlib_open(&z->lib, TB_SONAME_LIBZIP, "libzip4", MSG_DL_NEED_SHEETS, sz_syms,
                            sizeof sz_syms / sizeof sz_syms[0], api, err);
    if (rc) {
        free(api);
        return rc;
    }
    z->api = api;
    return 0;
}

/* Entry names that would escape a folder if anyone ever extracted them:
 * refused even though tablero extracts nothing, because no spreadsheet
 * program writes them. */
static int bad_name(const char *n)
{
    if (!n[0] || n[0] == '/' || strchr(n, '\\')) return 1;
    if (((n[0] >= 'A' && n[0] <= 'Z') || (n[0] >= 'a' && n[0] <= 'z')) && n[1] == ':')
        return 1;
    for (const char *p = n; *p;) {
        const char *e = strchr(p, '/');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') return 1;
        if (!e) break;
        p = e + 1;
    }
    return 0;
}

static int zip_fail(const struct sheet_zip_api *api, tb_error *err, const char *path,
                    zip_error_t *ze, const void *data, size_t len)
{
    int code = api->zip_error_code_zip(ze);
    if (code == ZIP_ER_MEMORY) return tb_error_set(err, TB_EX_OSERR, path, 0, 0, MSG_CSV_NOMEM);
    /* A zip starts with a local header and ends with its directory: with
     * the first and without the second, it was cut short. */
    if (code == ZIP_ER_NOZIP && len >= 4 && memcmp(data, "PK\003\004", 4) == 0)
        return tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_DAMAGED, MSG_SHEET_TRUNCATED);
    if (code == ZIP_ER_NOZIP) return tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_NOZIP);
    return tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_DAMAGED,
                        api->zip_error_strerror(ze));
}

int sheet_zip_open(sheet_zip *z, const char *path, const void *data, size_t len,
                   const sheet_limits *lim, tb_error *err)
{
    memset(z, 0, sizeof *z);
    z->path = path;
    z->lim = lim;
    int rc = api_open(z, path, err);
    if (rc) return rc;
    const struct sheet_zip_api *api = z->api;
    zip_error_t ze;
    api->zip_error_init(&ze);
    /* An empty file: hand libzip one byte that is not a zip rather than
     * a zero-length buffer, so the message is "not a zip" like any other. */
    static const char none[1] = {0};
    zip_source_t *src = api->zip_source_buffer_create(len ? data : none, len ? len : 1, 0, &ze);
    if (!src) {
        rc = zip_fail(api, err, path, &ze, data, len);
        api->zip_error_fini(&ze);
        sheet_zip_close(z);
        return rc;
    }
    zip_t *za = api->zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!za) {
        api->zip_source_free(src);
        rc = zip_fail(api, err, path, &ze, data, len);
        api->zip_error_fini(&ze);
        sheet_zip_close(z);
        return rc;
    }
    api->zip_error_fini(&ze);
    z->z = za;
    zip_int64_t n = api->zip_get_num_entries(za, 0);
    if (n < 0 || (zip_uint64_t)n > lim->max_entries)
        rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_TOO_MANY_ENTRIES,
                          (size_t)(n < 0 ? 0 : n), lim->max_entries);
    for (zip_int64_t i = 0; i < n && !rc; i++) {
        zip_stat_t st;
        api->zip_stat_init(&st);
        const char *name = api->zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
        if (!name || api->zip_stat_index(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0) {
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_DAMAGED,
                              api->zip_strerror(za));
        } else if (bad_name(name)) {
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_BAD_NAME, name);
        } else if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
                   st.encryption_method != ZIP_EM_NONE) {
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_ENCRYPTED, name);
        } else if ((st.valid & ZIP_STAT_SIZE) && st.size > lim->max_entry_bytes) {
            rc = tb_error_set(err, TB_EX_DATAERR, path, 0, 0, MSG_SHEET_ENTRY_TOO_BIG, name,
                              (unsigned long long)st.size, lim->max_entry_bytes);
        }
    }
    if (rc) sheet_zip_close(z);
    return rc;
}

void sheet_zip_close(sheet_zip *z)
{
    if (z->z) z->api->zip_discard(z->z);
    z->z = NULL;
    free(z->api);
    z->api = NULL;
    tb_dynlib_close(z->lib);
    z->lib = NULL;
}

int sheet_zip_read(sheet_zip *z, const char *name, int required, char **out,
                   size_t *outlen, tb_error *err)
{
    *out = NULL;
    *outlen = 0;
    zip_t *za = z->z;
    const struct sheet_zip_api *api = z->api;
    const sheet_limits *lim = z->lim;
    zip_int64_t idx = api->zip_name_locate(za, name, ZIP_FL_ENC_RAW);
    if (idx < 0) {
        if (!required) return 0;
        return tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_MISSING_ENTRY, name,
                            strstr(name, "xl/") == name || strcmp(name, "[Content_Types].xml") == 0
                                ? "xlsx" : "ods");
    }
    zip_stat_t st;
    api->zip_stat_init(&st);
    if (api->zip_stat_index(za, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_DAMAGED,
                            api->zip_strerror(za));
    zip_uint64_t comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : st.size;
    zip_file_t *f = api->zip_fopen_index(za, (zip_uint64_t)idx, 0);
    if (!f)
        return tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_ENTRY_READ, name,
                            api->zip_strerror(za));
    /* The declared size bounds the buffer; one byte more proves a lie. */
    size_t cap = (size_t)st.size + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        api->zip_fclose(f);
        return tb_error_set(err, TB_EX_OSERR, z->path, 0, 0, MSG_CSV_NOMEM);
    }
    size_t n = 0;
    int rc = 0;
    for (;;) {
        size_t want = cap - n > 65536 ? 65536 : cap - n;
        if (want == 0) {
            rc = tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_SIZE_LIE, name,
                              (unsigned long long)st.size);
            break;
        }
        zip_int64_t got = api->zip_fread(f, buf + n, want);
        if (got < 0) {
            zip_error_t *ze = api->zip_file_get_error(f);
            rc = api->zip_error_code_zip(ze) == ZIP_ER_MEMORY
                     ? tb_error_set(err, TB_EX_OSERR, z->path, 0, 0, MSG_CSV_NOMEM)
                     : tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_ENTRY_READ,
                                    name, api->zip_error_strerror(ze));
            break;
        }
        if (got == 0) break;
        n += (size_t)got;
        if (z->total + n > lim->max_total_bytes) {
            rc = tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_TOTAL_TOO_BIG,
                              lim->max_total_bytes);
            break;
        }
        if (n > (1u << 20) && n / (comp ? comp : 1) > lim->max_ratio) {
            rc = tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_RATIO, name,
                              lim->max_ratio);
            break;
        }
    }
    api->zip_fclose(f);
    if (!rc && n != st.size)
        rc = tb_error_set(err, TB_EX_DATAERR, z->path, 0, 0, MSG_SHEET_SIZE_SHORT, name,
                          (unsigned long long)st.size);
    if (rc) {
        free(buf);
        return rc;
    }
    z->total += n;
    buf[n] = '\0';
    *out = buf;
    *outlen = n;
    return 0;
}
