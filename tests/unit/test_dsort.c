/* test_dsort.c - tb_sort_doubles against qsort, the result it promises. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "dsort.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static uint64_t state = 0x9e3779b97f4a7c15u;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

/* Sorts a copy both ways and requires the same values, bit for bit (a
 * -0.0 of the input compared as +0.0, what the sort promises). */
static void check(const double *v, size_t n)
{
    double *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    memcpy(a, v, n * sizeof *a);
    for (size_t i = 0; i < n; i++) b[i] = v[i] == 0.0 ? 0.0 : v[i];
    tb_sort_doubles(a, n);
    qsort(b, n, sizeof *b, cmp);
    for (size_t i = 0; i < n; i++) {
        uint64_t x, y;
        memcpy(&x, &a[i], sizeof x);
        memcpy(&y, &b[i], sizeof y);
        assert_true(x == y);
    }
    free(a);
    free(b);
}

/* Random bit patterns (every exponent and sign, NaN left out), at sizes
 * on both sides of the small-array cut. */
static void test_random_bits(void **st)
{
    (void)st;
    static const size_t sizes[] = {0, 1, 2, 3, 511, 512, 513, 1000, 100000};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        double *v = malloc((n + 1) * sizeof *v);
        assert_non_null(v);
        for (size_t i = 0; i < n; i++) {
            do {
                uint64_t u = next();
                memcpy(&v[i], &u, sizeof u);
            } while (isnan(v[i]));
        }
        check(v, n);
        free(v);
    }
}

/* What the program sorts: ratios of one scale with many repeats, zeros of
 * both signs, infinities, subnormals, percentages of either sign. */
static void test_program_like(void **st)
{
    (void)st;
    size_t n = 50000;
    double *v = malloc(n * sizeof *v);
    assert_non_null(v);
    for (size_t i = 0; i < n; i++) {
        uint64_t r = next();
        switch (r % 8) {
        case 0: v[i] = (double)(r % 1000) / 10.0; break;          /* 0.0 .. 99.9 */
        case 1: v[i] = -(double)(r % 1000) / 10.0; break;
        case 2: v[i] = (r >> 8) % 2 ? 0.0 : -0.0; break;
        case 3: v[i] = (double)(r >> 11) / 9007199254740992.0; break;  /* [0, 1) */
        case 4: v[i] = (r >> 8) % 2 ? INFINITY : -INFINITY; break;
        case 5: v[i] = 4.9e-324 * (double)(r % 7); break;            /* subnormals */
        case 6: v[i] = 1.0; break;                                   /* repeats */
        default: v[i] = (double)(r % 100000) * 1e-3; break;
        }
    }
    check(v, n);
    /* already sorted, reversed, all equal */
    qsort(v, n, sizeof *v, cmp);
    check(v, n);
    for (size_t i = 0; i < n / 2; i++) {
        double t = v[i];
        v[i] = v[n - 1 - i];
        v[n - 1 - i] = t;
    }
    check(v, n);
    for (size_t i = 0; i < n; i++) v[i] = 0.5;
    check(v, n);
    free(v);
}

/* -0.0 comes back as +0.0, alone or among other zeros. */
static void test_negative_zero(void **st)
{
    (void)st;
    double v[100];
    for (size_t i = 0; i < 100; i++) v[i] = i % 3 ? -0.0 : (double)i;
    tb_sort_doubles(v, 100);
    for (size_t i = 0; i < 100; i++) {
        assert_false(signbit(v[i]));
        if (i) assert_true(v[i - 1] <= v[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_bits),
        cmocka_unit_test(test_program_like),
        cmocka_unit_test(test_negative_zero),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
