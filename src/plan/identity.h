/* identity.h - whose identity a municipality's reports carry in a network
 * run. The plan in config/ is one city's (city, province, signature,
 * mission, vision, values, secretariats). Its own municipality keeps it;
 * every other municipality of the input gets the network's neutral
 * identity: its own name (and province, from the municipalities table
 * when there is one), the indicators, axes (names only), dimensions,
 * targets and rules the network shares, and a note saying which plan it
 * is measured against; no other city's province, mission, vision,
 * values, policies, objectives, secretariats, term, signature or comments
 * (their texts name that city or speak for its secretariats). */
#ifndef TABLERO_IDENTITY_H
#define TABLERO_IDENTITY_H

#include "common.h"
#include "plan.h"

/* Caller-owned; plan_identity_neutral, then plan_identity_fini. view
 * borrows everything from the base plan except city, mission, term_label,
 * plan_note, the axes
 * (copies without description) and the indicators (copies linked to no
 * policy, objective or secretariat), which it owns;
 * valid while the base plan lives. */
typedef struct plan_identity {
    plan view;
} plan_identity;

/* 1 when the municipality `name` is the plan's own city (compared folded:
 * case, accents and spacing aside). Pure. */
int plan_is_own_city(const plan *base, const char *name);

/* The index among names[0..n) of the plan's own city (the first, if the
 * folded names repeat), or n when it is not there; with n == 1 that one
 * name (a single-city run speaks for the plan's city whatever it is
 * called). The city's name is folded once, not once per name. Pure. */
size_t plan_own_city_index(const plan *base, char *const *names, size_t n);

/* The neutral identity of municipality `name` measured against base.
 * Returns 0 or TB_EX_OSERR (id is then still valid for fini). */
int plan_identity_neutral(plan_identity *id, const plan *base, const char *name);

void plan_identity_fini(plan_identity *id);

#endif
