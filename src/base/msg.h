/* msg.h - every string a reader sees, in one place per language.
 * Spanish is the only language today; each stage's strings live in
 * src/es/<stage>.h so a translation is a copy of that folder. */
#ifndef TABLERO_MSG_H
#define TABLERO_MSG_H

#include "es/cli.h"
#include "es/config.h"
#include "es/ingest.h"
#include "es/report.h"
#include "es/series.h"

/* Spanish month name, 1..12 ("noviembre"); static. */
const char *msg_month_name(int month);

#endif
