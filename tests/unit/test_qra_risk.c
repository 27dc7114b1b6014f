/* test_qra_risk.c — unit tests of qra/risk.h: the grid equals the point sum and does not depend
 * on the thread count, contours, the F-N steps and verdicts, GB 36894 limits. No I/O. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "harness.h"
#include "qra/risk.h"

static void sources(struct cr_qra_source s[2])
{
	struct cr_err err = { 0 };
	cr_qra_scenario_init(&s[0].sc, CR_QRA_BLEVE);
	s[0].sc.v[QP_MASS] = 5000;
	cr_qra_scenario_check(&s[0].sc, &err);
	s[0].x_m = 0, s[0].y_m = 0, s[0].freq_per_year = 1e-5;
	cr_qra_scenario_init(&s[1].sc, CR_QRA_PLUME);
	s[1].sc.v[QP_RELEASE_RATE] = 2;
	s[1].sc.v[QP_WIND] = 3;
	snprintf(s[1].sc.substance, sizeof s[1].sc.substance, "chlorine");
	cr_qra_scenario_check(&s[1].sc, &err);
	s[1].x_m = 300, s[1].y_m = -200, s[1].freq_per_year = 1e-4;
}

TEST(qra_grid_threads_and_points)
{
	struct cr_qra_source s[2];
	struct cr_qra_weather w = {
		.stability = 3, .wind_m_s = 4, .prob = 1, .ndirs = 4, .rose = { 0.4, 0.3, 0.2, 0.1 }
	};
	struct cr_err err = { 0 };
	sources(s);
	struct cr_qra_grid a = { -1500, -1500, 20, 150, 150, NULL }, b = a;
	a.ir = malloc(sizeof(double) * 150 * 150);
	b.ir = malloc(sizeof(double) * 150 * 150);
	INT_EQ(cr_qra_risk_grid(s, 2, &w, 1, &a, 1, &err), 0);
	INT_EQ(cr_qra_risk_grid(s, 2, &w, 1, &b, 3, &err), 0);
	int same = 1, nonzero = 0;
	for (int i = 0; i < 150 * 150; i++) {
		same &= a.ir[i] == b.ir[i];
		nonzero += a.ir[i] > 0;
	}
	OK(same);
	OK(nonzero > 100);
	/* a cell equals the straightforward sum at its centre (10⁻⁹ relative: see the next test) */
	for (int k = 0; k < 150 * 150; k += 997) {
		double x = a.x0_m + (k % 150 + 0.5) * 20, y = a.y0_m + (k / 150 + 0.5) * 20;
		double exact = cr_qra_ir_at(s, 2, &w, 1, x, y);
		DBL_NEAR(a.ir[k], exact, 1e-9 * exact);
	}
	free(a.ir);
	free(b.ir);
}

/* Φ from the grid's table against erfc: 10⁻⁹ relative from the cut-off up, exactly 1 where
 * erfc's answer rounds to 1. */
TEST(qra_phi_table)
{
	struct cr_qra_phi *t = cr_qra_phi_new();
	double worst = 0;
	OK(t != NULL);
	for (double y = CR_QRA_Y_CUT; y < 14; y += 0.000731) {
		double exact = cr_qra_probit_fraction(y), fast = cr_qra_phi_at(t, y);
		worst = fmax(worst, fabs(fast - exact) / exact);
	}
	OK(worst < 1e-9);
	OK(worst > 1e-13); /* it is a table, not erfc again */
	DBL_NEAR(cr_qra_phi_at(t, 13.6), 1.0, 0);
	DBL_NEAR(cr_qra_probit_fraction(13.5), 1.0, 0);
	DBL_NEAR(cr_qra_phi_at(t, 20), 1.0, 0);
	DBL_NEAR(cr_qra_phi_at(t, 3), cr_qra_probit_fraction(3), 1e-12);
	free(t);
}

