/* comments.h - the secretariats' own words per indicator and period
 * ([plan] comentarios, e.g. config/comentarios.csv): a short analysis, the
 * committed action, its owner and due date. Loaded with the plan; the
 * reports and exports only read them through this API. */
#ifndef TABLERO_COMMENTS_H
#define TABLERO_COMMENTS_H

#include <stddef.h>

#include "common.h"
#include "plan.h"

/* Longest accepted texts, in characters (a report line or two each). */
#define PLAN_COMMENT_MAX_ANALYSIS 400
#define PLAN_COMMENT_MAX_ACTION 250
#define PLAN_COMMENT_MAX_OWNER 100

typedef struct plan_comment {
    size_t indicator;      /* index into plan.indicators */
    int year;              /* the data period it speaks about */
    int month;             /* 1..12, or 0 for the whole year ("2024") */
    char *analysis;        /* "" when none; owned by the plan */
    char *action;          /* committed action, "" when none */
    char *owner;           /* "" when none */
    int due_year, due_month, due_day; /* all 0 when there is no due date */
    long line;             /* line in the comments file, for messages */
} plan_comment;

/* Loads the comments file at path into p->comments (sorted by indicator,
 * year, month). Needs p->indicators loaded. Returns 0; TB_EX_CONFIG with
 * err naming file:line:col for a bad row (unknown indicator, bad period or
 * date, duplicate indicator and period, a row with neither analysis nor
 * action, an owner or date without action, an overlong text); TB_EX_OSERR
 * when memory runs out. Whatever was loaded is freed by plan_fini(). */
int plan_comments_load(plan *p, const char *path, tb_error *err);

/* Frees n comments and the array (NULL-safe). */
void plan_comments_free(plan_comment *c, size_t n);

/* Sorts c by (indicator, year, month), the order plan_comment_for needs
 * (after a municipality's own plan is put in the network's order). */
void plan_comments_sort(plan_comment *c, size_t n);

/* The comment that speaks for indicator `indicator` whose latest data year
 * is data_year: the latest comment of that year (a month's over the
 * year's), else the latest one of an earlier year; NULL when none (or
 * data_year is 0: no data). Borrowed: valid until plan_fini(). Pure. */
const plan_comment *plan_comment_for(const plan *p, size_t indicator, int data_year);

/* 1 when c has an action whose due date falls before the last day of the
 * report period (year, month): the period closes with the action still
 * due. 0 otherwise (no action, no date, not yet due). Pure. */
int plan_comment_overdue(const plan_comment *c, int year, int month);

/* 1 when the comment has a committed action. Pure. */
int plan_comment_has_action(const plan_comment *c);

#endif
