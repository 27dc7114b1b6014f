/* test_qra_risk.c — unit tests of qra/risk.h: the grid equals the point sum and does not depend
 * on the thread count, contours, the F-N steps and verdicts, GB 36894 limits. No I/O. */
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
	/* a cell equals the exact sum at its centre */
	for (int k = 0; k < 150 * 150; k += 997) {
		double x = a.x0_m + (k % 150 + 0.5) * 20, y = a.y0_m + (k / 150 + 0.5) * 20;
		DBL_NEAR(a.ir[k], cr_qra_ir_at(s, 2, &w, 1, x, y), 1e-20);
	}
	free(a.ir);
	free(b.ir);
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
