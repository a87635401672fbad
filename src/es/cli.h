/* es/cli.h - Spanish strings of the command line. */
#ifndef TABLERO_ES_CLI_H
#define TABLERO_ES_CLI_H

/* Set by the Makefile from PREFIX (where `make install` puts the example
 * and the README). */
#ifndef TABLERO_SHAREDIR
#define TABLERO_SHAREDIR "/usr/local/share/tablero"
#endif
#ifndef TABLERO_DOCDIR
#define TABLERO_DOCDIR "/usr/local/share/doc/tablero"
#endif

#define MSG_CLI_USAGE \
"Uso: tablero [-c ARCHIVO] [-i RUTA]... [-o CARPETA] [-p AAAA-MM] [--check]\n" \
"             [--wait SEGUNDOS] [-j N] [--shard K/N] [--informes LISTA]\n" \
"             [--plantilla ARCHIVO.xlsx] [-q] [-v] [--help] [--version]\n" \
"\n" \
"Genera el informe mensual de gestión (PDF) y las métricas (CSV y JSON) a partir\n" \
"de los indicadores (CSV, .xlsx u .ods) y del plan estratégico configurado.\n" \
"\n" \
"  -c, --config ARCHIVO   configuración INI; sin -c: $TABLERO_CONFIG, si no\n" \
"                         ./config/tablero.ini, si no /etc/tablero/tablero.ini\n" \
"  -i, --input RUTA       archivo CSV, .xlsx u .ods, o carpeta con ellos; repetible;\n" \
"                         reemplaza las rutas configuradas en [entradas]\n" \
"  -o, --output CARPETA   carpeta de salida (por omisión: la de [salida])\n" \
"  -p, --period AAAA-MM   período del informe (por omisión: el mes actual, o el de\n" \
"                         SOURCE_DATE_EPOCH si está definida)\n" \
"      --check            valida configuración y datos sin escribir nada\n" \
"      --wait SEGUNDOS    si otra corrida usa la misma carpeta de salida, la\n" \
"                         espera hasta SEGUNDOS (por omisión sale con 75)\n" \
"  -j, --jobs N           reparte los municipios (o, con uno solo, sus informes)\n" \
"                         entre N procesos (mismo resultado)\n" \
"      --shard K/N        con varios municipios, escribe solo la parte K de N\n" \
"                         (varias máquinas; ver «Red de municipios» en el README)\n" \
"      --informes LISTA   con varios municipios, qué escribir de cada uno:\n" \
"                         gestion,estrategico,operativo,ciudadano,datos (todos)\n" \
"      --plantilla ARCHIVO.xlsx\n" \
"                         escribe la planilla de carga (un indicador por fila, un\n" \
"                         año por columna, con los datos de las entradas) y nada más\n" \
"  -q, --quiet            silencio si todo sale bien (los errores se muestran)\n" \
"  -v, --verbose          informa cantidades y tiempos en la salida de error\n" \
"  -h, --help             muestra esta ayuda\n" \
"      --version          muestra la versión\n" \
"\n" \
"Salidas, publicadas juntas en CARPETA/AAAA-MM/: informe-gestion-AAAA-MM.pdf,\n" \
"informe-estrategico-AAAA-MM.pdf, informe-operativo-SECRETARIA-AAAA-MM.pdf,\n" \
"resumen-ciudadano-AAAA-MM.pdf, metricas-AAAA-MM.csv, metricas-AAAA-MM.json,\n" \
"rollups-AAAA-MM.csv, novedades-AAAA-MM.csv y manifest.json (entradas,\n" \
"configuración y salidas con SHA-256). Con varios municipios, esos archivos van\n" \
"en una carpeta por municipio, más resumen-red-AAAA-MM.pdf, resumen-red-AAAA-MM.csv\n" \
"y ranking-red-AAAA-MM.csv.\n" \
"\n" \
"Códigos de salida (sysexits): 0 correcto, 64 uso, 65 datos inválidos,\n" \
"66 entrada inexistente, 69 falta una biblioteca (libzip, libxlsxwriter),\n" \
"70 error interno, 71 error del sistema o memoria insuficiente, 73 no se puede\n" \
"crear la salida, 74 error de E/S, 75 otra corrida en curso, 78 configuración\n" \
"inválida.\n" \
"\n" \
"Manual: man tablero. Guía: " TABLERO_DOCDIR "/README.md.\n"

