/* own.h - a network municipality's own plan: the `plan` column of the
 * municipalities table names a folder shaped like config/ (tablero.ini
 * with [municipio], [informe] and [plan], and its CSV lists) whose
 * mission, vision, values, objectives, policies, axes, secretariats and
 * programs, and per-indicator targets, weights and links, are that
 * municipality's. The areas must be the network's, with the network's
 * direction ("sentido"), so the network's medians and ranks compare; the
 * rules and scores stay the network's for the same reason. */
#ifndef TABLERO_OWN_H
#define TABLERO_OWN_H

#include "common.h"
#include "plan.h"

/* Loads the plan at ini for municipality m of net (the row at
 * table:line, column col, for messages) into a new m->own, checked
 * against net and reshaped for the run: indicators in the network's order
 * (index i is the network's indicator i), the network's rules and scores,
 * m's name and (when it gives none) the table's province, a plan_note;
 * its files are added to net->files (manifest and --shard fingerprint).
 * Returns 0, TB_EX_CONFIG (err names file:line) or TB_EX_OSERR; on
 * failure m->own is NULL. */
int plan_own_load(plan *net, plan_municipality *m, const char *ini, const char *table,
                  long line, long col, tb_error *err);

/* The plan municipality `name` of net is measured against in a network
 * run: its own (borrowed from net) or NULL (the network's: neutral
 * identity, or net's own city). Returns 0 or TB_EX_OSERR. */
int plan_own_of(const plan *net, const char *name, const plan **out);

#endif
