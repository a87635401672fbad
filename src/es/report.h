/* es/report.h - Spanish strings of the PDF report (UTF-8; converted to
 * Windows-1252 at drawing time). */
#ifndef TABLERO_ES_REPORT_H
#define TABLERO_ES_REPORT_H

#define MSG_STATUS_MET "Cumplido"
#define MSG_STATUS_ON_TRACK "En camino"
#define MSG_STATUS_AT_RISK "En riesgo"
#define MSG_STATUS_OFF_TRACK "Fuera de camino"
#define MSG_STATUS_INSUFFICIENT "Sin datos suficientes"

#define MSG_MONTH_1 "enero"
#define MSG_MONTH_2 "febrero"
#define MSG_MONTH_3 "marzo"
#define MSG_MONTH_4 "abril"
#define MSG_MONTH_5 "mayo"
#define MSG_MONTH_6 "junio"
#define MSG_MONTH_7 "julio"
#define MSG_MONTH_8 "agosto"
#define MSG_MONTH_9 "septiembre"
#define MSG_MONTH_10 "octubre"
#define MSG_MONTH_11 "noviembre"
#define MSG_MONTH_12 "diciembre"

/* Report body strings (added by the report module below). */

#endif
