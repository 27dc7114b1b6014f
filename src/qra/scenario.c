/* scenario.c — one QRA scenario: the inputs each model takes (names carry units), their checks
 * and defaults, the derived values, lethality at a point, and the distances to the effect levels
 * (sources in docs/METHODS.md "QRA"). It must not read JSON or touch the disk. */
#include "qra/scenario.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define REQ NAN        /* required */
#define OPT INFINITY   /* optional, no default */
#define NO (-INFINITY) /* not taken by the model */

/* Column order: pool_fire, jet_fire, bleve, vce, plume, puff. */
static const struct {
	const char *name;
	double min, max;
	double def[CR_QRA_NMODELS];
} params[CR_QRA_NPARAMS] = {
	[QP_POOL_DIAMETER] = { "pool_diameter_m", 0.1, 500, { REQ, NO, NO, NO, NO, NO } },
	[QP_BURNING_RATE] = { "burning_rate_kg_m2_s", 1e-4, 1, { OPT, NO, NO, NO, NO, NO } },
	[QP_HEAT_COMBUSTION] = { "heat_of_combustion_kj_kg",
				 1000,
				 150000,
				 { REQ, REQ, NO, OPT, NO, NO } },
	[QP_HEAT_VAPORIZATION] = { "heat_of_vaporization_kj_kg",
				   10,
				   5000,
				   { OPT, NO, NO, NO, NO, NO } },
	[QP_HEAT_CAPACITY] = { "heat_capacity_kj_kg_k", 0.1, 10, { OPT, NO, NO, NO, NO, NO } },
	[QP_BOILING_POINT] = { "boiling_point_k", 20, 1000, { OPT, NO, NO, NO, NO, NO } },
	[QP_RADIATIVE_FRACTION] = { "radiative_fraction", 0.01, 1, { 0.35, 0.2, NO, NO, NO, NO } },
	[QP_SEP] = { "surface_emissive_power_kw_m2", 1, 1000, { OPT, NO, 350, NO, NO, NO } },
	[QP_AIR_DENSITY] = { "air_density_kg_m3", 0.5, 2, { 1.2, NO, NO, NO, NO, NO } },
	[QP_AMBIENT_T] = { "ambient_temperature_k",
			   200,
			   350,
			   { 298.15, 298.15, 298.15, NO, 298.15, 298.15 } },
	[QP_HUMIDITY] = { "relative_humidity", 0, 1, { 0.7, 0.7, 0.7, NO, NO, NO } },
	[QP_EXPOSURE_S] = { "exposure_time_s", 1, 3600, { 20, 20, NO, NO, NO, NO } },
	[QP_MASS_FLOW] = { "mass_flow_kg_s", 1e-3, 1e4, { NO, REQ, NO, NO, NO, NO } },
	[QP_MASS] = { "mass_kg", 1e-3, 1e8, { NO, NO, REQ, OPT, NO, REQ } },
	[QP_EFFICIENCY] = { "efficiency", 1e-4, 1, { NO, NO, NO, 0.03, NO, NO } },
	[QP_TNT_ENERGY] = { "tnt_energy_kj_kg", 1000, 10000, { NO, NO, NO, 4680, NO, NO } },
	[QP_GROUND_FACTOR] = { "ground_reflection_factor", 1, 2, { NO, NO, NO, 1, NO, NO } },
	[QP_OVERPRESSURE_K] = { "overpressure_constant", 1, 10000, { NO, NO, NO, 1616, NO, NO } },
	[QP_AMBIENT_P] = { "ambient_pressure_kpa",
			   50,
			   110,
			   { NO, NO, NO, CR_QRA_P_ATM_KPA, NO, NO } },
	[QP_DISTANCE] = { "distance_m", 0.01, 1e5, { NO, NO, NO, OPT, NO, NO } },
	[QP_RELEASE_RATE] = { "release_rate_kg_s", 1e-6, 1e4, { NO, NO, NO, NO, REQ, NO } },
	[QP_WIND] = { "wind_speed_m_s", 0.5, 30, { NO, NO, NO, NO, REQ, REQ } },
	[QP_RELEASE_HEIGHT] = { "release_height_m", 0, 300, { NO, 0, NO, NO, 0, 0 } },
	[QP_MOLAR_MASS] = { "molecular_weight_g_mol", 1, 500, { NO, NO, NO, NO, OPT, OPT } },
	[QP_EXPOSURE_MIN] = { "exposure_time_min", 0.1, 600, { NO, NO, NO, NO, 30, NO } },
	[QP_PROBIT_A] = { "probit_a", -100, 100, { NO, NO, NO, NO, OPT, OPT } },
	[QP_PROBIT_B] = { "probit_b", 0.01, 20, { NO, NO, NO, NO, OPT, OPT } },
	[QP_PROBIT_N] = { "probit_n", 0.1, 5, { NO, NO, NO, NO, OPT, OPT } },
	[QP_CLOUD_VOLUME] = { "cloud_volume_m3", 1, 1e8, { NO, NO, NO, OPT, NO, NO } },
	[QP_COMBUSTION_ENERGY] = { "combustion_energy_mj_m3",
				   0.5,
				   10,
				   { NO, NO, NO, OPT, NO, NO } },
	[QP_CHARGE_STRENGTH] = { "charge_strength", 1, 10, { NO, NO, NO, OPT, NO, NO } },
};

