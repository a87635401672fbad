/* report_parts.h - the pieces every PDF of the family shares (internal to
 * the report module): the document being drawn, headings, paragraphs,
 * pills, tiles, the decision page (page 1), footers, document information, the chart of an
 * indicator, the rules annex, and the driver that owns libharu's error
 * branch. report.c (monthly report), report_strategic.c,
 * report_operational.c and report_citizen.c build on them, so that every
 * report looks like the same family. */
#ifndef TABLERO_REPORT_PARTS_H
#define TABLERO_REPORT_PARTS_H

#include <stddef.h>

#include "changes.h"
#include "comments.h"
#include "report.h"
#include "report_draw.h"

#define SMALL_BUF 128
#define LINE_BUF 1024
#define CHART_H 200.0f

/* Everything a section needs: the input, the drawing context and what the
 * kind of report sets for its cover, footer and document information. */
typedef struct report_doc {
    const report_input *ri;
    rd_ctx *c;                     /* set by report_render_doc */
    HPDF_Outline axes_outline;     /* parent of the per-axis bookmarks */
    const char *kicker;            /* cover line above the city's name */
    const char *title;             /* cover title, footer, PDF title */
    const char *subtitle;          /* optional cover line (a secretariat) */
    char subject[512];             /* PDF subject */
    size_t secretariat;            /* operational report's, else PLAN_NONE */
    int no_cover;                  /* 1: page 1 is content and has a footer */
    const char *name;              /* cover name instead of the entity's
                                      (the network summary); NULL: entity */
} report_doc;

typedef void (*report_build_fn)(report_doc *d);

/* Defaults of the monthly report (kicker, title), no secretariat. */
void report_doc_init(report_doc *d, const report_input *ri);

/* Creates the document, sets document information, calls build (which
 * adds the pages), adds footers and appends the saved PDF to out. Every
 * libharu failure lands here. Returns 0, TB_EX_OSERR or TB_EX_SOFTWARE. */
int report_render_doc(report_doc *d, report_build_fn build, tb_buf *out,
                      tb_error *err);

/* Colours of statuses (0xRRGGBB), indexed by analyze_status. */
extern const unsigned long report_status_hex[ANALYZE_NSTATUS];
rd_rgb report_status_color(analyze_status s);
/* The status as a marker: its colour and a shape of its own (circle, up
 * triangle, diamond, square, down triangle, ring), for charts. */
void report_status_marker(report_doc *d, float x, float y, float r, analyze_status s);

/* Borrowed from the input, for the report's entity. */
const analyze_metrics *report_metrics_of(const report_doc *d, size_t i);
const series *report_series_of(const report_doc *d, size_t i);
const char *report_entity_name(const report_doc *d);
const char *report_nz(const char *s);

HPDF_Outline report_bookmark(report_doc *d, HPDF_Outline parent,
                             const char *utf8, float y);
/* Where a bookmark to the cursor should point: the page's top on a fresh
 * page, else just above the cursor. */
float report_anchor_y(const report_doc *d);
/* Section title at the cursor (call rd_section_break first), with its
 * bookmark. */
HPDF_Outline report_h1(report_doc *d, HPDF_Outline parent, const char *kicker,
                       const char *title);
/* Sub-heading keeping `keep` points of what follows on its page. */
void report_h2(report_doc *d, const char *title, float keep);
void report_body(report_doc *d, const char *text);
void report_note(report_doc *d, const char *text);
/* Height report_note will use for text (to keep it with what precedes). */
float report_note_height(report_doc *d, const char *text);
void report_formula(report_doc *d, const char *text);
void report_bullet(report_doc *d, const char *marker, const char *text,
                   rd_font_id f, rd_rgb col);
float report_pill(report_doc *d, float x, float yc, float maxw,
                  analyze_status s, float size);
void report_tile(report_doc *d, float x, float y_top, float w, float h,
                 const char *number, const char *label, rd_rgb bg, int tinted);
/* The input files as a table; tail: points of what follows kept on the
 * last row's page (0: none). */
void report_sources(report_doc *d, float tail);

/* "Comparación con la red": peer table and chart, when ri->network has
 * more than one municipality; nothing otherwise (report_network.c). */
void report_peers(report_doc *d);

/* Shared annex and sections (report_views.c). */
/* The status rules in force, numbered as analyze.c applies them. */
void report_status_rules(report_doc *d);
/* Projection model, roll-up rule, scores with the weights in force. */
void report_model_rules(report_doc *d);
/* How the levels' indices are aggregated (reports that show them). */
void report_rollup_rule(report_doc *d);
void report_score_rules(report_doc *d);
/* "Calidad de los datos": missing years, stale indicators, excluded items,
 * for the indicators of secretariat sec (PLAN_NONE: all). */
void report_quality(report_doc *d, size_t sec);
/* "Novedades" against the previous period, for secretariat sec (PLAN_NONE:
 * all). */
void report_news(report_doc *d, size_t sec);
/* Label of a status with its colour: a small square and the text. */
/* 1 when p is the network's common plan seen by a municipality without
 * one of its own (identity.h): no vision, values, policies, objectives or
 * secretariats. Pure. */
