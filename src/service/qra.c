/* qra.c — reads QRA requests into src/qra/ structs (every field named in its error), runs the
 * models and the risk grid, and answers JSON: distances, contours as GeoJSON, the F-N curve with
 * its verdict. It must not touch the database: QRA computes and stores nothing. */
#include "service/qra.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "qra/risk.h"
#include "domain/methods.h"

#define MAX_SCENARIOS 5000
#define MAX_POPULATION 100000
#define MAX_CELLS 25000000.0
#define EARTH_M 6371008.8

/* Re-points an error's field under a prefix: "mass_kg" → "inputs.mass_kg". */
static int under(struct cr_err *err, const char *prefix)
{
	char f[sizeof err->field];
	snprintf(f, sizeof f, "%s%s", prefix, err->field);
	snprintf(err->field, sizeof err->field, "%s", f);
	return -1;
}

static int stability_of(const char *s)
{
	return s && s[0] >= 'A' && s[0] <= 'F' && !s[1] ? s[0] - 'A' : -1;
}

/* Reads inputs (an object) for model m into sc and checks it; fields named prefix + key. */
static int read_scenario(const json_t *inputs, enum cr_qra_model m, struct cr_qra_scenario *sc,
			 const char *prefix, struct cr_err *err)
{
	const char *key;
	json_t *val;
	cr_qra_scenario_init(sc, m);
	if (!json_is_object(inputs))
		return cr_err_set(err, 400, "invalid", "inputs", "inputs must be an object"),
		       under(err, prefix[0] ? prefix : "");
	json_object_foreach((json_t *)inputs, key, val) {
		const char *text = NULL;
		bool toxic = cr_qra_model_toxic(m), thermal = cr_qra_model_thermal(m);
		if ((toxic && (!strcmp(key, "stability") || !strcmp(key, "terrain") ||
			       !strcmp(key, "substance"))) ||
		    (thermal && !strcmp(key, "thermal_probit")) ||
		    (m == CR_QRA_VCE && !strcmp(key, "method"))) {
			if (cr_json_str(inputs, key, 31, &text, err) < 0) {
				snprintf(err->field, sizeof err->field, "inputs.%.50s", key);
				return under(err, prefix);
			}
			if (!text)
				continue;
			if (!strcmp(key, "stability")) {
				sc->stability = stability_of(text);
				if (sc->stability < 0)
					return cr_err_set(err, 400, "invalid", "inputs.stability",
							  "stability must be A, B, C, D, E or F"),
					       cr_err_param(err, "rule", "qra_stability");
			} else if (!strcmp(key, "terrain")) {
				if (strcmp(text, "rural") && strcmp(text, "urban"))
					return cr_err_set(err, 400, "invalid", "inputs.terrain",
							  "terrain must be rural or urban");
				sc->terrain = strcmp(text, "urban") ? CR_QRA_RURAL : CR_QRA_URBAN;
			} else if (!strcmp(key, "method")) {
				int vm = cr_qra_vce_method_find(text);
				if (vm < 0)
					return cr_err_set(err, 400, "invalid", "inputs.method",
							  "method must be tnt_equivalence or "
							  "multi_energy"),
					       cr_err_param(err, "rule", "qra_vce_method"),
					       under(err, prefix);
				sc->vce_method = vm;
			} else if (!strcmp(key, "substance")) {
				snprintf(sc->substance, sizeof sc->substance, "%s", text);
			} else {
				snprintf(sc->thermal_probit, sizeof sc->thermal_probit, "%s", text);
			}
			continue;
		}
		int p;
		double def, lo, hi;
		for (p = 0; p < CR_QRA_NPARAMS; p++)
			if (!strcmp(cr_qra_param_name(p), key))
				break;
		if (p == CR_QRA_NPARAMS || !cr_qra_param_spec(m, p, &def, &lo, &hi)) {
			cr_err_set(err, 400, "unknown_field", "", "model %s takes no input '%.40s'",
				   cr_qra_model_name(m), key);
			snprintf(err->field, sizeof err->field, "inputs.%.50s", key);
			return under(err, prefix);
		}
		if (cr_json_num(inputs, key, lo, hi, &sc->v[p], err) < 0) {
			snprintf(err->field, sizeof err->field, "inputs.%.50s", key);
			return under(err, prefix);
		}
	}
	if (cr_qra_scenario_check(sc, err))
		return under(err, prefix);
	return 0;
}