/* The inputs only one VCE method takes (the other refuses them when given). */
static const enum cr_qra_param tnt_only[] = { QP_MASS, QP_HEAT_COMBUSTION, QP_EFFICIENCY,
					      QP_TNT_ENERGY, QP_OVERPRESSURE_K };
static const enum cr_qra_param me_only[] = { QP_CLOUD_VOLUME, QP_COMBUSTION_ENERGY,
					     QP_CHARGE_STRENGTH };
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const vce_methods[] = { "tnt_equivalence", "multi_energy" };

const char *cr_qra_vce_method_name(enum cr_qra_vce_method m)
{
	return m <= CR_QRA_VCE_MULTI_ENERGY ? vce_methods[m] : "";
}

int cr_qra_vce_method_find(const char *name)
{
	for (int i = 0; i < 2; i++)
		if (strcmp(vce_methods[i], name) == 0)
			return i;
	return -1;
}

static const char *const model_names[CR_QRA_NMODELS] = { "pool_fire", "jet_fire", "bleve",
							 "vce",       "plume",    "puff" };

/* Molar masses (g/mol) of the named toxic substances, in cr_qra_toxics order. */
static const struct {
	const char *name;
	double mw;
} molar[] = { { "ammonia", 17.031 },         { "hydrogen_sulfide", 34.081 }, { "chlorine", 70.906 },
	      { "carbon_monoxide", 28.010 }, { "hydrogen_cyanide", 27.025 }, { "phosgene", 98.916 },
	      { "sulfur_dioxide", 64.066 },  { "hydrogen_chloride", 36.461 } };

const char *cr_qra_model_name(enum cr_qra_model m)
{
	return m < CR_QRA_NMODELS ? model_names[m] : "";
}

int cr_qra_model_find(const char *name)
{
	for (int i = 0; i < CR_QRA_NMODELS; i++)
		if (strcmp(model_names[i], name) == 0)
			return i;
	return -1;
}

const char *cr_qra_param_name(enum cr_qra_param p)
{
	return params[p].name;
}

bool cr_qra_param_spec(enum cr_qra_model m, enum cr_qra_param p, double *def, double *min,
		       double *max)
{
	double d = params[p].def[m];
	if (isinf(d) && d < 0)
		return false;
	*def = d;
	*min = params[p].min;
	*max = params[p].max;
	return true;
}

