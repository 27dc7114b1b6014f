/* blast.c — vapour cloud explosion by TNT equivalence: the TNT mass and the scaled side-on
 * overpressure curve (Kinney & Graham's form, its constant a parameter). No I/O. */
#include "qra/physics.h"

#include <math.h>

double cr_qra_tnt_mass(double mass_kg, double hc_kj_kg, double efficiency, double e_tnt_kj_kg,
		       double ground_factor)
{
	return ground_factor * efficiency * mass_kg * hc_kj_kg / e_tnt_kj_kg;
}

double cr_qra_overpressure_ratio(double z, double k)
{
	double a = z / 4.5, b = z / 0.048, c = z / 0.32, d = z / 1.35;
	return k * (1.0 + a * a) / sqrt((1.0 + b * b) * (1.0 + c * c) * (1.0 + d * d));
}

double cr_qra_scaled_distance(double ratio, double k)
{
	double lo = 1e-6, hi = 1e6;
	if (cr_qra_overpressure_ratio(lo, k) < ratio)
		return 0;
	for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = sqrt(lo * hi);
		if (cr_qra_overpressure_ratio(mid, k) >= ratio)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}
