/* es/template.h - Spanish text of the loading template (tablero
 * --plantilla) and of its errors. */
#ifndef TABLERO_ES_TEMPLATE_H
#define TABLERO_ES_TEMPLATE_H

#define MSG_T_SHEET_DATA "Datos"
#define MSG_T_SHEET_HELP "Cómo completar"
#define MSG_T_TITLE "Planilla de carga de indicadores — %s"
#define MSG_T_HEADER "Indicador"
#define MSG_T_FORMAT "0.0#\" %\""
#define MSG_T_VALIDATION_TITLE "Valor del indicador"
#define MSG_T_VALIDATION_MSG "Un porcentaje entre %g y %g, o la celda vacía si no hay dato."

/* The help sheet: (term, explanation) rows. Every row has two cells or
 * one, so tablero never mistakes this sheet for a table. */
#define MSG_T_HELP_ROWS                                                                  \
    {"Cómo completar esta planilla", NULL},                                              \
    {"Qué es", "Una fila por indicador del plan y una columna por año, con los datos "  \
               "que tablero ya tiene. Complete o corrija los valores y vuelva a leerla " \
               "con «tablero -i» (o póngala en la carpeta de [entradas])."},             \
    {"Valores", "Porcentajes: escriba 86,5 para 86,5 %. También se aceptan textos como " \
                "«86,50%» y celdas con formato de porcentaje (0,865 mostrado como "      \
                "86,5 %)."},                                                             \
    {"Sin dato", "Deje la celda vacía. También significan «sin dato»: -, -%, —, s/d, "   \
                 "N/D, n/a, #N/D. Un cero es un dato (0 %), no la falta de dato."},      \
    {"Años", "Agregue un año escribiéndolo en la fila de encabezado (por ejemplo 2027) " \
             "y sus valores debajo. No repita un año."},                                 \
    {"Indicadores", "No cambie los nombres de la columna «Indicador»: son los del plan " \
                    "(también se aceptan sus alias). Una fila con otro nombre es un "    \
                    "error que tablero informa con la celda, por ejemplo Datos!A7."},    \
    {"Fórmulas", "Se leen por su valor calculado. Una fórmula con error (#¡DIV/0!) es "  \
                 "un error; guarde el libro después de calcular."},                      \
    {"Otras hojas", "Las hojas que no tienen una fila de encabezado con años (como esta) " \
                    "y las hojas ocultas no se leen."}

#define MSG_T_NETWORK \
    "la planilla de carga es de un solo municipio y la entrada tiene %zu (se esperaba uno)"
#define MSG_T_MONTHLY \
    "«%s» tiene valores mensuales (%d-%02d), que la planilla por año no puede guardar (se " \
    "esperaban solo valores anuales)"
#define MSG_T_WRITE "no se puede escribir la planilla: %s"
#define MSG_T_NOT_XLSX "la planilla debe terminar en .xlsx (se recibió «%s»)"

#endif
