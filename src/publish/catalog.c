/* catalog.c - the outputs of a period, in publication order (see
 * catalog.h). Adding a kind of output means adding a row here. */
#include "catalog.h"

#include <stdio.h>
#include <string.h>

#include "export.h"
#include "msg.h"
#include "report.h"
#include "report_views.h"

typedef int (*render_fn)(const report_input *, tb_buf *, tb_error *);
typedef int (*render_sec_fn)(const report_input *, size_t, tb_buf *, tb_error *);

/* One output of a municipality: "<stem>-<period>.<ext>", or, per
 * secretariat, "<stem>-<secretariat slug>-<period>.<ext>". */
typedef struct catalog_entry {
    const char *stem, *ext;
    unsigned kind;            /* CATALOG_* */
    render_fn render;         /* NULL: per secretariat, render_sec */
    render_sec_fn render_sec;
} catalog_entry;

static const catalog_entry entity_outputs[] = {
    {"informe-gestion", "pdf", CATALOG_GESTION, report_render_pdf, NULL},
    {"metricas", "csv", CATALOG_DATOS, export_metrics_csv, NULL},
    {"metricas", "json", CATALOG_DATOS, export_metrics_json, NULL},
    {"informe-estrategico", "pdf", CATALOG_ESTRATEGICO, report_render_strategic, NULL},
    {"informe-operativo", "pdf", CATALOG_OPERATIVO, NULL, report_render_operational},
    {"resumen-ciudadano", "pdf", CATALOG_CIUDADANO, report_render_citizen, NULL},
    {"rollups", "csv", CATALOG_DATOS, export_rollups_csv, NULL},
    {"novedades", "csv", CATALOG_DATOS, export_news_csv, NULL},
};

static const catalog_entry network_outputs[] = {
    {"resumen-red", "pdf", CATALOG_ALL, report_render_network, NULL},
    {"resumen-red", "csv", CATALOG_ALL, export_network_csv, NULL},
    {"ranking-red", "csv", CATALOG_ALL, export_network_ranking_csv, NULL},
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

int catalog_parse_kinds(const char *list, unsigned *kinds)
{
    static const struct { const char *word; unsigned bit; } words[] = {
        {"gestion", CATALOG_GESTION}, {"estrategico", CATALOG_ESTRATEGICO},
        {"operativo", CATALOG_OPERATIVO}, {"ciudadano", CATALOG_CIUDADANO},
        {"datos", CATALOG_DATOS}, {"todos", CATALOG_ALL}};
    unsigned k = 0;
    const char *p = list;
    while (*p) {
        size_t n = strcspn(p, ",");
        size_t w = 0;
        while (w < NELEMS(words) && (strlen(words[w].word) != n || strncmp(words[w].word, p, n)))
            w++;
        if (w == NELEMS(words)) return -1;
        k |= words[w].bit;
        p += n;
        if (*p == ',') p++;
    }
    if (!k) return -1;
    *kinds = k;
    return 0;
}

void catalog_kinds_str(unsigned kinds, char *buf, size_t cap)
{
    static const char *const words[] = {"gestion", "estrategico", "operativo", "ciudadano", "datos"};
    size_t used = 0;
    buf[0] = '\0';
    if ((kinds & CATALOG_ALL) == CATALOG_ALL) {
        snprintf(buf, cap, "todos");
        return;
    }
    for (unsigned b = 0; b < NELEMS(words); b++) {
        if (!(kinds & (1u << b))) continue;
        int w = snprintf(buf + used, cap - used, "%s%s", used ? "," : "", words[b]);
        if (w < 0 || (size_t)w >= cap - used) return;
        used += (size_t)w;
    }
}

void catalog_metrics_json_name(char *buf, size_t cap, const char *period)
{
    snprintf(buf, cap, "metricas-%s.json", period);
}

void catalog_manifest_name(char *buf, size_t cap, unsigned shard_k, unsigned shard_n)
{
    if (shard_n > 1) snprintf(buf, cap, "manifest-parte-%u-de-%u.json", shard_k, shard_n);
    else snprintf(buf, cap, "manifest.json");
}

/* Renders one file into memory and stages it as [sub/]name. */
static int stage_one(outfile_set *out, const char *sub, const char *name, const catalog_entry *c,
                     const report_input *ri, size_t sec, tb_error *err)
{
    tb_buf b;
    tb_buf_init(&b);
    int rc = c->render ? c->render(ri, &b, err) : c->render_sec(ri, sec, &b, err);
    if (!rc) {
        char path[512];
        if (sub) snprintf(path, sizeof path, "%s/%s", sub, name);
        else snprintf(path, sizeof path, "%s", name);
        rc = outfile_stage(out, path, b.data, b.len, err);
    }
    tb_buf_fini(&b);
    return rc;
}

/* Walks the outputs of ri->entity in publication order, staging the one
 * numbered part (CATALOG_EVERY_PART: all of them), or, with out NULL,
 * only counting them into *count. The one loop serves both, so a part's
 * number always names the same file. */
static int walk_entity(const report_input *ri, unsigned kinds, const char *sub, size_t part,
                       outfile_set *out, size_t *count, tb_error *err)
{
    const plan *p = ri->plan;
    char period[TB_PERIOD_LEN + 1], name[256], sec[TB_SLUG_MAX];
    tb_period_str(period, ri->period_year, ri->period_month);
    int rc = 0;
    size_t n = 0;
    for (size_t k = 0; !rc && k < NELEMS(entity_outputs); k++) {
        const catalog_entry *c = &entity_outputs[k];
        if (!(kinds & c->kind)) continue;
        if (c->render) {
            if (out && (part == CATALOG_EVERY_PART || part == n)) {
                snprintf(name, sizeof name, "%s-%s.%s", c->stem, period, c->ext);
                rc = stage_one(out, sub, name, c, ri, 0, err);
            }
            n++;
            continue;
        }
        for (size_t s = 0; !rc && s < p->nsecretariats; s++) {
            if (!report_secretariat_has_indicators(p, s)) continue;
            if (out && (part == CATALOG_EVERY_PART || part == n)) {
                if (tb_slug(p->secretariats[s].name, p->secretariats[s].id, sec, sizeof sec)) {
                    rc = tb_error_set(err, TB_EX_OSERR, NULL, 0, 0, "%s", MSG_R_ERR_NOMEM);
                    break;
                }
                snprintf(name, sizeof name, "%s-%s-%s.%s", c->stem, sec, period, c->ext);
                rc = stage_one(out, sub, name, c, ri, s, err);
            }
            n++;
        }
    }
    if (count) *count = n;
    return rc;
}

int catalog_stage_entity(const report_input *ri, unsigned kinds, const char *sub, size_t part,
                         outfile_set *out, tb_error *err)
{
    return walk_entity(ri, kinds, sub, part, out, NULL, err);
}

size_t catalog_entity_parts(const report_input *ri, unsigned kinds)
{
    size_t n = 0;
    walk_entity(ri, kinds, NULL, CATALOG_EVERY_PART, NULL, &n, NULL);
    return n;
}

int catalog_stage_network(const report_input *ri, outfile_set *out, tb_error *err)
{
    char period[TB_PERIOD_LEN + 1], name[128];
    tb_period_str(period, ri->period_year, ri->period_month);
    int rc = 0;
    for (size_t k = 0; !rc && k < NELEMS(network_outputs); k++) {
        snprintf(name, sizeof name, "%s-%s.%s", network_outputs[k].stem, period,
                 network_outputs[k].ext);
        rc = stage_one(out, NULL, name, &network_outputs[k], ri, 0, err);
    }
    return rc;
}
