/* test_label_place.c - chart value labels: never crossed by a line, never
 * on top of each other, inside the plot, or dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "label_place.h"

static lp_label lab(float px, float py)
{
    lp_label l = {px, py, 14.0f, 6.0f, 0, {0, 0, 0, 0}};
    return l;
}

static void test_seg_hits_box(void **state)
{
    (void)state;
    lp_box b = {0, 0, 10, 10};
    assert_true(lp_seg_hits_box((lp_seg){-5, 5, 15, 5}, b));     /* through */
    assert_true(lp_seg_hits_box((lp_seg){2, 2, 3, 3}, b));       /* inside */
    assert_false(lp_seg_hits_box((lp_seg){-5, 12, 15, 12}, b));  /* above */
    assert_false(lp_seg_hits_box((lp_seg){11, -5, 30, 20}, b));  /* beside */
    assert_true(lp_seg_hits_box((lp_seg){-5, -5, 15, 15}, b));   /* diagonal */
    assert_false(lp_seg_hits_box((lp_seg){-6, 8, 1, 15}, b));
}

/* Boundary cases, one per side, of the coordinate reject in front of the
 * clip: a segment that only touches an edge from outside misses, one
 * lying along an edge or ending on it from inside hits, and a point is
 * inside the closed box. */
static void test_seg_edges(void **state)
{
    (void)state;
    lp_box b = {0, 0, 10, 10};
    assert_false(lp_seg_hits_box((lp_seg){-5, 5, -0.5f, 5}, b));  /* short of left */
    assert_false(lp_seg_hits_box((lp_seg){10.5f, 2, 20, 8}, b));   /* short of right */
    assert_false(lp_seg_hits_box((lp_seg){2, -8, 8, -0.01f}, b));  /* short of bottom */
    assert_false(lp_seg_hits_box((lp_seg){8, 12, 2, 10.01f}, b));  /* short of top */
    assert_false(lp_seg_hits_box((lp_seg){-5, -5, 0, 0}, b));      /* ends on a corner */
    assert_true(lp_seg_hits_box((lp_seg){0, -5, 0, 15}, b));       /* along the left edge */
    assert_true(lp_seg_hits_box((lp_seg){10, 15, 10, -5}, b));     /* along the right edge */
    assert_true(lp_seg_hits_box((lp_seg){-5, 10, 15, 10}, b));     /* along the top edge */
    assert_true(lp_seg_hits_box((lp_seg){-5, 5, 0.5f, 5}, b));     /* just into it */
    assert_true(lp_seg_hits_box((lp_seg){10, 10, 10, 10}, b));     /* a point on a corner */
    assert_false(lp_seg_hits_box((lp_seg){11, 10, 11, 10}, b));    /* a point beside */
    /* both ends beyond different edges still crosses */
    assert_true(lp_seg_hits_box((lp_seg){-1, 5, 5, 11}, b));
    assert_false(lp_seg_hits_box((lp_seg){-1, 9, 3, 13}, b));      /* cuts the corner's outside */
}

/* The reject must not change an answer: compare with a plain
 * Liang-Barsky test (the clip alone) over a grid of segments whose ends
 * fall before, on and beyond every edge of the box. */
static int ref_clip(float p, float q, float *t0, float *t1)
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

static int ref_hits(lp_seg s, lp_box b)
{
    float dx = s.x1 - s.x0, dy = s.y1 - s.y0, t0 = 0.0f, t1 = 1.0f;
    if (!ref_clip(-dx, s.x0 - b.x0, &t0, &t1) || !ref_clip(dx, b.x1 - s.x0, &t0, &t1) ||
        !ref_clip(-dy, s.y0 - b.y0, &t0, &t1) || !ref_clip(dy, b.y1 - s.y0, &t0, &t1))
        return 0;
    return t0 < t1 || (dx == 0.0f && dy == 0.0f);
}

static void test_seg_matches_clip(void **state)
{
    (void)state;
    static const float v[] = {-3.0f, -0.1f, 0.0f, 0.1f, 2.5f, 9.9f, 10.0f, 10.1f, 13.0f};
    const size_t nv = sizeof v / sizeof v[0];
    lp_box b = {0.1f, 0.0f, 9.9f, 10.0f};
    size_t hits = 0, misses = 0;
    for (size_t a = 0; a < nv; a++)
        for (size_t c = 0; c < nv; c++)
            for (size_t d = 0; d < nv; d++)
                for (size_t e = 0; e < nv; e++) {
                    lp_seg s = {v[a], v[c], v[d], v[e]};
                    int want = ref_hits(s, b);
                    assert_int_equal(lp_seg_hits_box(s, b), want);
                    if (want) hits++;
                    else misses++;
                }
    /* the grid exercises both answers in quantity */
    assert_true(hits > 1000);
    assert_true(misses > 1000);
}

