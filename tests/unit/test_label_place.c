/* test_label_place.c - chart value labels: never crossed by a line, never
 * on top of each other, inside the plot, or dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seg_hits_box), cmocka_unit_test(test_overlap),
        cmocka_unit_test(test_avoids_line_above), cmocka_unit_test(test_between_two_lines),
        cmocka_unit_test(test_crowded_series), cmocka_unit_test(test_frame),
        cmocka_unit_test(test_labels_keep_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
