/*
 * special_beta_quad — the incomplete beta for large shapes by quadrature.
 *
 * For a and b both large the continued fraction cancels: its coefficients
 * tend to −1 and each step subtracts nearly equal numbers, so by a = b =
 * 1e15 it keeps only 8 digits. Here the density is integrated instead, in
 * the offset δ = t − a/(a+b) from the mean, where it is a smooth, nearly
 * Gaussian bump of width σ = √(x0·y0/(a+b)). Its logarithm
 * a·log1pmx(δ(a+b)/a) + b·log1pmx(−δ(a+b)/b) is exact in δ, so the
 * integral keeps full accuracy however narrow the bump. Composite 20-point
 * Gauss-Legendre panels walk from the point away from the mean, panel width
 * min(σ, σ²/|δ|), until a panel adds less than 1e-17 of the sum.
 */
#include "stats/special.h"
#include "stats/special_impl.h"

#include <math.h>

#define GL_N 20
#define MAX_PANELS 20000

struct bdens {
    double a, b, s, x0, y0, lnorm, sigma;
};

/* 20-point Gauss-Legendre nodes on [-1, 1] (Newton on P_20). */
static void gauleg(double *x, double *w)
{
    for (int i = 0; i < GL_N / 2; i++) {
        double z = cos(M_PI * (i + 0.75) / (GL_N + 0.5)), pp = 1;
        for (int it = 0; it < 100; it++) {
            double p1 = 1, p2 = 0;
            for (int j = 1; j <= GL_N; j++) {
                double p3 = p2;
                p2 = p1;
                p1 = ((2 * j - 1) * z * p2 - (j - 1) * p3) / j;
            }
            pp = GL_N * (z * p1 - p2) / (z * z - 1);
            double z1 = z;
            z = z1 - p1 / pp;
            if (fabs(z - z1) < 1e-16)
                break;
        }
        x[i] = -z;
        x[GL_N - 1 - i] = z;
        w[i] = w[GL_N - 1 - i] = 2 / ((1 - z * z) * pp * pp);
    }
}

static double bdens_pdf(const struct bdens *d, double delta)
{
    double t1 = delta * d->s / d->a, t2 = -delta * d->s / d->b;
    if (t1 <= -1 || t2 <= -1)
        return 0;
    double e = d->a * stats_log1pmx(t1) + d->b * stats_log1pmx(t2) + d->lnorm;
    return exp(e) / ((d->x0 + delta) * (d->y0 - delta));
}

/* ∫ of the density from `from` outwards in direction dir (±1), stopping
 * at the support's end `limit`. */
static double bdens_walk(const struct bdens *d, double from, int dir, double limit)
{
    double x[GL_N], w[GL_N], sum = 0, at = from;
    gauleg(x, w);
    for (int p = 0; p < MAX_PANELS; p++) {
        double off = fabs(at);   /* distance from the mean */
        double len = d->sigma * d->sigma / (d->sigma + off);
        double end = at + dir * len;
        if ((dir < 0 && end < limit) || (dir > 0 && end > limit))
            end = limit;
        double mid = 0.5 * (at + end), half = 0.5 * (end - at), part = 0;
        for (int i = 0; i < GL_N; i++)
            part += w[i] * bdens_pdf(d, mid + half * x[i]);
        part *= fabs(half);
        sum += part;
        at = end;
        if (at == limit || part <= 1e-17 * sum)
            break;
    }
    return sum;
}

void special_beta_quad(double a, double b, double x, double *ix, double *iy)
{
    struct bdens d = {a, b, a + b, 0, 0, 0, 0};
    d.x0 = a / d.s;
    d.y0 = b / d.s;
    d.sigma = sqrt(d.x0 * d.y0 / d.s);
    d.lnorm = special_lgstar(d.s) - special_lgstar(a) - special_lgstar(b) +
              0.5 * log(a / d.s * b / (2 * M_PI));
    double delta = special_mean_offset(a, b, x);
    if (delta <= 0) {
        *ix = bdens_walk(&d, delta, -1, -d.x0);
        *iy = 1 - *ix;
    } else {
        *iy = bdens_walk(&d, delta, 1, d.y0);
        *ix = 1 - *iy;
    }
}