static int read_model(const json_t *obj, enum cr_qra_model *m, const char *prefix,
		      struct cr_err *err)
{
	const char *name = NULL;
	int rc = cr_json_str(obj, "model", 16, &name, err);
	if (rc < 0)
		return under(err, prefix);
	int k = rc == 0 ? cr_qra_model_find(name) : -1;
	if (k < 0)
		return cr_err_set(err, 400, rc ? "required" : "invalid", "model",
				  "model must be pool_fire, jet_fire, bleve, vce, plume or puff"),
		       under(err, prefix);
	*m = k;
	return 0;
}

static json_t *num_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

json_t *cr_qra_consequence_json(const json_t *body, struct cr_err *err)
{
	static const char *const keys[] = { "model", "inputs", NULL };
	enum cr_qra_model m;
	struct cr_qra_scenario sc;
	struct cr_qra_consequence c;
	if (cr_json_only(body, keys, err) || read_model(body, &m, "", err))
		return NULL;
	const json_t *inputs = json_object_get(body, "inputs");
	if (!inputs)
		return cr_err_set(err, 400, "required", "inputs", "inputs is required"), NULL;
	if (read_scenario(inputs, m, &sc, "", err))
		return NULL;
	cr_qra_consequence(&sc, &c);
	json_t *out = json_pack("{s:s}", "model", cr_qra_model_name(m));
	json_t *in = json_object(), *dist = json_array();
	for (int p = 0; p < CR_QRA_NPARAMS; p++)
		if (!isnan(sc.v[p]))
			json_object_set_new(in, cr_qra_param_name(p), json_real(sc.v[p]));
	if (cr_qra_model_toxic(m)) {
		char st[2] = { (char)('A' + sc.stability), 0 };
		json_object_set_new(in, "stability", json_string(st));
		json_object_set_new(in, "terrain", json_string(sc.terrain ? "urban" : "rural"));
		if (sc.substance[0])
			json_object_set_new(in, "substance", json_string(sc.substance));
	}
	if (cr_qra_model_thermal(m))
		json_object_set_new(in, "thermal_probit", json_string(sc.thermal_probit));
	if (m == CR_QRA_VCE)
		json_object_set_new(in, "method",
				    json_string(cr_qra_vce_method_name(sc.vce_method)));
	json_object_set_new(out, "inputs", in);
	for (size_t i = 0; i < c.nresults; i++)
		json_object_set_new(out, c.results[i].name, num_or_null(c.results[i].value));
	for (size_t i = 0; i < c.ndistances; i++)
		json_array_append_new(dist,
				      json_pack("{s:s,s:f,s:o}", "effect", c.distances[i].effect,
						"threshold", c.distances[i].threshold, "distance_m",
						num_or_null(c.distances[i].distance_m)));
	json_object_set_new(out, "distances", dist);
	return out;
}

/* ---- many scenarios ---- */

struct proj {
	double lon0, lat0, kx, ky;
};

static void to_local(const struct proj *p, double lon, double lat, double *x, double *y)
{
	*x = (lon - p->lon0) * p->kx;
	*y = (lat - p->lat0) * p->ky;
}

static json_t *to_lonlat(const struct proj *p, double x, double y)
{
	return json_pack("[f,f]", round((p->lon0 + x / p->kx) * 1e7) / 1e7,
			 round((p->lat0 + y / p->ky) * 1e7) / 1e7);
}

