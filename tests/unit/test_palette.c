/* test_palette.c - the report's colours, checked from the tables in the code:
 * status colours distinct for protanopia, deuteranopia, tritanopia (Machado,
 * Oliveira and Fernandes 2009, severity 1) and in greyscale, and every text
 * colour the report draws at a contrast of at least 4.5:1 (WCAG 2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>

#include "report_draw.h"
#include "report_parts.h"

/* Smallest colour difference (CIE76 ΔE) between two statuses under each
 * vision, and smallest lightness difference (ΔL*) in greyscale. */
#define MIN_DE 15.0
#define MIN_DL_GREY 8.0
#define MIN_TEXT_CONTRAST 4.5

typedef struct lab {
    double l, a, b;
} lab;

static double lin(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double clamp01(double v)
{
    return v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
}

/* Linear-light RGB seen under a colour-vision deficiency (0: normal,
 * 1: protan, 2: deutan, 3: tritan, 4: greyscale). */
static void simulate(unsigned long hex, int kind, double out[3])
{
    static const double m[3][3][3] = {
        {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216},
         {-0.003882, -0.048116, 1.051998}},
        {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413},
         {-0.011820, 0.042940, 0.968881}},
        {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602},
         {0.004733, 0.691367, 0.303900}}};
    rd_rgb c = rd_hex(hex);
    double v[3] = {lin(c.r), lin(c.g), lin(c.b)};
    if (kind == 0) {
        for (int i = 0; i < 3; i++) out[i] = v[i];
    } else if (kind == 4) {
        double y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
        out[0] = out[1] = out[2] = y;
    } else {
        for (int i = 0; i < 3; i++)
            out[i] = clamp01(m[kind - 1][i][0] * v[0] + m[kind - 1][i][1] * v[1] +
                             m[kind - 1][i][2] * v[2]);
    }
}

static double f_lab(double t)
{
    return t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116.0;
}

static lab to_lab(const double v[3])
{
    double x = 0.4124 * v[0] + 0.3576 * v[1] + 0.1805 * v[2];
    double y = 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
    double z = 0.0193 * v[0] + 0.1192 * v[1] + 0.9505 * v[2];
    double fx = f_lab(x / 0.95047), fy = f_lab(y), fz = f_lab(z / 1.08883);
    lab r = {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
    return r;
}

static double delta_e(lab p, lab q)
{
    return sqrt((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) +
                (p.b - q.b) * (p.b - q.b));
}

static void test_statuses_distinct_for_every_vision(void **state)
{
    (void)state;
    static const char *const vision[5] = {"normal", "protanopia", "deuteranopia",
                                          "tritanopia", "escala de grises"};
    for (int k = 0; k < 5; k++) {
        for (int i = 0; i < ANALYZE_NSTATUS; i++) {
            for (int j = i + 1; j < ANALYZE_NSTATUS; j++) {
                double a[3], b[3];
                simulate(report_status_hex[i], k, a);
                simulate(report_status_hex[j], k, b);
                lab la = to_lab(a), lb = to_lab(b);
                double d = k == 4 ? fabs(la.l - lb.l) : delta_e(la, lb);
                double need = k == 4 ? MIN_DL_GREY : MIN_DE;
                if (d < need)
                    fprintf(stderr, "%s: estados %d y %d a %.1f (mínimo %.1f)\n",
                            vision[k], i, j, d, need);
                assert_true(d >= need);
            }
        }
    }
}

static void test_status_labels_readable(void **state)
{
    (void)state;
    for (int s = 0; s < ANALYZE_NSTATUS; s++) {
        rd_rgb bg = report_status_color((analyze_status)s);
        assert_true(rd_contrast(rd_text_on(bg), bg) >= MIN_TEXT_CONTRAST);
    }
}

static void test_heat_map_values_readable(void **state)
{
    (void)state;
    for (int v = 0; v <= 100; v++) {
        rd_rgb bg = rd_heat_color(v);
        assert_true(rd_contrast(rd_text_on(bg), bg) >= MIN_TEXT_CONTRAST);
    }
    rd_rgb missing = rd_hex(RD_MISSING);
    assert_true(rd_contrast(rd_hex(RD_MUTED), missing) >= MIN_TEXT_CONTRAST);
}

static void test_text_colours_on_their_backgrounds(void **state)
{
    (void)state;
    /* (text, background) pairs the renderers draw. */
    static const unsigned long pairs[][2] = {
        {RD_INK, RD_WHITE},   {RD_MUTED, RD_WHITE}, {RD_MUTED, RD_ZEBRA},
        {RD_MUTED, RD_TILE},  {RD_NAVY, RD_WHITE},  {RD_NAVY, RD_TILE},
        {RD_NAVY, RD_ZEBRA},  {RD_BAND, RD_WHITE},  {RD_WHITE, RD_NAVY},
        {RD_INK, RD_ZEBRA},   {RD_MUTED, 0xf8f9fbUL}, {RD_NAVY, 0xf8f9fbUL},
        {0xaec3d8UL, RD_NAVY}, {0xdbe5efUL, RD_NAVY}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double r = rd_contrast(rd_hex(pairs[i][0]), rd_hex(pairs[i][1]));
        if (r < MIN_TEXT_CONTRAST)
            fprintf(stderr, "#%06lx sobre #%06lx: %.2f:1\n", pairs[i][0], pairs[i][1], r);
        assert_true(r >= MIN_TEXT_CONTRAST);
    }
}

static void test_contrast_reference_values(void **state)
{
    (void)state;
    /* WCAG's extremes and a published value (#777777 on white: 4.48:1). */
    assert_true(fabs(rd_contrast(rd_hex(0x000000UL), rd_hex(0xffffffUL)) - 21.0) < 1e-6);
    assert_true(fabs(rd_contrast(rd_hex(0xffffffUL), rd_hex(0xffffffUL)) - 1.0) < 1e-9);
    assert_true(fabs(rd_contrast(rd_hex(0x777777UL), rd_hex(0xffffffUL)) - 4.48) < 0.01);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contrast_reference_values),
        cmocka_unit_test(test_statuses_distinct_for_every_vision),
        cmocka_unit_test(test_status_labels_readable),
        cmocka_unit_test(test_heat_map_values_readable),
        cmocka_unit_test(test_text_colours_on_their_backgrounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
