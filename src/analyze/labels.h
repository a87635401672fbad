/* labels.h - the names of statuses and quadrants: the label a reader sees
 * (from es/report.h, so a translation changes only that folder) and the
 * stable key machine-readable outputs use. All returned strings are
 * static. */
#ifndef TABLERO_LABELS_H
#define TABLERO_LABELS_H

#include "analyze.h"

/* Label of a status as a reader sees it ("En camino"); static. */
const char *msg_status_label(analyze_status s);
/* Stable machine key of a status for CSV/JSON ("en_camino"); static. */
const char *msg_status_key(analyze_status s);
/* Label ("Actuar ya") and machine key ("actuar_ya") of a quadrant; static. */
const char *msg_quadrant_label(analyze_quadrant q);
const char *msg_quadrant_key(analyze_quadrant q);

/* Level keys of the roll-up exports ("eje", "politica", ...), indexed by
 * analyze_level. */
extern const char *const analyze_level_keys[ANALYZE_NLEVELS];

/* Id and name of group k of level l ("EJE1", "Gobernanza"; a
 * sub-objective's text); "" where the plan has none. Borrowed from p. */
void analyze_group_names(const plan *p, analyze_level l, size_t k, const char **id,
                         const char **name);
const char *analyze_group_name(const plan *p, analyze_level l, size_t k);

#endif
