/* label_place.c - greedy placement of chart value labels (see
 * label_place.h). Greedy in the caller's order is enough for the dozen
 * points a yearly series has, and keeps the result easy to predict. */
#include "label_place.h"

#include <math.h>

#define LP_NCANDIDATES 10
#define LP_LABEL_PAD 3.0f   /* points of air between two labels */

int lp_box_overlap(lp_box a, lp_box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* Liang-Barsky: clips the segment's parameter range [t0, t1] against one
 * edge (p·t <= q); returns 0 when nothing is left. */
static int clip(float p, float q, float *t0, float *t1)
{
    if (p == 0.0f) return q >= 0.0f;
    float r = q / p;
    if (p < 0.0f) {
        if (r > *t1) return 0;
        if (r > *t0) *t0 = r;
    } else {
        if (r < *t0) return 0;
        if (r < *t1) *t1 = r;
    }
    return 1;
}

/* 1 when both ends of the segment lie strictly beyond one edge of the
 * box, so it cannot touch it. Most candidate boxes lie wholly to one side
 * of a segment, and these comparisons settle them without the clip.
 * Exact, not a heuristic: for such a segment that edge's clip in
 * seg_clip_hits leaves t0 >= t1 (rounding is monotonic, so the ratio it
 * computes is at least 1 or below 0), and its answer is 0 anyway. NaN
 * compares false and goes on to the clip. Inline: box_free calls it for
 * every segment of every candidate. */
static inline int seg_beyond_edge(lp_seg s, lp_box b)
{
    return (s.x0 < b.x0 && s.x1 < b.x0) || (s.x0 > b.x1 && s.x1 > b.x1) ||
           (s.y0 < b.y0 && s.y1 < b.y0) || (s.y0 > b.y1 && s.y1 > b.y1);
}

/* Liang-Barsky over the four edges: 1 when a positive length of the
 * segment lies in the closed box, or the segment is a point in it. */
static int seg_clip_hits(lp_seg s, lp_box b)
{
    float dx = s.x1 - s.x0, dy = s.y1 - s.y0, t0 = 0.0f, t1 = 1.0f;
    if (!clip(-dx, s.x0 - b.x0, &t0, &t1) || !clip(dx, b.x1 - s.x0, &t0, &t1) ||
        !clip(-dy, s.y0 - b.y0, &t0, &t1) || !clip(dy, b.y1 - s.y0, &t0, &t1))
        return 0;
    return t0 < t1 || (dx == 0.0f && dy == 0.0f);
}

int lp_seg_hits_box(lp_seg s, lp_box b)
{
    return !seg_beyond_edge(s, b) && seg_clip_hits(s, b);
}

/* A segment's extent (least and greatest x and y), for seg_beyond_edge's
 * test in four comparisons instead of eight: "both ends beyond an edge"
 * is "the nearer end beyond it". A NaN end makes that axis's bounds NaN,
 * so its comparisons fail as seg_beyond_edge's do. */
typedef struct seg_ext {
    float x0, x1, y0, y1;
} seg_ext;

static seg_ext ext_of(lp_seg s)
{
    seg_ext e;
    if (s.x0 != s.x0 || s.x1 != s.x1) {
        e.x0 = e.x1 = NAN;
    } else {
        e.x0 = s.x0 < s.x1 ? s.x0 : s.x1;
        e.x1 = s.x0 < s.x1 ? s.x1 : s.x0;
    }
    if (s.y0 != s.y0 || s.y1 != s.y1) {
        e.y0 = e.y1 = NAN;
    } else {
        e.y0 = s.y0 < s.y1 ? s.y0 : s.y1;
        e.y1 = s.y0 < s.y1 ? s.y1 : s.y0;
    }
    return e;
}

static inline int ext_beyond_edge(seg_ext e, lp_box b)
{
    return e.x1 < b.x0 || e.x0 > b.x1 || e.y1 < b.y0 || e.y0 > b.y1;
}

/* Segments whose extents lp_place keeps on its stack; a scene with more
 * (none today: a chart has at most 49) takes the eight comparisons. */
#define LP_EXT_MAX 64

static int inside(lp_box in, lp_box frame)
{
    return in.x0 >= frame.x0 && in.x1 <= frame.x1 && in.y0 >= frame.y0 && in.y1 <= frame.y1;
}

/* near: the nnear segments (indices into the scene's) that may touch
 * b, with their extents in ext; or NULL for all of them. */
static int box_free(lp_box b, const lp_scene *sc, const seg_ext *ext, const unsigned char *near,
                    size_t nnear, const lp_label *placed, size_t nplaced)
{
    if (!inside(b, sc->frame)) return 0;
    if (near) {
        for (size_t j = 0; j < nnear; j++) {
            size_t k = near[j];
            if (!ext_beyond_edge(ext[k], b) && seg_clip_hits(sc->segs[k], b)) return 0;
        }
    } else {
        for (size_t k = 0; k < sc->nsegs; k++)
            if (!seg_beyond_edge(sc->segs[k], b) && seg_clip_hits(sc->segs[k], b)) return 0;
    }
    for (size_t k = 0; k < sc->nobstacles; k++)
        if (lp_box_overlap(sc->obstacles[k], b)) return 0;
    /* labels keep a little air between them, or a row of them reads as
     * one long number */
    lp_box padded = {b.x0 - LP_LABEL_PAD, b.y0 - LP_LABEL_PAD / 2.0f, b.x1 + LP_LABEL_PAD,
                     b.y1 + LP_LABEL_PAD / 2.0f};
    for (size_t k = 0; k < nplaced; k++)
        if (placed[k].placed && lp_box_overlap(placed[k].box, padded)) return 0;
    return 1;
}

/* Candidate k (0..9) for a label: above, below, above-right, below-right,
 * above-left, below-left, right, left; then above and below 2.5 times as
 * far (a steep line leaves room only further out; further sideways the
 * label would no longer read as its point's). */
static lp_box candidate(const lp_label *l, float g, int k)
{
    if (k >= 8) {
        g *= 2.5f;
        k -= 8;
    }
    float cx = l->px - l->w / 2.0f, up = l->py + g, down = l->py - g - l->h;
    float right = l->px + g, left = l->px - g - l->w, mid = l->py - l->h / 2.0f;
    float x, y;
    switch (k) {
    case 0: x = cx; y = up; break;
    case 1: x = cx; y = down; break;
    case 2: x = right; y = up; break;
    case 3: x = right; y = down; break;
    case 4: x = left; y = up; break;
    case 5: x = left; y = down; break;
    case 6: x = right + g; y = mid; break;
    default: x = left - g; y = mid; break;
    }
    lp_box b = {x, y, x + l->w, y + l->h};
    return b;
}

size_t lp_place(lp_label *labels, size_t n, const lp_scene *scene)
{
    size_t placed = 0;
    seg_ext ext[LP_EXT_MAX];
    unsigned char near[LP_EXT_MAX];
    int have_ext = scene->nsegs <= LP_EXT_MAX;
    for (size_t k = 0; have_ext && k < scene->nsegs; k++) ext[k] = ext_of(scene->segs[k]);
    for (size_t i = 0; i < n; i++) {
        lp_label *l = &labels[i];
        l->placed = 0;
        lp_box cand[LP_NCANDIDATES];
        for (int k = 0; k < LP_NCANDIDATES; k++) cand[k] = candidate(l, scene->gap, k);
        /* The segments that may touch any of the label's candidates: one
         * beyond an edge of the box around them all is beyond that edge
         * of each. Exact, not a heuristic (a NaN corner keeps them all):
         * the few near the point are all each candidate looks at. */
        lp_box u = cand[0];
        for (int k = 1; k < LP_NCANDIDATES; k++) {
            u.x0 = cand[k].x0 < u.x0 ? cand[k].x0 : u.x0;
            u.y0 = cand[k].y0 < u.y0 ? cand[k].y0 : u.y0;
            u.x1 = cand[k].x1 > u.x1 ? cand[k].x1 : u.x1;
            u.y1 = cand[k].y1 > u.y1 ? cand[k].y1 : u.y1;
        }
        int filter = have_ext && !isnan(u.x0) && !isnan(u.y0) && !isnan(u.x1) && !isnan(u.y1);
        for (int k = 0; filter && k < LP_NCANDIDATES; k++)
            filter = !isnan(cand[k].x0) && !isnan(cand[k].y0) && !isnan(cand[k].x1) &&
                     !isnan(cand[k].y1);
        size_t nnear = 0;
        for (size_t k = 0; filter && k < scene->nsegs; k++)
            if (!ext_beyond_edge(ext[k], u)) near[nnear++] = (unsigned char)k;
        for (int k = 0; k < LP_NCANDIDATES && !l->placed; k++) {
            lp_box b = cand[k];
            if (box_free(b, scene, ext, filter ? near : NULL, nnear, labels, i)) {
                l->box = b;
                l->placed = 1;
            }
        }
        placed += (size_t)l->placed;
    }
    return placed;
}
