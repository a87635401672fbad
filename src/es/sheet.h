/* es/sheet.h - Spanish strings of the spreadsheet reader (sheet_*.c) and
 * of ingest's handling of spreadsheet cells. Printed as
 * "tablero: libro.xlsx: error: MSG" or "tablero: libro.xlsx:Hoja1!C5: error: MSG". */
#ifndef TABLERO_ES_SHEET_H
#define TABLERO_ES_SHEET_H

/* The archive. */
#define MSG_SHEET_NOZIP                                                       \
    "no es un libro de planilla válido: no es un archivo zip (se esperaba "   \
    "un .xlsx de Excel o un .ods de LibreOffice; un .xls antiguo debe "       \
    "guardarse como .xlsx)"
#define MSG_SHEET_DAMAGED                                                     \
    "el libro está dañado o incompleto: %s (se esperaba un archivo zip "      \
    "entero; vuelva a guardarlo o a copiarlo)"
#define MSG_SHEET_TRUNCATED "falta el directorio final del zip (archivo truncado)"
#define MSG_SHEET_TOO_MANY_ENTRIES                                            \
    "el libro tiene %zu entradas (se esperaban a lo sumo %zu)"
#define MSG_SHEET_BAD_NAME                                                    \
    "nombre de entrada peligroso «%s» dentro del libro (se esperaban rutas "  \
    "relativas sin «..», «/» inicial ni «\\»)"
#define MSG_SHEET_ENCRYPTED                                                   \
    "la entrada «%s» está cifrada (se esperaba un libro sin contraseña)"
#define MSG_SHEET_ENTRY_TOO_BIG                                               \
    "la entrada «%s» declara %llu bytes descomprimidos (se esperaban a lo "   \
    "sumo %zu)"
#define MSG_SHEET_TOTAL_TOO_BIG                                               \
    "el libro descomprimido supera %zu bytes (se esperaba menos; ¿es una "    \
    "bomba zip?)"
#define MSG_SHEET_RATIO                                                       \
    "la entrada «%s» se descomprime más de %zu veces su tamaño (bomba zip; "  \
    "se esperaba una planilla común)"
#define MSG_SHEET_SIZE_LIE                                                    \
    "la entrada «%s» tiene más datos de los que declara (se esperaban %llu "  \
    "bytes)"
#define MSG_SHEET_SIZE_SHORT                                                  \
    "la entrada «%s» tiene menos datos de los que declara (se esperaban "     \
    "%llu bytes; ¿libro incompleto?)"
#define MSG_SHEET_ENTRY_READ                                                  \
    "no se puede leer la entrada «%s»: %s (se esperaba un libro sin daños)"
#define MSG_SHEET_MISSING_ENTRY                                               \
    "falta la entrada «%s» (se esperaba un libro .%s completo)"

/* The XML. */
#define MSG_SHEET_XML                                                         \
    "XML mal formado en «%s», línea %lu, columna %lu: %s (se esperaba el "    \
    "XML que escribe Excel o LibreOffice)"
#define MSG_SHEET_DOCTYPE                                                     \
    "«%s» declara un DOCTYPE (se esperaba XML sin DTD ni entidades; "        \
    "rechazado por seguridad)"
#define MSG_SHEET_TOO_MANY_STRINGS                                            \
    "la tabla de textos compartidos declara %s textos (se esperaban a lo "    \
    "sumo %zu)"
#define MSG_SHEET_NO_SHEETS                                                   \
    "el libro no tiene hojas (se esperaba al menos una hoja con datos)"
#define MSG_SHEET_BAD_TARGET                                                  \
    "la hoja «%s» apunta a «%s» (se esperaba una entrada dentro del libro)"

/* Cells, named "libro.xlsx:Hoja1!C5". */
#define MSG_SHEET_BAD_REF                                                     \
    "referencia de celda no válida «%s» (se esperaba como C5)"
#define MSG_SHEET_ORDER                                                       \
    "celda fuera de orden (se esperaban filas crecientes y columnas "         \
    "crecientes dentro de cada fila)"
#define MSG_SHEET_TOO_MANY_COLS                                               \
    "demasiadas columnas con contenido en la fila (se esperaban a lo sumo %zu)"
#define MSG_SHEET_TOO_MANY_ROWS                                               \
    "fila más allá de la %ld (se esperaban a lo sumo %ld filas)"
#define MSG_SHEET_TOO_MANY_CELLS                                              \
    "el libro tiene más de %zu celdas con contenido (se esperaba menos; "     \
    "¿filas o columnas repetidas sin fin?)"
#define MSG_SHEET_BAD_NUMBER                                                  \
    "número no válido «%s» guardado en la celda (se esperaba un número)"
#define MSG_SHEET_BAD_SST_INDEX                                               \
    "la celda usa el texto compartido %s, que no existe (hay %zu)"

/* ingest on spreadsheet cells. */
#define MSG_SHEET_NOCACHE                                                     \
    "fórmula sin valor calculado para «%s» en %d (se esperaba un número; "    \
    "abra el libro en Excel o LibreOffice y guárdelo para que calcule)"
#define MSG_SHEET_BOOL                                                        \
    "valor lógico %s para «%s» en %d (se esperaba un número como 86,5 %% o "  \
    "la celda vacía si no hay dato)"
#define MSG_SHEET_DATE_VALUE                                                  \
    "fecha en la celda de valor para «%s» en %d (se esperaba un número como " \
    "86,5 %%; revise el formato de la celda)"
#define MSG_SHEET_NO_TABLE                                                    \
    "ninguna hoja visible parece una tabla de indicadores (hojas: %s; se "    \
    "esperaba una fila de encabezado con años, como «Área | 2023 | 2022», o " \
    "con las columnas área, año y valor)"

#define MSG_SHEET_NONE_NAMED                                                  \
    "el libro no tiene ninguna hoja visible llamada como en [entradas] hojas " \
    "(hojas del libro: %s; se esperaba alguna de: %s)"

#endif
