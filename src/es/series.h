/* es/series.h - Spanish messages about joining data to the plan. */
#ifndef TABLERO_ES_SERIES_H
#define TABLERO_ES_SERIES_H

#define MSG_S_UNKNOWN_ENTITY "municipio desconocido «%s» (no está en la tabla de municipios %s; ¿quiso decir «%s»?)"
#define MSG_S_UNKNOWN_ENTITY_NOSUGGEST "municipio desconocido «%s» (no está en la tabla de municipios %s)"
#define MSG_S_UNKNOWN_AREA "área desconocida «%s» (se esperaba un indicador del plan o uno de sus alias; ¿quiso decir «%s»?)"
#define MSG_S_UNKNOWN_AREA_NOSUGGEST "área desconocida «%s» (se esperaba un indicador del plan o uno de sus alias en %s)"
#define MSG_S_CONFLICT "valor duplicado para «%s» en %d%s%s: %s aquí y %s en %s (se esperaba un único valor por año)"
#define MSG_S_MIXED "valor mensual para «%s» en %d%s%s, que ya tiene un valor anual en %s:%ld:%ld (se esperaba o un valor anual o valores mensuales para cada año, no ambos)"
#define MSG_S_FUTURE_YEAR "valor del año %d, posterior al período del informe (%d-%02d); se esperaban datos hasta el período (revise el año, o use -p con el período correcto)"
#define MSG_S_FUTURE_MONTH "valor de %d-%02d, posterior al período del informe (%d-%02d); se esperaban datos hasta el período (revise la fecha, o use -p con el período correcto)"
#define MSG_S_OUT_OF_MEMORY "memoria insuficiente al armar las series"
/* The same, for the stages after the series (each names its own). */
#define MSG_S_NOMEM_ANALYZE "memoria insuficiente al analizar los indicadores"
#define MSG_S_NOMEM_NETWORK "memoria insuficiente al calcular las estadísticas de la red"
#define MSG_S_NOMEM_CHANGES "memoria insuficiente al comparar con el período anterior"
#define MSG_S_NOMEM_PREVIOUS "memoria insuficiente al buscar las métricas del período anterior"
#define MSG_S_NOMEM_EXPORT "memoria insuficiente al escribir las métricas"
#define MSG_S_ENTITY_SEP ", municipio "

#endif
