// The normal and Student's t distributions: CDFs and quantiles (inverse CDFs) in double
// precision, for confidence intervals. Agree with scipy.stats to 1e-12 relative or better
// (about 1e-10 in the CDF at 1e5 degrees of freedom, where lgamma differences lose digits).
#pragma once

namespace evp::stats {

double normal_cdf(double x);
// x with normal_cdf(x) = p. p = 0 gives -infinity and p = 1 +infinity; throws
// std::invalid_argument for p outside [0, 1] or NaN.
double normal_quantile(double p);

// Regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1].
double regularized_incomplete_beta(double a, double b, double x);

// Student's t with `dof` degrees of freedom (any real dof > 0; infinity is the normal).
double student_t_cdf(double t, double dof);
// t with student_t_cdf(t, dof) = p; same conventions as normal_quantile; throws
// std::invalid_argument for dof <= 0 or NaN.
double student_t_quantile(double p, double dof);

// The two-sided critical value for a confidence level in (0, 1): normal_quantile of
// (1 + confidence) / 2, e.g. 1.959963984540054 for 0.95. Throws std::invalid_argument
// outside (0, 1).
double normal_critical_value(double confidence);

}  // namespace evp::stats
