/* test_qra_models.c — unit tests of the QRA consequence formulas (qra/physics.h) and one
 * scenario's distances (qra/scenario.h), against the worked values listed in docs/METHODS.md. */
#include "harness.h"
#include "qra/physics.h"
#include "qra/scenario.h"

/* qra-reference.md: at z = 5 m/kg^(1/3) Kinney & Graham (K = 808) give 29.2 kPa and Crowl &
 * Louvar (K = 1616) 58.5 kPa; Crowl & Louvar's example, 1 kg TNT at 30 m, reads 0.055. */
TEST(qra_overpressure_published)
{
	DBL_NEAR(CR_QRA_P_ATM_KPA * cr_qra_overpressure_ratio(5, 808), 29.2, 0.05);
	DBL_NEAR(CR_QRA_P_ATM_KPA * cr_qra_overpressure_ratio(5, 1616), 58.5, 0.05);
	DBL_NEAR(cr_qra_overpressure_ratio(30, 1616), 0.055, 0.0015);
	double z = cr_qra_scaled_distance(0.3, 1616);
	DBL_NEAR(cr_qra_overpressure_ratio(z, 1616), 0.3, 1e-9);
	/* TNT equivalence: 1000 kg propane, ΔHc 46,350 kJ/kg, η 0.03, 4680 kJ/kg → 297.1 kg */
	DBL_NEAR(cr_qra_tnt_mass(1000, 46350, 0.03, 4680, 1), 297.115, 0.001);
	DBL_NEAR(cr_qra_tnt_mass(1000, 46350, 0.03, 4520, 1.8), 553.739, 0.001);
}

/* CCPS fireball: M = 1000 kg → D 58.0 m, t 4.50 s, centre 43.5 m; 64,000 kg → 2.6·M^(1/6). */
TEST(qra_fireball)
{
	DBL_NEAR(cr_qra_fireball_diameter(1000), 58.0, 1e-9);
	DBL_NEAR(cr_qra_fireball_duration(1000), 4.5, 1e-9);
	DBL_NEAR(cr_qra_fireball_duration(64000), 2.6 * 6.3245553, 1e-6);
}

/* Burgess–Strasser with Thomas: gasoline-like liquid (ΔHc 43,700 kJ/kg, ΔHv 330 kJ/kg, Cp 2.2,
 * Tb 400 K, Ta 298 K) burns 0.0778 kg/m²/s; its 10 m pool's flame is 1.3·D high. */
TEST(qra_pool_fire)
{
	double m = cr_qra_burning_rate(43700, 330, 2.2, 400, 298);
	DBL_NEAR(m, 43.7 / (2.2 * 102 + 330), 1e-12);
	double h = cr_qra_thomas_height(10, m, 1.2);
	DBL_NEAR(h, 42 * 10 * pow(m / (1.2 * sqrt(9.81 * 10)), 0.61), 1e-9);
	/* a liquid above its boiling point burns on its heat of vaporisation alone */
	DBL_NEAR(cr_qra_burning_rate(46000, 426, 2.5, 231, 298), 46.0 / 426, 1e-12);
	/* view factor: 1 inside, and tends to the far-field 2RH/(πx²) */
	DBL_NEAR(cr_qra_cylinder_view(5, 10, 4), 1, 0);
	double x = 2000;
	DBL_NEAR(cr_qra_cylinder_view(5, 10, x) / (2 * 5 * 10 / (M_PI * x * x)), 1, 0.01);
	OK(cr_qra_cylinder_view(5, 10, 10) > cr_qra_cylinder_view(5, 10, 20));
	/* transmissivity: RH 70 %, 298.15 K: Pw = 101325·0.7·exp(14.4114 − 5328/298.15) = 2231.9 Pa */
	DBL_NEAR(cr_qra_water_pressure(0.7, 298.15), 2231.9, 0.05);
	DBL_NEAR(cr_qra_transmissivity(0.7, 298.15, 100), 2.02 * pow(2231.9 * 100, -0.09), 1e-4);
}

/* Briggs rural D at 1 km: σy = 80/√1.1 = 76.28 m, σz = 60/√2.5 = 37.95 m; urban F at 1 km:
 * σy = 110/√1.4, σz = 80/√2.5. Slade puff D at 1 km: 0.06·1000^0.92, 0.15·1000^0.70. */
TEST(qra_sigmas)
{
	double sy, sz;
	cr_qra_plume_sigma(3, CR_QRA_RURAL, 1000, &sy, &sz);
	DBL_NEAR(sy, 76.277, 0.001);
	DBL_NEAR(sz, 37.947, 0.001);
	cr_qra_plume_sigma(5, CR_QRA_URBAN, 1000, &sy, &sz);
	DBL_NEAR(sy, 92.966, 0.001);
	DBL_NEAR(sz, 50.596, 0.001);
	cr_qra_puff_sigma(3, 1000, &sy, &sz);
	DBL_NEAR(sy, 34.526, 0.001);
	DBL_NEAR(sz, 18.884, 0.001);
	/* ground release, centreline: C = Q/(π σy σz u) */
	DBL_NEAR(cr_qra_plume_conc(1, 5, 0, 3, CR_QRA_RURAL, 1000, 0),
		 1 / (M_PI * 76.2770 * 37.9473 * 5), 1e-9);
	/* 1 mg/m³ of ammonia at 25 °C ≈ 1.4365 ppm (24.465 L/mol ÷ 17.031) */
	DBL_NEAR(cr_qra_ppm(1e-6, 17.031, 298.15), 1.4365, 0.0005);
}

