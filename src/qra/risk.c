/* risk.c — the individual-risk grid summed over sources, weather classes and wind directions,
 * evaluated in parallel row bands with each source cut off where its lethality ends; the risk at
 * a point and the societal-risk F-N curve. It must not read files or know JSON. */
#include "qra/risk.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "core/grow.h"

void cr_qra_for_weather(const struct cr_qra_scenario *in, const struct cr_qra_weather *w,
			struct cr_qra_scenario *out)
{
	*out = *in;
	if (cr_qra_directional(in)) {
		out->v[QP_WIND] = w->wind_m_s;
		out->stability = w->stability;
	}
}

/* Φ(z) tabulated for the grid: cubic Hermite between nodes h = 1/256 apart with the exact
 * slope φ, from just below the cut-off (z = Y_CUT − 5) to z = 8.5; above it Φ is 1 (0.5·erfc(−z/√2) rounds
 * to 1.0 from z ≈ 8.3 on). Its error is at
 * most h⁴/384 times the fourth derivative of Φ, below 3·10⁻¹⁰ of Φ at the cut-off and smaller
 * above it (test_qra_risk checks 10⁻⁹ relative against erfc across the range). */
#define PHI_STEPS 256
#define PHI_Z0 (CR_QRA_Y_CUT - 5.0 - 1.0 / PHI_STEPS)
#define PHI_Z1 8.5
#define PHI_N 3395 /* (PHI_Z1 − PHI_Z0)·PHI_STEPS + 2 */
struct cr_qra_phi {
	/* the Hermite cubic of each step as a polynomial in s ∈ [0, 1): c0 + s·(c1 + s·(c2 +
	 * s·c3)), from Φ and φ/PHI_STEPS at its two nodes; one step's four in one cache line */
	double c[PHI_N][4];
};

struct cr_qra_phi *cr_qra_phi_new(void)
{
	struct cr_qra_phi *t = malloc(sizeof *t);
	double p0 = 0, d0 = 0;
	if (!t)
		return NULL;
	for (int k = 0; k < PHI_N; k++) {
		double z = PHI_Z0 + (double)k / PHI_STEPS;
		double p1 = 0.5 * erfc(-z / M_SQRT2);
		double d1 = exp(-0.5 * z * z) / sqrt(2.0 * M_PI) / PHI_STEPS;
		if (k > 0) {
			double *c = t->c[k - 1];
			c[0] = p0;
			c[1] = d0;
			c[2] = -3 * p0 - 2 * d0 + 3 * p1 - d1;
			c[3] = 2 * p0 + d0 - 2 * p1 + d1;
		}
		p0 = p1;
		d0 = d1;
	}
	memset(t->c[PHI_N - 1], 0, sizeof t->c[PHI_N - 1]); /* never read: u < PHI_N − 1 */
	return t;
}

static inline double phi_at(const struct cr_qra_phi *t, double y)
{
	double u = (y - 5.0 - PHI_Z0) * PHI_STEPS;
	if (u >= PHI_N - 1)
		return 1.0;
	if (!(u >= 0))
		return cr_qra_probit_fraction(y);
	int k = (int)u;
	double s = u - k;
	const double *c = t->c[k];
	return c[0] + s * (c[1] + s * (c[2] + s * c[3]));
}

double cr_qra_phi_at(const struct cr_qra_phi *t, double y)
{
	return phi_at(t, y);
}

/* ln(π·σy·σz) of a plume class tabulated for the grid, so a cell needs no log: in each octave
 * [2^e, 2^(e+1)) of x from 2^OCT_MIN to 2^(OCT_MAX+1) m, NPO + 3 nodes equally spaced, read by
 * 4-point Lagrange interpolation. The function is 2·ln x plus smooth terms, so the error is at
 * most 0.0234·h⁴·12/x⁴ ≤ 0.28/NPO⁴ = 4·10⁻¹² (h/x ≤ 1/NPO); cells outside the octaves, and
 * cells whose probit comes within 10⁻⁷ of the cut-off, take the exact path. */
#define OCT_MIN (-8)
#define OCT_MAX 17
#define NPO 512
struct sigma_table {
	/* the Lagrange cubic through nodes k − 1 … k + 2 of each step k of each octave as a
	 * polynomial in u ∈ [0, 1): a0 + u·(a1 + u·(a2 + u·a3)); one step's four in a cache line */
	double a[OCT_MAX - OCT_MIN + 1][NPO][4];
};

