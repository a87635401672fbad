/* es/ingest.h - Spanish strings of the ingest stage (csvread and ingest).
 * main prints them as "tablero: FILE:LINE:COL: error: MSG": each says what
 * is wrong, quotes the offending text with « » and what was expected. */
#ifndef TABLERO_ES_INGEST_H
#define TABLERO_ES_INGEST_H

/* csvread: files, encodings and CSV syntax. */
#define MSG_CSV_OPEN \
    "no se puede abrir el archivo: %s (se esperaba un archivo CSV legible)"
#define MSG_CSV_READ "error al leer el archivo: %s"
#define MSG_CSV_NOT_REGULAR \
    "no es un archivo común sino una tubería, FIFO o socket, que puede dejar la corrida " \
    "esperando sin fin (se esperaba un archivo guardado en disco)"
#define MSG_CSV_WOULD_BLOCK \
    "el dispositivo no entrega datos sin esperar (se esperaba un archivo guardado en disco)"
#define MSG_CSV_TOO_BIG \
    "el archivo es demasiado grande (se esperaba a lo sumo %zu bytes)"
#define MSG_CSV_NOMEM "memoria insuficiente"
#define MSG_CSV_NUL \
    "byte nulo en el archivo (se esperaba texto CSV, no un archivo binario)"
#define MSG_CSV_BAD_UTF8                                                      \
    "byte 0x%02X no válido (se esperaba texto en UTF-8 o en Windows-1252)"
#define MSG_CSV_BAD_CP1252 \
    "byte 0x%02X no definido en Windows-1252 (se esperaba texto en Windows-1252)"
#define MSG_CSV_UTF16                                                         \
    "el archivo está en UTF-16 (se esperaba UTF-8 o Windows-1252; en Excel, " \
    "«Guardar como» «CSV UTF-8 (delimitado por comas)»)"
#define MSG_CSV_MIXED_ENCODING                                                \
    "byte 0x%02X no válido en UTF-8, pero la línea %ld tiene texto en UTF-8 " \
    "(se esperaba todo el archivo en una sola codificación; si es "           \
    "Windows-1252, fije «codificacion = windows-1252» en [entradas])"
#define MSG_CSV_MIXED_ENCODING_UTF8                                           \
    "byte 0x%02X no válido en UTF-8, pero la línea %ld tiene texto en UTF-8 " \
    "(se esperaba todo el archivo en UTF-8; guárdelo de nuevo como CSV UTF-8)"
#define MSG_CSV_TOO_MANY_FIELDS                                               \
    "demasiadas columnas en la fila (se esperaba a lo sumo %u)"
#define MSG_CSV_BAD_ENCODING \
    "codificación desconocida «%s» (se esperaba auto, utf-8 o windows-1252)"
#define MSG_CSV_UNTERMINATED                                                  \
    "comillas sin cerrar en el campo %ld (se esperaba una comilla \" de "     \
    "cierre antes del fin del archivo)"
#define MSG_CSV_STRAY_QUOTE                                                   \
    "comilla fuera de lugar en el campo %ld (se esperaba un campo sin "       \
    "comillas o encerrado entero entre comillas, con \"\" para una comilla)"
#define MSG_CSV_FIELD_TOO_LONG                                                \
    "campo demasiado largo (se esperaba a lo sumo %u bytes; ¿faltan "        \
    "comillas de cierre?)"

/* ingest: tables, headers and values. */
#define MSG_INGEST_NOINPUT \
    "no existe o no se puede leer: %s (se esperaba un archivo .csv, .xlsx u .ods o una carpeta)"
#define MSG_INGEST_NO_CSV \
    "la carpeta no contiene archivos .csv, .xlsx ni .ods (se esperaba al menos uno)"
#define MSG_INGEST_LONG_HDR_DUP \
    "la columna «%s» repite el papel de «%s» (columna %ld): no se sabe cuál usar (se esperaba " \
    "una sola columna de área, de año, de valor y de municipio)"
#define MSG_INGEST_DIR_LINK \
    "es un enlace simbólico en una carpeta de entrada: tablero no sigue enlaces al recorrer " \
    "carpetas (se esperaba un archivo común; indique el destino con -i o en [entradas] rutas)"
#define MSG_INGEST_DIR_NOT_REGULAR \
    "no es un archivo común (FIFO, dispositivo o socket) en una carpeta de entrada " \
    "(se esperaba un archivo CSV guardado en disco)"
