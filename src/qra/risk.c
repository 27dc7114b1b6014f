/* risk.c — the individual-risk grid summed over sources, weather classes and wind directions,
 * evaluated in parallel row bands with each source cut off where its lethality ends; the risk at
 * a point and the societal-risk F-N curve. It must not read files or know JSON. */
#include "qra/risk.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

void cr_qra_for_weather(const struct cr_qra_scenario *in, const struct cr_qra_weather *w,
			struct cr_qra_scenario *out)
{
	*out = *in;
	if (cr_qra_directional(in)) {
		out->v[QP_WIND] = w->wind_m_s;
		out->stability = w->stability;
	}
}

/* One source under one weather class: its scenario and where its lethality ends. */
struct plan {
	struct cr_qra_scenario sc;
	double reach_m, half_m; /* NAN reach: nothing lethal */
	double weight;          /* f (isotropic) or f·p_weather */
	const struct cr_qra_weather *w;
	double sx, sy;
};

static double downwind_x(int k, int ndirs, double *ey)
{
	double th = 2.0 * M_PI * k / ndirs;
	*ey = -cos(th);
	return -sin(th);
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
	if (!cr_qra_directional(&s->sc))
		return lethal(&s->sc, sqrt(dx * dx + dy * dy), 0);
	struct cr_qra_scenario sc;
	cr_qra_for_weather(&s->sc, w, &sc);
	double ey, ex = downwind_x(k, w->ndirs, &ey);
	double xd = dx * ex + dy * ey, yc = -dx * ey + dy * ex;
	return xd > 0 ? lethal(&sc, xd, yc) : 0;
}

struct job {
	const struct plan *plans;
	size_t nplans;
	struct cr_qra_grid *g;
	int j0, j1; /* rows of this thread */
};

static void clamp_box(const struct cr_qra_grid *g, double xmin, double xmax, double ymin,
		      double ymax, int j0, int j1, int *i_lo, int *i_hi, int *j_lo, int *j_hi)
{
	double fi0 = floor((xmin - g->x0_m) / g->cell_m - 0.5),
	       fi1 = ceil((xmax - g->x0_m) / g->cell_m - 0.5);
	double fj0 = floor((ymin - g->y0_m) / g->cell_m - 0.5),
	       fj1 = ceil((ymax - g->y0_m) / g->cell_m - 0.5);
	*i_lo = fi0 < 0 ? 0 : fi0 > g->nx ? g->nx : (int)fi0;
	*i_hi = fi1 >= g->nx ? g->nx - 1 : fi1 < -1 ? -1 : (int)fi1;
	*j_lo = fj0 < j0 ? j0 : fj0 > j1 ? j1 : (int)fj0;
	*j_hi = fj1 >= j1 ? j1 - 1 : fj1 < j0 - 1 ? j0 - 1 : (int)fj1;
}

static void run_isotropic(const struct plan *p, struct cr_qra_grid *g, int j0, int j1)
{
	double r = p->reach_m * 1.01 + g->cell_m, r2 = r * r;
	int i_lo, i_hi, j_lo, j_hi;
	clamp_box(g, p->sx - r, p->sx + r, p->sy - r, p->sy + r, j0, j1, &i_lo, &i_hi, &j_lo,
		  &j_hi);
	for (int j = j_lo; j <= j_hi; j++) {
		double dy = g->y0_m + (j + 0.5) * g->cell_m - p->sy;
		double *row = g->ir + (size_t)j * g->nx;
		for (int i = i_lo; i <= i_hi; i++) {
			double dx = g->x0_m + (i + 0.5) * g->cell_m - p->sx;
			double d2 = dx * dx + dy * dy;
			if (d2 > r2)
				continue;
			double pl = lethal(&p->sc, sqrt(d2), 0);
			if (pl > 0)
				row[i] += p->weight * pl;
		}
	}
}

