/* special_impl — helpers shared by the special-function files only. */
#ifndef STEWARD_STATS_SPECIAL_IMPL_H
#define STEWARD_STATS_SPECIAL_IMPL_H

double special_lgstar(double z);
double special_lgamma1p(double a);
void special_gamma_pq(double a, double x, double *p, double *q);
/* x − a/(a+b) with a + b carried in double-double (a + b rounds). */
double special_mean_offset(double a, double b, double x);
/* I_x(a, b) and its complement by quadrature (large a and b). */
void special_beta_quad(double a, double b, double x, double *ix, double *iy);

#endif
