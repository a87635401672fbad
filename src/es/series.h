/* es/series.h - Spanish messages about joining data to the plan. */
#ifndef TABLERO_ES_SERIES_H
#define TABLERO_ES_SERIES_H

#define MSG_S_UNKNOWN_AREA "área desconocida «%s» (se esperaba un indicador del plan o uno de sus alias; ¿quiso decir «%s»?)"
#define MSG_S_UNKNOWN_AREA_NOSUGGEST "área desconocida «%s» (se esperaba un indicador del plan o uno de sus alias en %s)"
#define MSG_S_CONFLICT "valor duplicado para «%s» en %d%s%s: %s aquí y %s en %s (se esperaba un único valor por año)"
#define MSG_S_OUT_OF_MEMORY "memoria insuficiente al armar las series"
#define MSG_S_ENTITY_SEP ", municipio "

#endif