static void run_directional(const struct plan *p, struct cr_qra_grid *g, int j0, int j1)
{
	const struct cr_qra_weather *w = p->w;
	double xr = p->reach_m * 1.01 + g->cell_m, yh = p->half_m + g->cell_m;
	for (int k = 0; k < w->ndirs; k++) {
		if (!(w->rose[k] > 0))
			continue;
		double wk = p->weight * w->rose[k];
		double ey, ex = downwind_x(k, w->ndirs, &ey);
		/* the rectangle 0 ≤ x' ≤ xr, |y'| ≤ yh in world coordinates: its box */
		double cx[4] = { -yh * -ey, yh * -ey, xr * ex + yh * ey, xr * ex - yh * ey };
		double cy[4] = { -yh * ex, yh * ex, xr * ey - yh * ex, xr * ey + yh * ex };
		double xmin = cx[0], xmax = cx[0], ymin = cy[0], ymax = cy[0];
		for (int c = 1; c < 4; c++) {
			xmin = fmin(xmin, cx[c]);
			xmax = fmax(xmax, cx[c]);
			ymin = fmin(ymin, cy[c]);
			ymax = fmax(ymax, cy[c]);
		}
		int i_lo, i_hi, j_lo, j_hi;
		clamp_box(g, p->sx + xmin, p->sx + xmax, p->sy + ymin, p->sy + ymax, j0, j1, &i_lo,
			  &i_hi, &j_lo, &j_hi);
		for (int j = j_lo; j <= j_hi; j++) {
			double dy = g->y0_m + (j + 0.5) * g->cell_m - p->sy;
			double *row = g->ir + (size_t)j * g->nx;
			for (int i = i_lo; i <= i_hi; i++) {
				double dx = g->x0_m + (i + 0.5) * g->cell_m - p->sx;
				double xd = dx * ex + dy * ey;
				if (xd <= 0 || xd > xr)
					continue;
				double yc = -dx * ey + dy * ex;
				if (fabs(yc) > yh)
					continue;
				double pl = lethal(&p->sc, xd, yc);
				if (pl > 0)
					row[i] += wk * pl;
			}
		}
	}
}

static void *band(void *arg)
{
	struct job *jb = arg;
	for (size_t i = 0; i < jb->nplans; i++) {
		const struct plan *p = &jb->plans[i];
		if (isnan(p->reach_m))
			continue;
		if (p->w)
			run_directional(p, jb->g, jb->j0, jb->j1);
		else
			run_isotropic(p, jb->g, jb->j0, jb->j1);
	}
	return NULL;
}

/* The plans in source, weather order: one per source, or one per weather class for plumes. */
static struct plan *make_plans(const struct cr_qra_source *src, size_t n,
			       const struct cr_qra_weather *w, size_t nw, size_t *np)
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
			if (dir) {
				cr_qra_for_weather(&src[s].sc, &w[c], &p->sc);
				p->w = &w[c];
				p->weight = src[s].freq_per_year * w[c].prob;
			} else {
				p->sc = src[s].sc;
				p->weight = src[s].freq_per_year;
			}
			p->reach_m = cr_qra_reach(&p->sc, CR_QRA_Y_CUT);
			if (dir && !isnan(p->reach_m))
				p->half_m = cr_qra_halfwidth(&p->sc, CR_QRA_Y_CUT, p->reach_m);
		}
	}
	*np = k;
	return plans;
}

int cr_qra_risk_grid(const struct cr_qra_source *src, size_t n, const struct cr_qra_weather *w,
		     size_t nw, struct cr_qra_grid *g, int nthreads, struct cr_err *err)
{
	int rc = -1;
	size_t np = 0;
	struct plan *plans = make_plans(src, n, w, nw, &np);
	pthread_t th[64];
	struct job jobs[64];
	int started = 0;

	if (!plans)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	memset(g->ir, 0, sizeof(double) * (size_t)g->nx * g->ny);
	if (nthreads < 1)
		nthreads = 1;
	if (nthreads > 64)
		nthreads = 64;
	if (nthreads > g->ny)
		nthreads = g->ny;
	for (int t = 0; t < nthreads; t++) {
		jobs[t] = (struct job){ plans, np, g, (int)((long long)g->ny * t / nthreads),
					(int)((long long)g->ny * (t + 1) / nthreads) };
		if (t == nthreads - 1)
			break;
		if (pthread_create(&th[t], NULL, band, &jobs[t])) {
			cr_err_set(err, 500, "internal", "", "cannot start a thread");
			goto out;
		}
		started++;
	}
	band(&jobs[nthreads - 1]);
	rc = 0;
out:
	for (int t = 0; t < started; t++)
		pthread_join(th[t], NULL);
	free(plans);
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
	double deaths = 0;
	for (size_t i = 0; i < c->npop; i++)
		deaths +=
			c->pop[i].people * cr_qra_lethality(s, w, k, c->pop[i].x_m, c->pop[i].y_m);
	if (deaths < 1 || c->nomem)
		return;
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct fn_case *p = realloc(c->cases, cap * sizeof *p);
		if (!p) {
			c->nomem = true;
			return;
		}
		c->cases = p;
		c->cap = cap;
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