#define MSG_INGEST_DIR "no se puede leer la carpeta: %s"
#define MSG_INGEST_EMPTY                                                      \
    "el archivo está vacío (se esperaba una fila de encabezado y filas de "   \
    "datos)"
#define MSG_INGEST_NO_HEADER                                                  \
    "fila no reconocida que empieza con «%s» (se esperaba una fila de "       \
    "encabezado con años, como «Área;2023;2022», o con las columnas área, "  \
    "año y valor)"
#define MSG_INGEST_ONLY_PREAMBLE                                              \
    "el archivo no tiene fila de encabezado (se esperaba una fila de "        \
    "encabezado con años, como «Área;2023;2022», o con las columnas área, "  \
    "año y valor)"
#define MSG_INGEST_NO_DATA                                                    \
    "el archivo no tiene filas de datos después del encabezado (se esperaba " \
    "al menos una fila con un área y sus valores)"
#define MSG_INGEST_HDR_DUP_YEAR                                               \
    "año repetido «%s» en el encabezado (se esperaba cada año una sola vez)"
#define MSG_INGEST_HDR_BAD_YEAR                                               \
    "año no válido «%s» en el encabezado (se esperaba un año de cuatro "      \
    "cifras como 2023, o la celda vacía)"
#define MSG_INGEST_LONG_HDR_MISSING                                           \
    "falta la columna de %s en el encabezado (se esperaban columnas de "      \
    "área, año y valor, como «área;año;valor»)"
#define MSG_INGEST_COL_AREA "área"
#define MSG_INGEST_COL_YEAR "año"
#define MSG_INGEST_COL_VALUE "valor"
#define MSG_INGEST_SHORT_ROW                                                  \
    "fila incompleta que empieza con «%s»: %zu columnas (se esperaban %zu, "  \
    "como el encabezado)"
#define MSG_INGEST_HDR_YEAR_RANGE                                             \
    "año fuera de rango «%s» en el encabezado (se esperaba un año entre %d "  \
    "y %d)"
#define MSG_INGEST_BAD_VALUE                                                  \
    "valor no numérico «%s» para «%s» en %d (se esperaba un número como "     \
    "86,50%% o - si no hay dato)"
#define MSG_INGEST_AMBIGUOUS                                                  \
    "número ambiguo «%s» para «%s» en %d (se esperaba %s o %s sin "          \
    "separador de miles: un punto seguido de tres cifras puede ser "          \
    "separador de miles o decimal)"
#define MSG_INGEST_FORMULA                                                    \
    "error de fórmula «%s» para «%s» en %d (se esperaba un número; corrija "  \
    "la fórmula en la planilla o deje la celda vacía si no hay dato)"
#define MSG_INGEST_VALUE_RANGE                                                \
    "valor fuera de rango «%s» para «%s» en %d (se esperaba un porcentaje "   \
    "entre %g y %g)"
#define MSG_INGEST_NO_AREA                                                    \
    "falta el área en una fila con el valor «%s» (se esperaba el nombre del " \
    "área en la primera columna)"
#define MSG_INGEST_EXTRA_FIELD                                                \
    "valor de más «%s» para «%s» en la columna %ld (se esperaba a lo sumo "   \
    "%ld columnas, como el encabezado)"
#define MSG_INGEST_NO_YEAR_COL                                                \
    "valor «%s» para «%s» en una columna sin año (se esperaba un año en el "  \
    "encabezado de la columna %ld)"
#define MSG_INGEST_LONG_NO_AREA                                               \
    "falta el área (se esperaba el nombre del área en la columna «%s»)"
#define MSG_INGEST_LONG_NO_YEAR                                               \
    "falta el año para «%s» (se esperaba un año como 2023 en la columna "     \
    "«%s»)"
#define MSG_INGEST_BAD_YEAR                                                   \
    "año no válido «%s» para «%s» (se esperaba un año de cuatro cifras como " \
    "2023)"
#define MSG_INGEST_YEAR_RANGE                                                 \
    "año fuera de rango «%s» para «%s» (se esperaba un año entre %d y %d)"
#define MSG_INGEST_NO_ENTITY                                                  \
    "falta el municipio para «%s» en %d (se esperaba un nombre en la "        \
    "columna «%s»)"

#endif