static struct sigma_table *sigma_table_new(int cls, enum cr_qra_terrain t)
{
	struct sigma_table *tab = malloc(sizeof *tab);
	if (!tab)
		return NULL;
	for (int e = OCT_MIN; e <= OCT_MAX; e++) {
		double l[NPO + 3]; /* node k − 1 at index k */
		for (int k = -1; k <= NPO + 1; k++) {
			double sy, sz, x = ldexp(1.0 + (double)k / NPO, e);
			cr_qra_plume_sigma(cls, t, x, &sy, &sz);
			l[k + 1] = log(M_PI * sy * sz);
		}
		for (int k = 0; k < NPO; k++) {
			/* −c₋₁·u(u−1)(u−2)/6 + c₀(u+1)(u−1)(u−2)/2 − c₁(u+1)u(u−2)/2 + c₂(u+1)u(u−1)/6 */
			double cm = l[k], c0 = l[k + 1], c1 = l[k + 2], c2 = l[k + 3];
			double *p = tab->a[e - OCT_MIN][k];
			p[0] = c0;
			p[1] = -cm / 3 - c0 / 2 + c1 - c2 / 6;
			p[2] = cm / 2 - c0 + c1 / 2;
			p[3] = -cm / 6 + c0 / 2 - c1 / 2 + c2 / 6;
		}
	}
	return tab;
}

/* ln(π·σy·σz) at x, or NAN outside the table. */
static inline double sigma_log(const struct sigma_table *tab, double x)
{
	uint64_t bits;
	memcpy(&bits, &x, sizeof bits);
	int e = (int)((bits >> 52) & 0x7ff) - 1023;
	if (e < OCT_MIN || e > OCT_MAX)
		return NAN;
	/* the mantissa's fraction times NPO: exact, as NPO is a power of two */
	double t = (double)(bits & ((UINT64_C(1) << 52) - 1)) * (NPO / 4503599627370496.0);
	int k = (int)t;
	double u = t - k;
	const double *p = tab->a[e - OCT_MIN][k];
	return p[0] + u * (p[1] + u * (p[2] + u * p[3]));
}

/* A ground-level plume's crosswind bound in NSEG downwind segments of [0, reach]. */
#define NSEG 64

/* One source under one weather class: its scenario and where its lethality ends. */
struct plan {
	struct cr_qra_scenario sc;
	double reach_m, half_m; /* NAN reach: nothing lethal */
	double weight;          /* f (isotropic) or f·p_weather */
	const struct cr_qra_weather *w;
	const double *dir; /* ex, ey, 1/ex, 1/ey of each wind direction of w, computed once */
	double sx, sy;
	/* in segment m ≥ 1 (of width seg_m) no lethal cell lies beyond |y'| > segw[m] */
	double seg_m, segw[NSEG];
	bool segs;                     /* a ground-level plume: segments, ground_plume_probit */
	double kq, u;                  /* its ppm factor × release rate, and its wind */
	const struct sigma_table *sig; /* its class's ln(π·σy·σz) */
	double c0, bn, bnk, sy_a;      /* see plume_probit_fast; σy = ky·x/√(1 + a·x) */
	double xr_m, yh_m;             /* the rectangle of a directional plan */
	/* fireball: probit = k0 + k1·(ln F + ln τ), F = min(r²/d², 1), τ = min(2.02·(Pw·(d − r))^−0.09, 1);
	 * VCE: z = d·inv_w13 */
	double k0, k1, r2_ball, ln_r2, hb2, r_ball, pw, ln_202, inv_w13;
	int box[CR_QRA_MAX_DIRS][4]; /* i_lo, i_hi, j_lo, j_hi of the source or each direction */
};

static void downwind(int k, int ndirs, double *ex, double *ey)
{
	double th = 2.0 * M_PI * k / ndirs;
	*ey = -cos(th);
	*ex = -sin(th);
}

static double lethal(const struct cr_qra_scenario *sc, double x, double y)
{
	double pr = cr_qra_probit_at(sc, x, y);
	return pr >= CR_QRA_Y_CUT ? cr_qra_probit_fraction(pr) : 0;
}

double cr_qra_lethality(const struct cr_qra_source *s, const struct cr_qra_weather *w, int k,
			double x_m, double y_m)
{
	double dx = x_m - s->x_m, dy = y_m - s->y_m;
	if (!cr_qra_directional(&s->sc) || !w)
		return cr_qra_directional(&s->sc) ? 0 : lethal(&s->sc, sqrt(dx * dx + dy * dy), 0);
	struct cr_qra_scenario sc;
	cr_qra_for_weather(&s->sc, w, &sc);
	double ex, ey;
	downwind(k, w->ndirs, &ex, &ey);
	double xd = dx * ex + dy * ey, yc = -dx * ey + dy * ex;
	return xd > 0 ? lethal(&sc, xd, yc) : 0;
}

