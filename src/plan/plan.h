/* plan.h - the strategic plan and the indicator map, loaded from plain-text
 * config: one INI file (settings, mission, vision, file names) and CSV lists
 * (values, objectives, dimensions, axes, policies, secretariats, indicators)
 * that an analyst edits in a spreadsheet. Every count the report shows comes
 * from here. */
#ifndef TABLERO_PLAN_H
#define TABLERO_PLAN_H

#include <stddef.h>

#include "common.h"

#define PLAN_NONE ((size_t)-1)   /* "not mapped" for optional links */

typedef struct plan_value {
    char *name;
    char *description;
} plan_value;

typedef struct plan_subobjective {
    char *id;      /* "1.2" */
    char *text;
} plan_subobjective;

typedef struct plan_objective {
    char *id;      /* "1" */
    char *name;    /* "Gobernanza y Transparencia" */
    plan_subobjective *subs;
    size_t nsubs;
} plan_objective;

typedef struct plan_dimension {
    char *id;
    char *name;
} plan_dimension;

typedef struct plan_axis {
    char *id;      /* "GOB" */
    char *name;    /* "Gobernanza" */
    char *description;
} plan_axis;

typedef struct plan_policy {
    char *id;      /* "GOB-05" */
    char *name;
    size_t axis;   /* index into plan.axes */
} plan_policy;

typedef struct plan_secretariat {
    char *id;
    char *name;
    char **programs;
    size_t nprograms;
} plan_secretariat;

typedef struct plan_indicator {
    char *name;            /* canonical name shown in every report */
    char **aliases;        /* other spellings accepted in the data */
    size_t naliases;
    char **keys;           /* text_fold() of name and aliases, 1 + naliases */
    size_t axis;           /* index into axes (required) */
    size_t policy;         /* index into policies, or PLAN_NONE */
    size_t objective;      /* index into objectives, or PLAN_NONE */
    size_t subobjective;   /* index into objectives[objective].subs, or PLAN_NONE */
    size_t dimension;      /* index into dimensions, or PLAN_NONE */
    size_t secretariat;    /* index into secretariats, or PLAN_NONE */
    double target;         /* target value, same unit as the data (%) */
    int target_year;
    int target_is_default; /* 1 when target/target_year came from defaults */
    int higher_is_better;  /* 1: higher is better; 0: lower is better
                              (1 for "mantener", so colours read upwards) */
    int maintain;          /* 1: "mantener": the value must stay within
                              [band_min, band_max] (sentido = mantener) */
    double band_min, band_max; /* maintain band; NAN unless maintain */
    double weight;         /* > 0 */
    long src_line;         /* line in the indicators file, for messages */
} plan_indicator;

/* Degrees of freedom whose t quantile plan_rules keeps (yearly series of
 * a plan's term and well beyond). */
#define PLAN_T_DOF 64

/* Rules behind statuses and summaries; defaults documented in plan.c and
 * printed in the report's methodology annex. */
