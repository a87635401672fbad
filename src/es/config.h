/* es/config.h - Spanish messages about the configuration (exit 78). */
#ifndef TABLERO_ES_CONFIG_H
#define TABLERO_ES_CONFIG_H

#define MSG_C_CANNOT_OPEN "no se puede abrir el archivo de configuración (se esperaba un archivo INI legible, por ejemplo config/tablero.ini)"
#define MSG_C_INI_SYNTAX "línea de configuración inválida (se esperaba «[sección]» o «clave = valor»)"
#define MSG_C_LINE_TOO_LONG "línea demasiado larga (se esperaban como máximo %d bytes; continúe el texto en las líneas siguientes, con sangría)"
#define MSG_C_UNKNOWN_KEY "clave desconocida «%s» en la sección [%s] (se esperaba una de: %s)"
#define MSG_C_UNKNOWN_SECTION "sección desconocida [%s] (se esperaba una de: municipio, informe, plan, entradas, salida, metas, reglas)"
#define MSG_C_BAD_NUMBER "valor no numérico «%s» para «%s» (se esperaba %s)"
#define MSG_C_BAD_RANGE "valor «%s» fuera de rango para «%s» (se esperaba %s)"
#define MSG_C_MISSING_KEY "falta la clave «%s» en la sección [%s]"
#define MSG_C_MISSING_COLUMN "falta la columna «%s» en el encabezado (se esperaban las columnas: %s)"
#define MSG_C_EMPTY_FIELD "el campo «%s» está vacío (se esperaba un valor)"
#define MSG_C_EMPTY_TABLE "el archivo no tiene filas de datos (se esperaba al menos una fila bajo el encabezado)"
#define MSG_C_DUPLICATE "«%s» está repetido (ya aparece en la línea %ld)"
#define MSG_C_UNKNOWN_REF "%s «%s» no existe en %s"
#define MSG_C_BAD_DIRECTION "sentido «%s» inválido (se esperaba «mayor» o «menor»)"
#define MSG_C_BAD_SEPARATOR "separador «%s» inválido (se esperaba auto, «;», «,» o tab)"
#define MSG_C_BAD_ENCODING "codificación «%s» inválida (se esperaba auto, utf-8 o windows-1252)"
#define MSG_C_ALIAS_CLASH "el nombre o alias «%s» ya identifica al indicador de la línea %ld"
#define MSG_C_NO_INDICATORS "el mapa de indicadores está vacío (se esperaba al menos un indicador)"
#define MSG_C_NO_INPUTS "no hay rutas de entrada (se esperaba «rutas» en [entradas] o la opción -i)"
#define MSG_C_OUT_OF_MEMORY "memoria insuficiente al leer la configuración"

#define MSG_C_REF_AXIS "el eje"
#define MSG_C_REF_POLICY "la política"
#define MSG_C_REF_OBJECTIVE "el objetivo"
#define MSG_C_REF_DIMENSION "la dimensión"
#define MSG_C_REF_SECRETARIAT "la secretaría"
#define MSG_C_REF_POLICY_AXIS "la política de otro eje"

#define MSG_C_EXPECT_NUMBER "un número"
#define MSG_C_EXPECT_PERCENT "un número entre el mínimo y el máximo de valores"
#define MSG_C_EXPECT_YEAR "un año entre 1900 y 2200"
#define MSG_C_EXPECT_POSITIVE "un número mayor que 0"
#define MSG_C_EXPECT_INT "un número entero positivo"
#define MSG_C_EXPECT_CONFIDENCE "un nivel entre 0,5 y 0,999"

#endif