struct job {
	struct plan *plans;
	size_t nplans;
	const struct cr_qra_phi *phi;
	struct sigma_table **sig; /* [stability·2 + terrain], built for the ground-level plumes */
	struct cr_qra_grid *g;
	int t, nthreads; /* this thread takes the plans t, t + n, … and the row blocks t, t + n, … */
	/* a row's cells that pass a ground-level plume's bounds, gathered before they are
	 * computed (nx each, this thread's own) */
	int *ci;
	double *cx, *cy;
	double ic; /* 1/cell */
};

static void clamp_box(const struct cr_qra_grid *g, double xmin, double xmax, double ymin,
		      double ymax, int box[4])
{
	double fi0 = floor((xmin - g->x0_m) / g->cell_m - 0.5),
	       fi1 = ceil((xmax - g->x0_m) / g->cell_m - 0.5);
	double fj0 = floor((ymin - g->y0_m) / g->cell_m - 0.5),
	       fj1 = ceil((ymax - g->y0_m) / g->cell_m - 0.5);
	box[0] = fi0 < 0 ? 0 : fi0 > g->nx ? g->nx : (int)fi0;
	box[1] = fi1 >= g->nx ? g->nx - 1 : fi1 < -1 ? -1 : (int)fi1;
	box[2] = fj0 < 0 ? 0 : fj0 > g->ny ? g->ny : (int)fj0;
	box[3] = fj1 >= g->ny ? g->ny - 1 : fj1 < -1 ? -1 : (int)fj1;
}

/* Narrows the columns [*lo, *hi] to those whose dx = x0 + (i + ½)·cell − sx can lie in
 * [dx_lo, dx_hi], two cells to spare each side (truncation stands in for floor and ceil, which
 * are calls here): the cells' own tests decide, this only skips. ic = 1/cell. */
static inline void narrow(const struct cr_qra_grid *g, double ic, double sx, double dx_lo,
			  double dx_hi, int *lo, int *hi)
{
	if (!(dx_lo <= dx_hi)) {
		*hi = *lo - 1;
		return;
	}
	double off = (sx - g->x0_m) * ic - 0.5, fl = *lo - 4, fh = *hi + 4;
	double fa = dx_lo * ic + off, fb = dx_hi * ic + off;
	fa = fa < fl ? fl : fa > fh ? fh : fa; /* also ±∞ */
	fb = fb < fl ? fl : fb > fh ? fh : fb;
	int a = (int)fa - 2, b = (int)fb + 2;
	if (a > *lo)
		*lo = a > *hi + 1 ? *hi + 1 : a;
	if (b < *hi)
		*hi = b < *lo - 1 ? *lo - 1 : b;
}

/* Intersects [*t0, *t1] with the dx for which lo ≤ a·dx + c ≤ hi, ia = 1/a (0 when |a| <
 * 10⁻¹²: then a·dx is taken as 0). No NaN reaches it, so plain comparisons serve for fmin and
 * fmax, which are calls here. */
static inline void within(double a, double ia, double c, double lo, double hi, double *t0,
			  double *t1)
{
	if (fabs(a) < 1e-12) {
		if (c < lo || c > hi)
			*t1 = -INFINITY;
		return;
	}
	double u = (lo - c) * ia, v = (hi - c) * ia;
	double uv0 = u < v ? u : v, uv1 = u < v ? v : u;
	*t0 = *t0 > uv0 ? *t0 : uv0;
	*t1 = *t1 < uv1 ? *t1 : uv1;
}

/* Past this distance the probit is below the cut-off: a monotone probit's sample past its reach,
 * the others' reach with the margin they always had. */
static double reach_bound(const struct plan *p, const struct cr_qra_grid *g)
{
	return cr_qra_monotone(&p->sc) ? p->reach_m : p->reach_m * 1.01 + g->cell_m;
}

/* A ground-level plume's lethal half-width over [x0, x1] is at most σy(x1)·√(2·(Yc(x0) −
 * Y_CUT)/(b·n)): the probit is Yc(x') − b·n·y'²/(2σy²), σy rises and the centreline probit Yc
 * falls with x'. */
static double plume_width(const struct cr_qra_scenario *sc, double x0, double x1)
{
	double sy, sz, yc = cr_qra_probit_at(sc, x0, 0);
	cr_qra_plume_sigma(sc->stability, sc->terrain, x1, &sy, &sz);
	if (!(yc > CR_QRA_Y_CUT))
		return 0;
	return sy * sqrt(2.0 * (yc - CR_QRA_Y_CUT) / (sc->tox_b * sc->tox_n)) * (1 + 1e-9) + 1e-9;
}

