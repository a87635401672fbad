/* gen_walk.c - a third synthetic network for the backtest (make backtest),
 * of a family neither gen_network.c (logistic curves) nor gen_backtest.c
 * (deterministic curves plus white noise) draws: stochastic processes.
 * N municipalities x the plan's 16 areas x 2010-2025, each series one of
 *   - a random walk with drift (drift -2..+3 pp/year, steps of sd 1-4),
 *   - an AR(1) around a level (phi 0.3-0.9) whose level shifts at a random
 *     break year by -15..+15 pp,
 *   - a logistic adoption curve whose rate itself wanders (a random walk
 *     on the logit scale),
 * observed with 0.5-3 pp of measurement noise; a municipality misses whole
 * years (10-30 %, every area at once: a year it did not report) and single
 * cells (5 %). Long CSV `entity,area,year,value` on stdout. Deterministic
 * (splitmix64 seeded from the arguments, never from the clock).
 *   gen_walk [MUNICIPALITIES [SEED]] > network.csv */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen_common.h"
#define Y0 2010
#define Y1 2025
#define NY (Y1 - Y0 + 1)

/* The latent path of one series, v[0..NY), before measurement noise. */
static void draw_path(uint64_t *s, double *v)
{
    double u = unif(s);
    if (u < 0.4) { /* random walk with drift */
        double x = 20.0 + 60.0 * unif(s), drift = -2.0 + 5.0 * unif(s);
        double sd = 1.0 + 3.0 * unif(s);
        for (int k = 0; k < NY; k++) v[k] = x += drift + sd * gauss(s);
    } else if (u < 0.75) { /* AR(1) around a level that shifts once */
        double level = 30.0 + 60.0 * unif(s), phi = 0.3 + 0.6 * unif(s);
        double shift = -15.0 + 30.0 * unif(s), sd = 1.0 + 3.0 * unif(s);
        int brk = Y0 + 3 + (int)(12.0 * unif(s));
        double x = level;
        for (int k = 0; k < NY; k++) {
            double mu = Y0 + k >= brk ? level + shift : level;
            x = mu + phi * (x - mu) + sd * gauss(s);
            v[k] = x;
        }
    } else { /* logistic adoption with a wandering rate */
        double ceil_ = 60.0 + 40.0 * unif(s), z = -3.0 + 3.0 * unif(s);
        double rate = 0.1 + 0.5 * unif(s);
        for (int k = 0; k < NY; k++) {
            z += rate + 0.15 * gauss(s);
            v[k] = ceil_ / (1.0 + exp(-z));
        }
    }
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261203u;
    if (n < 1 || n > 1000000) {
        fputs("gen_walk: MUNICIPALITIES must be 1..1000000\n", stderr);
        return 64;
    }
    uint64_t s = seed;
    if (printf("entity,area,year,value\n") < 0) return 74;
    for (long m = 1; m <= n; m++) {
        int skip[NY];
        double pyear = 0.10 + 0.20 * unif(&s);
        for (int k = 0; k < NY; k++) skip[k] = unif(&s) < pyear;
        for (size_t a = 0; a < NAREAS; a++) {
            double v[NY];
            draw_path(&s, v);
            double noise = 0.5 + 2.5 * unif(&s);
            for (int k = 0; k < NY; k++) {
                double x = v[k] + noise * gauss(&s);
                /* drawn for every cell, so a skipped year does not shift
                 * the stream of the others */
                int cell = unif(&s) < 0.05;
                if (skip[k] || cell) continue;
                if (x < 0) x = 0;
                if (x > 100) x = 100;
                if (printf("Serie %04ld,%s,%d,%.1f\n", m, AREAS[a], Y0 + k, x) < 0) return 74;
            }
        }
    }
    if (fflush(stdout) || ferror(stdout)) return 74;
    return 0;
}