int report_plan_is_common(const plan *p);
/* An edge around a status shape (x, y, w, h, corner r) whose colour would
 * not show on white ("a confirmar"); nothing for the other statuses. */
void report_status_edge(report_doc *d, analyze_status s, float x, float y, float w, float h, float r);
float report_status_chip(report_doc *d, float x, float y, analyze_status s,
                         float size);


/* A chart of one row per indicator on the 0-100 scale (the peer chart,
 * the network strip chart): indicator names on the left with zebra rows,
 * a light grid every 20 points with its scale under the rows, as many
 * rows per page as fit, each page's rows one Figure whose /Alt alt(d, k,
 * end) returns. row draws the data of indicator i centred on yc between
 * x0 and x1. */
typedef const char *(*report_row_alt_fn)(report_doc *d, size_t k, size_t end);
typedef void (*report_row_fn)(report_doc *d, size_t i, float x0, float x1, float yc);
void report_row_chart(report_doc *d, report_row_alt_fn alt, report_row_fn row);
/* x of value v (clamped to 0..100) between x0 and x1. Pure. */
float report_row_x(float x0, float x1, double v);
/* A distribution on one row: the central half (Q1-Q3) as a light box and
 * the median as a navy tick. */
struct network_dist;
void report_row_box(report_doc *d, float x0, float x1, float yc, const struct network_dist *nd);

/* A plain table: navy header repeated after page breaks, zebra rows,
 * wrapped cells, optionally a status pill in column pill_col (-1: none). */
typedef struct rv_col {
    const char *head;
    float w;
    rd_align align;
} rv_col;
void rv_table_header(report_doc *d, const rv_col *cols, int ncols);
void rv_table_row(report_doc *d, const rv_col *cols, int ncols,
                  const char *const *cells, int zebra, int bold, int pill_col,
                  analyze_status pill);
void rv_table_end(report_doc *d);

/* The point of indicator i's series (for the doc's entity) just before
 * (year, month); NULL when that is its first point or is not in it.
 * Borrowed from the input. */
const series_point *rv_point_before(const report_doc *d, size_t i, int year, int month);
/* 1 when indicator i belongs to the doc's secretariat (or there is none). */
int rv_in_scope(const report_doc *d, size_t i);
/* "0,4", "30", "0,25": a weight or threshold without trailing zeros. */
const char *rv_fmt_weight(char *buf, size_t n, double v);
/* The gap of m as every report prints it: signed points toward the target
 * ("-6,5 pp" when the target is exceeded by 6,5), "–" without data. One
 * function so that one figure reads the same in every report. */
const char *rv_fmt_gap(char *buf, size_t n, const analyze_metrics *m);
/* A period in words for readers: "2023" or "mayo de 2023" (never
 * "2023-05"). */
const char *rv_fmt_period(char *buf, size_t n, int year, int month);
/* The same from a period key "2026-10" (the key itself if malformed). */
const char *rv_fmt_period_key(char *buf, size_t n, const char *key);

/* Page 1 of the management, strategic and operational reports: a compact
 * title block, then what changed (since the previous period, else the
 * latest value against the year before), what needs a decision now
 * (fresh problems first, each with its reason and a place for its owner
 * and committed action), and how fresh the data and where the targets
 * come from. Scoped to d->secretariat. changes_where and decide_where
 * name the sections holding the rest of each list (report_decision.c). */
void report_decision_page(report_doc *d, const char *changes_where, const char *decide_where);
/* Line k of the same "Qué cambió" list in plain words for residents
 * ("bajó 4 puntos (de 53 en 2023 a 49 en 2024)") into buf, with *worse
 * set when it moved away from the target (worse may be NULL). Returns how
 * many lines the list has; buf is untouched when k is past them. */
size_t report_changed_line(const report_doc *d, size_t k, char *buf, size_t n, int *worse);


/* The secretariats' comments and the board's suggestions
 * (report_comments.c). Texts are written into buf[0..n). */
struct plan_comment;
/* The comment for indicator i's latest data (borrowed), or NULL. */
const struct plan_comment *report_comment_of(const report_doc *d, size_t i);
/* "30/09/2026" into buf; returns buf. */
const char *report_fmt_date(char *buf, size_t n, int y, int m, int day);
/* "Sugerencia del tablero: …" for i's situation (no data, stale, band
 * broken, falling, met, near, few years, far), naming years and sizes. */
void report_suggestion(const report_doc *d, size_t i, char *buf, size_t n);
/* The committed action with owner and due date ("Vencida el …" past it),
 * or the suggestion when the secretariat committed none. */
void report_action_text(const report_doc *d, size_t i, char *buf, size_t n);
/* "Análisis de la secretaría (2024): …"; returns 0 (buf "") when none. */
int report_analysis_text(const report_doc *d, size_t i, char *buf, size_t n);
/* "Lo que dicen las secretarías": analysis and action of each of the
 * nidx indicators idx that has a comment; nothing when none has. */
void report_comments_list(report_doc *d, const size_t *idx, size_t nidx);
/* In-scope indicators that are red or falling without an analysis, into
 * out (capacity cap); returns how many. */
size_t report_missing_analyses(const report_doc *d, size_t *out, size_t cap);

#endif