bool cr_qra_model_toxic(enum cr_qra_model m)
{
	return m == CR_QRA_PLUME || m == CR_QRA_PUFF;
}

bool cr_qra_model_thermal(enum cr_qra_model m)
{
	return m == CR_QRA_POOL_FIRE || m == CR_QRA_JET_FIRE || m == CR_QRA_BLEVE;
}

void cr_qra_scenario_init(struct cr_qra_scenario *s, enum cr_qra_model m)
{
	memset(s, 0, sizeof *s);
	s->model = m;
	for (int i = 0; i < CR_QRA_NPARAMS; i++)
		s->v[i] = NAN;
	s->stability = 3;
	s->terrain = CR_QRA_RURAL;
	snprintf(s->thermal_probit, sizeof s->thermal_probit, "eisenberg");
}

static int missing(enum cr_qra_param p, const char *why, struct cr_err *err)
{
	char field[64];
	snprintf(field, sizeof field, "inputs.%s", params[p].name);
	cr_err_set(err, 400, "required", field, "inputs.%s is required%s", params[p].name, why);
	return -1;
}

/* The toxic probit and molar mass: a named substance, or probit_a/b/n and the molar mass. */
static int check_toxic(struct cr_qra_scenario *s, struct cr_err *err)
{
	if (s->substance[0]) {
		const struct cr_qra_toxic *t = cr_qra_toxic_find(s->substance);
		if (!t)
			return cr_err_set(err, 400, "invalid", "inputs.substance",
					  "unknown substance '%.31s'", s->substance);
		s->tox_a = isnan(s->v[QP_PROBIT_A]) ? t->a : s->v[QP_PROBIT_A];
		s->tox_b = isnan(s->v[QP_PROBIT_B]) ? t->b : s->v[QP_PROBIT_B];
		s->tox_n = isnan(s->v[QP_PROBIT_N]) ? t->n : s->v[QP_PROBIT_N];
		s->molar_mass = 0;
		for (size_t i = 0; i < sizeof molar / sizeof molar[0]; i++)
			if (strcmp(molar[i].name, t->name) == 0)
				s->molar_mass = molar[i].mw;
	} else {
		for (enum cr_qra_param p = QP_PROBIT_A; p <= QP_PROBIT_N; p++)
			if (isnan(s->v[p]))
				return missing(p, " when no substance is named", err);
		s->tox_a = s->v[QP_PROBIT_A];
		s->tox_b = s->v[QP_PROBIT_B];
		s->tox_n = s->v[QP_PROBIT_N];
	}
	if (!isnan(s->v[QP_MOLAR_MASS]))
		s->molar_mass = s->v[QP_MOLAR_MASS];
	if (!(s->molar_mass > 0))
		return missing(QP_MOLAR_MASS, " when no substance is named", err);
	return 0;
}

static int not_taken(enum cr_qra_param p, struct cr_err *err)
{
	char field[64];
	snprintf(field, sizeof field, "inputs.%s", params[p].name);
	cr_err_set(err, 400, "unknown_field", field, "inputs.%s is not an input of this method",
		   params[p].name);
	return -1;
}

/* A VCE by TNT equivalence (mass, heat of combustion, efficiency, TNT energy, overpressure
 * constant) or by the multi-energy method (cloud volume, combustion energy, charge strength; a
 * charge on the ground counts twice its energy unless ground_reflection_factor says otherwise):
 * the other method's inputs are refused when given and cleared when defaulted. */
