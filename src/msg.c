/* msg.c - status labels and month names (see msg.h). */
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

const char *msg_month_name(int month)
{
    static const char *const names[] = {
        MSG_MONTH_1, MSG_MONTH_2, MSG_MONTH_3, MSG_MONTH_4,
        MSG_MONTH_5, MSG_MONTH_6, MSG_MONTH_7, MSG_MONTH_8,
        MSG_MONTH_9, MSG_MONTH_10, MSG_MONTH_11, MSG_MONTH_12};
    if (month < 1 || month > 12) return "?";
    return names[month - 1];
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