typedef struct plan_rules {
    int min_points_interval;     /* points needed for a prediction interval (3) */
    double max_interval_width;   /* wider intervals never count as "en camino" (pp) */
    int stale_years;             /* last value older than this many years = stale */
    int reach_horizon_years;     /* look this far ahead for the reach year */
    double confidence;           /* prediction interval level (0.95) */
    double value_min, value_max; /* valid range of a value (0, 100) */
    int year_min, year_max;      /* sane range of years */
    double target_tolerance;     /* a value within this many pp of the target
                                    (or band) counts as meeting it (0) */
    double maintain_band;        /* default half-width of a "mantener" band
                                    around its target when the indicator
                                    gives no banda_min/banda_max (5 pp) */
    int projection_logit;        /* 0: linear projection; 1: OLS on the
                                    logit of the value ([proyeccion] modelo) */
    int progress_sdg;            /* 0: pace from P(target met) under the
                                    predictive distribution; 1: the Open
                                    SDG / Statistics Canada ratio of observed
                                    to required compound annual growth
                                    ([proyeccion] metodo) */
    int min_years_trend;         /* distinct years a pace verdict needs (4) */
    int window_years;            /* the projection fits the last this many
                                    distinct years; 0 = all ([proyeccion]
                                    ventana_anios) */
    double p_on_track;           /* P(target met) >= this: en camino (0.8) */
    double p_off_track;          /* P(target met) <= this: fuera de camino (0.2) */
    double min_sd;               /* floor of the predictive standard
                                    deviation, in value units (1 pp) */
    int calib_min_checks;        /* backtest checks needed before intervals
                                    are widened to past coverage (300) */
    /* Student t quantiles at `confidence` (two-sided) for 1..PLAN_T_DOF
     * degrees of freedom, tabulated when the configuration is loaded:
     * a backtest asks for them ~10^5 times per 100 municipalities and
     * GSL's inverse costs more than the rest of a prediction. Valid only
     * while t_conf == confidence (a hand-built or changed rule set falls
     * back to computing them). */
    double t_conf;
    double t_quant[PLAN_T_DOF + 1];
} plan_rules;

/* Tabulates r->t_quant for r->confidence (sets t_conf). Pure but for *r. */
void plan_rules_tabulate_t(plan_rules *r);

/* Status order used by plan_scores.status (same as analyze_status):
 * cumplido, en camino, proyección incierta, en riesgo, fuera de camino,
 * sin datos suficientes, a confirmar, cumplido en descenso. */
#define PLAN_NSTATUS 8

/* Weights and thresholds of the importance and urgency scores ([importancia]
 * and [urgencia]); defaults in plan.c, printed in the annex. Each term is
 * clamped to 0..1; a score is the weighted mean of its terms. */
typedef struct plan_scores {
    double w_weight, w_gap;      /* importance: plan weight, gap to target */
    double gap_ref;              /* gap (pp) that counts as 1 (30) */
    double unknown_gap;          /* gap term when there is no value (0.5) */
    double importance_threshold; /* important when >= (0.5) */
    double w_status, w_decline, w_deadline, w_age; /* urgency terms */
    double status[PLAN_NSTATUS]; /* status term per status */
    double decline_ref;          /* decline (pp/year) that counts as 1 (10) */
    double deadline_horizon;     /* years: term = 1 - years_left/horizon (10) */
    double age_ref;              /* years since the last value at which the
                                    freshness term reaches 0 (4) */
    double urgency_threshold;    /* urgent when >= (0.5) */
} plan_scores;

/* A config file that was read, for the annex and audit trail. */
/* A row of the network's municipalities table ([red] municipios). */
typedef struct plan_municipality {
    char *id;
    char *name;
    char *province;   /* "" when the table leaves it empty */
    char *key;        /* text_fold(name) */
    struct plan *own; /* its own plan (the table's `plan` folder, own.h),
                         owned; NULL: measured against the network's */
    char *own_dir;    /* that folder as resolved, or NULL */
} plan_municipality;

typedef struct plan_file {
    char *path;
    size_t rows;   /* data rows, header excluded */
} plan_file;