static void test_overlap(void **state)
{
    (void)state;
    lp_box a = {0, 0, 10, 10}, b = {5, 5, 15, 15}, c = {10, 0, 20, 10};
    assert_true(lp_box_overlap(a, b));
    assert_false(lp_box_overlap(a, c));   /* touching edges */
}

/* A label is moved below its point when a line runs just above it. */
static void test_avoids_line_above(void **state)
{
    (void)state;
    lp_seg line = {0, 53, 200, 53};
    lp_scene sc = {{0, 0, 200, 100}, &line, 1, NULL, 0, 3.0f};
    lp_label l = lab(100, 50);
    assert_int_equal(lp_place(&l, 1, &sc), 1);
    assert_true(l.placed);
    assert_true(l.box.y1 <= 50.0f);
    assert_false(lp_seg_hits_box(line, l.box));
}

/* Target line above and trend line below the point: the label goes
 * beside, or is dropped, never across either line. */
static void test_between_two_lines(void **state)
{
    (void)state;
    lp_seg segs[2] = {{0, 54, 200, 54}, {0, 46, 200, 46}};
    lp_scene sc = {{0, 0, 200, 100}, segs, 2, NULL, 0, 3.0f};
    lp_label l = lab(100, 50);
    lp_place(&l, 1, &sc);
    if (l.placed) {
        assert_false(lp_seg_hits_box(segs[0], l.box));
        assert_false(lp_seg_hits_box(segs[1], l.box));
    }
}

/* Ten close points on a flat series: no two placed labels overlap, each
 * stays inside the frame, and some are dropped rather than piled up. */
static void test_crowded_series(void **state)
{
    (void)state;
    lp_label ls[10];
    lp_box markers[10];
    for (int k = 0; k < 10; k++) {
        ls[k] = lab(60.0f + 4.0f * (float)k, 50.0f);
        markers[k] = (lp_box){ls[k].px - 2, 48, ls[k].px + 2, 52};
    }
    lp_scene sc = {{0, 0, 200, 100}, NULL, 0, markers, 10, 3.0f};
    size_t placed = lp_place(ls, 10, &sc);
    assert_true(placed >= 2);
    assert_true(placed < 10);
    for (int a = 0; a < 10; a++) {
        if (!ls[a].placed) continue;
        assert_true(ls[a].box.x0 >= 0 && ls[a].box.x1 <= 200);
        for (int m = 0; m < 10; m++) assert_false(lp_box_overlap(ls[a].box, markers[m]));
        for (int b = a + 1; b < 10; b++)
            if (ls[b].placed) assert_false(lp_box_overlap(ls[a].box, ls[b].box));
    }
    assert_true(ls[0].placed);   /* the caller's first label wins */
}

/* Two labels side by side keep air between them: the second, which would
 * touch the first above, goes elsewhere. */
static void test_labels_keep_apart(void **state)
{
    (void)state;
    lp_scene sc = {{0, 0, 200, 100}, NULL, 0, NULL, 0, 3.0f};
    lp_label ls[2] = {lab(100, 50), lab(115, 50)};   /* boxes 14 wide, 15 apart */
    assert_int_equal(lp_place(ls, 2, &sc), 2);
    assert_true(ls[0].box.y0 > 50.0f);                /* the first: above */
    int same_row = ls[1].box.y0 < ls[0].box.y1 && ls[0].box.y0 < ls[1].box.y1;
    assert_false(same_row && ls[1].box.x0 - ls[0].box.x1 < 3.0f);
}

/* A point at the top edge gets its label below, inside the frame. */
static void test_frame(void **state)
{
    (void)state;
    lp_scene sc = {{0, 0, 200, 100}, NULL, 0, NULL, 0, 3.0f};
    lp_label l = lab(100, 98);
    assert_int_equal(lp_place(&l, 1, &sc), 1);
    assert_true(l.box.y1 <= 100.0f);
    assert_true(l.box.y1 <= 98.0f);
}

/* lp_place as it was, segment by segment through lp_seg_hits_box: the
 * oracle of the placement on precomputed segment extents. */
static lp_box old_candidate(const lp_label *l, float g, int k)
{
    if (k >= 8) {
        g *= 2.5f;
        k -= 8;
    }
    float cx = l->px - l->w / 2.0f, up = l->py + g, down = l->py - g - l->h;
    float right = l->px + g, left = l->px - g - l->w, mid = l->py - l->h / 2.0f;
    static const int col[8] = {0, 0, 1, 1, 2, 2, 3, 4}, row[8] = {0, 1, 0, 1, 0, 1, 2, 2};
    float xs[5] = {cx, right, left, right + g, left - g}, ys[3] = {up, down, mid};
    float x = xs[col[k]], y = ys[row[k]];
    lp_box b = {x, y, x + l->w, y + l->h};
    return b;
}

