/* es/cli.h - Spanish strings of the command line. */
#ifndef TABLERO_ES_CLI_H
#define TABLERO_ES_CLI_H

#define MSG_CLI_USAGE \
"Uso: tablero [-c ARCHIVO] [-i RUTA]... [-o CARPETA] [-p AAAA-MM] [--check] [-q] [-v]\n" \
"             [--help] [--version]\n" \
"\n" \
"Genera el informe mensual de gestión (PDF) y las métricas (CSV y JSON) a partir\n" \
"de los indicadores en CSV y del plan estratégico configurado.\n" \
"\n" \
"  -c, --config ARCHIVO   configuración INI (por omisión: config/tablero.ini)\n" \
"  -i, --input RUTA       archivo CSV o carpeta con CSV; repetible; reemplaza las\n" \
"                         rutas configuradas en [entradas]\n" \
"  -o, --output CARPETA   carpeta de salida (por omisión: la de [salida], output/)\n" \
"  -p, --period AAAA-MM   período del informe (por omisión: el mes actual, o el de\n" \
"                         SOURCE_DATE_EPOCH si está definida)\n" \
"      --check            valida configuración y datos sin escribir nada\n" \
"  -q, --quiet            no lista los archivos escritos\n" \
"  -v, --verbose          informa cantidades y tiempos en la salida de error\n" \
"  -h, --help             muestra esta ayuda\n" \
"      --version          muestra la versión\n" \
"\n" \
"Salidas: CARPETA/AAAA-MM/informe-gestion-AAAA-MM.pdf, metricas-AAAA-MM.csv y\n" \
"metricas-AAAA-MM.json. Códigos de salida (sysexits): 0 correcto, 64 uso, 65 datos\n" \
"inválidos, 66 entrada inexistente, 73 no se puede crear la salida, 74 error de E/S,\n" \
"78 configuración inválida.\n"

#define MSG_CLI_VERSION "tablero %s\n"
#define MSG_CLI_TRY_HELP "pruebe «tablero --help»"
#define MSG_CLI_BAD_OPTION "opción inválida (%s)"
#define MSG_CLI_BAD_PERIOD "período inválido «%s» (se esperaba AAAA-MM, por ejemplo 2026-11)"
#define MSG_CLI_BAD_EPOCH "SOURCE_DATE_EPOCH inválida «%s» (se esperaba un número de segundos desde 1970)"
#define MSG_CLI_EXTRA_ARGS "argumento inesperado «%s» (las entradas se indican con -i)"
#define MSG_CLI_OUT_OF_MEMORY "memoria insuficiente"
#define MSG_CLI_CANNOT_MKDIR "no se puede crear la carpeta de salida: %s"
#define MSG_CLI_CANNOT_CREATE "no se puede crear el archivo: %s"
#define MSG_CLI_CANNOT_WRITE "no se puede escribir: %s"
#define MSG_CLI_NO_DATA "no hay ningún valor en las entradas (se esperaba al menos un archivo CSV con datos)"
#define MSG_CLI_MORE_ERRORS "%zu problema(s) más no se muestran"
#define MSG_CLI_FAILED_DATA "tablero: datos inválidos: %zu problema(s); no se escribió ningún archivo\n"
#define MSG_CLI_CHECK_OK "tablero: comprobación correcta: %zu archivo(s), %zu valor(es), %zu municipio(s), %zu indicador(es)\n"
#define MSG_CLI_VERBOSE_LOADED "tablero: plan cargado de %s: %zu ejes, %zu políticas, %zu indicadores\n"
#define MSG_CLI_VERBOSE_READ "tablero: leído %s (%s, %zu filas, %zu valores)\n"
#define MSG_CLI_VERBOSE_DONE "tablero: %zu archivo(s) escritos en %.1f ms\n"
#define MSG_CLI_SHAPE_WIDE "ancho"
#define MSG_CLI_SHAPE_LONG "largo"
#define MSG_CLI_ERROR "error"

#endif
