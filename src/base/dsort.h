/* dsort.h - sorting arrays of doubles in ascending order, for the
 * quantiles of the backtest's error ratios (hundreds of thousands in a
 * national network) and the network's distributions. */
#ifndef TABLERO_DSORT_H
#define TABLERO_DSORT_H

#include <stddef.h>

/* Sorts v[0..n) ascending in place. v holds no NaN; a -0.0 becomes +0.0
 * (they compare equal, and the order of equal values is then not
 * observable). The result is the one qsort with a (x > y) - (x < y)
 * comparison gives, in linear time: a radix sort on the values' bits,
 * with a scratch copy of v it allocates and frees; qsort itself where that
 * allocation fails. Pure apart from v. */
void tb_sort_doubles(double *v, size_t n);

#endif