/* The segments' widths; the first segment's is the widest of 24 halvings towards the source
 * (inside the last, under a millionth of the reach, the width is far below a cell). The plan's
 * half-width is the widest of all. */
static void plume_segments(struct plan *p, double xr)
{
	const struct cr_qra_scenario *sc = &p->sc;
	p->seg_m = xr / NSEG;
	p->segs = true;
	p->segw[0] = 0;
	for (int k = 0; k < 24; k++)
		p->segw[0] = fmax(p->segw[0],
				  plume_width(sc, ldexp(p->seg_m, -k - 1), ldexp(p->seg_m, -k)));
	p->half_m = p->segw[0];
	for (int m = 1; m < NSEG; m++) {
		p->segw[m] = plume_width(sc, m * p->seg_m, (m + 1) * p->seg_m);
		p->half_m = fmax(p->half_m, p->segw[m]);
	}
}

/* cr_qra_probit_at of a ground-level plume with the source's terms taken out of the loop: the
 * same operations in the same order (the height term is an exact zero), so the same bits. */
static double ground_plume_probit(const struct plan *p, double x, double y)
{
	const struct cr_qra_scenario *sc = &p->sc;
	double sy, sz;
	cr_qra_plume_sigma(sc->stability, sc->terrain, x, &sy, &sz);
	double lppm = log(p->kq / (M_PI * sy * sz * p->u)) - 0.5 * (y * y) / (sy * sy);
	return sc->tox_a + sc->tox_b * (sc->tox_n * lppm + sc->log_t_min);
}

/* ground_plume_probit from the table, with the plan's constants folded in (c0 = a + b·(n·ln(kq/u)
 * + ln t), bn = b·n, bnk = b·n/(2·ky²)): within 10⁻¹⁰ of it (see sigma_table), and exactly it
 * near the cut-off so that the cells counted are the same. */
static inline double plume_probit_fast(const struct plan *p, double x, double y)
{
	double l = sigma_log(p->sig, x);
	if (isnan(l))
		return ground_plume_probit(p, x, y);
	double q = y / x;
	double pr = p->c0 - p->bn * l - p->bnk * (q * q) * (1.0 + p->sy_a * x);
	return fabs(pr - CR_QRA_Y_CUT) < 1e-7 ? ground_plume_probit(p, x, y) : pr;
}

/* The death probit of an isotropic source at distance² d2. A fireball's is cr_qra_probit_at's
 * in logarithms (no pow: ln τ = ln 2.02 − 0.09·ln(Pw·path)), and a blast's takes the charge's
 * cube root once: both within 10⁻¹³ of it, and exactly it near the cut-off, so that the cells
 * counted are the same. */
static double isotropic_probit(const struct plan *p, double d2)
{
	const struct cr_qra_scenario *sc = &p->sc;
	double pr;
	switch (sc->model) {
	case CR_QRA_BLEVE: {
		double e2 = d2 + p->hb2, d = sqrt(e2);
		double lf = p->r2_ball < e2 ? p->ln_r2 - log(e2) : 0;
		double pwx = p->pw * (d > p->r_ball ? d - p->r_ball : 0), lt = 0;
		if (pwx > 0) {
			lt = p->ln_202 - 0.09 * log(pwx);
			lt = lt < 0 ? lt : 0;
		}
		pr = p->k0 + p->k1 * (lf + lt);
		break;
	}
	case CR_QRA_VCE: {
		if (sc->vce_method != CR_QRA_VCE_TNT)
			return cr_qra_probit_at(sc, sqrt(d2), 0);
		double z = sqrt(d2) * p->inv_w13;
		pr = cr_qra_blast_probit(1000.0 * sc->v[QP_AMBIENT_P] *
					 cr_qra_overpressure_ratio(z, sc->v[QP_OVERPRESSURE_K]));
		break;
	}
	default:
		return cr_qra_probit_at(sc, sqrt(d2), 0);
	}
	return fabs(pr - CR_QRA_Y_CUT) < 1e-7 ? cr_qra_probit_at(sc, sqrt(d2), 0) : pr;
}

