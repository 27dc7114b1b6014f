/* probit.c — probit functions: thermal dose, overpressure and toxic dose, with the constants
 * and their sources (qra-reference.md marks which were verified). No I/O. */
#include "qra/physics.h"

#include <math.h>
#include <string.h>

double cr_qra_probit_fraction(double y)
{
	return 0.5 * erfc(-(y - 5.0) / M_SQRT2);
}

double cr_qra_fraction_probit(double p)
{
	double lo = -10, hi = 20;
	for (int i = 0; i < 200; i++) {
		double mid = 0.5 * (lo + hi);
		if (cr_qra_probit_fraction(mid) < p)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

double cr_qra_thermal_probit(double a, double flux_w_m2, double t_s)
{
	return a + 2.56 * log(t_s * pow(flux_w_m2, 4.0 / 3.0));
}

double cr_qra_blast_probit(double p_pa)
{
	return -77.1 + 6.91 * log(p_pa);
}

static const struct cr_qra_thermal_probit thermal[] = {
	{ "eisenberg", -38.48, "Eisenberg et al. (1975), CCPS QRA Guidelines" },
	{ "tno", -37.23, "TNO Green Book (1992)" },
	{ "tsao_perry", -36.38, "Tsao & Perry (1979)" },
};

const struct cr_qra_thermal_probit *cr_qra_thermal_probit_find(const char *name)
{
	for (size_t i = 0; i < sizeof thermal / sizeof thermal[0]; i++)
		if (strcmp(thermal[i].name, name) == 0)
			return &thermal[i];
	return NULL;
}

/* Crowl & Louvar, Chemical Process Safety, Table 2-5 (after CCPS 1989 and Eisenberg 1975). */
const struct cr_qra_toxic cr_qra_toxics[] = {
	{ "ammonia", -35.9, 1.85, 2, true, "Crowl & Louvar Table 2-5" },
	{ "hydrogen_sulfide", -31.42, 3.008, 1.43, true, "Crowl & Louvar Table 2-5" },
	{ "chlorine", -8.29, 0.92, 2, false, "Eisenberg (1975); sources conflict" },
	{ "carbon_monoxide", -37.98, 3.7, 1, false, "Crowl & Louvar Table 2-5" },
	{ "hydrogen_cyanide", -29.42, 3.008, 1.43, false, "Crowl & Louvar Table 2-5" },
	{ "phosgene", -19.27, 3.686, 1, false, "Crowl & Louvar Table 2-5" },
	{ "sulfur_dioxide", -15.67, 2.10, 1, false, "Crowl & Louvar Table 2-5" },
	{ "hydrogen_chloride", -16.85, 2.00, 1, false, "Crowl & Louvar Table 2-5" },
	{ NULL, 0, 0, 0, false, NULL },
};

const struct cr_qra_toxic *cr_qra_toxic_find(const char *name)
{
	for (const struct cr_qra_toxic *t = cr_qra_toxics; t->name; t++)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}