static int check_vce(struct cr_qra_scenario *s, const bool *given, struct cr_err *err)
{
	double *v = s->v;
	bool me = s->vce_method == CR_QRA_VCE_MULTI_ENERGY;
	const enum cr_qra_param *other = me ? tnt_only : me_only;
	size_t nother = me ? NELEM(tnt_only) : NELEM(me_only);
	for (size_t i = 0; i < nother; i++) {
		if (given[other[i]])
			return not_taken(other[i], err);
		v[other[i]] = NAN;
	}
	if (!me) {
		if (isnan(v[QP_MASS]))
			return missing(QP_MASS, "", err);
		if (isnan(v[QP_HEAT_COMBUSTION]))
			return missing(QP_HEAT_COMBUSTION, "", err);
		s->tnt_kg = cr_qra_tnt_mass(v[QP_MASS], v[QP_HEAT_COMBUSTION], v[QP_EFFICIENCY],
					    v[QP_TNT_ENERGY], v[QP_GROUND_FACTOR]);
		return 0;
	}
	if (isnan(v[QP_CLOUD_VOLUME]))
		return missing(QP_CLOUD_VOLUME, " for the multi-energy method", err);
	if (isnan(v[QP_CHARGE_STRENGTH]))
		return missing(QP_CHARGE_STRENGTH, " for the multi-energy method", err);
	if (v[QP_CHARGE_STRENGTH] != floor(v[QP_CHARGE_STRENGTH]))
		return cr_err_set(err, 400, "invalid", "inputs.charge_strength",
				  "charge_strength must be a whole number from 1 to 10");
	if (isnan(v[QP_COMBUSTION_ENERGY]))
		v[QP_COMBUSTION_ENERGY] = CR_QRA_ME_E_MJ_M3;
	if (!given[QP_GROUND_FACTOR])
		v[QP_GROUND_FACTOR] = 2;
	s->me_energy_j = 1e6 * v[QP_COMBUSTION_ENERGY] * v[QP_CLOUD_VOLUME] * v[QP_GROUND_FACTOR];
	s->me_length_m = cbrt(s->me_energy_j / (1000.0 * v[QP_AMBIENT_P]));
	return 0;
}

int cr_qra_scenario_check(struct cr_qra_scenario *s, struct cr_err *err)
{
	enum cr_qra_model m = s->model;
	double *v = s->v;
	bool given[CR_QRA_NPARAMS];
	for (int p = 0; p < CR_QRA_NPARAMS; p++)
		given[p] = !isnan(v[p]);
	for (int p = 0; p < CR_QRA_NPARAMS; p++) {
		double d = params[p].def[m];
		if (!isnan(v[p]) || (isinf(d) && d < 0))
			continue;
		if (isnan(d))
			return missing(p, "", err);
		if (!isinf(d))
			v[p] = d;
	}
	if (cr_qra_model_thermal(m)) {
		const struct cr_qra_thermal_probit *tp =
			cr_qra_thermal_probit_find(s->thermal_probit);
		if (!tp)
			return cr_err_set(err, 400, "invalid", "inputs.thermal_probit",
					  "thermal_probit must be eisenberg, tno or tsao_perry");
		s->thermal_a = tp->a;
	}
	if (cr_qra_model_thermal(m))
		s->pw_pa = cr_qra_water_pressure(v[QP_HUMIDITY], v[QP_AMBIENT_T]);
	switch (m) {
	case CR_QRA_POOL_FIRE:
		if (!isnan(v[QP_BURNING_RATE])) {
			s->burn = v[QP_BURNING_RATE];
		} else {
			if (isnan(v[QP_HEAT_VAPORIZATION]))
				return missing(QP_HEAT_VAPORIZATION,
					       " when burning_rate_kg_m2_s is not given", err);
			double cp = isnan(v[QP_HEAT_CAPACITY]) ? 0 : v[QP_HEAT_CAPACITY];
			double tb = isnan(v[QP_BOILING_POINT]) ? 0 : v[QP_BOILING_POINT];
			if (cp > 0 && isnan(v[QP_BOILING_POINT]))
				return missing(QP_BOILING_POINT, " with heat_capacity_kj_kg_k",
					       err);
			s->burn =
				cr_qra_burning_rate(v[QP_HEAT_COMBUSTION], v[QP_HEAT_VAPORIZATION],
						    cp, tb, v[QP_AMBIENT_T]);
		}
		s->flame_h = cr_qra_thomas_height(v[QP_POOL_DIAMETER], s->burn, v[QP_AIR_DENSITY]);
		s->sep = !isnan(v[QP_SEP])
				 ? v[QP_SEP]
				 : cr_qra_pool_sep(v[QP_POOL_DIAMETER], s->flame_h, s->burn,
						   v[QP_HEAT_COMBUSTION], v[QP_RADIATIVE_FRACTION]);
		break;
	case CR_QRA_JET_FIRE:
		s->jet_len = cr_qra_jet_length(v[QP_MASS_FLOW], v[QP_HEAT_COMBUSTION]);
		s->q_rad_kw = v[QP_RADIATIVE_FRACTION] * v[QP_MASS_FLOW] * v[QP_HEAT_COMBUSTION];
		break;
	case CR_QRA_BLEVE:
		s->ball_d = cr_qra_fireball_diameter(v[QP_MASS]);
		s->ball_t = cr_qra_fireball_duration(v[QP_MASS]);
		s->ball_h = 0.75 * s->ball_d;
		s->sep = v[QP_SEP];
		break;
	case CR_QRA_VCE:
		if (check_vce(s, given, err))
			return -1;
		break;
	case CR_QRA_PLUME:
	case CR_QRA_PUFF:
		if (s->stability < 0 || s->stability > 5)
			return cr_err_set(err, 400, "invalid", "inputs.stability",
					  "stability must be A to F");
		if (check_toxic(s, err))
			return -1;
		s->ppm_per_kg_m3 = cr_qra_ppm(1.0, s->molar_mass, v[QP_AMBIENT_T]);
		s->log_t_min = m == CR_QRA_PLUME ? log(v[QP_EXPOSURE_MIN]) : 0;
		break;
	default:
		return cr_err_set(err, 400, "invalid", "model", "unknown model");
	}
	return 0;
}