/* The cells of row j within distance r of an isotropic source. */
static void isotropic_row(const struct job *jb, const struct plan *p, int j, double r)
{
	const struct cr_qra_grid *g = jb->g;
	double dy = g->y0_m + (j + 0.5) * g->cell_m - p->sy, r2 = r * r;
	if (dy * dy > r2)
		return;
	double half = sqrt(r2 - dy * dy);
	int a = p->box[0][0], b = p->box[0][1];
	narrow(g, 1 / g->cell_m, p->sx, -half, half, &a, &b);
	double *row = g->ir + (size_t)j * g->nx;
	for (int i = a; i <= b; i++) {
		double dx = g->x0_m + (i + 0.5) * g->cell_m - p->sx;
		double d2 = dx * dx + dy * dy;
		if (d2 > r2)
			continue;
		double pr = isotropic_probit(p, d2);
		if (pr >= CR_QRA_Y_CUT)
			row[i] += p->weight * phi_at(jb->phi, pr);
	}
}

/* The cells of row j in the rectangle 0 < x' ≤ xr, |y'| ≤ yh downwind in direction k. */
static void directional_row(const struct job *jb, const struct plan *p, int k, int j)
{
	const struct cr_qra_grid *g = jb->g;
	double xr = p->xr_m, yh = p->yh_m, wk = p->weight * p->w->rose[k];
	const double *d = p->dir + 4 * k; /* ex, ey, 1/ex, 1/ey */
	double ex = d[0], ey = d[1];
	double dy = g->y0_m + (j + 0.5) * g->cell_m - p->sy;
	double t0 = -INFINITY, t1 = INFINITY;
	int i_lo = p->box[k][0], i_hi = p->box[k][1];
	within(ex, d[2], dy * ey, 0, xr, &t0, &t1);
	within(-ey, -d[3], dy * ex, -yh, yh, &t0, &t1);
	narrow(g, jb->ic, p->sx, t0, t1, &i_lo, &i_hi);
	double *row = g->ir + (size_t)j * g->nx;
	/* locals: the stores to row[] could otherwise alias them and force a reload per cell */
	const double x0 = g->x0_m, cell = g->cell_m, sx = p->sx;
	if (p->segs) {
		/* first the cells within the segments' bounds (a test that fails at random along
		 * the row), then their probits in a loop without such a test, so that the
		 * processor overlaps one cell's long chain of table reads with the next's */
		const double inv_seg = 1 / p->seg_m;
		int n = 0;
		for (int i = i_lo; i <= i_hi; i++) {
			double dx = x0 + (i + 0.5) * cell - sx;
			double xd = dx * ex + dy * ey, yc = -dx * ey + dy * ex;
			if (xd <= 0 || xd > xr || fabs(yc) > yh)
				continue;
			int m = (int)(xd * inv_seg);
			if (m >= NSEG || fabs(yc) > p->segw[m])
				continue;
			jb->ci[n] = i;
			jb->cx[n] = xd;
			jb->cy[n++] = yc;
		}
		const struct cr_qra_phi *phi = jb->phi;
		for (int c = 0; c < n; c++) {
			double pr = plume_probit_fast(p, jb->cx[c], jb->cy[c]);
			if (pr >= CR_QRA_Y_CUT)
				row[jb->ci[c]] += wk * phi_at(phi, pr);
		}
		return;
	}
	for (int i = i_lo; i <= i_hi; i++) {
		double dx = x0 + (i + 0.5) * cell - sx;
		double xd = dx * ex + dy * ey;
		if (xd <= 0 || xd > xr)
			continue;
		double yc = -dx * ey + dy * ex;
		if (fabs(yc) > yh)
			continue;
		double pr = cr_qra_probit_at(&p->sc, xd, yc);
		if (pr >= CR_QRA_Y_CUT)
			row[i] += wk * phi_at(jb->phi, pr);
	}
}

/* The box of each direction's rectangle 0 ≤ x' ≤ xr, |y'| ≤ yh in world coordinates. */
static void direction_boxes(struct plan *p, const struct cr_qra_grid *g)
{
	double xr = p->xr_m, yh = p->yh_m;
	for (int k = 0; k < p->w->ndirs; k++) {
		double ex = p->dir[4 * k], ey = p->dir[4 * k + 1];
		double cx[4] = { yh * ey, -yh * ey, xr * ex + yh * ey, xr * ex - yh * ey };
		double cy[4] = { -yh * ex, yh * ex, xr * ey - yh * ex, xr * ey + yh * ex };
		double xmin = cx[0], xmax = cx[0], ymin = cy[0], ymax = cy[0];
		for (int c = 1; c < 4; c++) {
			xmin = fmin(xmin, cx[c]);
			xmax = fmax(xmax, cx[c]);
			ymin = fmin(ymin, cy[c]);
			ymax = fmax(ymax, cy[c]);
		}
		clamp_box(g, p->sx + xmin, p->sx + xmax, p->sy + ymin, p->sy + ymax, p->box[k]);
		if (!(p->w->rose[k] > 0))
			p->box[k][3] = p->box[k][2] - 1;
	}
}

