/* labels.c - what a status or quadrant is called: the reader's label
 * (es/report.h) and the stable key of the exports (see labels.h). */
#include "labels.h"

#include "msg.h"

const char *msg_status_label(analyze_status s)
{
    switch (s) {
    case ANALYZE_MET: return MSG_STATUS_MET;
    case ANALYZE_ON_TRACK: return MSG_STATUS_ON_TRACK;
    case ANALYZE_UNCERTAIN: return MSG_STATUS_UNCERTAIN;
    case ANALYZE_AT_RISK: return MSG_STATUS_AT_RISK;
    case ANALYZE_OFF_TRACK: return MSG_STATUS_OFF_TRACK;
    case ANALYZE_INSUFFICIENT: return MSG_STATUS_INSUFFICIENT;
    case ANALYZE_TO_CONFIRM: return MSG_STATUS_TO_CONFIRM;
    case ANALYZE_MET_DECLINING: return MSG_STATUS_MET_DECLINING;
    default: return "?";
    }
}

const char *msg_status_key(analyze_status s)
{
    switch (s) {
    case ANALYZE_MET: return "cumplido";
    case ANALYZE_ON_TRACK: return "en_camino";
    case ANALYZE_UNCERTAIN: return "proyeccion_incierta";
    case ANALYZE_AT_RISK: return "en_riesgo";
    case ANALYZE_OFF_TRACK: return "fuera_de_camino";
    case ANALYZE_INSUFFICIENT: return "sin_datos_suficientes";
    case ANALYZE_TO_CONFIRM: return "a_confirmar";
    case ANALYZE_MET_DECLINING: return "cumplido_en_descenso";
    default: return "?";
    }
}

const char *msg_quadrant_label(analyze_quadrant q)
{
    switch (q) {
    case ANALYZE_ACT_NOW: return MSG_QUADRANT_ACT_NOW;
    case ANALYZE_PLAN: return MSG_QUADRANT_PLAN;
    case ANALYZE_MANAGE: return MSG_QUADRANT_MANAGE;
    case ANALYZE_MONITOR: return MSG_QUADRANT_MONITOR;
    default: return "?";
    }
}

const char *msg_quadrant_key(analyze_quadrant q)
{
    switch (q) {
    case ANALYZE_ACT_NOW: return "actuar_ya";
    case ANALYZE_PLAN: return "planificar";
    case ANALYZE_MANAGE: return "gestionar";
    case ANALYZE_MONITOR: return "monitorear";
    default: return "?";
    }
}

const char *const analyze_level_keys[ANALYZE_NLEVELS] = {
    "eje", "politica", "objetivo", "subobjetivo", "dimension", "secretaria"};

void analyze_group_names(const plan *p, analyze_level l, size_t k, const char **id,
                        const char **name)
{
    *id = *name = "";
    switch (l) {
    case ANALYZE_LEVEL_AXIS: *id = p->axes[k].id; *name = p->axes[k].name; break;
    case ANALYZE_LEVEL_POLICY: *id = p->policies[k].id; *name = p->policies[k].name; break;
    case ANALYZE_LEVEL_OBJECTIVE: *id = p->objectives[k].id; *name = p->objectives[k].name; break;
    case ANALYZE_LEVEL_SUBOBJECTIVE:
        for (size_t o = 0; o < p->nobjectives; o++) {
            if (k < p->objectives[o].nsubs) {
                *id = p->objectives[o].subs[k].id;
                *name = p->objectives[o].subs[k].text;
                break;
            }
            k -= p->objectives[o].nsubs;
        }
        break;
    case ANALYZE_LEVEL_DIMENSION: *id = p->dimensions[k].id; *name = p->dimensions[k].name; break;
    case ANALYZE_LEVEL_SECRETARIAT:
        *id = p->secretariats[k].id;
        *name = p->secretariats[k].name;
        break;
    default: break;
    }
    if (!*id) *id = "";
    if (!*name) *name = "";
}

const char *analyze_group_name(const plan *p, analyze_level l, size_t k)
{
    const char *id, *name;
    analyze_group_names(p, l, k, &id, &name);
    return name;
}
