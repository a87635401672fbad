/* label_place.h - where the value labels of a chart go: a small pure
 * placement that tries a few candidate boxes around each point (above,
 * below, then beside) and keeps the first one that stays inside the plot,
 * crosses no line segment (trend, projection, target) and overlaps no
 * marker or label already placed; a label with no free candidate is
 * dropped rather than drawn over something. No drawing, no allocation:
 * the caller owns every array. */
#ifndef TABLERO_LABEL_PLACE_H
#define TABLERO_LABEL_PLACE_H

#include <stddef.h>

typedef struct lp_box {
    float x0, y0, x1, y1;   /* x0 <= x1, y0 <= y1 */
} lp_box;

typedef struct lp_seg {
    float x0, y0, x1, y1;
} lp_seg;

/* One label: the point it names and the size of its text (in); where its
 * box went, or placed = 0 when it was dropped (out). */
typedef struct lp_label {
    float px, py;       /* the point */
    float w, h;         /* text box size */
    int placed;
    lp_box box;         /* text box when placed */
} lp_label;

/* The scene the labels must avoid. Segments and obstacles are borrowed. */
typedef struct lp_scene {
    lp_box frame;               /* labels stay inside */
    const lp_seg *segs;
    size_t nsegs;
    const lp_box *obstacles;    /* markers, fixed text */
    size_t nobstacles;
    float gap;                  /* distance between a point and its label */
} lp_scene;

/* 1 when the boxes overlap (touching edges do not count). Pure. */
int lp_box_overlap(lp_box a, lp_box b);

/* 1 when the segment passes through the inside of the box. Pure. */
int lp_seg_hits_box(lp_seg s, lp_box b);

/* Places labels[0..n) in that order (put the most important first: later
 * labels give way to earlier ones). Returns how many were placed. Pure. */
size_t lp_place(lp_label *labels, size_t n, const lp_scene *scene);

#endif