static int read_lonlat(const json_t *o, double *lon, double *lat, struct cr_err *err)
{
	int a = cr_json_num(o, "lon", -180, 180, lon, err);
	if (a < 0)
		return -1;
	if (a > 0)
		return cr_err_set(err, 400, "required", "lon", "lon is required");
	int b = cr_json_num(o, "lat", -85, 85, lat, err);
	if (b < 0)
		return -1;
	if (b > 0)
		return cr_err_set(err, 400, "required", "lat", "lat is required");
	return 0;
}

static int read_weather(const json_t *arr, struct cr_qra_weather **out, size_t *n,
			struct cr_err *err)
{
	static const char *const keys[] = { "stability", "wind_speed_m_s", "probability",
					    "wind_rose", NULL };
	char pre[32];
	size_t nw = arr ? json_array_size(arr) : 0;
	if (arr && (!json_is_array(arr) || nw == 0 || nw > 36))
		return cr_err_set(err, 400, "invalid", "weather",
				  "weather must be 1 to 36 classes");
	struct cr_qra_weather *w = calloc(nw ? nw : 1, sizeof *w);
	if (!w)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	*out = w;
	if (!arr) { /* one neutral class, wind from every direction alike */
		*w = (struct cr_qra_weather){
			.stability = 3, .wind_m_s = 3, .prob = 1, .ndirs = 8
		};
		for (int k = 0; k < 8; k++)
			w->rose[k] = 0.125;
		*n = 1;
		return 0;
	}
	double total = 0;
	for (size_t i = 0; i < nw; i++) {
		const json_t *o = json_array_get(arr, i);
		const char *st = NULL;
		snprintf(pre, sizeof pre, "weather[%zu].", i);
		if (!json_is_object(o))
			return cr_err_set(err, 400, "invalid", "", "a weather class is an object"),
			       under(err, pre);
		if (cr_json_only(o, keys, err) || cr_json_str(o, "stability", 1, &st, err) < 0 ||
		    cr_json_num(o, "wind_speed_m_s", 0.5, 30, &w[i].wind_m_s, err) != 0 ||
		    cr_json_num(o, "probability", 0, 1, &w[i].prob, err) != 0) {
			if (!err->status)
				cr_err_set(
					err, 400, "required", "",
					"stability, wind_speed_m_s and probability are required");
			return under(err, pre);
		}
		w[i].stability = stability_of(st);
		if (w[i].stability < 0)
			return cr_err_set(err, 400, "invalid", "stability",
					  "stability must be A to F"),
			       cr_err_param(err, "rule", "qra_stability"), under(err, pre);
		total += w[i].prob;
		const json_t *rose = json_object_get(o, "wind_rose");
		size_t nd = rose ? json_array_size(rose) : 0;
		if (rose && (!json_is_array(rose) || nd < 1 || nd > CR_QRA_MAX_DIRS))
			return cr_err_set(err, 400, "invalid", "wind_rose",
					  "wind_rose holds 1 to 36 sector shares"),
			       under(err, pre);
		w[i].ndirs = rose ? (int)nd : 8;
		double sum = 0;
		for (int k = 0; k < w[i].ndirs; k++) {
			const json_t *x = rose ? json_array_get(rose, k) : NULL;
			w[i].rose[k] = x ? json_number_value(x) : 1;
			if ((x && !json_is_number(x)) || !(w[i].rose[k] >= 0))
				return cr_err_set(err, 400, "invalid", "wind_rose",
						  "wind_rose shares are numbers ≥ 0"),
				       under(err, pre);
			sum += w[i].rose[k];
		}
		if (!(sum > 0))
			return cr_err_set(err, 400, "invalid", "wind_rose", "wind_rose sums to 0"),
			       under(err, pre);
		for (int k = 0; k < w[i].ndirs; k++)
			w[i].rose[k] /= sum;
	}
	if (fabs(total - 1) > 1e-6)
		return cr_err_set(err, 400, "invalid", "weather",
				  "the weather classes' probabilities must sum to 1");
	*n = nw;
	return 0;
}

/* Reads population points (a list) into *pop, projected; pa_index[i] is the list index of
 * pop[i]. Points from the registry (with "target_id") outside the box [x0, x1] × [y0, y1] are
 * left out: no source reaches them. Fields named "population[i].…". */