static void set_source(struct cr_qra_source *s, enum cr_qra_model m, double x, double y, double f,
		       const char *substance)
{
	struct cr_err err = { 0 };
	cr_qra_scenario_init(&s->sc, m);
	s->x_m = x, s->y_m = y, s->freq_per_year = f;
	if (substance)
		snprintf(s->sc.substance, sizeof s->sc.substance, "%s", substance);
	switch (m) {
	case CR_QRA_POOL_FIRE:
		s->sc.v[QP_POOL_DIAMETER] = 20;
		s->sc.v[QP_HEAT_COMBUSTION] = 43700;
		s->sc.v[QP_BURNING_RATE] = 0.06;
		break;
	case CR_QRA_JET_FIRE:
		s->sc.v[QP_MASS_FLOW] = 30;
		s->sc.v[QP_HEAT_COMBUSTION] = 50000;
		break;
	case CR_QRA_BLEVE:
		s->sc.v[QP_MASS] = 20000;
		break;
	case CR_QRA_VCE:
		s->sc.v[QP_MASS] = 10000;
		s->sc.v[QP_HEAT_COMBUSTION] = 46350;
		break;
	case CR_QRA_PLUME:
		s->sc.v[QP_RELEASE_RATE] = 0.4;
		s->sc.v[QP_WIND] = 3;
		break;
	default:
		s->sc.v[QP_MASS] = 200;
		s->sc.v[QP_WIND] = 3;
		break;
	}
	cr_qra_scenario_check(&s->sc, &err);
	INT_EQ(err.status, 0);
}

/* The fast grid (bounds, the Φ table, the plume's σ table) against the straightforward path,
 * every cell of a fixed case with every model, a ground-level plume in rural and urban terrain,
 * an elevated plume (not monotone: no bounds but the old ones) and a puff; the zero cells must be
 * the same cells. The grid must not depend on the thread count. */
TEST(qra_grid_equals_straightforward)
{
	struct cr_qra_source s[9];
	set_source(&s[0], CR_QRA_POOL_FIRE, -600, -500, 1e-5, NULL);
	set_source(&s[1], CR_QRA_JET_FIRE, 500, 400, 2e-5, NULL);
	set_source(&s[2], CR_QRA_BLEVE, 0, 0, 1e-6, NULL);
	set_source(&s[3], CR_QRA_VCE, 300, -450, 1e-5, NULL);
	set_source(&s[4], CR_QRA_PLUME, -200, 300, 1e-5, "chlorine");
	set_source(&s[5], CR_QRA_PLUME, 100, -100, 1e-5, "ammonia");
	s[5].sc.terrain = CR_QRA_URBAN;
	set_source(&s[6], CR_QRA_PLUME, -700, 600, 1e-5, "hydrogen_sulfide");
	s[6].sc.v[QP_RELEASE_HEIGHT] = 10;
	set_source(&s[7], CR_QRA_PUFF, 600, -700, 1e-6, "chlorine");
	s[8] = s[4];
	s[8].x_m = 37.3, s[8].y_m = -11.9; /* a source off the cell centres */
	struct cr_qra_weather w[2] = {
		{ .stability = 3,
		  .wind_m_s = 4,
		  .prob = 0.7,
		  .ndirs = 8,
		  .rose = { 0.2, 0.1, 0.1, 0.15, 0.15, 0.1, 0.1, 0.1 } },
		{ .stability = 5,
		  .wind_m_s = 1.5,
		  .prob = 0.3,
		  .ndirs = 8,
		  .rose = { 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125, 0.125 } },
	};
	enum { N = 160 };
	struct cr_qra_grid a = { -2000, -2000, 25, N, N, NULL }, b = a;
	struct cr_err err = { 0 };
	a.ir = malloc(sizeof(double) * N * N);
	b.ir = malloc(sizeof(double) * N * N);
	INT_EQ(cr_qra_risk_grid(s, 9, w, 2, &a, 1, &err), 0);
	INT_EQ(cr_qra_risk_grid(s, 9, w, 2, &b, 2, &err), 0);
	int same = 1, zeros_match = 1, lethal = 0;
	double worst = 0;
	for (int k = 0; k < N * N; k++) {
		double x = a.x0_m + (k % N + 0.5) * a.cell_m, y = a.y0_m + (k / N + 0.5) * a.cell_m;
		double exact = cr_qra_ir_at(s, 9, w, 2, x, y);
		same &= a.ir[k] == b.ir[k];
		zeros_match &= (exact == 0) == (a.ir[k] == 0);
		if (exact > 0) {
			lethal++;
			worst = fmax(worst, fabs(a.ir[k] - exact) / exact);
		}
	}
	OK(same);
	OK(zeros_match);
	OK(lethal > 2000);
	OK(worst < 1e-9);
	free(a.ir);
	free(b.ir);
}