/* τ = 2.02·(Pw·x)^−0.09 with the scenario's Pw (cr_qra_transmissivity, Pw computed once). */
static double tau(const struct cr_qra_scenario *s, double path_m)
{
	double pwx = s->pw_pa * path_m;
	if (pwx <= 0)
		return 1.0;
	double t = 2.02 * pow(pwx, -0.09);
	return t < 1.0 ? t : 1.0;
}

/* Thermal death probit a + 2.56·ln(t·I^(4/3)) written as a + 2.56·(ln t + (4/3)·ln I). */
static double thermal(const struct cr_qra_scenario *s, double flux_kw_m2, double t_s)
{
	return s->thermal_a + 2.56 * (log(t_s) + (4.0 / 3.0) * log(1000.0 * flux_kw_m2));
}

bool cr_qra_directional(const struct cr_qra_scenario *s)
{
	return cr_qra_model_toxic(s->model);
}

double cr_qra_flux_at(const struct cr_qra_scenario *s, double x)
{
	const double *v = s->v;
	switch (s->model) {
	case CR_QRA_POOL_FIRE: {
		double r = 0.5 * v[QP_POOL_DIAMETER];
		double path = x > r ? x - r : 0;
		return s->sep * cr_qra_cylinder_view(r, s->flame_h, x) * tau(s, path);
	}
	case CR_QRA_JET_FIRE: {
		double zc = v[QP_RELEASE_HEIGHT] + 0.5 * s->jet_len;
		double d2 = x * x + zc * zc;
		return tau(s, sqrt(d2)) * s->q_rad_kw / (4.0 * M_PI * d2);
	}
	case CR_QRA_BLEVE: {
		double r = 0.5 * s->ball_d;
		double d2 = x * x + s->ball_h * s->ball_h;
		double d = sqrt(d2);
		double f = r * r / d2;
		return s->sep * (f < 1 ? f : 1) * tau(s, d > r ? d - r : 0);
	}
	default:
		return 0;
	}
}