struct box {
	double x0, x1, y0, y1;
};
static int read_population(const json_t *pa, const struct proj *pj, const struct box *b,
			   struct cr_qra_person_cell **pop, size_t **pa_index, size_t *npop,
			   struct cr_err *err)
{
	static const char *const pkeys[] = { "lon",  "lat",       "people", "protection_class",
					     "name", "target_id", NULL };
	char pre[40];
	size_t n = pa ? json_array_size(pa) : 0, k = 0;
	if (pa && (!json_is_array(pa) || n > MAX_POPULATION))
		return cr_err_set(err, 400, "invalid", "population",
				  "population is a list of at most %d points", MAX_POPULATION);
	*pop = calloc(n + 1, sizeof **pop);
	*pa_index = calloc(n + 1, sizeof **pa_index);
	if (!*pop || !*pa_index)
		return cr_err_set(err, 500, "internal", "", "out of memory");
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(pa, i);
		struct cr_qra_person_cell *c = &(*pop)[k];
		double lo, la;
		long long pc, tid;
		snprintf(pre, sizeof pre, "population[%zu].", i);
		if (!json_is_object(o) || cr_json_only(o, pkeys, err) ||
		    read_lonlat(o, &lo, &la, err) ||
		    cr_json_num(o, "people", 0, 1e7, &c->people, err) != 0) {
			if (!err->status)
				cr_err_set(err, 400, "required", "people", "people is required");
			return under(err, pre);
		}
		int has_target = cr_json_int(o, "target_id", 1, LLONG_MAX, &tid, err);
		if (cr_json_int(o, "protection_class", 1, 3, &pc, err) < 0 || has_target < 0)
			return under(err, pre);
		to_local(pj, lo, la, &c->x_m, &c->y_m);
		if (has_target == 0 &&
		    (c->x_m < b->x0 || c->x_m > b->x1 || c->y_m < b->y0 || c->y_m > b->y1))
			continue;
		(*pa_index)[k++] = i;
	}
	*npop = k;
	return 0;
}

/* The risk grid's cells: 2 MB-aligned and advised for transparent huge pages, so that clearing
 * the park's 10 MB takes a few page faults instead of 2,600 (the 4 KB faults were a fifth of
 * its grid's CPU time, docs/PERFORMANCE.md); plain malloc below 2 MB or if refused. free()
 * releases either. */
static double *grid_alloc(size_t cells)
{
	size_t bytes = cells * sizeof(double), huge = (size_t)2 << 20;
	size_t round = (bytes + huge - 1) & ~(huge - 1);
	void *p = NULL;
	if (bytes >= huge && posix_memalign(&p, huge, round) == 0) {
		madvise(p, round, MADV_HUGEPAGE);
		return p;
	}
	return malloc(bytes);
}

/* Population rows with an individual-risk limit, the points above it first by IR/limit. */
static int by_excess(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	double rx = json_real_value(json_object_get(x, "ir_per_year")) /
		    json_real_value(json_object_get(x, "limit_per_year")),
	       ry = json_real_value(json_object_get(y, "ir_per_year")) /
		    json_real_value(json_object_get(y, "limit_per_year"));
	return rx < ry ? 1 : rx > ry ? -1 : 0;
}

static json_t *exceeding(const json_t *rows)
{
	size_t n = json_array_size(rows), k = 0;
	json_t **v = calloc(n + 1, sizeof *v), *out = json_array();
	for (size_t i = 0; v && i < n; i++)
		if (json_is_true(json_object_get(json_array_get(rows, i), "exceeds")))
			v[k++] = json_array_get(rows, i);
	if (k)
		qsort(v, k, sizeof *v, by_excess);
	for (size_t i = 0; i < k; i++)
		json_array_append(out, v[i]);
	free(v);
	return out;
}

struct seg_ctx {
	const struct proj *p;
	json_t *lines;
};

static void add_seg(void *ctx, double x1, double y1, double x2, double y2)
{
	struct seg_ctx *s = ctx;
	json_array_append_new(s->lines,
			      json_pack("[o,o]", to_lonlat(s->p, x1, y1), to_lonlat(s->p, x2, y2)));
}

