/* gen_backtest.c - a second, harder synthetic network for the backtest
 * (make backtest): N municipalities x the plan's 16 areas x 2008-2025, with
 * four kinds of series drawn per (municipality, area): saturating logistic
 * curves, straight trends that break (slope changes at a random year),
 * flat noisy series, and declines; measurement noise of 1-6 pp and 10-35 %
 * missing cells. Long CSV `entity,area,year,value` on stdout. Deterministic
 * (splitmix64 seeded from the arguments, never from the clock); different
 * from gen_network.c on purpose, so a model tuned on one is tried on the
 * other.
 *   gen_backtest [MUNICIPALITIES [SEED]] > network.csv */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen_common.h"

/* The noiseless value of a series of kind k at year y. */
typedef struct curve {
    int kind;
    double a, b, c, d, brk;
} curve;

static curve draw(uint64_t *s)
{
    curve c;
    double u = unif(s);
    c.kind = u < 0.4 ? 0 : u < 0.7 ? 1 : u < 0.85 ? 2 : 3;
    switch (c.kind) {
    case 0: /* logistic: ceiling, midpoint, rate */
        c.a = 65.0 + 35.0 * unif(s);
        c.b = 2006.0 + 22.0 * unif(s);
        c.c = 0.1 + 0.7 * unif(s);
        break;
    case 1: /* broken line: level in 2008, slope, new slope after brk */
        c.a = 20.0 + 60.0 * unif(s);
        c.b = -1.0 + 5.0 * unif(s);
        c.c = -3.0 + 6.0 * unif(s);
        c.brk = 2012.0 + 12.0 * unif(s);
        break;
    case 2: /* flat */
        c.a = 30.0 + 65.0 * unif(s);
        break;
    default: /* decline towards a floor */
        c.a = 60.0 + 35.0 * unif(s);
        c.b = 0.5 + 3.0 * unif(s);
        c.c = 10.0 + 30.0 * unif(s);
        break;
    }
    c.d = 1.0 + 5.0 * unif(s); /* noise sd */
    return c;
}

static double value_at(const curve *c, int y)
{
    switch (c->kind) {
    case 0: return c->a / (1.0 + exp(-c->c * (y - c->b)));
    case 1: {
        double t = y - 2008.0;
        double tb = c->brk - 2008.0;
        return y <= c->brk ? c->a + c->b * t : c->a + c->b * tb + c->c * (t - tb);
    }
    case 2: return c->a;
    default: {
        double v = c->a - c->b * (y - 2008.0);
        return v < c->c ? c->c : v;
    }
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261202u;
    if (n < 1 || n > 1000000) {
        fputs("gen_backtest: MUNICIPALITIES must be 1..1000000\n", stderr);
        return 64;
    }
    uint64_t s = seed;
    if (printf("entity,area,year,value\n") < 0) return 74;
    for (long m = 1; m <= n; m++) {
        double missing = 0.10 + 0.25 * unif(&s);
        for (size_t a = 0; a < NAREAS; a++) {
            curve c = draw(&s);
            for (int y = 2008; y <= 2025; y++) {
                double v = value_at(&c, y) + c.d * gauss(&s);
                if (unif(&s) < missing) continue;
                if (v < 0) v = 0;
                if (v > 100) v = 100;
                if (printf("Red %04ld,%s,%d,%.1f\n", m, AREAS[a], y, v) < 0) return 74;
            }
        }
    }
    if (fflush(stdout) || ferror(stdout)) return 74;
    return 0;
}