double cr_qra_overpressure_at(const struct cr_qra_scenario *s, double x)
{
	if (s->vce_method == CR_QRA_VCE_MULTI_ENERGY)
		return s->v[QP_AMBIENT_P] *
		       cr_qra_me_overpressure_ratio(x / s->me_length_m,
						    (int)s->v[QP_CHARGE_STRENGTH]);
	double z = x / cbrt(s->tnt_kg);
	return s->v[QP_AMBIENT_P] * cr_qra_overpressure_ratio(z, s->v[QP_OVERPRESSURE_K]);
}

double cr_qra_probit_at(const struct cr_qra_scenario *s, double x, double y)
{
	const double *v = s->v;
	switch (s->model) {
	case CR_QRA_POOL_FIRE:
	case CR_QRA_JET_FIRE:
		return thermal(s, cr_qra_flux_at(s, x), v[QP_EXPOSURE_S]);
	case CR_QRA_BLEVE:
		return thermal(s, cr_qra_flux_at(s, x), s->ball_t);
	case CR_QRA_VCE:
		return cr_qra_blast_probit(1000.0 * cr_qra_overpressure_at(s, x));
	case CR_QRA_PLUME: {
		/* a + b·ln(ppmⁿ·t) with ln ppm taken from the plume's terms: one log per point */
		if (x <= 0)
			return -INFINITY;
		double sy, sz, h = v[QP_RELEASE_HEIGHT];
		cr_qra_plume_sigma(s->stability, s->terrain, x, &sy, &sz);
		double lppm =
			log(s->ppm_per_kg_m3 * v[QP_RELEASE_RATE] / (M_PI * sy * sz * v[QP_WIND])) -
			0.5 * (y * y) / (sy * sy) - 0.5 * (h * h) / (sz * sz);
		return s->tox_a + s->tox_b * (s->tox_n * lppm + s->log_t_min);
	}
	case CR_QRA_PUFF: {
		double sx;
		double c =
			cr_qra_puff_peak(v[QP_MASS], v[QP_RELEASE_HEIGHT], s->stability, x, y, &sx);
		double ppm = cr_qra_ppm(c, s->molar_mass, v[QP_AMBIENT_T]);
		/* ∫C^n dt over a Gaussian passage = C_peak^n·σx·√(2π/n)/u, in minutes */
		double dose =
			pow(ppm, s->tox_n) * sx * sqrt(2.0 * M_PI / s->tox_n) / v[QP_WIND] / 60.0;
		return s->tox_a + s->tox_b * log(dose);
	}
	default:
		return -INFINITY;
	}
}

/* The fires' flux falls with the view factor, the transmissivity and the inverse square; the
 * blast correlation falls in z; a ground-level plume's centreline concentration falls as σy·σz
 * grows (every Briggs σ rises with x). An elevated plume and the puff (its dose mixes σx, σy, σz
 * with the exponent n) are not known to. */
bool cr_qra_monotone(const struct cr_qra_scenario *s)
{
	switch (s->model) {
	case CR_QRA_POOL_FIRE:
	case CR_QRA_JET_FIRE:
	case CR_QRA_BLEVE:
	case CR_QRA_VCE:
		return true;
	case CR_QRA_PLUME:
		return s->v[QP_RELEASE_HEIGHT] == 0;
	default:
		return false;
	}
}

enum { NSAMPLE = 2000 };
#define X_FIRST 0.1
#define X_LAST 1e5

/* The 2000 log-spaced samples from 0.1 m to 100 km, and the index of the last that reaches
 * level (-1 if none): a monotone g finds it by bisection over the samples (11 evaluations
 * instead of 2000), with the same answer. */