json_t *cr_qra_risk_json(const json_t *body, int nthreads, struct cr_qra_grid *keep,
			 struct cr_err *err)
{
	static const char *const keys[] = { "scenarios",    "weather", "population", "cell_m",
					    "installation", "origin",  "threads",    NULL };
	static const char *const skeys[] = { "id",    "lon",    "lat", "frequency_per_year",
					     "model", "inputs", NULL };
	static const double levels[] = { 1e-4, 1e-5, 1e-6, 1e-7, 1e-8 };
	json_t *out = NULL;
	struct cr_qra_source *src = NULL;
	struct cr_qra_weather *w = NULL;
	struct cr_qra_person_cell *pop = NULL;
	size_t *pa_index = NULL;
	struct cr_qra_fn_point *fn = NULL;
	struct cr_qra_grid g = { 0 };
	size_t n = 0, nw = 0, npop = 0, nfn = 0;
	char pre[40];
	double cell = 10, threads = 0;
	const char *inst = "new";
	struct proj pj = { 0 };

	if (cr_json_only(body, keys, err))
		goto out;
	const json_t *sa = json_object_get(body, "scenarios");
	if (!json_is_array(sa) || json_array_size(sa) == 0 || json_array_size(sa) > MAX_SCENARIOS) {
		cr_err_set(err, 400, sa ? "invalid" : "required", "scenarios",
			   "scenarios must be a list of 1 to %d scenarios", MAX_SCENARIOS);
		goto out;
	}
	if (cr_json_num(body, "cell_m", 1, 1000, &cell, err) < 0 ||
	    cr_json_num(body, "threads", 1, 64, &threads, err) < 0 ||
	    cr_json_str(body, "installation", 16, &inst, err) < 0)
		goto out;
	if (strcmp(inst, "new") && strcmp(inst, "existing")) {
		cr_err_set(err, 400, "invalid", "installation",
			   "installation must be new or existing");
		goto out;
	}
	if (read_weather(json_object_get(body, "weather"), &w, &nw, err))
		goto out;
	n = json_array_size(sa);
	src = calloc(n, sizeof *src);
	if (!src) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		goto out;
	}
	double lon[2] = { 180, -180 }, lat[2] = { 90, -90 };
	for (size_t i = 0; i < n; i++) {
		const json_t *o = json_array_get(sa, i);
		enum cr_qra_model m;
		double lo, la;
		snprintf(pre, sizeof pre, "scenarios[%zu].", i);
		if (!json_is_object(o)) {
			cr_err_set(err, 400, "invalid", "", "a scenario is an object");
			under(err, pre);
			goto out;
		}
		if (cr_json_only(o, skeys, err) || read_lonlat(o, &lo, &la, err) ||
		    read_model(o, &m, "", err)) {
			under(err, pre);
			goto out;
		}
		int rc = cr_json_num(o, "frequency_per_year", 0, 1, &src[i].freq_per_year, err);
		if (rc) {
			if (rc > 0)
				cr_err_set(err, 400, "required", "frequency_per_year",
					   "frequency_per_year is required");
			under(err, pre);
			goto out;
		}
		if (read_scenario(json_object_get(o, "inputs"), m, &src[i].sc, pre, err))
			goto out;
		src[i].x_m = lo; /* projected below, once the origin is known */
		src[i].y_m = la;
		lon[0] = fmin(lon[0], lo), lon[1] = fmax(lon[1], lo);
		lat[0] = fmin(lat[0], la), lat[1] = fmax(lat[1], la);
	}
	pj.lon0 = 0.5 * (lon[0] + lon[1]);
	pj.lat0 = 0.5 * (lat[0] + lat[1]);
	const json_t *origin = json_object_get(body, "origin");
	if (origin && (!json_is_object(origin) || read_lonlat(origin, &pj.lon0, &pj.lat0, err))) {
		if (!err->status)
			cr_err_set(err, 400, "invalid", "", "origin is {lon, lat}");
		under(err, "origin.");
		goto out;
	}
	pj.ky = M_PI / 180 * EARTH_M;
	pj.kx = pj.ky * cos(pj.lat0 * M_PI / 180);
	double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		to_local(&pj, src[i].x_m, src[i].y_m, &src[i].x_m, &src[i].y_m);
		double r = 0;
		for (size_t c = 0; c < (cr_qra_directional(&src[i].sc) ? nw : 1); c++) {
			struct cr_qra_scenario sc;
			cr_qra_for_weather(&src[i].sc, &w[c], &sc);
			double reach = cr_qra_reach(&sc, CR_QRA_Y_CUT);
			if (!isnan(reach))
				r = fmax(r, reach);
		}
		xmin = fmin(xmin, src[i].x_m - r), xmax = fmax(xmax, src[i].x_m + r);
		ymin = fmin(ymin, src[i].y_m - r), ymax = fmax(ymax, src[i].y_m + r);
	}
	g.cell_m = cell;
	g.x0_m = floor(xmin / cell) * cell - cell;
	g.y0_m = floor(ymin / cell) * cell - cell;
	double nxd = ceil((xmax - g.x0_m) / cell) + 1, nyd = ceil((ymax - g.y0_m) / cell) + 1;
	if (nxd * nyd > MAX_CELLS) {
		cr_err_set(err, 400, "invalid", "cell_m",
			   "the grid would have %.0f cells (at most %.0f): choose a larger cell_m",
			   nxd * nyd, MAX_CELLS);
		cr_err_param(err, "rule", "qra_grid_too_large");
		goto out;
	}
	g.nx = (int)nxd;
	g.ny = (int)nyd;
	g.ir = grid_alloc((size_t)g.nx * g.ny);
	if (!g.ir) {
		cr_err_set(err, 500, "internal", "", "out of memory");
		goto out;
	}
	const json_t *pa = json_object_get(body, "population");
	struct box gb = { g.x0_m, g.x0_m + g.nx * cell, g.y0_m, g.y0_m + g.ny * cell };
	if (read_population(pa, &pj, &gb, &pop, &pa_index, &npop, err))
		goto out;
	if (nthreads <= 0)
		nthreads = threads > 0 ? (int)threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
	struct timespec c0, c1;
	double t0 = cr_clock_mono_seconds();
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	if (cr_qra_risk_grid(src, n, w, nw, &g, nthreads, err))
		goto out;
	double wall_s = cr_clock_mono_seconds() - t0;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	if (cr_qra_fn(src, n, w, nw, pop, npop, &fn, &nfn, err))
		goto out;

	size_t imax = 0, ncell = (size_t)g.nx * g.ny;
	for (size_t i = 1; i < ncell; i++)
		if (g.ir[i] > g.ir[imax])
			imax = i;
	json_t *feats = json_array();
	for (size_t l = 0; l < sizeof levels / sizeof levels[0]; l++) {
		struct seg_ctx sctx = { &pj, json_array() };
		cr_qra_contour(&g, levels[l], add_seg, &sctx);
		json_array_append_new(
			feats, json_pack("{s:s,s:{s:f},s:{s:s,s:o}}", "type", "Feature",
					 "properties", "level_per_year", levels[l], "geometry",
					 "type", "MultiLineString", "coordinates", sctx.lines));
	}
	bool existing = !strcmp(inst, "existing");
	json_t *pts = json_array(), *people = json_array();
	for (size_t i = 0; i < nfn; i++)
		json_array_append_new(
			pts, json_pack("{s:f,s:f}", "n", fn[i].n, "f_per_year", fn[i].f_per_year));
	for (size_t i = 0; i < npop; i++) {
		const json_t *o = json_array_get(pa, pa_index[i]);
		json_t *pc = json_object_get(o, "protection_class");
		double ir = cr_qra_ir_at(src, n, w, nw, pop[i].x_m, pop[i].y_m);
		json_t *row =
			json_pack("{s:I,s:f}", "index", (json_int_t)pa_index[i], "ir_per_year", ir);
		if (json_object_get(o, "name"))
			json_object_set(row, "name", json_object_get(o, "name"));
		if (json_object_get(o, "target_id"))
			json_object_set(row, "target_id", json_object_get(o, "target_id"));
		if (pc) {
			double lim = cr_qra_ir_limit((int)json_integer_value(pc), existing);
			json_object_set(row, "protection_class", pc);
			json_object_set_new(row, "limit_per_year", json_real(lim));
			json_object_set_new(row, "exceeds", json_boolean(ir > lim));
		}
		json_array_append_new(people, row);
	}
	json_t *limits = json_object();
	for (int c = 1; c <= 3; c++) {
		char k[8];
		snprintf(k, sizeof k, "class%d", c);
		json_object_set_new(limits, k, json_real(cr_qra_ir_limit(c, existing)));
	}
	out = json_pack(
		"{s:{s:f,s:f,s:f,s:i,s:i,s:i,s:f,s:f,s:o,s:f,s:o},s:{s:s,s:o},s:{s:o,s:{s:f,s:"
		"f,s:f},s:s},"
		"s:o,s:{s:s,s:o,s:s}}",
		"grid", "cell_m", cell, "x0_m", g.x0_m, "y0_m", g.y0_m, "nx", g.nx, "ny", g.ny,
		"threads", nthreads, "seconds", wall_s, "cpu_seconds",
		(double)(c1.tv_sec - c0.tv_sec) + (c1.tv_nsec - c0.tv_nsec) * 1e-9, "origin",
		json_pack("{s:f,s:f}", "lon", pj.lon0, "lat", pj.lat0), "max_ir_per_year",
		g.ir[imax], "max_at",
		to_lonlat(&pj, g.x0_m + ((double)(imax % g.nx) + 0.5) * cell,
			  g.y0_m + ((double)(imax / g.nx) + 0.5) * cell),
		"contours", "type", "FeatureCollection", "features", feats, "fn", "points", pts,
		"lines", "unacceptable_c", CR_QRA_FN_UPPER_C, "acceptable_c", CR_QRA_FN_LOWER_C,
		"slope", 1.0, "verdict",
		cr_qra_fn_verdict(fn, nfn, CR_QRA_FN_UPPER_C, CR_QRA_FN_LOWER_C), "population",
		people, "criteria", "standard", "GB 36894-2018", "individual_risk_limits_per_year",
		limits, "installation", inst);
	json_object_set_new(out, "exceeding", exceeding(people));
	if (keep) {
		*keep = g;
		g.ir = NULL;
	}
