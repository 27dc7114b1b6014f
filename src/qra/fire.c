/* fire.c — pool fire, jet fire and BLEVE fireball formulas: burning rate, flame size, emissive
 * power, view factors and atmospheric transmissivity (sources in docs/METHODS.md "QRA"). No I/O. */
#include "qra/physics.h"

#include <math.h>

double cr_qra_burning_rate(double hc_kj_kg, double hv_kj_kg, double cp_kj_kg_k, double tb_k,
			   double ta_k)
{
	double sensible = tb_k > ta_k ? cp_kj_kg_k * (tb_k - ta_k) : 0;
	return 0.001 * hc_kj_kg / (sensible + hv_kj_kg);
}

double cr_qra_thomas_height(double d_m, double burn_kg_m2_s, double rho_air_kg_m3)
{
	return 42.0 * d_m * pow(burn_kg_m2_s / (rho_air_kg_m3 * sqrt(CR_QRA_G_M_S2 * d_m)), 0.61);
}

double cr_qra_pool_sep(double d_m, double h_m, double burn_kg_m2_s, double hc_kj_kg,
		       double rad_fraction)
{
	return rad_fraction * burn_kg_m2_s * hc_kj_kg / (1.0 + 4.0 * h_m / d_m);
}

double cr_qra_cylinder_view(double r_m, double h_m, double x_m)
{
	double fv, fh;
	if (x_m <= r_m)
		return 1.0;
	cr_qra_cylinder_view_parts(r_m, h_m, x_m, &fv, &fh);
	double f = sqrt(fv * fv + fh * fh);
	return f < 1.0 ? f : 1.0;
}

void cr_qra_cylinder_view_parts(double r_m, double h_m, double x_m, double *fv_out, double *fh_out)
{
	double h = h_m / r_m, s = x_m / r_m;
	double a = (h * h + s * s + 1.0) / (2.0 * s), b = (1.0 + s * s) / (2.0 * s);
	double sm = (s - 1.0) / (s + 1.0);
	double ta = atan(sqrt((a + 1.0) * sm / (a - 1.0)));
	double tb = atan(sqrt((b + 1.0) * sm / (b - 1.0)));
	double fv = atan(h / sqrt(s * s - 1.0)) / (M_PI * s) - h / (M_PI * s) * atan(sqrt(sm)) +
		    a * h / (M_PI * s * sqrt(a * a - 1.0)) * ta;
	double fh = (b - 1.0 / s) / (M_PI * sqrt(b * b - 1.0)) * tb -
		    (a - 1.0 / s) / (M_PI * sqrt(a * a - 1.0)) * ta;
	*fv_out = fv;
	*fh_out = fh;
}

double cr_qra_water_pressure(double rh, double ta_k)
{
	return 101325.0 * rh * exp(14.4114 - 5328.0 / ta_k);
}

double cr_qra_transmissivity(double rh, double ta_k, double path_m)
{
	double pwx = cr_qra_water_pressure(rh, ta_k) * path_m;
	if (pwx <= 0)
		return 1.0;
	double t = 2.02 * pow(pwx, -0.09);
	return t < 1.0 ? t : 1.0;
}

double cr_qra_fireball_diameter(double mass_kg)
{
	return 5.8 * cbrt(mass_kg);
}

double cr_qra_fireball_duration(double mass_kg)
{
	return mass_kg < 30000.0 ? 0.45 * cbrt(mass_kg) : 2.6 * pow(mass_kg, 1.0 / 6.0);
}

double cr_qra_jet_length(double mdot_kg_s, double hc_kj_kg)
{
	return 0.00326 * pow(mdot_kg_s * hc_kj_kg * 1000.0, 0.478);
}
