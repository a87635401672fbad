/* platt.c - Platt scaling of a probability: P mapped through
 * 1 / (1 + exp(-(a + b·logit P))), (a, b) the maximum-likelihood fit to
 * past cases (their P and whether they met the target). Unlike binned
 * rates, every past case informs every P, so the few cases at high P
 * borrow strength from the bulk. A Gaussian prior on (a, b - 1), centred
 * on "P already calibrated", keeps the fit finite when the past cases are
 * all hits or all misses; its weight is that of a single case, so it only
 * matters when there are almost none. */
#include <math.h>

#include "analyze.h"

/* Half the logit range the calibration sees: P from 1/1000 to 999/1000,
 * as the bins (a P of 1 - 1e-12 says no more than 0.999). */
#define PLATT_LOGIT_HALF 6.906754778648554 /* ln 999 */
#define PLATT_PRIOR 1.0
#define PLATT_MAX_ITER 100

double analyze_platt_logit(double p)
{
    if (!(p > 0.0)) return -PLATT_LOGIT_HALF;
    if (!(p < 1.0)) return PLATT_LOGIT_HALF;
    double z = log(p / (1.0 - p));
    if (z < -PLATT_LOGIT_HALF) return -PLATT_LOGIT_HALF;
    if (z > PLATT_LOGIT_HALF) return PLATT_LOGIT_HALF;
    return z;
}

static double sigmoid(double x)
{
    return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

double analyze_platt_apply(double a, double b, double p)
{
    if (!isfinite(p)) return p;
    return sigmoid(a + b * analyze_platt_logit(p));
}

/* The penalised log-likelihood of (a, b). */
static double platt_loglik(const analyze_platt_case *c, size_t n, double a, double b)
{
    double ll = -0.5 * PLATT_PRIOR * (a * a + (b - 1.0) * (b - 1.0));
    for (size_t i = 0; i < n; i++) {
        double x = a + b * c[i].z;
        /* log sigmoid(x) and log(1 - sigmoid(x)) without overflow */
        double l1 = x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x));
        ll += c[i].hit ? l1 : l1 - x;
    }
    return ll;
}

int analyze_platt_fit(const analyze_platt_case *c, size_t n, double *pa, double *pb)
{
    double a = 0.0, b = 1.0, ll = platt_loglik(c, n, a, b);
    int conv = 0;
    for (int it = 0; it < PLATT_MAX_ITER && !conv; it++) {
        /* gradient and (minus) Hessian of the penalised log-likelihood */
        double ga = -PLATT_PRIOR * a, gb = -PLATT_PRIOR * (b - 1.0);
        double haa = PLATT_PRIOR, hab = 0.0, hbb = PLATT_PRIOR;
        for (size_t i = 0; i < n; i++) {
            double p = sigmoid(a + b * c[i].z), w = p * (1.0 - p), r = c[i].hit - p;
            ga += r;
            gb += r * c[i].z;
            haa += w;
            hab += w * c[i].z;
            hbb += w * c[i].z * c[i].z;
        }
        double det = haa * hbb - hab * hab;
        if (!(det > 0.0) || !isfinite(det)) return -1;
        double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
        /* the objective is strictly concave: a full Newton step almost
         * always increases it; halve the step when it does not */
        double step = 1.0, na = a + da, nb = b + db, nll = platt_loglik(c, n, na, nb);
        while (!(nll >= ll) && step > 1e-8) {
            step *= 0.5;
            na = a + step * da;
            nb = b + step * db;
            nll = platt_loglik(c, n, na, nb);
        }
        if (!(nll >= ll)) break;   /* no ascent left: at the optimum */
        conv = fabs(na - a) < 1e-10 && fabs(nb - b) < 1e-10;
        a = na;
        b = nb;
        ll = nll;
    }
    if (!isfinite(a) || !isfinite(b)) return -1;
    *pa = a;
    *pb = b;
    return 0;
}