out:
	free(src);
	free(w);
	free(pop);
	free(pa_index);
	free(fn);
	free(g.ir);
	return out;
}

/* ---- grading from physics ---- */

static const char *const from_names[] = { "N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
					  "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW" };

json_t *cr_qra_grade_json(const json_t *body, const struct cr_methods_config *cfg,
			  struct cr_err *err)
{
	static const char *const keys[] = { "scenario", "weather",  "population",
					    "injuries", "loss_cny", NULL };
	static const char *const skeys[] = { "lon", "lat", "model", "inputs", NULL };
	json_t *out = NULL;
	struct cr_qra_source src = { 0 };
	struct cr_qra_weather *w = NULL;
	struct cr_qra_person_cell *pop = NULL;
	size_t *pa_index = NULL, nw = 0, npop = 0;
	double injuries = 0, loss = 0, lon, lat;
	enum cr_qra_model m;
	struct proj pj = { 0 };

	if (cr_json_only(body, keys, err))
		goto out;
	const json_t *so = json_object_get(body, "scenario");
	if (!json_is_object(so)) {
		cr_err_set(err, 400, so ? "invalid" : "required", "scenario",
			   "scenario is {lon, lat, model, inputs}");
		goto out;
	}
	if (cr_json_only(so, skeys, err) || read_lonlat(so, &lon, &lat, err) ||
	    read_model(so, &m, "", err)) {
		under(err, "scenario.");
		goto out;
	}
	if (read_scenario(json_object_get(so, "inputs"), m, &src.sc, "scenario.", err) ||
	    read_weather(json_object_get(body, "weather"), &w, &nw, err) ||
	    cr_json_num(body, "injuries", 0, 1e7, &injuries, err) < 0 ||
	    cr_json_num(body, "loss_cny", 0, 1e13, &loss, err) < 0)
		goto out;
	pj.lon0 = lon, pj.lat0 = lat;
	pj.ky = M_PI / 180 * EARTH_M;
	pj.kx = pj.ky * cos(pj.lat0 * M_PI / 180);
	src.freq_per_year = 1;
	double r = 0;
	for (size_t c = 0; c < (cr_qra_directional(&src.sc) ? nw : 1); c++) {
		struct cr_qra_scenario sc;
		cr_qra_for_weather(&src.sc, &w[c], &sc);
		double reach = cr_qra_reach(&sc, CR_QRA_Y_CUT);
		if (!isnan(reach))
			r = fmax(r, reach * 1.01 + 1);
	}
	struct box b = { -r, r, -r, r };
	const json_t *pa = json_object_get(body, "population");
	if (read_population(pa, &pj, &b, &pop, &pa_index, &npop, err))
		goto out;
	struct cr_qra_worst worst;
	cr_qra_worst_case(&src, w, nw, pop, npop, &worst);
	const struct cr_qra_weather *ww = worst.weather >= 0 ? &w[worst.weather] : NULL;
	json_t *reached = json_array();
	for (size_t i = 0; i < npop; i++) {
		double p = cr_qra_lethality(&src, ww, worst.dir, pop[i].x_m, pop[i].y_m);
		if (!(p > 0))
			continue;
		const json_t *o = json_array_get(pa, pa_index[i]);
		json_t *row =
			json_pack("{s:I,s:f,s:f,s:f}", "index", (json_int_t)pa_index[i], "people",
				  pop[i].people, "lethality", p, "deaths", pop[i].people * p);
		if (json_object_get(o, "name"))
			json_object_set(row, "name", json_object_get(o, "name"));
		if (json_object_get(o, "target_id"))
			json_object_set(row, "target_id", json_object_get(o, "target_id"));
		json_array_append_new(reached, row);
	}
	/* the accident class from the whole deaths of the expected toll of the worst case */
	double deaths = floor(worst.deaths + 1e-9);
	struct cr_factor f[3] = { { "deaths", deaths },
				  { "injuries", floor(injuries) },
				  { "loss_cny", loss } };
	struct cr_assessment a;
	if (cr_assess(cfg, CR_METHOD_CONSEQUENCE, f, 3, &a, err)) {
		json_decref(reached);
		goto out;
	}
	json_t *wj = json_null();
	if (ww) {
		char st[2] = { (char)('A' + ww->stability), 0 };
		double deg = 360.0 * worst.dir / ww->ndirs;
		wj = json_pack("{s:s,s:f,s:f,s:s?}", "stability", st, "wind_speed_m_s",
			       ww->wind_m_s, "from_deg", deg, "from",
			       ww->ndirs == 16  ? from_names[worst.dir]
			       : ww->ndirs == 8 ? from_names[2 * worst.dir]
			       : ww->ndirs == 4 ? from_names[4 * worst.dir]
						: NULL);
	}
	out = json_pack("{s:s,s:f,s:I,s:o,s:I,s:o,s:{s:s,s:{s:I,s:I,s:f},s:f,s:i,s:s}}", "model",
			cr_qra_model_name(m), "deaths_expected", worst.deaths, "deaths",
			(json_int_t)deaths, "worst", wj, "people_points", (json_int_t)npop,
			"reached", reached, "assessment", "method", "consequence", "inputs",
			"deaths", (json_int_t)deaths, "injuries", (json_int_t)floor(injuries),
			"loss_cny", loss, "score", a.score, "grade", a.grade, "explain", a.explain);
out:
	free(w);
	free(pop);
	free(pa_index);
	return out;
}
