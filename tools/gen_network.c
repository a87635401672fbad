/* gen_network.c - deterministic synthetic network of municipalities for
 * benchmarks: N municipalities x the plan's 16 areas x 2016-2025, about 20 %
 * missing cells, saturating (logistic) trends with noise. Writes a long CSV
 * `entity,area,year,value` (the shape ../shared/bench/peer_report.py reads)
 * to stdout. Same arguments, same bytes: the generator is splitmix64 seeded
 * from the arguments, never from the clock.
 *   gen_network [MUNICIPALITIES [SEED]] > network.csv */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gen_common.h"

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2300;
    uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 10) : 20261126u;
    if (n < 1 || n > 1000000) {
        fputs("gen_network: MUNICIPALITIES must be 1..1000000\n", stderr);
        return 64;
    }
    uint64_t s = seed;
    if (printf("entity,area,year,value\n") < 0) return 74;
    for (long m = 1; m <= n; m++) {
        for (size_t a = 0; a < NAREAS; a++) {
            /* Logistic curve: a ceiling between 70 and 100, a midpoint year
             * and a rate drawn per (municipality, area). */
            double ceil_ = 70.0 + 30.0 * unif(&s);
            double mid = 2012.0 + 14.0 * unif(&s);
            double rate = 0.15 + 0.6 * unif(&s);
            double noise = 1.0 + 4.0 * unif(&s);
            for (int y = 2016; y <= 2025; y++) {
                double v = ceil_ / (1.0 + exp(-rate * (y - mid))) + noise * gauss(&s);
                int missing = unif(&s) < 0.2;
                if (missing) continue;
                if (v < 0) v = 0;
                if (v > 100) v = 100;
                if (printf("Municipio %04ld,%s,%d,%.1f\n", m, AREAS[a], y, v) < 0) return 74;
            }
        }
    }
    if (fflush(stdout) || ferror(stdout)) return 74;
    return 0;
}