typedef struct plan {
    char *config_path;     /* the INI file as given */
    char *config_dir;      /* its folder; relative paths resolve from here */
    char *city;
    char *province;
    char *country;
    char *title;
    char *author;
    char *mission;
    char *vision;
    char *term_label;      /* e.g. "Gestión 2023-2027" */

    plan_value *values;            size_t nvalues;
    plan_objective *objectives;    size_t nobjectives;
    plan_dimension *dimensions;    size_t ndimensions;
    plan_axis *axes;               size_t naxes;
    plan_policy *policies;         size_t npolicies;
    plan_secretariat *secretariats; size_t nsecretariats;
    plan_indicator *indicators;    size_t nindicators;
    plan_municipality *municipalities; size_t nmunicipalities; /* 0: no table */
    char *municipalities_path;     /* that table's file, or NULL */
    char *indicators_path;         /* the indicators file, for messages */
    char *plan_note;               /* which plan a network municipality is
                                      measured against, for its reports;
                                      NULL: the plan's own city */
    int network_ref_year;          /* [red] anio_referencia: the ranking's
                                      year; 0 = the network summary picks
                                      it (network.h) */
    struct plan_comment *comments; /* the secretariats' words ([plan]
                                      comentarios, comments.h), sorted by
                                      (indicator, year, month); NULL, 0:
                                      no file */
    size_t ncomments;
    char *comments_path;           /* that file, or NULL */

    char **inputs;         /* resolved input paths (files or folders) */
    size_t ninputs;
    char *output_dir;      /* resolved output folder */
    char *encoding;        /* "auto", "utf-8" or "windows-1252" */
    char *sheets;          /* [entradas] hojas: the sheets of a workbook to read,
                              separated by ";"; NULL: every one that shows a table */
    char delimiter;        /* 0 = detect */
    size_t max_input_bytes;

    double default_target;
    int default_target_year;
    plan_rules rules;
    plan_scores scores;

    plan_file *files;      /* every config file read, INI first */
    size_t nfiles;

    struct plan_lookup *lookup; /* owned, private to plan.c: folded names
                                   of the lists, hashed, so that resolving
                                   references costs O(1) each */
} plan;

/* Loads the plan from the INI file at ini_path. p is caller-owned and
 * must be released with plan_fini() whether or not loading succeeded.
 * Returns 0, TB_EX_CONFIG with err naming file:line for bad config,
 * a missing or unreadable config file is also TB_EX_CONFIG (78);
 * TB_EX_OSERR when memory runs out. */
int plan_load(plan *p, const char *ini_path, tb_error *err);

/* plan_load for a municipality's own plan (own.h): the same files, but a
 * [red] municipalities table in it is a configuration error (a plan
 * folder cannot name further plan folders). */
int plan_load_own(plan *p, const char *ini_path, tb_error *err);
void plan_fini(plan *p);

/* Sets *out to the index of the indicator whose name or alias folds to the
 * same key as area, or PLAN_NONE when none does (or area is not UTF-8).
 * Returns 0, or TB_EX_OSERR when memory ran out (folding allocates): then
 * *out is PLAN_NONE but means nothing, and must not be reported as an
 * unknown area. */
int plan_find_indicator_ex(const plan *p, const char *area, size_t *out);

/* Older form of plan_find_indicator_ex: PLAN_NONE also when memory ran
 * out, which callers cannot tell from "unknown". Prefer the _ex form. */
size_t plan_find_indicator(const plan *p, const char *area);

/* Sets *out to the closest canonical name or alias to area by edit
 * distance on folded keys, when it is close enough to be a plausible typo,
 * NULL otherwise (borrowed: valid until plan_fini()). Returns 0, or
 * TB_EX_OSERR when memory ran out. */
int plan_suggest_indicator_ex(const plan *p, const char *area, const char **out);

/* Older form of plan_suggest_indicator_ex: NULL also when memory ran out. */
const char *plan_suggest_indicator(const plan *p, const char *area);

/* Sum over objectives of their sub-objectives. */
/* The municipality of the table named `name` (folded comparison), or
 * NULL (also when there is no table). Returns 0 or TB_EX_OSERR. */
int plan_find_municipality(const plan *p, const char *name, const plan_municipality **out);

/* The table's closest name to `name` for "¿quiso decir…?", or NULL when
 * none is close. Returns 0 or TB_EX_OSERR. */
int plan_suggest_municipality(const plan *p, const char *name, const char **out);

size_t plan_count_subobjectives(const plan *p);
/* Fills s with the documented defaults of the importance and urgency
 * scores (the values used when tablero.ini does not set them). Pure. */
void plan_scores_defaults(plan_scores *s);

/* Sum over secretariats of their programs. */
size_t plan_count_programs(const plan *p);

#endif