static bool ground_plume(const struct plan *p)
{
	return p->sc.model == CR_QRA_PLUME && cr_qra_monotone(&p->sc);
}

static void plan_limits(struct plan *p, const struct job *jb)
{
	const struct cr_qra_grid *g = jb->g;
	p->reach_m = cr_qra_reach_bound(&p->sc, CR_QRA_Y_CUT);
	if (isnan(p->reach_m))
		return;
	if (!p->w) {
		const struct cr_qra_scenario *sc = &p->sc;
		if (sc->model == CR_QRA_BLEVE) {
			p->r_ball = 0.5 * sc->ball_d;
			p->r2_ball = p->r_ball * p->r_ball;
			p->ln_r2 = log(p->r2_ball);
			p->hb2 = sc->ball_h * sc->ball_h;
			p->pw = sc->pw_pa;
			p->ln_202 = log(2.02);
			p->k1 = 2.56 * (4.0 / 3.0);
			p->k0 = sc->thermal_a + 2.56 * log(sc->ball_t) +
				p->k1 * log(1000.0 * sc->sep);
		} else if (sc->model == CR_QRA_VCE && sc->vce_method == CR_QRA_VCE_TNT) {
			p->inv_w13 = 1 / cbrt(sc->tnt_kg);
		}
		double r = reach_bound(p, g);
		clamp_box(g, p->sx - r, p->sx + r, p->sy - r, p->sy + r, p->box[0]);
		return;
	}
	p->xr_m = reach_bound(p, g);
	if (ground_plume(p)) {
		p->sig = jb->sig[p->sc.stability * 2 + (int)p->sc.terrain];
		p->kq = p->sc.ppm_per_kg_m3 * p->sc.v[QP_RELEASE_RATE];
		p->u = p->sc.v[QP_WIND];
		p->c0 = p->sc.tox_a +
			p->sc.tox_b * (p->sc.tox_n * log(p->kq / p->u) + p->sc.log_t_min);
		p->bn = p->sc.tox_b * p->sc.tox_n;
		double ky = cr_qra_plume_sy_coef(p->sc.stability, p->sc.terrain, &p->sy_a);
		p->bnk = p->bn * 0.5 / (ky * ky);
		plume_segments(p, p->xr_m);
	} else {
		p->half_m = cr_qra_halfwidth(&p->sc, CR_QRA_Y_CUT, p->reach_m);
	}
	p->yh_m = p->half_m + g->cell_m;
	direction_boxes(p, g);
}

static void *limits(void *arg)
{
	struct job *jb = arg;
	for (size_t i = (size_t)jb->t; i < jb->nplans; i += (size_t)jb->nthreads)
		plan_limits(&jb->plans[i], jb);
	return NULL;
}

/* Rows go to the threads in blocks of ROWS (a block of the grid stays in the cache while every
 * source adds to it), dealt in turn so that a cluster of sources is shared. Each cell still adds
 * its terms in source, weather, direction order. */
#define ROWS 8

static void *band(void *arg)
{
	struct job *jb = arg;
	const struct cr_qra_grid *g = jb->g;
	for (int r0 = jb->t * ROWS; r0 < g->ny; r0 += jb->nthreads * ROWS) {
		int r1 = r0 + ROWS - 1 < g->ny ? r0 + ROWS - 1 : g->ny - 1;
		for (size_t i = 0; i < jb->nplans; i++) {
			const struct plan *p = &jb->plans[i];
			if (isnan(p->reach_m))
				continue;
			for (int k = 0; k < (p->w ? p->w->ndirs : 1); k++) {
				int j0 = p->box[k][2] > r0 ? p->box[k][2] : r0,
				    j1 = p->box[k][3] < r1 ? p->box[k][3] : r1;
				for (int j = j0; j <= j1; j++)
					if (p->w)
						directional_row(jb, p, k, j);
					else
						isotropic_row(jb, p, j, reach_bound(p, g));
			}
		}
	}
	return NULL;
}