/* Where the configuration was looked for when none was found: what was
 * tried (a list of paths), then the example's path. */
#define MSG_CLI_NO_CONFIG "no se encontró la configuración; se buscó en: %s (TABLERO_CONFIG no está definida). Indíquela con -c ARCHIVO o copie el ejemplo a /etc/tablero: " TABLERO_SHAREDIR "/ejemplo/config/tablero.ini"

#define MSG_CLI_VERSION "tablero %s\n"
#define MSG_CLI_TRY_HELP "pruebe «tablero --help»"
#define MSG_CLI_BAD_OPTION "opción inválida (%s)"
#define MSG_CLI_BAD_PERIOD "período inválido «%s» (se esperaba AAAA-MM, por ejemplo 2026-11)"
#define MSG_CLI_BAD_EPOCH "SOURCE_DATE_EPOCH inválida «%s» (se esperaba un número entero de segundos desde 1970, anterior al año 2201)"
#define MSG_CLI_BAD_WAIT "espera inválida «%s» (se esperaba un número de segundos entre 0 y 86400)"
#define MSG_CLI_BAD_JOBS "cantidad de procesos inválida «%s» (se esperaba un número entre 1 y 1024)"
#define MSG_CLI_BAD_SHARD "parte inválida «%s» (se esperaba K/N con 1 ≤ K ≤ N, por ejemplo 2/8)"
#define MSG_CLI_BAD_KINDS "lista de informes inválida «%s» (se esperaba gestion, estrategico, operativo, ciudadano, datos o todos, separados por comas)"
#define MSG_CLI_PROGRESS "\rtablero: %zu de %zu municipios"
#define MSG_CLI_EXTRA_ARGS "argumento inesperado «%s» (las entradas se indican con -i)"
#define MSG_CLI_OUT_OF_MEMORY "memoria insuficiente"
#define MSG_CLI_CANNOT_MKDIR "no se puede crear la carpeta de salida: %s"
#define MSG_CLI_CANNOT_CREATE "no se puede crear el archivo: %s"
#define MSG_CLI_CANNOT_WRITE "no se puede escribir: %s"
#define MSG_CLI_UNSAFE_NAME "nombre de archivo de salida inseguro (saldría de la carpeta del período); no se escribió"
#define MSG_CLI_CANNOT_LOCK "no se puede crear ni bloquear el archivo de bloqueo: %s"
#define MSG_CLI_LOCKED "otra corrida de tablero está en curso en esta carpeta de salida (tiene tomado este archivo de bloqueo); reintente más tarde o use --wait SEGUNDOS"
#define MSG_CLI_CANNOT_HASH "no se puede leer para el manifiesto: %s"
#define MSG_CLI_CANNOT_PUBLISH "no se puede publicar la carpeta del período: %s"
#define MSG_CLI_NO_DATA "no hay ningún valor en las entradas (se esperaba al menos un archivo CSV con datos)"
#define MSG_CLI_MORE_ERRORS "%zu problema(s) más no se muestran"
#define MSG_CLI_FAILED_DATA "tablero: datos inválidos: %zu problema(s); no se escribió ningún archivo\n"
#define MSG_CLI_CHECK_OK "tablero: comprobación correcta: %zu %s, %zu %s, %zu %s, %zu %s\n"
#define MSG_CLI_W_FILE "archivo"
#define MSG_CLI_W_FILES "archivos"
#define MSG_CLI_W_VALUE "valor"
#define MSG_CLI_W_VALUES "valores"
#define MSG_CLI_W_MUNI "municipio"
#define MSG_CLI_W_MUNIS "municipios"
#define MSG_CLI_W_IND "indicador"
#define MSG_CLI_W_INDS "indicadores"
#define MSG_CLI_VERBOSE_LOADED "tablero: plan cargado de %s: %zu ejes, %zu políticas, %zu indicadores\n"
#define MSG_CLI_VERBOSE_READ "tablero: leído %s (%s, %zu filas, %zu valores)\n"
#define MSG_CLI_VERBOSE_DONE "tablero: %zu archivo(s) escritos en %.1f ms\n"
#define MSG_CLI_SHAPE_WIDE "ancho"
#define MSG_CLI_SHAPE_LONG "largo"
#define MSG_CLI_ERROR "error"
#define MSG_CLI_WARNING "aviso"
#define MSG_CLI_CANNOT_STDOUT "no se puede escribir la lista de archivos en la salida estándar: %s"
#define MSG_CLI_MISSING_ANALYSIS_1 "1 indicador en rojo o en baja no tiene análisis de la secretaría (la oficina de planificación debe pedirlo): %s"
#define MSG_CLI_MISSING_ANALYSIS_N "%zu indicadores en rojo o en baja no tienen análisis de la secretaría (la oficina de planificación debe pedirlo): %s"
#define MSG_CLI_MISSING_MORE "; y %zu más (ver «Calidad de los datos» en los informes)"
#define MSG_CLI_OLD_LEFT "no se pudo borrar la copia reemplazada del período; se borrará en la próxima corrida"
#define MSG_CLI_PREV_UNREADABLE "las métricas del período anterior no se pudieron leer (archivo dañado o de otro formato): los informes no traen novedades"
#define MSG_CLI_PREV_UNMATCHED "las métricas del período anterior no tienen ninguna fila de este municipio con estos indicadores: no se pudo comparar y los informes no traen novedades"
/* --shard K/N into one output folder (publish/parts.h) */
#define MSG_P_PART_CONFLICT "es de otra corrida (otros archivos de datos o de configuración, por contenido o por ruta, otros informes u otra versión de tablero); esta parte no publicó nada. Escriba las partes de esta corrida en otra carpeta de salida, o borre la carpeta del período para empezar de nuevo"
#define MSG_P_PART_UNREADABLE "no se puede leer este manifiesto de una corrida anterior (%s); esta parte no publicó nada"
#define MSG_P_PART_BROKEN "el manifiesto de una parte no lista sus archivos; vuelva a correr esa parte"
#define MSG_P_PARTS_DONE "las %u partes están publicadas: se escribieron el resumen de la red y manifest.json"
#define MSG_P_PARTS_WAITING "parte %u de %u publicada; faltan %u parte(s) para el resumen de la red"
#define MSG_CLI_STALE_CLEANED "se limpiaron %zu carpeta(s) temporales de corridas interrumpidas"
#define MSG_CLI_STALE_LEFT "no se pudieron limpiar %zu carpeta(s) temporales de corridas interrumpidas"
/* The last line on stderr of a failed run: period, reason, code, fate. */
#define MSG_CLI_SUMMARY "tablero: falló la corrida de %s: %s (%d); %s\n"
#define MSG_CLI_SUMMARY_EARLY "tablero: falló la corrida: %s (%d); no se escribió nada\n"
#define MSG_CLI_WHY_DATAERR "datos inválidos"
#define MSG_CLI_WHY_NOINPUT "entrada inexistente o ilegible"
#define MSG_CLI_WHY_UNAVAILABLE "falta una biblioteca del sistema"
#define MSG_CLI_WHY_OSERR "error del sistema o memoria insuficiente"
#define MSG_CLI_WHY_CANTCREAT "no se puede crear la salida"
#define MSG_CLI_WHY_IOERR "error de E/S"
#define MSG_CLI_WHY_TEMPFAIL "otra corrida en curso"
#define MSG_CLI_WHY_CONFIG "configuración inválida"
#define MSG_CLI_WHY_SOFTWARE "error interno"
#define MSG_CLI_FATE_INTACT "el informe anterior quedó intacto"
#define MSG_CLI_FATE_NOTHING "no se publicó ningún archivo"
#define MSG_CLI_FATE_CHECK "comprobación sin escritura"
#define MSG_CLI_FATE_PUBLISHED "los archivos nuevos ya estaban publicados"

#endif
