/* scenario.h — one QRA scenario: a consequence model with its named inputs (units in every
 * name), its intermediate results, its distances to the effect levels, and its lethality at a
 * point for the risk grid. Pure: no I/O; the service reads JSON into these structs. */
#ifndef CR_QRA_SCENARIO_H
#define CR_QRA_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "qra/physics.h"

enum cr_qra_model {
	CR_QRA_POOL_FIRE,
	CR_QRA_JET_FIRE,
	CR_QRA_BLEVE,
	CR_QRA_VCE,
	CR_QRA_PLUME,
	CR_QRA_PUFF,
	CR_QRA_NMODELS
};

/* The numeric inputs, one index each; names in cr_qra_param_name. */
enum cr_qra_param {
	QP_POOL_DIAMETER,
	QP_BURNING_RATE,
	QP_HEAT_COMBUSTION,
	QP_HEAT_VAPORIZATION,
	QP_HEAT_CAPACITY,
	QP_BOILING_POINT,
	QP_RADIATIVE_FRACTION,
	QP_SEP,
	QP_AIR_DENSITY,
	QP_AMBIENT_T,
	QP_HUMIDITY,
	QP_EXPOSURE_S,
	QP_MASS_FLOW,
	QP_MASS,
	QP_EFFICIENCY,
	QP_TNT_ENERGY,
	QP_GROUND_FACTOR,
	QP_OVERPRESSURE_K,
	QP_AMBIENT_P,
	QP_DISTANCE,
	QP_RELEASE_RATE,
	QP_WIND,
	QP_RELEASE_HEIGHT,
	QP_MOLAR_MASS,
	QP_EXPOSURE_MIN,
	QP_PROBIT_A,
	QP_PROBIT_B,
	QP_PROBIT_N,
	QP_CLOUD_VOLUME,
	QP_COMBUSTION_ENERGY,
	QP_CHARGE_STRENGTH,
	CR_QRA_NPARAMS
};

/* How a vapour cloud explosion's blast is modelled: TNT equivalence or the TNO multi-energy
 * method (the text input "method": "tnt_equivalence" | "multi_energy"). */
enum cr_qra_vce_method { CR_QRA_VCE_TNT, CR_QRA_VCE_MULTI_ENERGY };
/* The method's name and its reverse (-1 if unknown). */
const char *cr_qra_vce_method_name(enum cr_qra_vce_method m);
int cr_qra_vce_method_find(const char *name);

/* Lethality below this probit (P ≈ 1.0e-6) counts as none: the cut-off of the risk grid. */
#define CR_QRA_Y_CUT 0.25

struct cr_qra_scenario {
	enum cr_qra_model model;
	double v[CR_QRA_NPARAMS]; /* inputs; NAN = not given (defaults are filled by _check) */
	int stability;            /* 0..5 = Pasquill–Gifford A..F */
	enum cr_qra_terrain terrain;
	char substance[32];      /* toxic models: a name of cr_qra_toxics, or "" (probit_* given) */
	char thermal_probit[16]; /* fires: "eisenberg" (default), "tno", "tsao_perry" */
	enum cr_qra_vce_method vce_method; /* VCE: TNT equivalence (default) or multi-energy */
	/* derived by cr_qra_scenario_check */
	double thermal_a;                /* thermal probit constant */
	double burn, flame_h, sep;       /* pool fire: kg/m²/s, m, kW/m² */
	double jet_len, q_rad_kw;        /* jet fire: flame length m, radiated power kW */
	double ball_d, ball_t, ball_h;   /* fireball diameter m, duration s, centre height m */
	double tnt_kg;                   /* VCE by TNT equivalence */
	double me_energy_j, me_length_m; /* VCE by multi-energy: charge energy E, (E/p0)^(1/3) */
	double tox_a, tox_b, tox_n, molar_mass;
	double pw_pa;                    /* fires: water vapour partial pressure */
	double ppm_per_kg_m3, log_t_min; /* plume: kg/m³ → ppm factor, ln(exposure minutes) */
};

/* The model's name ("pool_fire" …) and its reverse (-1 if unknown). */
const char *cr_qra_model_name(enum cr_qra_model m);
int cr_qra_model_find(const char *name);
/* The input name of a parameter ("mass_kg"). */
const char *cr_qra_param_name(enum cr_qra_param p);
/* Whether the model takes the parameter, its default (NAN: required; INFINITY: optional, no
 * default) and its range; false if the model does not take it. */
bool cr_qra_param_spec(enum cr_qra_model m, enum cr_qra_param p, double *def, double *min,
		       double *max);
/* Whether the model takes the text inputs stability/terrain/substance/thermal_probit. */
bool cr_qra_model_toxic(enum cr_qra_model m);
bool cr_qra_model_thermal(enum cr_qra_model m);

/* Clears s for model m: every input NAN, stability D, rural, no substance, Eisenberg. */
void cr_qra_scenario_init(struct cr_qra_scenario *s, enum cr_qra_model m);
/* Fills defaults, checks what is required and what depends on what, and computes the derived
 * values. -1 with err 400 naming the field as "inputs.NAME". */
int cr_qra_scenario_check(struct cr_qra_scenario *s, struct cr_err *err);

/* Whether lethality depends on the wind (plume, puff) rather than on the distance alone. */
bool cr_qra_directional(const struct cr_qra_scenario *s);
/* The death probit at x_m downwind and y_m crosswind of the source (for the other models x_m is
 * the distance and y_m is ignored). -INFINITY where nothing reaches. */
double cr_qra_probit_at(const struct cr_qra_scenario *s, double x_m, double y_m);
/* Thermal flux (kW/m²) at distance x_m for the fire models; overpressure (kPa) for VCE. */
double cr_qra_flux_at(const struct cr_qra_scenario *s, double x_m);
double cr_qra_overpressure_at(const struct cr_qra_scenario *s, double x_m);
/* Whether the centreline probit (and the flux or overpressure) falls with distance everywhere,
 * so that the set where it reaches a level is [0, reach]: pool and jet fires, BLEVE, VCE and a
 * plume released at ground level. */
bool cr_qra_monotone(const struct cr_qra_scenario *s);
/* The largest downwind distance (m, at most 100 km) at which the probit is ≥ y; NAN if never. */
double cr_qra_reach(const struct cr_qra_scenario *s, double y);
/* A distance past which the probit stays below y, cheaper than cr_qra_reach: for a monotone
 * model the first of its samples beyond the reach; for the others cr_qra_reach itself (the caller
 * adds a margin). NAN if y is never reached. */
double cr_qra_reach_bound(const struct cr_qra_scenario *s, double y);
/* For the directional models: a crosswind half-width (m) outside which the probit is below y
 * everywhere up to x_max_m. */
double cr_qra_halfwidth(const struct cr_qra_scenario *s, double y, double x_max_m);

#define CR_QRA_MAX_RESULTS 16
#define CR_QRA_MAX_DISTANCES 8
struct cr_qra_consequence {
	struct {
		const char *name;
		double value;
	} results[CR_QRA_MAX_RESULTS];
	size_t nresults;
	struct {
		const char *effect; /* thermal_flux_kw_m2, overpressure_bar, lethality */
		double threshold;
		double distance_m; /* NAN: the level is not reached */
	} distances[CR_QRA_MAX_DISTANCES];
	size_t ndistances;
};
/* The intermediate results and the distances to the effect levels of a checked scenario. */
void cr_qra_consequence(const struct cr_qra_scenario *s, struct cr_qra_consequence *out);

#endif
