/* blast.c — vapour cloud explosion by TNT equivalence (the TNT mass and the scaled side-on
 * overpressure curve, Kinney & Graham's form with its constant a parameter) and by the TNO
 * multi-energy method (Sachs-scaled curves of charge strength 1–10). No I/O. */
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

/* ===== TNO multi-energy method (docs/METHODS.md "Multi-energy") ===== */

/* The initial (plateau) scaled side-on overpressure of each curve of the multi-energy blast
 * chart (van den Berg 1985; CPR 14E 3rd ed. §5.5.3, Figure 5.6): strength 1 … 10. */
static const double me_initial[10] = { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10 };

double cr_qra_me_initial(int strength)
{
	return strength >= 1 && strength <= 10 ? me_initial[strength - 1] : NAN;
}

double cr_qra_me_charge_radius(double e_j_m3, double p0_pa)
{
	return cbrt(3.0 * p0_pa / (4.0 * M_PI * e_j_m3));
}

double cr_qra_me_detonation(double rbar)
{
	double z = rbar * cbrt(CR_QRA_ME_TNT_J_KG / (1000.0 * CR_QRA_P_ATM_KPA));
	return cr_qra_overpressure_ratio(z, 808);
}

double cr_qra_me_overpressure_ratio(double rbar, int strength)
{
	double p0 = cr_qra_me_initial(strength);
	if (isnan(p0) || !(rbar >= 0))
		return NAN;
	double r0 = cr_qra_me_charge_radius(1e6 * CR_QRA_ME_E_MJ_M3, 1000.0 * CR_QRA_P_ATM_KPA);
	double p = rbar <= r0 ? p0 : p0 * r0 / rbar;
	double det = cr_qra_me_detonation(rbar);
	return p < det ? p : det;
}
