/* network.h - peer comparison across the municipalities of one run: per
 * (indicator, year) the network's quartiles, each municipality's rank and
 * its gap to the median; per indicator the same over every municipality's
 * latest value, with status counts, for the network summary. Always
 * computed over the whole input (never a shard), so a municipality's
 * report is the same whichever process or machine writes it. */
#ifndef TABLERO_NETWORK_H
#define TABLERO_NETWORK_H

#include <stddef.h>

#include "analyze.h"
#include "common.h"
#include "plan.h"
#include "series.h"

/* Distribution of one set of values (an indicator in one year, or the
 * municipalities' latest values). Quantiles interpolate linearly between
 * order statistics (gsl_stats_quantile_from_sorted_data, R's type 7, the
 * default of pandas); all NAN when n == 0. */
typedef struct network_dist {
    size_t n;            /* municipalities with a value */
    double min, q1, median, q3, max;
    const double *sorted; /* the n values ascending; borrowed from the stats */
} network_dist;

/* Caller-owned; network_stats_fini. */
typedef struct network_stats {
    size_t nentities, nindicators;
    int year_min, year_max;  /* years with any value; nyears = 0 when none */
    size_t nyears;
    network_dist *year;      /* [i * nyears + (y - year_min)] */
    network_dist *latest;    /* [i]: each municipality's latest value */
    size_t *status_count;    /* [i * ANALYZE_NSTATUS + s] */
    double *values;          /* owned storage behind every dist's sorted */
    /* The ranking's one reference year, so that no municipality's index
     * mixes years with another's: [red] anio_referencia when set
     * (ref_auto 0), else the latest year in which more than half of the
     * municipalities have a value in some area (none: the year most of
     * them have; ref_auto 1). 0 when the run has no value at all. */
    int ref_year;
    int ref_auto;
    size_t ref_entities;     /* municipalities with a value in ref_year */
    double *ref_index;       /* [e]: weighted mean (the network plan's
                                weights) of e's values in ref_year over the
                                areas it has then; NAN: none that year */
    size_t *ref_areas;       /* [e]: areas with a value in ref_year */
} network_stats;

/* Builds the statistics from every series of t (the value of a year is
 * the series' last point in that year, so a monthly series counts with
 * its latest month) and the statuses in res. Returns 0 or TB_EX_OSERR
 * with err set; on failure s is still valid for network_stats_fini. */
int network_stats_build(network_stats *s, const plan *p, const series_table *t,
                        const analyze_result *res, tb_error *err);
void network_stats_fini(network_stats *s);

/* Borrowed distribution of indicator i in year y; NULL when y is outside
 * the years of the run. */
const network_dist *network_year(const network_stats *s, size_t i, int y);

/* Rank of v within d, 1 = best: 1 + the number of values strictly better
 * (higher when higher_is_better, else lower), so ties share a rank
 * ("1, 2, 2, 4"). 0 when v is not finite or d is empty. Pure. */
size_t network_rank(const network_dist *d, double v, int higher_is_better);

/* network_rank in the indicator's own sense: for "mantener", better is
 * closer to the band (analyze_gap), so 90 does not outrank 50 inside a
 * 45-55 band. Pure. */
size_t network_rank_ind(const network_dist *d, const plan_indicator *ind, double v);

/* The value of indicator i for entity e in year y (last point of that
 * year), NAN when there is none. Pure. */
double network_value_at(const series_table *t, size_t e, size_t i, int y);

/* One municipality in the network's ranking (the summary's first page
 * and ranking-red CSV). */
typedef struct network_rank_row {
    size_t entity;        /* index into the run's municipalities */
    size_t rank;          /* 1 = highest general index; ties share it
                             ("1, 2, 2, 4"); 0 = no index (no data in
                             the reference year) */
    double index;         /* general index in the reference year
                             (network_stats.ref_index), NAN */
    size_t ref_areas;     /* areas with a value in the reference year */
    size_t off_track;     /* indicators fuera de camino */
    size_t at_risk;       /* indicators en riesgo */
    size_t with_data, total;
    size_t fresh;         /* indicators with data that are not stale */
} network_rank_row;

/* The ranking of every municipality, in rows[0..res->nentities), ordered
 * for "who needs help": lowest general index (in ns's reference year)
 * first, then more indicators off track, then input order;
 * municipalities without an index last. rows is caller-provided. Pure. */
void network_ranking(const network_stats *ns, const analyze_result *res, network_rank_row *rows);

/* The reference year of values by year: year_of[k] = how many
 * municipalities (of ne) have a value in year y0 + k, k < ny. `fixed` (the
 * configured year, 0 = choose) wins; else the latest year held by more than
 * half of them, else the year held by most (the latest of a tie). 0 when
 * no year has any. Pure. */
int network_pick_ref_year(const size_t *year_of, size_t ny, int y0, size_t ne, int fixed);

/* Who improved and who fell: per municipality, the mean change over its
 * last year of data of the distance to each indicator's target, in the
 * indicator's good direction (points gained toward the target; for
 * "mantener", toward the band), over the indicators with two values. */
typedef struct network_mover {
    size_t entity;
    double change;     /* mean points gained (> 0 improved); NAN: none */
    size_t n;          /* indicators averaged */
} network_mover;

/* rows[0..res->nentities) ordered by change, largest gain first, those
 * without a change last (input order breaks ties). Pure. */
void network_movers(const plan *p, const analyze_result *res, network_mover *rows);

#endif
