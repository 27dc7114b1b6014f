/* physics.h — the consequence formulas of quantitative risk assessment (QRA), each cited in
 * docs/METHODS.md "QRA": fire (fire.c), blast (blast.c), dispersion (dispersion.c) and probits
 * (probit.c). Pure functions of numbers in SI units named in every argument; no I/O, no state. */
#ifndef CR_QRA_PHYSICS_H
#define CR_QRA_PHYSICS_H

#include <stdbool.h>

#define CR_QRA_G_M_S2 9.81
#define CR_QRA_P_ATM_KPA 101.325

/* ---- fire.c ---- */
/* Burgess–Strasser burning rate (kg/m²/s): 0.001·ΔHc / (Cp·(Tb − Ta) + ΔHv), all in kJ/kg and
 * kJ/kg/K; a liquid below its boiling point (Tb ≤ Ta) has no sensible-heat term. */
double cr_qra_burning_rate(double hc_kj_kg, double hv_kj_kg, double cp_kj_kg_k, double tb_k,
			   double ta_k);
/* Thomas flame height (m) of a pool of diameter d_m burning m″ kg/m²/s in air of density rho:
 * H = 42·D·[m″/(ρa·√(g·D))]^0.61. */
double cr_qra_thomas_height(double d_m, double burn_kg_m2_s, double rho_air_kg_m3);
/* Mudan's surface emissive power of a pool fire (kW/m²): f·m″·ΔHc / (1 + 4·H/D). */
double cr_qra_pool_sep(double d_m, double h_m, double burn_kg_m2_s, double hc_kj_kg,
		       double rad_fraction);
/* Maximum view factor (vector sum of the vertical and horizontal factors) of a vertical
 * cylinder of radius r_m and height h_m to a ground-level target at x_m from its axis (Mudan
 * 1984, SFPE Handbook). 1 inside the cylinder (x ≤ r). */
double cr_qra_cylinder_view(double r_m, double h_m, double x_m);
/* Its vertical and horizontal parts for x_m > r_m (TNO Yellow Book, CPR 14E, Appendix 6.1,
 * tabled in its Table 6.A.1 against x/R and H/R). */
void cr_qra_cylinder_view_parts(double r_m, double h_m, double x_m, double *fv, double *fh);
/* Atmospheric transmissivity, Pietersen & Huerta (TNO Yellow Book): τ = 2.02·(Pw·x)^−0.09 with
 * Pw the water vapour partial pressure (Pa) at relative humidity rh (0–1) and ta_k; at most 1. */
double cr_qra_transmissivity(double rh, double ta_k, double path_m);
/* Water vapour partial pressure (Pa): 101325·rh·exp(14.4114 − 5328/Ta) (Yellow Book). */
double cr_qra_water_pressure(double rh, double ta_k);
/* BLEVE fireball (CCPS): diameter 5.8·M^(1/3) m, duration 0.45·M^(1/3) s below 30,000 kg and
 * 2.6·M^(1/6) s above, centre height 0.75·D. */
double cr_qra_fireball_diameter(double mass_kg);
double cr_qra_fireball_duration(double mass_kg);
/* API RP 521 flame length of a jet fire (CCPS fit): L = 0.00326·(ṁ·ΔHc[J/kg])^0.478 m. */
double cr_qra_jet_length(double mdot_kg_s, double hc_kj_kg);

/* ---- blast.c ---- */
/* TNT equivalent mass (kg): factor·η·M·ΔHc / E_TNT. */
double cr_qra_tnt_mass(double mass_kg, double hc_kj_kg, double efficiency, double e_tnt_kj_kg,
		       double ground_factor);
/* Scaled peak side-on overpressure ps/pa at scaled distance z (m/kg^(1/3)):
 * K·[1+(z/4.5)²] / √([1+(z/0.048)²][1+(z/0.32)²][1+(z/1.35)²]); Kinney & Graham print K = 808
 * (free air), Crowl & Louvar K = 1616 (surface burst). */
double cr_qra_overpressure_ratio(double z, double k);
/* The scaled distance at which the ratio equals ratio (bisection; the curve falls in z). */
double cr_qra_scaled_distance(double ratio, double k);

/* TNO multi-energy method (van den Berg 1985; CPR 14E §5.5.3): a blast source of combustion
 * energy E (J) = 3.5 MJ/m³ × its obstructed stoichiometric volume, its distance Sachs-scaled as
 * R̄ = R/(E/p0)^(1/3), and one curve of scaled side-on overpressure ΔP/p0 per charge strength
 * 1–10. The curves as this code draws them (docs/METHODS.md "Multi-energy"): the chart's initial
 * strength out to the charge radius, then an acoustic 1/R̄ decay, never above the detonation
 * curve (curve 10). */