/* The plans in source, weather order: one per source, or one per weather class for plumes. */
static struct plan *make_plans(const struct cr_qra_source *src, size_t n,
			       const struct cr_qra_weather *w, size_t nw, const double *dirs,
			       size_t *np)
{
	struct plan *plans = calloc(n * (nw ? nw : 1) + 1, sizeof *plans);
	size_t k = 0;
	if (!plans)
		return NULL;
	for (size_t s = 0; s < n; s++) {
		bool dir = cr_qra_directional(&src[s].sc);
		for (size_t c = 0; c < (dir ? nw : 1); c++) {
			struct plan *p = &plans[k++];
			p->sx = src[s].x_m;
			p->sy = src[s].y_m;
			p->weight = src[s].freq_per_year;
			p->sc = src[s].sc;
			if (dir) {
				cr_qra_for_weather(&src[s].sc, &w[c], &p->sc);
				p->w = &w[c];
				p->dir = dirs + c * 4 * CR_QRA_MAX_DIRS;
				p->weight *= w[c].prob;
			}
		}
	}
	*np = k;
	return plans;
}

/* Runs fn on nthreads jobs, the last on this thread. -1 with err if a thread cannot start. */
static int run_threads(struct job *jobs, int nthreads, void *(*fn)(void *), struct cr_err *err)
{
	pthread_t th[64];
	int started = 0, rc = -1;
	for (int t = 0; t + 1 < nthreads; t++) {
		if (pthread_create(&th[t], NULL, fn, &jobs[t])) {
			cr_err_set(err, 500, "internal", "", "cannot start a thread");
			goto out;
		}
		started++;
	}
	fn(&jobs[nthreads - 1]);
	rc = 0;
out:
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	return rc;
}

int cr_qra_risk_grid(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w,
		     size_t nw, struct cr_qra_grid *g, int nthreads, struct cr_err *err)
{
	int rc = -1;
	size_t np = 0;
	double *dirs = calloc(4 * CR_QRA_MAX_DIRS * (nw ? nw : 1), sizeof *dirs);
	struct cr_qra_phi *phi = cr_qra_phi_new();
	struct plan *plans = dirs ? make_plans(src, n, w, nw, dirs, &np) : NULL;
	struct sigma_table *sig[12] = { 0 };
	struct job jobs[64];
	double *cells = NULL;
	int *cell_i = NULL;

	if (!dirs || !phi || !plans)
		goto nomem;
	for (size_t i = 0; i < np; i++) {
		const struct cr_qra_scenario *sc = &plans[i].sc;
		int c = sc->stability * 2 + (int)sc->terrain;
		if (ground_plume(&plans[i]) && !sig[c] &&
		    !(sig[c] = sigma_table_new(sc->stability, sc->terrain)))
			goto nomem;
	}
	for (size_t c = 0; c < nw; c++)
		for (int k = 0; k < w[c].ndirs && k < CR_QRA_MAX_DIRS; k++) {
			double *d = &dirs[(c * CR_QRA_MAX_DIRS + k) * 4];
			downwind(k, w[c].ndirs, &d[0], &d[1]);
			d[2] = fabs(d[0]) < 1e-12 ? 0 : 1 / d[0];
			d[3] = fabs(d[1]) < 1e-12 ? 0 : 1 / d[1];
		}
	memset(g->ir, 0, sizeof(double) * (size_t)g->nx * g->ny);
	nthreads = nthreads < 1 ? 1 : nthreads > 64 ? 64 : nthreads;
	cells = malloc((size_t)nthreads * (size_t)g->nx * 2 * sizeof(double));
	cell_i = malloc((size_t)nthreads * (size_t)g->nx * sizeof(int));
	if (!cells || !cell_i)
		goto nomem;
	for (int t = 0; t < nthreads; t++) {
		double *c = cells + (size_t)t * g->nx * 2;
		jobs[t] = (struct job){ plans, np,        phi,          sig,
					g,     t,         nthreads,     cell_i + (size_t)t * g->nx,
					c,     c + g->nx, 1 / g->cell_m };
	}
	if (run_threads(jobs, nthreads, limits, err))
		goto out;
	if (run_threads(jobs, nthreads, band, err))
		goto out;
	rc = 0;
	goto out;
nomem:
	cr_err_set(err, 500, "internal", "", "out of memory");
out:
	for (int c = 0; c < 12; c++)
		free(sig[c]);
	free(cells);
	free(cell_i);
	free(plans);
	free(phi);
	free(dirs);
	return rc;
}

/* Calls fn(ctx, freq, source, weather or NULL, direction) for every outcome with a frequency. */
static void each_outcome(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w,
			 size_t nw,
			 void (*fn)(void *, double, const struct cr_qra_source *,
				    const struct cr_qra_weather *, int),
			 void *ctx)
{
	for (size_t s = 0; s < n; s++) {
		if (!cr_qra_directional(&src[s].sc)) {
			fn(ctx, src[s].freq_per_year, &src[s], NULL, 0);
			continue;
		}
		for (size_t c = 0; c < nw; c++)
			for (int k = 0; k < w[c].ndirs; k++)
				if (w[c].rose[k] > 0)
					fn(ctx, src[s].freq_per_year * w[c].prob * w[c].rose[k],
					   &src[s], &w[c], k);
	}
}

