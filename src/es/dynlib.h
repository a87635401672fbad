/* es/dynlib.h - Spanish messages of the libraries tablero loads only when
 * a path needs them (base/dynlib.c). Printed as "tablero: error: MSG". */
#ifndef TABLERO_ES_DYNLIB_H
#define TABLERO_ES_DYNLIB_H

/* soname, what it is for, Debian package, dlerror() */
#define MSG_DL_MISSING                                                        \
    "no se encontró la biblioteca %s, necesaria para %s (instale el paquete " \
    "%s de Debian): %s"
/* soname, symbol, what for, package, dlerror() */
#define MSG_DL_SYMBOL                                                         \
    "la biblioteca %s no tiene la función %s, necesaria para %s (se "         \
    "esperaba la versión del paquete %s con la que se compiló tablero): %s"
#define MSG_DL_NEED_SHEETS "leer libros .xlsx y .ods"
#define MSG_DL_NEED_TEMPLATE "escribir la planilla de carga (--plantilla)"

#endif