/* A monotone model's reach bound lies past its reach, within one sample (0.46 %). */
TEST(qra_reach_bound)
{
	struct cr_qra_source s[3];
	set_source(&s[0], CR_QRA_BLEVE, 0, 0, 1, NULL);
	set_source(&s[1], CR_QRA_PLUME, 0, 0, 1, "chlorine");
	set_source(&s[2], CR_QRA_POOL_FIRE, 0, 0, 1, NULL);
	for (int i = 0; i < 3; i++) {
		double r = cr_qra_reach(&s[i].sc, CR_QRA_Y_CUT),
		       b = cr_qra_reach_bound(&s[i].sc, CR_QRA_Y_CUT);
		OK(cr_qra_monotone(&s[i].sc));
		OK(b > r && b < r * 1.0047);
		OK(cr_qra_probit_at(&s[i].sc, r, 0) >= CR_QRA_Y_CUT);
		OK(cr_qra_probit_at(&s[i].sc, r * (1 + 1e-12), 0) < CR_QRA_Y_CUT);
		OK(cr_qra_probit_at(&s[i].sc, b, 0) < CR_QRA_Y_CUT);
	}
	s[1].sc.v[QP_RELEASE_HEIGHT] = 5;
	OK(!cr_qra_monotone(&s[1].sc));
	DBL_NEAR(cr_qra_reach_bound(&s[1].sc, CR_QRA_Y_CUT), cr_qra_reach(&s[1].sc, CR_QRA_Y_CUT),
		 0);
}

static void count_seg(void *ctx, double x1, double y1, double x2, double y2)
{
	(*(int *)ctx)++;
	OK(isfinite(x1) && isfinite(y1) && isfinite(x2) && isfinite(y2));
}

/* A cone of risk 1e-5 at its centre: the 1e-6 contour is a closed ring of segments. */
TEST(qra_contour_ring)
{
	static double ir[21 * 21];
	struct cr_qra_grid g = { 0, 0, 1, 21, 21, ir };
	for (int j = 0; j < 21; j++)
		for (int i = 0; i < 21; i++)
			ir[j * 21 + i] = 1e-5 * pow(10, -0.3 * hypot(i - 10, j - 10));
	int n = 0;
	cr_qra_contour(&g, 1e-6, count_seg, &n);
	OK(n >= 16 && n <= 40);
	n = 0;
	cr_qra_contour(&g, 1e-3, count_seg, &n);
	INT_EQ(n, 0);
}

