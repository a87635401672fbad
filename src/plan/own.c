/* own.c - loads and checks a municipality's own plan (see own.h). */
#include "own.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "comments.h"
#include "identity.h"
#include "msg.h"
#include "text.h"

static int oom(const char *path, tb_error *err)
{
    return tb_error_set(err, TB_EX_OSERR, path, 0, 0, "%s", MSG_C_OUT_OF_MEMORY);
}

/* perm[j] = the network's index of own indicator j; every network area
 * exactly once, in the same direction. */
static int map_indicators(const plan *net, const plan *own, size_t *perm, tb_error *err)
{
    const char *path = own->indicators_path;
    size_t *seen = calloc(net->nindicators + 1, sizeof *seen);   /* own row + 1 */
    if (!seen) return oom(path, err);
    int rc = 0;
    for (size_t j = 0; !rc && j < own->nindicators; j++) {
        const plan_indicator *o = &own->indicators[j];
        size_t i;
        const char *sug = NULL;
        if (plan_find_indicator_ex(net, o->name, &i)) {
            rc = oom(path, err);
        } else if (i == PLAN_NONE) {
            if (plan_suggest_indicator_ex(net, o->name, &sug)) rc = oom(path, err);
            else if (sug)
                rc = tb_error_set(err, TB_EX_CONFIG, path, o->src_line, 1, MSG_C_OWN_UNKNOWN, o->name, sug);
            else
                rc = tb_error_set(err, TB_EX_CONFIG, path, o->src_line, 1, MSG_C_OWN_UNKNOWN_NOSUG,
                                  o->name, net->indicators_path);
        } else if (seen[i]) {
            rc = tb_error_set(err, TB_EX_CONFIG, path, o->src_line, 1, MSG_C_OWN_TWICE, o->name,
                              net->indicators[i].name, own->indicators[seen[i] - 1].src_line);
        } else if (o->higher_is_better != net->indicators[i].higher_is_better ||
                   o->maintain != net->indicators[i].maintain) {
            rc = tb_error_set(err, TB_EX_CONFIG, path, o->src_line, 1, MSG_C_OWN_SENSE, o->name,
                              net->indicators_path, net->indicators[i].src_line);
        } else {
            seen[i] = j + 1;
            perm[j] = i;
        }
    }
    for (size_t i = 0; !rc && i < net->nindicators; i++)
        if (!seen[i])
            rc = tb_error_set(err, TB_EX_CONFIG, path, 1, 0, MSG_C_OWN_MISSING,
                              net->indicators[i].name, net->indicators_path);
    free(seen);
    return rc;
}

/* Puts own's indicators in the network's order (perm from map_indicators)
 * and follows the comments along. */
static int reorder(plan *own, const size_t *perm)
{
    size_t n = own->nindicators;
    plan_indicator *ind = calloc(n + 1, sizeof *ind);
    size_t *inv = calloc(n + 1, sizeof *inv);
    if (!ind || !inv) {
        free(ind);
        free(inv);
        return -1;
    }
    for (size_t j = 0; j < n; j++) {
        ind[perm[j]] = own->indicators[j];
        inv[j] = perm[j];
    }
    free(own->indicators);
    own->indicators = ind;
    for (size_t k = 0; k < own->ncomments; k++)
        own->comments[k].indicator = inv[own->comments[k].indicator];
    plan_comments_sort(own->comments, own->ncomments);
    free(inv);
    return 0;
}

/* Appends own's files to net's list: the manifest names them and a
 * --shard part's fingerprint covers them. A list shared with the network
 * (dimensiones = ../../dimensiones.csv) is listed once. */
static int adopt_files(plan *net, const plan *own)
{
    plan_file *nf = tb_reallocarray(net->files, net->nfiles + own->nfiles + 1, sizeof *nf);
    if (!nf) return -1;
    net->files = nf;
    for (size_t k = 0; k < own->nfiles; k++) {
        int known = 0;
        for (size_t j = 0; j < net->nfiles && !known; j++)
            known = !strcmp(nf[j].path, own->files[k].path);
        if (known) continue;
        nf[net->nfiles].path = tb_strdup(own->files[k].path);
        nf[net->nfiles].rows = own->files[k].rows;
        if (!nf[net->nfiles].path) return -1;
        net->nfiles++;
    }
    return 0;
}

static int own_check(plan *net, plan_municipality *m, plan *own, const char *table, long line,
                     long col, tb_error *err)
{
    /* a folder copied from another municipality's must not pass for this one */
    if (own->city && own->city[0]) {
        char *a = text_fold(own->city);
        /* NULL: out of memory, or not UTF-8 (which names no one) */
        if (!a && text_utf8_valid(own->city, strlen(own->city))) return oom(table, err);
        int same = a && !strcmp(a, m->key);
        free(a);
        if (!same)
            return tb_error_set(err, TB_EX_CONFIG, table, line, col, MSG_C_OWN_OTHER_CITY, m->own_dir,
                                own->city, m->name);
    }
    size_t *perm = calloc(own->nindicators + 1, sizeof *perm);
    if (!perm) return oom(table, err);
    int rc = map_indicators(net, own, perm, err);
    if (!rc && reorder(own, perm)) rc = oom(table, err);
    free(perm);
    if (rc) return rc;
    /* comparable statuses and scores: the network's rules */
    own->rules = net->rules;
    own->scores = net->scores;
    char *name = tb_strdup(m->name);
    if (!name) return oom(table, err);
    free(own->city);
    own->city = name;
    if ((!own->province || !own->province[0]) && m->province[0]) {
        char *pv = tb_strdup(m->province);
        if (!pv) return oom(table, err);
        free(own->province);
        own->province = pv;
    }
    tb_buf note;
    tb_buf_init(&note);
    tb_buf_printf(&note, MSG_V_OWN_NOTE, m->name, m->own_dir, net->city ? net->city : "");
    if (note.failed) {
        tb_buf_fini(&note);
        return oom(table, err);
    }
    own->plan_note = note.data;
    if (adopt_files(net, own)) return oom(table, err);
    return 0;
}

int plan_own_load(plan *net, plan_municipality *m, const char *ini, const char *table, long line,
                  long col, tb_error *err)
{
    m->own = NULL;
    if (plan_is_own_city(net, m->name))
        return tb_error_set(err, TB_EX_CONFIG, table, line, col, MSG_C_OWN_IS_NETWORK, m->name,
                            net->config_path);
    if (access(ini, F_OK))
        return tb_error_set(err, TB_EX_CONFIG, table, line, col, MSG_C_OWN_NO_FOLDER, m->own_dir, m->name);
    plan *own = calloc(1, sizeof *own);
    if (!own) return oom(table, err);
    int rc = plan_load_own(own, ini, err);
    if (!rc) rc = own_check(net, m, own, table, line, col, err);
    if (rc) {
        plan_fini(own);
        free(own);
        return rc;
    }
    m->own = own;
    return 0;
}

int plan_own_of(const plan *net, const char *name, const plan **out)
{
    *out = NULL;
    if (plan_is_own_city(net, name)) return 0;
    const plan_municipality *m;
    if (plan_find_municipality(net, name, &m)) return TB_EX_OSERR;
    if (m) *out = m->own;
    return 0;
}
