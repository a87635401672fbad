/* identity.c - the network's neutral identity for a municipality without
 * its own plan (see identity.h). */
#include "identity.h"

#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "text.h"

int plan_is_own_city(const plan *base, const char *name)
{
    if (!base->city || !name) return 0;
    char *a = text_fold(base->city), *b = text_fold(name);
    int same = a && b && !strcmp(a, b);
    free(a);
    free(b);
    return same;
}

size_t plan_own_city_index(const plan *base, char *const *names, size_t n)
{
    if (n == 1) return 0;
    if (!base->city) return n;
    char *a = text_fold(base->city);
    size_t at = n;
    for (size_t e = 0; a && e < n && at == n; e++) {
        char *b = names[e] ? text_fold(names[e]) : NULL;
        if (b && !strcmp(a, b)) at = e;
        free(b);
    }
    free(a);
    return at;
}

int plan_identity_neutral(plan_identity *id, const plan *base, const char *name)
{
    memset(id, 0, sizeof *id);
    plan *v = &id->view;
    *v = *base;
    v->city = tb_strdup(name);
    v->mission = NULL;
    v->indicators = NULL;
    v->axes = NULL;
    v->term_label = NULL;
    /* nothing of the other city: its province, signature, term, vision,
     * values and secretariats */
    const plan_municipality *m = NULL;
    if (plan_find_municipality(base, name, &m)) return TB_EX_OSERR;
    v->province = m && m->province[0] ? m->province : NULL;   /* the table's, if any */
    v->author = NULL;
    v->term_label = tb_strdup(MSG_V_NEUTRAL_TERM);   /* whose plan, on the cover and intros */
    v->vision = NULL;
    v->values = NULL;
    v->nvalues = 0;
    v->secretariats = NULL;
    v->nsecretariats = 0;
    /* the policies and strategic objectives are the other city's too
     * (they name it); the axes stay, without their descriptions */
    v->policies = NULL;
    v->npolicies = 0;
    v->objectives = NULL;
    v->nobjectives = 0;
    /* the comments file is the own city's secretariats' words */
    v->comments = NULL;
    v->ncomments = 0;
    v->comments_path = NULL;
    v->axes = calloc(base->naxes + 1, sizeof *v->axes);
    tb_buf note;
    tb_buf_init(&note);
    tb_buf_printf(&note, MSG_V_NEUTRAL_NOTE, name, base->city ? base->city : "");
    if (note.failed) tb_buf_fini(&note);
    else v->mission = note.data;
    tb_buf_init(&note);
    tb_buf_printf(&note, MSG_V_NEUTRAL_MEASURED, name, base->city ? base->city : "");
    v->plan_note = NULL;
    if (note.failed) tb_buf_fini(&note);
    else v->plan_note = note.data;
    v->indicators = calloc(base->nindicators + 1, sizeof *v->indicators);
    if (!v->plan_note || !v->city || !v->mission || !v->term_label || !v->indicators || !v->axes) return TB_EX_OSERR;
    for (size_t i = 0; i < base->nindicators; i++) {
        plan_indicator *ind = &v->indicators[i];
        *ind = base->indicators[i];
        ind->secretariat = ind->policy = ind->objective = ind->subobjective = PLAN_NONE;
    }
    for (size_t a = 0; a < base->naxes; a++) {
        v->axes[a] = base->axes[a];
        v->axes[a].description = NULL;
    }
    return 0;
}

void plan_identity_fini(plan_identity *id)
{
    free(id->view.city);
    free(id->view.mission);
    free(id->view.indicators);
    free(id->view.axes);
    free(id->view.term_label);
    free(id->view.plan_note);
    memset(id, 0, sizeof *id);
}
