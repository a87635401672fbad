/* gen_holdout.c - the fourth synthetic network of make backtest, written
 * after the projection model was chosen on the other three and never
 * tuned on: families none of them draws, so its figures say how the
 * verdicts do on a network the method has not seen.
 * N municipalities x the plan's 16 areas; each municipality starts
 * reporting in a year of its own (2005-2014) and misses 20-60 % of its
 * cells. Each series is one of
 *   - a Gompertz curve (asymmetric saturation, ceiling 55-100),
 *   - a piecewise line whose slope changes at a kink in 2014-2024, so
 *     about half of the kinks fall after the 2019 cutoff,
 *   - a mean-reverting (Ornstein-Uhlenbeck) series started 10-40 pp away
 *     from its long-run level,
 *   - an exponential approach to a plateau, 1 - exp(-k t), from a low start,
 * observed with noise whose sd (0.5-5 pp) grows with the distance from 50
 * in half of the series (heteroscedastic) and is constant in the others.
 * The last 8 areas are "lower is better" (the value is 100 minus the
 * curve): `gen_holdout --menor` lists them, one a line, for
 * scripts/backtest.sh to give them sentido menor and meta 20.
 * Long CSV `entity,area,year,value` on stdout. Deterministic (splitmix64
 * seeded from the arguments, never from the clock).
 *   gen_holdout [MUNICIPALITIES [SEED]] > network.csv
 *   gen_holdout --menor */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"
#define FIRST_LOWER 8 /* areas from this index on: lower is better */
#define Y1 2025

/* The latent path from year y0 to Y1 into v[0..], before noise. */
static void draw_path(uint64_t *s, int y0, double *v)
{
    int ny = Y1 - y0 + 1;
    double u = unif(s);
    if (u < 0.3) { /* Gompertz: c·exp(-b·exp(-k·(y - y0))) */
        double c = 55.0 + 45.0 * unif(s), b = 1.0 + 3.0 * unif(s);
        double k = 0.08 + 0.4 * unif(s);
        for (int i = 0; i < ny; i++) v[i] = c * exp(-b * exp(-k * i));
    } else if (u < 0.55) { /* piecewise line with a kink */
        double a = 15.0 + 60.0 * unif(s), b1 = -1.5 + 5.0 * unif(s);
        double b2 = -3.0 + 6.0 * unif(s);
        double kink = 2014.0 + 10.0 * unif(s);
        for (int i = 0; i < ny; i++) {
            double y = y0 + i;
            v[i] = y <= kink ? a + b1 * i : a + b1 * (kink - y0) + b2 * (y - kink);
        }
    } else if (u < 0.8) { /* Ornstein-Uhlenbeck from away from its level */
        double mu = 30.0 + 65.0 * unif(s), theta = 0.1 + 0.5 * unif(s);
        double sd = 1.0 + 3.0 * unif(s);
        double x = mu + (unif(s) < 0.5 ? -1.0 : 1.0) * (10.0 + 30.0 * unif(s));
        for (int i = 0; i < ny; i++) {
            v[i] = x;
            x += theta * (mu - x) + sd * gauss(s);
        }
    } else { /* exponential approach to a plateau */
        double lo = 5.0 + 30.0 * unif(s), hi = 60.0 + 40.0 * unif(s);
        double k = 0.05 + 0.35 * unif(s);
        for (int i = 0; i < ny; i++) v[i] = hi - (hi - lo) * exp(-k * i);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--menor") == 0) {
        for (size_t a = FIRST_LOWER; a < NAREAS; a++)
            if (printf("%s\n", AREAS[a]) < 0) return 74;
        return 0;
    }
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261204u;
    if (n < 1 || n > 1000000) {
        fputs("gen_holdout: MUNICIPALITIES must be 1..1000000\n", stderr);
        return 64;
    }
    uint64_t s = seed;
    if (printf("entity,area,year,value\n") < 0) return 74;
    for (long m = 1; m <= n; m++) {
        int y0 = 2005 + (int)(10.0 * unif(&s));
        double missing = 0.20 + 0.40 * unif(&s);
        for (size_t a = 0; a < NAREAS; a++) {
            double v[Y1 - 2005 + 1];
            draw_path(&s, y0, v);
            double sd = 0.5 + 4.5 * unif(&s);
            int hetero = unif(&s) < 0.5;
            for (int y = y0; y <= Y1; y++) {
                double x = v[y - y0];
                /* heteroscedastic: noisier towards the middle of the range */
                double e = hetero ? sd * (0.3 + 1.4 * (1.0 - fabs(x - 50.0) / 50.0)) : sd;
                x += e * gauss(&s);
                int gone = unif(&s) < missing; /* drawn for every cell */
                if (gone) continue;
                if (x < 0) x = 0;
                if (x > 100) x = 100;
                if (a >= FIRST_LOWER) x = 100.0 - x;
                if (printf("Holdout %04ld,%s,%d,%.1f\n", m, AREAS[a], y, x) < 0) return 74;
            }
        }
    }
    if (fflush(stdout) || ferror(stdout)) return 74;
    return 0;
}