struct at_ctx {
	double x, y, sum;
};

static void add_at(void *ctx, double f, const struct cr_qra_source *s,
		   const struct cr_qra_weather *w, int k)
{
	struct at_ctx *a = ctx;
	a->sum += f * cr_qra_lethality(s, w, k, a->x, a->y);
}

double cr_qra_ir_at(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w,
		    size_t nw, double x_m, double y_m)
{
	struct at_ctx a = { x_m, y_m, 0 };
	each_outcome(src, n, w, nw, add_at, &a);
	return a.sum;
}

static double deaths_of(const struct cr_qra_source *s, const struct cr_qra_weather *w, int k,
			const struct cr_qra_person_cell *pop, size_t npop)
{
	double deaths = 0;
	for (size_t i = 0; i < npop; i++)
		deaths += pop[i].people * cr_qra_lethality(s, w, k, pop[i].x_m, pop[i].y_m);
	return deaths;
}

void cr_qra_worst_case(const struct cr_qra_source *s, const struct cr_qra_weather *w, size_t nw,
		       const struct cr_qra_person_cell *pop, size_t npop, struct cr_qra_worst *out)
{
	*out = (struct cr_qra_worst){ 0, -1, -1 };
	if (!cr_qra_directional(&s->sc)) {
		out->deaths = deaths_of(s, NULL, 0, pop, npop);
		return;
	}
	for (size_t c = 0; c < nw; c++)
		for (int k = 0; k < w[c].ndirs; k++) {
			if (!(w[c].rose[k] > 0))
				continue; /* a direction that never blows is no credible case */
			double d = deaths_of(s, &w[c], k, pop, npop);
			if (out->weather < 0 || d > out->deaths)
				*out = (struct cr_qra_worst){ d, (int)c, k };
		}
}

struct fn_case {
	double k, f; /* floor(N), frequency */
};
struct fn_ctx {
	const struct cr_qra_person_cell *pop;
	size_t npop, n, cap;
	struct fn_case *cases;
	bool nomem;
};

static void add_case(void *ctx, double f, const struct cr_qra_source *s,
		     const struct cr_qra_weather *w, int k)
{
	struct fn_ctx *c = ctx;
	double deaths = deaths_of(s, w, k, c->pop, c->npop);
	if (deaths < 1 || c->nomem)
		return;
	if (CR_GROW(c->cases, c->cap, c->n + 1)) {
		c->nomem = true;
		return;
	}
	c->cases[c->n++] = (struct fn_case){ floor(deaths), f };
}

static int by_k_desc(const void *a, const void *b)
{
	double x = ((const struct fn_case *)a)->k, y = ((const struct fn_case *)b)->k;
	return x < y ? 1 : x > y ? -1 : 0;
}

int cr_qra_fn(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w, size_t nw,
	      const struct cr_qra_person_cell *pop, size_t npop, struct cr_qra_fn_point **pts,
	      size_t *npts, struct cr_err *err)
{
	struct fn_ctx c = { pop, npop, 0, 0, NULL, false };
	*pts = NULL;
	*npts = 0;
	each_outcome(src, n, w, nw, add_case, &c);
	if (c.nomem) {
		free(c.cases);
		return cr_err_set(err, 500, "internal", "", "out of memory");
	}
	if (c.n)
		qsort(c.cases, c.n, sizeof *c.cases, by_k_desc);
	/* distinct floor(N) values, falling, with the cumulative frequency */
	size_t m = 0;
	double cum = 0;
	for (size_t i = 0; i < c.n; i++) {
		cum += c.cases[i].f;
		if (i + 1 < c.n && c.cases[i + 1].k == c.cases[i].k)
			continue;
		c.cases[m++] = (struct fn_case){ c.cases[i].k, cum };
	}
	struct cr_qra_fn_point *out = calloc(m + 1, sizeof *out);
	if (!out) {
		free(c.cases);
		return cr_err_set(err, 500, "internal", "", "out of memory");
	}
	for (size_t i = 0; i < m; i++) {
		/* the step of cases[i] covers N from the next smaller value + 1 up to cases[i].k */
		double lo = (i + 1 < m ? c.cases[i + 1].k : 0) + 1;
		out[m - 1 - i] = (struct cr_qra_fn_point){ lo, c.cases[i].f };
	}
	free(c.cases);
	*pts = out;
	*npts = m;
	return 0;
}