static int last_sample(const struct cr_qra_scenario *s,
		       double (*g)(const struct cr_qra_scenario *, double), double level,
		       double xs[NSAMPLE], double *ratio)
{
	double x = X_FIRST;
	int at = -1;
	*ratio = pow(X_LAST / X_FIRST, 1.0 / (NSAMPLE - 1));
	for (int i = 0; i < NSAMPLE; i++, x *= *ratio)
		xs[i] = x;
	if (!cr_qra_monotone(s)) {
		for (int i = 0; i < NSAMPLE; i++)
			if (g(s, xs[i]) >= level)
				at = i;
		return at;
	}
	if (!(g(s, xs[0]) >= level))
		return -1;
	int lo = 0, hi = NSAMPLE - 1;
	if (g(s, xs[hi]) >= level)
		return hi;
	while (hi - lo > 1) {
		int mid = (lo + hi) / 2;
		if (g(s, xs[mid]) >= level)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The largest x in [0.1 m, 100 km] with g(x) ≥ level: the last sample that reaches it, then
 * bisection up to the next sample (until the midpoint is an end: the answer of 80 halvings);
 * NAN if none. */
static double last_reach(const struct cr_qra_scenario *s,
			 double (*g)(const struct cr_qra_scenario *, double), double level)
{
	double xs[NSAMPLE], ratio;
	int at = last_sample(s, g, level, xs, &ratio);
	if (at < 0)
		return NAN;
	if (at == NSAMPLE - 1)
		return X_LAST;
	double lo = xs[at], hi = xs[at] * ratio;
	for (int i = 0; i < 80; i++) {
		double mid = 0.5 * (lo + hi);
		if (mid == lo || mid == hi)
			break;
		if (g(s, mid) >= level)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static double centre_probit(const struct cr_qra_scenario *s, double x)
{
	return cr_qra_probit_at(s, x, 0);
}

double cr_qra_reach(const struct cr_qra_scenario *s, double y)
{
	return last_reach(s, centre_probit, y);
}

double cr_qra_reach_bound(const struct cr_qra_scenario *s, double y)
{
	double xs[NSAMPLE], ratio;
	if (!cr_qra_monotone(s))
		return cr_qra_reach(s, y);
	int at = last_sample(s, centre_probit, y, xs, &ratio);
	return at < 0 ? NAN : at == NSAMPLE - 1 ? X_LAST : xs[at + 1];
}

double cr_qra_halfwidth(const struct cr_qra_scenario *s, double y, double x_max)
{
	/* The probit falls with |y| as −b·n·y²/(2σy²): solve at each sampled x, keep the widest. */
	double w = 0;
	for (int i = 1; i <= 400; i++) {
		double x = x_max * i / 400.0, yc = centre_probit(s, x);
		if (!(yc > y))
			continue;
		double sy, sz;
		if (s->model == CR_QRA_PLUME)
			cr_qra_plume_sigma(s->stability, s->terrain, x, &sy, &sz);
		else
			cr_qra_puff_sigma(s->stability, x, &sy, &sz);
		double half = sy * sqrt(2.0 * (yc - y) / (s->tox_b * s->tox_n));
		if (half > w)
			w = half;
	}
	return w * 1.1;
}

static void add_result(struct cr_qra_consequence *o, const char *name, double value)
{
	if (o->nresults < CR_QRA_MAX_RESULTS) {
		o->results[o->nresults].name = name;
		o->results[o->nresults++].value = value;
	}
}

static void add_distance(struct cr_qra_consequence *o, const char *effect, double threshold,
			 double d)
{
	if (o->ndistances < CR_QRA_MAX_DISTANCES) {
		o->distances[o->ndistances].effect = effect;
		o->distances[o->ndistances].threshold = threshold;
		o->distances[o->ndistances++].distance_m = d;
	}
}

static const double flux_levels[] = { 37.5, 25, 12.5, 4 };
static const double bar_levels[] = { 0.3, 0.1, 0.03 };
static const double lethal_levels[] = { 0.01, 0.5 };

void cr_qra_consequence(const struct cr_qra_scenario *s, struct cr_qra_consequence *o)
{
	const double *v = s->v;
	memset(o, 0, sizeof *o);
	switch (s->model) {
	case CR_QRA_POOL_FIRE:
		add_result(o, "burning_rate_kg_m2_s", s->burn);
		add_result(o, "flame_height_m", s->flame_h);
		add_result(o, "surface_emissive_power_kw_m2", s->sep);
		add_result(o, "exposure_time_s", v[QP_EXPOSURE_S]);
		break;
	case CR_QRA_JET_FIRE:
		add_result(o, "flame_length_m", s->jet_len);
		add_result(o, "radiated_power_kw", s->q_rad_kw);
		add_result(o, "exposure_time_s", v[QP_EXPOSURE_S]);
		break;
	case CR_QRA_BLEVE:
		add_result(o, "fireball_diameter_m", s->ball_d);
		add_result(o, "fireball_duration_s", s->ball_t);
		add_result(o, "fireball_centre_height_m", s->ball_h);
		add_result(o, "surface_emissive_power_kw_m2", s->sep);
		break;
	case CR_QRA_VCE:
		if (s->vce_method == CR_QRA_VCE_MULTI_ENERGY) {
			add_result(o, "charge_energy_mj", 1e-6 * s->me_energy_j);
			add_result(o, "sachs_length_m", s->me_length_m);
			add_result(o, "initial_overpressure_kpa",
				   v[QP_AMBIENT_P] * cr_qra_me_initial((int)v[QP_CHARGE_STRENGTH]));
			if (!isnan(v[QP_DISTANCE])) {
				add_result(o, "sachs_scaled_distance",
					   v[QP_DISTANCE] / s->me_length_m);
				add_result(o, "overpressure_kpa",
					   cr_qra_overpressure_at(s, v[QP_DISTANCE]));
			}
			break;
		}
		add_result(o, "tnt_mass_kg", s->tnt_kg);
		add_result(o, "overpressure_constant", v[QP_OVERPRESSURE_K]);
		if (!isnan(v[QP_DISTANCE])) {
			add_result(o, "scaled_distance_m_kg13", v[QP_DISTANCE] / cbrt(s->tnt_kg));
			add_result(o, "overpressure_kpa",
				   cr_qra_overpressure_at(s, v[QP_DISTANCE]));
		}
		break;
	default:
		add_result(o, "probit_a", s->tox_a);
		add_result(o, "probit_b", s->tox_b);
		add_result(o, "probit_n", s->tox_n);
		add_result(o, "molecular_weight_g_mol", s->molar_mass);
		break;
	}
	if (cr_qra_model_thermal(s->model)) {
		for (size_t i = 0; i < 4; i++)
			add_distance(o, "thermal_flux_kw_m2", flux_levels[i],
				     last_reach(s, cr_qra_flux_at, flux_levels[i]));
	} else if (s->model == CR_QRA_VCE && s->vce_method == CR_QRA_VCE_MULTI_ENERGY) {
		for (size_t i = 0; i < 3; i++)
			add_distance(o, "overpressure_bar", bar_levels[i],
				     last_reach(s, cr_qra_overpressure_at, 100.0 * bar_levels[i]));
	} else if (s->model == CR_QRA_VCE) {
		double w13 = cbrt(s->tnt_kg);
		for (size_t i = 0; i < 3; i++) {
			double ratio = 100.0 * bar_levels[i] / v[QP_AMBIENT_P];
			double z = cr_qra_scaled_distance(ratio, v[QP_OVERPRESSURE_K]);
			add_distance(o, "overpressure_bar", bar_levels[i], z > 0 ? z * w13 : NAN);
		}
	}
	for (size_t i = 0; i < 2; i++)
		add_distance(o, "lethality", lethal_levels[i],
			     cr_qra_reach(s, cr_qra_fraction_probit(lethal_levels[i])));
}
