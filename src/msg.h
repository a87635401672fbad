/* msg.h - every string a reader sees, in one place per language.
 * Spanish is the only language today; each stage's strings live in
 * src/es/<stage>.h so a translation is a copy of that folder. */
#ifndef TABLERO_MSG_H
#define TABLERO_MSG_H

#include "analyze.h"

#include "es/cli.h"
#include "es/config.h"
#include "es/ingest.h"
#include "es/report.h"
#include "es/series.h"

/* Label of a status as a reader sees it ("En camino"); static. */
const char *msg_status_label(analyze_status s);
/* Stable machine key of a status for CSV/JSON ("en_camino"); static. */
const char *msg_status_key(analyze_status s);
/* Label ("Actuar ya") and machine key ("actuar_ya") of a quadrant; static. */
const char *msg_quadrant_label(analyze_quadrant q);
const char *msg_quadrant_key(analyze_quadrant q);
/* Spanish month name, 1..12 ("noviembre"); static. */
const char *msg_month_name(int month);

#endif
