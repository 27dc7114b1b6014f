/* risk.h — many scenarios: the individual-risk grid summed over every source, weather class and
 * wind direction (threaded by row bands, each source cut off where lethality ends), its
 * contours, the societal-risk F-N curve on population points, and the GB 36894 criteria. Pure. */
#ifndef CR_QRA_RISK_H
#define CR_QRA_RISK_H

#include <stddef.h>

#include "core/err.h"
#include "qra/scenario.h"

struct cr_qra_source {
	struct cr_qra_scenario
		sc;           /* checked; plume/puff wind and stability come from the weather */
	double x_m, y_m;      /* local metres east and north of the origin */
	double freq_per_year; /* frequency of this outcome */
};

#define CR_QRA_MAX_DIRS 36
struct cr_qra_weather {
	int stability; /* 0..5 = A..F */
	double wind_m_s;
	double prob; /* share of the time; the classes sum to 1 */
	int ndirs;   /* wind rose sectors; direction k blows FROM k·360/ndirs degrees */
	double rose[CR_QRA_MAX_DIRS]; /* shares of each sector, summing to 1 */
};

struct cr_qra_grid {
	double x0_m, y0_m, cell_m; /* south-west corner; cell (i, j) centre x0 + (i + ½)·cell */
	int nx, ny;
	double *ir; /* ny·nx individual risk per year, row j = south to north; malloc'd by caller */
};

/* Sums every source's individual risk into g->ir (zeroed first) with nthreads threads. The
 * result does not depend on nthreads: each cell adds its terms in source, weather, direction
 * order. It equals the sum of cr_qra_lethality (cr_qra_ir_at) to 10⁻⁹ relative: each probit is
 * the same, Φ comes from the cr_qra_phi table, and cells are skipped only where bounds prove the
 * probit below the cut-off. -1 with err (500) on no memory or if a thread cannot start. */
int cr_qra_risk_grid(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w,
		     size_t nw, struct cr_qra_grid *g, int nthreads, struct cr_err *err);

/* The lethality of source s under weather w blowing from direction k at (x, y) metres;
 * 0 below the cut-off probit. For the non-directional models w and k are ignored (w may be
 * NULL); a directional one without weather is 0. */
double cr_qra_lethality(const struct cr_qra_source *s, const struct cr_qra_weather *w, int k,
			double x_m, double y_m);
/* Prepares a source's scenario for a weather class (wind speed, stability). */
void cr_qra_for_weather(const struct cr_qra_scenario *in, const struct cr_qra_weather *w,
			struct cr_qra_scenario *out);

/* Φ(Y − 5) as the grid evaluates it: a table (malloc'd; free it) with cubic Hermite steps,
 * within 10⁻⁹ relative of cr_qra_probit_fraction for Y ≥ CR_QRA_Y_CUT. NULL on no memory. */
struct cr_qra_phi;
struct cr_qra_phi *cr_qra_phi_new(void);
double cr_qra_phi_at(const struct cr_qra_phi *t, double y);

/* Contours: marching squares over the cell centres. Calls seg for every segment of the level
 * (coordinates in local metres). */
void cr_qra_contour(const struct cr_qra_grid *g, double level,
		    void (*seg)(void *ctx, double x1, double y1, double x2, double y2), void *ctx);

/* Societal risk. Each outcome (source × weather × direction) kills N = Σ people·P; F(N) is the
 * frequency of outcomes with at least N deaths. */
struct cr_qra_person_cell {
	double x_m, y_m, people;
};
struct cr_qra_fn_point {
	double n, f_per_year; /* F of ≥ n deaths, n the smallest integer of the step */
};
/* Fills pts (malloc'd, *npts) with the F-N steps for N ≥ 1, n rising. -1 with err on no memory. */
int cr_qra_fn(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w, size_t nw,
	      const struct cr_qra_person_cell *pop, size_t npop, struct cr_qra_fn_point **pts,
	      size_t *npts, struct cr_err *err);
/* A source's credible worst case: the outcome (weather class × wind direction; the only one for
 * fires and explosions; directions with a share of the rose) that kills the most people among
 * pop, N = Σ people·P. weather and dir are -1 for a non-directional source; ties keep the first
 * in weather, direction order. */
struct cr_qra_worst {
	double deaths;
	int weather, dir;
};
void cr_qra_worst_case(const struct cr_qra_source *s, const struct cr_qra_weather *w, size_t nw,
		       const struct cr_qra_person_cell *pop, size_t npop, struct cr_qra_worst *out);
/* The individual risk (per year) at one point, summed exactly as the grid does. */
double cr_qra_ir_at(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w,
		    size_t nw, double x_m, double y_m);

/* GB 36894-2018 (criteria.c). Individual-risk limit (per year) for protection class 1..3
 * (class 1 includes high-sensitivity and important targets) of a new or existing installation;
 * 0 for an unknown class. */
double cr_qra_ir_limit(int protection_class, int existing);
/* The GB 36894 class (1..3) of a registry target: "high" (高敏感) and "important" (重要) are
 * class 1; a "general" (一般) target is class 1 with ≥ 100 people, 2 with 30–99, 3 with fewer
 * (qra-reference.md, [U] labels); unknown people (-1) or an unknown class count as class 1. */
int cr_qra_target_class(const char *registry_class, long long people);
/* The F-N verdict against F = upper_c/N (unacceptable above) and F = lower_c/N (acceptable
 * below): "acceptable", "alarp" or "unacceptable". */
const char *cr_qra_fn_verdict(const struct cr_qra_fn_point *pts, size_t n, double upper_c,
			      double lower_c);
#define CR_QRA_FN_UPPER_C 1e-3
#define CR_QRA_FN_LOWER_C 1e-5

#endif