/* Probits: Φ(0) at Y = 5, 1 % at Y = 2.67; the 50 % lung-haemorrhage overpressure
 * exp(82.1/6.91) Pa = 144.6 kPa; ammonia 50 % at C²t = exp(40.9/1.85) ppm²·min. */
TEST(qra_probits)
{
	DBL_NEAR(cr_qra_probit_fraction(5), 0.5, 1e-15);
	DBL_NEAR(cr_qra_fraction_probit(0.01), 2.6737, 1e-4);
	DBL_NEAR(cr_qra_fraction_probit(0.99), 7.3263, 1e-4);
	DBL_NEAR(cr_qra_blast_probit(exp(82.1 / 6.91)), 5, 1e-9);
	const struct cr_qra_toxic *nh3 = cr_qra_toxic_find("ammonia");
	OK(nh3 && nh3->verified);
	DBL_NEAR(nh3->a + nh3->b * log(exp(40.9 / 1.85)), 5, 1e-9);
	OK(cr_qra_toxic_find("chlorine") && !cr_qra_toxic_find("chlorine")->verified);
	OK(cr_qra_toxic_find("water") == NULL);
	/* Eisenberg: 50 % at t·I^(4/3) = exp(43.48/2.56) */
	DBL_NEAR(cr_qra_thermal_probit(-38.48, pow(exp(43.48 / 2.56) / 20, 0.75), 20), 5, 1e-9);
}

TEST(qra_scenario_vce_distances)
{
	struct cr_qra_scenario s;
	struct cr_qra_consequence c;
	struct cr_err err = { 0 };
	cr_qra_scenario_init(&s, CR_QRA_VCE);
	s.v[QP_MASS] = 1000;
	s.v[QP_HEAT_COMBUSTION] = 46350;
	s.v[QP_DISTANCE] = 100;
	INT_EQ(cr_qra_scenario_check(&s, &err), 0);
	DBL_NEAR(s.v[QP_TNT_ENERGY], 4680, 0);
	DBL_NEAR(s.v[QP_OVERPRESSURE_K], 1616, 0);
	cr_qra_consequence(&s, &c);
	STR_EQ(c.results[0].name, "tnt_mass_kg");
	DBL_NEAR(c.results[0].value, 297.115, 0.001);
	STR_EQ(c.results[2].name, "scaled_distance_m_kg13");
	DBL_NEAR(c.results[2].value, 100 / cbrt(297.115385), 1e-6);
	INT_EQ(c.ndistances, 5);
	STR_EQ(c.distances[0].effect, "overpressure_bar");
	/* at each distance the overpressure is the level */
	for (int i = 0; i < 3; i++)
		DBL_NEAR(cr_qra_overpressure_at(&s, c.distances[i].distance_m),
			 100 * c.distances[i].threshold, 1e-6);
	OK(c.distances[0].distance_m < c.distances[1].distance_m);
	/* 1 % lethality lies farther out than 50 % */
	OK(c.distances[3].distance_m > c.distances[4].distance_m);
}

TEST(qra_scenario_fires_and_plume)
{
	struct cr_qra_scenario s;
	struct cr_qra_consequence c;
	struct cr_err err = { 0 };
	cr_qra_scenario_init(&s, CR_QRA_POOL_FIRE);
	s.v[QP_POOL_DIAMETER] = 20;
	s.v[QP_HEAT_COMBUSTION] = 43700;
	INT_EQ(cr_qra_scenario_check(&s, &err), -1);
	STR_EQ(err.field, "inputs.heat_of_vaporization_kj_kg");
	s.v[QP_BURNING_RATE] = 0.055;
	INT_EQ(cr_qra_scenario_check(&s, &err), 0);
	cr_qra_consequence(&s, &c);
	/* the flux at each distance is the level (4 kW/m² farthest) */
	for (int i = 0; i < 4; i++)
		if (!isnan(c.distances[i].distance_m))
			DBL_NEAR(cr_qra_flux_at(&s, c.distances[i].distance_m),
				 c.distances[i].threshold, 1e-6);
	OK(c.distances[3].distance_m > c.distances[2].distance_m);

	cr_qra_scenario_init(&s, CR_QRA_BLEVE);
	s.v[QP_MASS] = 50000;
	INT_EQ(cr_qra_scenario_check(&s, &err), 0);
	cr_qra_consequence(&s, &c);
	DBL_NEAR(c.results[0].value, 5.8 * cbrt(50000), 1e-9);
	OK(c.distances[3].distance_m > 500);

	cr_qra_scenario_init(&s, CR_QRA_PLUME);
	s.v[QP_RELEASE_RATE] = 1;
	s.v[QP_WIND] = 5;
	INT_EQ(cr_qra_scenario_check(&s, &err), -1);
	STR_EQ(err.field, "inputs.probit_a");
	snprintf(s.substance, sizeof s.substance, "chlorine");
	INT_EQ(cr_qra_scenario_check(&s, &err), 0);
	DBL_NEAR(s.molar_mass, 70.906, 0);
	cr_qra_consequence(&s, &c);
	double d50 = c.distances[1].distance_m;
	DBL_NEAR(cr_qra_probit_at(&s, d50, 0), 5, 1e-6);
	OK(cr_qra_halfwidth(&s, CR_QRA_Y_CUT, cr_qra_reach(&s, CR_QRA_Y_CUT)) > 10);
}