TEST(qra_fn_and_criteria)
{
	struct cr_qra_source s[2];
	struct cr_qra_weather w = {
		.stability = 3, .wind_m_s = 4, .prob = 1, .ndirs = 1, .rose = { 1 }
	};
	struct cr_qra_person_cell pop[2] = { { 0, 50, 100 }, { 300, -400, 1000 } };
	struct cr_qra_fn_point *pts = NULL;
	size_t n = 0;
	struct cr_err err = { 0 };
	sources(s);
	INT_EQ(cr_qra_fn(s, 2, &w, 1, pop, 2, &pts, &n, &err), 0);
	OK(n >= 2);
	for (size_t i = 0; i + 1 < n; i++) {
		OK(pts[i].n < pts[i + 1].n);
		OK(pts[i].f_per_year >= pts[i + 1].f_per_year);
	}
	DBL_NEAR(pts[0].n, 1, 0);
	DBL_NEAR(pts[0].f_per_year, 1.1e-4, 1e-15); /* both outcomes kill at least one */
	free(pts);
	struct cr_qra_fn_point c[2] = { { 1, 5e-6 }, { 10, 5e-7 } };
	STR_EQ(cr_qra_fn_verdict(c, 2, 1e-3, 1e-5), "acceptable");
	c[1].f_per_year = 2e-6;
	STR_EQ(cr_qra_fn_verdict(c, 2, 1e-3, 1e-5), "alarp");
	c[1].f_per_year = 2e-4;
	STR_EQ(cr_qra_fn_verdict(c, 2, 1e-3, 1e-5), "unacceptable");
	STR_EQ(cr_qra_fn_verdict(NULL, 0, 1e-3, 1e-5), "acceptable");
	DBL_NEAR(cr_qra_ir_limit(1, 0), 3e-7, 0);
	DBL_NEAR(cr_qra_ir_limit(1, 1), 3e-6, 0);
	DBL_NEAR(cr_qra_ir_limit(2, 0), 3e-6, 0);
	DBL_NEAR(cr_qra_ir_limit(3, 1), 3e-5, 0);
	DBL_NEAR(cr_qra_ir_limit(4, 1), 0, 0);
}

/* The worst case of a plume is the direction that blows onto the people; of a BLEVE the one
 * outcome. GB 36894 classes of registry targets. */
TEST(qra_worst_case_and_target_class)
{
	struct cr_qra_source s[2];
	set_source(&s[0], CR_QRA_PLUME, 0, 0, 1e-5, "chlorine");
	set_source(&s[1], CR_QRA_BLEVE, 0, 0, 1e-6, NULL);
	struct cr_qra_weather w[2] = {
		{ .stability = 3,
		  .wind_m_s = 4,
		  .prob = 0.5,
		  .ndirs = 4,
		  .rose = { 0.25, 0.25, 0.25, 0.25 } },
		{ .stability = 5,
		  .wind_m_s = 1.5,
		  .prob = 0.5,
		  .ndirs = 4,
		  .rose = { 0.25, 0.25, 0.25, 0.25 } },
	};
	/* 200 people 300 m east: the wind from the west (direction 3, 270°) carries the plume */
	struct cr_qra_person_cell pop[1] = { { 300, 0, 200 } };
	struct cr_qra_worst r;
	cr_qra_worst_case(&s[0], w, 2, pop, 1, &r);
	INT_EQ(r.dir, 3);
	INT_EQ(r.weather, 1); /* F, 1.5 m/s: the least dilution */
	DBL_NEAR(r.deaths, 200 * cr_qra_lethality(&s[0], &w[1], 3, 300, 0), 1e-12);
	OK(r.deaths > 100);
	w[1].rose[3] = 0; /* a direction that never blows is no credible case */
	cr_qra_worst_case(&s[0], w, 2, pop, 1, &r);
	INT_EQ(r.weather, 0);
	INT_EQ(r.dir, 3);
	cr_qra_worst_case(&s[1], w, 2, pop, 1, &r);
	INT_EQ(r.weather, -1);
	DBL_NEAR(r.deaths, 200 * cr_qra_lethality(&s[1], NULL, 0, 300, 0), 1e-12);
	INT_EQ(cr_qra_target_class("high", 10), 1);
	INT_EQ(cr_qra_target_class("important", 5), 1);
	INT_EQ(cr_qra_target_class("general", 100), 1);
	INT_EQ(cr_qra_target_class("general", 99), 2);
	INT_EQ(cr_qra_target_class("general", 30), 2);
	INT_EQ(cr_qra_target_class("general", 29), 3);
	INT_EQ(cr_qra_target_class("general", -1), 1);
	INT_EQ(cr_qra_target_class(NULL, 10), 1);
}
