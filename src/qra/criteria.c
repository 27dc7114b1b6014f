/* criteria.c — GB 36894-2018 acceptance criteria: individual-risk limits by protection class and
 * the societal-risk F-N lines (which figures are verified: docs/METHODS.md "QRA"). No I/O. */
#include "qra/risk.h"

#include <string.h>

double cr_qra_ir_limit(int protection_class, int existing)
{
	static const double lim[3][2] = { { 3e-7, 3e-6 }, { 3e-6, 1e-5 }, { 1e-5, 3e-5 } };
	if (protection_class < 1 || protection_class > 3)
		return 0;
	return lim[protection_class - 1][existing ? 1 : 0];
}

const char *cr_qra_fn_verdict(const struct cr_qra_fn_point *pts, size_t n, double upper_c,
			      double lower_c)
{
	const char *v = "acceptable";
	for (size_t i = 0; i < n; i++) {
		if (pts[i].f_per_year > upper_c / pts[i].n)
			return "unacceptable";
		if (pts[i].f_per_year > lower_c / pts[i].n)
			v = "alarp";
	}
	return v;
}

int cr_qra_target_class(const char *registry_class, long long people)
{
	if (!registry_class || strcmp(registry_class, "general") != 0)
		return 1; /* high-sensitivity, important, or unknown: the strictest */
	if (people < 0 || people >= 100)
		return 1;
	return people >= 30 ? 2 : 3;
}
