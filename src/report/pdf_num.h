/* pdf_num.h - the one rule for how a number is written on a page:
 * HPDF_FToA (hpdf_fast.c) writes |v| >= 1 with 2 decimals and smaller
 * values with 3, the float's exact value rounded half to even, and
 * report_draw.c moves text by differences of those written values, so
 * both must quantise alike. Pure, header-only (hpdf_fast.c is linked into
 * the program only, report_draw.c into libtablero.a). */
#ifndef TABLERO_PDF_NUM_H
#define TABLERO_PDF_NUM_H

#include <math.h>

/* Units per point a magnitude a (>= 0) is written in: 100 or 1000. */
static inline long pdf_num_scale(double a)
{
    return a >= 1.0 ? 100 : 1000;
}

/* a (>= 0) in those units, rounded half to even (exact for a float's
 * value: a 24-bit significand times 100 or 1000 fits a double's 53). */
static inline long pdf_num_units(double a, long scale)
{
    return (long)rint(a * (double)scale);
}

#endif
