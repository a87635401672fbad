/* previous.c - finding and reading the previous period's metrics (see
 * previous.h). The previous file is only a reference: if it is missing or
 * damaged, the reports say so and the run goes on. */
#include "previous.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "catalog.h"
#include "msg.h"

#define MAX_PREVIOUS_BYTES (64L * 1024L * 1024L)

/* OUTPUT/<period>[/<sub>]/metricas-<period>.json, when it is a file. */
static int metrics_path(const char *outdir, const char *sub, const char *period, char *path,
                        size_t cap)
{
    char name[64];
    catalog_metrics_json_name(name, sizeof name, period);
    int n = sub ? snprintf(path, cap, "%s/%s/%s/%s", outdir, period, sub, name)
                : snprintf(path, cap, "%s/%s/%s", outdir, period, name);
    if (n < 0 || (size_t)n >= cap) return 0;
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* 1 and *ym = year*12 + month-1 when name is exactly "YYYY-MM". */
static int period_name(const char *name, int *ym)
{
    int y, m;
    if (!tb_parse_year_month(name, 0, 9999, &y, &m)) return 0;
    *ym = y * 12 + m - 1;
    return 1;
}

int changes_find_previous(const char *outdir, int year, int month, char *period,
                          size_t period_cap, char *path, size_t path_cap)
{
    return changes_find_previous_in(outdir, NULL, year, month, period, period_cap, path,
                                    path_cap);
}

int changes_find_previous_in(const char *outdir, const char *sub, int year, int month,
                             char *period, size_t period_cap, char *path, size_t path_cap)
{
    int now = year * 12 + month - 1, prev = now - 1;
    char name[16];
    tb_period_str(name, prev / 12, prev % 12 + 1);
    if (metrics_path(outdir, sub, name, path, path_cap)) {
        snprintf(period, period_cap, "%s", name);
        return 1;
    }
    /* The month before is missing: the latest earlier period present. */
    DIR *dir = opendir(outdir);
    /* Out of memory is not "no previous period": the reports would say
     * there is nothing to compare with. */
    if (!dir) return errno == ENOMEM ? -1 : 0;
    int best = -1;
    struct dirent *de;
    while ((de = readdir(dir)) != NULL) {
        int ym;
        if (!period_name(de->d_name, &ym) || ym >= now || ym <= best) continue;
        if (metrics_path(outdir, sub, de->d_name, path, path_cap)) best = ym;
    }
    closedir(dir);
    if (best < 0) return 0;
    tb_period_str(name, best / 12, best % 12 + 1);
    snprintf(period, period_cap, "%s", name);
    return metrics_path(outdir, sub, name, path, path_cap);
}

int changes_load(changes_set *cs, const char *outdir, int year, int month, const plan *p,
                 const series_table *t, const analyze_result *res, tb_error *err)
{
    return changes_load_in(cs, outdir, NULL, year, month, p, t, res, err);
}

int changes_load_in(changes_set *cs, const char *outdir, const char *sub, int year, int month,
                    const plan *p, const series_table *t, const analyze_result *res,
                    tb_error *err)
{
    /* sized for this output folder: a fixed buffer made a long path look
     * like "no previous period" */
    size_t cap = (outdir ? strlen(outdir) : 0) + (sub ? strlen(sub) : 0) + 64;
    char *path = malloc(cap);
    if (!path) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_PREVIOUS);
    int found = outdir ? changes_find_previous_in(outdir, sub, year, month, cs->period,
                                                  sizeof cs->period, path, cap)
                       : 0;
    if (found <= 0) {
        free(path);
        cs->period[0] = '\0';
        if (found < 0) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_PREVIOUS);
        return 0;
    }
    FILE *fp = fopen(path, "rb");
    int open_errno = errno;
    free(path);
    if (!fp && open_errno == ENOMEM) return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_PREVIOUS);
    if (!fp) {
        cs->unreadable = 1;
        return 0;
    }
    tb_buf b;
    tb_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && (long)b.len < MAX_PREVIOUS_BYTES)
        tb_buf_append(&b, chunk, n);
    int bad = ferror(fp) || (long)b.len >= MAX_PREVIOUS_BYTES;
    fclose(fp);
    if (b.failed) {
        tb_buf_fini(&b);
        return tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_S_NOMEM_PREVIOUS);
    }
    int rc = 0;
    if (bad) cs->unreadable = 1;
    else rc = changes_compare(cs, b.data ? b.data : "", b.len, p, t, res, err);
    tb_buf_fini(&b);
    return rc > 0 ? rc : 0;
}