#define CR_QRA_ME_E_MJ_M3 3.5     /* combustion energy per m³ of stoichiometric mixture */
#define CR_QRA_ME_TNT_J_KG 4.68e6 /* the TNT energy of the detonation curve's scaling */
/* The chart's initial scaled overpressure of strength 1–10 (0.01 … 10); NAN outside. */
double cr_qra_me_initial(int strength);
/* The Sachs-scaled radius of a hemispherical (or spherical) charge of energy density e_j_m3 at
 * ambient pressure p0_pa: (3·p0/(4π·e))^(1/3), 0.19048 for 3.5 MJ/m³ at 101.325 kPa. */
double cr_qra_me_charge_radius(double e_j_m3, double p0_pa);
/* The detonation curve: Kinney & Graham's free-air TNT curve (K = 808) at the TNT scaled
 * distance of the same energy, z = R̄·(E_TNT/p0)^(1/3). */
double cr_qra_me_detonation(double rbar);
/* The scaled side-on overpressure ΔP/p0 of curve `strength` (1–10) at Sachs distance rbar ≥ 0;
 * NAN for a strength outside 1–10. Non-increasing in rbar. */
double cr_qra_me_overpressure_ratio(double rbar, int strength);

/* ---- dispersion.c ---- */
enum cr_qra_terrain { CR_QRA_RURAL, CR_QRA_URBAN };
/* Briggs (1973) plume σy, σz (m) at downwind x_m for Pasquill–Gifford class 0..5 (A..F). */
void cr_qra_plume_sigma(int cls, enum cr_qra_terrain t, double x_m, double *sy, double *sz);
/* The plume's σy = ky·x/√(1 + a·x) for every class: ky returned, a set (1e-4 rural, 4e-4 urban). */
double cr_qra_plume_sy_coef(int cls, enum cr_qra_terrain t, double *a);
/* Puff σx = σy, σz (m) (Slade 1968 as tabled by CCPS and Crowl & Louvar Table 5-3). */
void cr_qra_puff_sigma(int cls, double x_m, double *sy, double *sz);
/* Ground-level concentration (kg/m³) of a continuous release q kg/s at height h_m, wind u m/s,
 * at x downwind and y crosswind, with ground reflection; 0 at x ≤ 0. */
double cr_qra_plume_conc(double q_kg_s, double u_m_s, double h_m, int cls, enum cr_qra_terrain t,
			 double x_m, double y_m);
/* The peak ground-level concentration (kg/m³) of an instantaneous release m kg at height h_m as
 * its centre passes x downwind, y crosswind, and σx (m) for the dose of the passage. */
double cr_qra_puff_peak(double m_kg, double h_m, int cls, double x_m, double y_m, double *sx);
/* kg/m³ → ppm by volume at ta_k and 101.325 kPa for a gas of molar mass mw g/mol. */
double cr_qra_ppm(double c_kg_m3, double mw_g_mol, double ta_k);

/* ---- probit.c ---- */
/* Φ(Y − 5): the fraction affected at probit Y. */
double cr_qra_probit_fraction(double y);
/* The probit for a fraction p (0 < p < 1), inverse of cr_qra_probit_fraction. */
double cr_qra_fraction_probit(double p);
/* Thermal-death probit Y = a + 2.56·ln(t·I^(4/3)), I W/m², t s. */
double cr_qra_thermal_probit(double a, double flux_w_m2, double t_s);
/* Lung-haemorrhage death (Eisenberg): Y = −77.1 + 6.91·ln P (P in Pa). */
double cr_qra_blast_probit(double p_pa);

struct cr_qra_thermal_probit {
	const char *name;
	double a; /* Y = a + 2.56·ln(t·I^(4/3)) */
	const char *source;
};
/* The thermal-death probits by name ("eisenberg", "tno", "tsao_perry"); NULL if unknown. */
const struct cr_qra_thermal_probit *cr_qra_thermal_probit_find(const char *name);

/* A toxic probit Y = a + b·ln(C^n·t), C ppm, t min. */
struct cr_qra_toxic {
	const char *name;
	double a, b, n;
	bool verified; /* [V] in qra-reference.md; the others are cited but not checked here */
	const char *source;
};
const struct cr_qra_toxic *cr_qra_toxic_find(const char *name);
/* Every substance, NULL-name terminated. */
extern const struct cr_qra_toxic cr_qra_toxics[];

#endif