static int old_free(lp_box b, const lp_scene *sc, const lp_label *placed, size_t nplaced)
{
    if (!(b.x0 >= sc->frame.x0 && b.x1 <= sc->frame.x1 && b.y0 >= sc->frame.y0 &&
          b.y1 <= sc->frame.y1))
        return 0;
    for (size_t k = 0; k < sc->nsegs; k++)
        if (lp_seg_hits_box(sc->segs[k], b)) return 0;
    for (size_t k = 0; k < sc->nobstacles; k++)
        if (lp_box_overlap(sc->obstacles[k], b)) return 0;
    lp_box padded = {b.x0 - 3.0f, b.y0 - 1.5f, b.x1 + 3.0f, b.y1 + 1.5f};
    for (size_t k = 0; k < nplaced; k++)
        if (placed[k].placed && lp_box_overlap(placed[k].box, padded)) return 0;
    return 1;
}

static void old_place(lp_label *labels, size_t n, const lp_scene *sc)
{
    for (size_t i = 0; i < n; i++) {
        lp_label *l = &labels[i];
        l->placed = 0;
        for (int k = 0; k < 10 && !l->placed; k++) {
            lp_box b = old_candidate(l, sc->gap, k);
            if (old_free(b, sc, labels, i)) {
                l->box = b;
                l->placed = 1;
            }
        }
    }
}

static uint64_t next_rand(uint64_t *x)
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ULL;
}

/* A coordinate in the plot, now and then exactly on a grid (ends on box
 * edges), signed zero, infinite or NaN. */
static float coord(uint64_t *x, float span)
{
    uint64_t r = next_rand(x);
    switch (r % 64) {
    case 0: return NAN;
    case 1: return INFINITY;
    case 2: return -INFINITY;
    case 3: return -0.0f;
    default: break;
    }
    if (r % 4 == 0) return (float)((r >> 8) % 41) * span / 40.0f;
    return span * (float)(r >> 40) / 16777216.0f;
}

/* Random charts (curves, flat lines, verticals, points, degenerate and
 * non-finite segments; markers; crowded labels), with up to 70 segments,
 * past the 64 whose extents lp_place keeps: the same labels placed in
 * the same boxes, bit for bit, as the placement segment by segment. */
static void test_place_matches_old(void **state)
{
    (void)state;
    uint64_t x = 0x0DDC0FFEE0DDF00DULL;
    for (int iter = 0; iter < 20000; iter++) {
        lp_seg segs[70];
        lp_box obs[12];
        lp_label a[12], b[12];
        size_t ns = (size_t)(next_rand(&x) % 71), no = (size_t)(next_rand(&x) % 13);
        size_t nl = 1 + (size_t)(next_rand(&x) % 12);
        for (size_t k = 0; k < ns; k++) {
            segs[k] = (lp_seg){coord(&x, 200), coord(&x, 100), coord(&x, 200), coord(&x, 100)};
            if (next_rand(&x) % 4 == 0) segs[k].y1 = segs[k].y0;   /* flat */
            if (next_rand(&x) % 8 == 0) segs[k].x1 = segs[k].x0;   /* vertical */
        }
        for (size_t k = 0; k < no; k++) {
            float ox = coord(&x, 200), oy = coord(&x, 100);
            obs[k] = (lp_box){ox, oy, ox + 6.0f, oy + 6.0f};
        }
        for (size_t k = 0; k < nl; k++) {
            a[k] = (lp_label){coord(&x, 200), coord(&x, 100),
                              4.0f + (float)(next_rand(&x) % 30), 6.0f, 7, {1, 2, 3, 4}};
        }
        memcpy(b, a, sizeof a);
        lp_scene sc = {{0, 0, 200, 100}, segs, ns, obs, no, 2.5f};
        lp_place(a, nl, &sc);
        old_place(b, nl, &sc);
        for (size_t k = 0; k < nl; k++) {
            assert_int_equal(a[k].placed, b[k].placed);
            if (a[k].placed) assert_memory_equal(&a[k].box, &b[k].box, sizeof a[k].box);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seg_hits_box), cmocka_unit_test(test_seg_edges),
        cmocka_unit_test(test_seg_matches_clip), cmocka_unit_test(test_overlap),
        cmocka_unit_test(test_avoids_line_above), cmocka_unit_test(test_between_two_lines),
        cmocka_unit_test(test_crowded_series), cmocka_unit_test(test_frame),
        cmocka_unit_test(test_labels_keep_apart), cmocka_unit_test(test_place_matches_old),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
