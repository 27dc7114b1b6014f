/* analysis.c — scopes aggregate questions to the caller, colours areas with the superposition
 * rules of domain/superpose.c, and caches answers as JSON text until the next write. It must
 * not write anything. */
#include "service/analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/geo.h"
#include "domain/grade.h"
#include "io/geojson.h"
#include "service/config.h"
#include "service/overview.h"
#include "service/risk_changes.h"
#include "store/analysis.h"
#include "store/db.h"
#include "store/query_cache.h"
#include "store/regions.h"

/* ===== Scope ===== */

struct scope_buf {
	struct cr_risk_scope s;
	struct cr_scope user;
};

static int scope_for(const struct cr_user *u, const struct cr_analysis_query *q,
		     struct scope_buf *b, struct cr_err *err)
{
	memset(b, 0, sizeof *b);
	if (cr_user_scope(u, q->region, q->dept, 0, &b->user, err))
		return -1;
	b->s.region_prefix = b->user.region;
	b->s.dept = b->user.dept;
	b->s.unit_id = b->user.unit_id;
	b->s.sector = q->sector;
	if (q->grade && *q->grade && !(b->s.grade = cr_grade_parse(q->grade)))
		return cr_err_set(err, 400, "invalid", "grade", "grade must be 1–4 or a colour");
	if ((b->s.dept && strlen(b->s.dept) > 15) || (b->s.sector && strlen(b->s.sector) > 8))
		return cr_err_set(err, 400, "invalid",
				  b->s.dept && strlen(b->s.dept) > 15 ? "dept" : "sector",
				  "unknown code");
	return 0;
}

/* The cache key: what was asked and within which scope. */
static void cache_key(char *out, size_t cap, const char *what, const struct cr_risk_scope *s,
		      const char *extra)
{
	snprintf(out, cap, "%s|%s|%s|%s|%lld|%d|%s", what, s->region_prefix ? s->region_prefix : "",
		 s->dept ? s->dept : "", s->sector ? s->sector : "", s->unit_id, s->grade,
		 extra ? extra : "");
}

static char *dump_and_cache(const char *key, json_t *v)
{
	if (!v)
		return NULL;
	char *text = cr_json_dump(v);
	json_decref(v);
	if (text)
		cr_text_cache_put(key, text);
	return text;
}

/* ===== Statistics ===== */

char *cr_stats_risks_text(struct cr_conn *c, const struct cr_user *u,
			  const struct cr_analysis_query *q, struct cr_err *err)
{
	struct scope_buf b;
	if (scope_for(u, q, &b, err))
		return NULL;
	enum cr_stat_dim dims[CR_DIM_COUNT];
	int nd = 0;
	char by[128];
	snprintf(by, sizeof by, "%s", q->by && *q->by ? q->by : "grade");
	if (q->by && strlen(q->by) >= sizeof by) {
		cr_err_set(err, 400, "invalid", "by", "too many dimensions");
		return NULL;
	}
	for (char *save = NULL, *tok = strtok_r(by, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		enum cr_stat_dim d;
		if (cr_stat_dim_parse(tok, &d)) {
			cr_err_set(err, 400, "invalid", "by",
				   "unknown dimension '%s' (grade, district, town, sector, section,"
				   " dept, accident_type, quarter)",
				   tok);
			return NULL;
		}
		for (int i = 0; i < nd; i++)
			if (dims[i] == d) {
				cr_err_set(err, 400, "invalid", "by", "dimension '%s' twice", tok);
				return NULL;
			}
		dims[nd++] = d;
	}
	char key[512], extra[160];
	snprintf(extra, sizeof extra, "%s", q->by ? q->by : "grade");
	cache_key(key, sizeof key, "stats", &b.s, extra);
	char *hit = cr_text_cache_get(key);
	if (hit)
		return hit;
	json_t *out = cr_store_risk_stats(c, &b.s, dims, nd, err);
	if (out) {
		json_t *names = json_array();
		for (int i = 0; i < nd; i++)
			json_array_append_new(names, json_string(cr_stat_dim_name(dims[i])));
		json_object_set_new(out, "by", names);
	}
	return dump_and_cache(key, out);
}

/* ===== Areas ===== */

static json_t *counts_json(const long n[5])
{
	return json_pack("{sI sI sI sI}", "1", (json_int_t)n[1], "2", (json_int_t)n[2], "3",
			 (json_int_t)n[3], "4", (json_int_t)n[4]);
}

static json_t *thresholds_json(const struct cr_area_thresholds *t)
{
	/* With too few cells a colour may have no threshold (HUGE_VAL): say null, not Infinity. */
	json_t *o = json_object();
	json_object_set_new(o, "red", isfinite(t->red) ? json_real(t->red) : json_null());
	json_object_set_new(o, "orange", isfinite(t->orange) ? json_real(t->orange) : json_null());
	json_object_set_new(o, "yellow", isfinite(t->yellow) ? json_real(t->yellow) : json_null());
	return o;
}

struct outline {
	struct cr_multipolygon mp;
	double area_km2;
	char name[64];
	bool has;
};

static void region_info(struct cr_conn *c, const char *code, bool want_outline, struct outline *o)
{
	memset(o, 0, sizeof *o);
	if (cr_store_region_name(c, code, o->name, sizeof o->name, NULL) == 0 && want_outline &&
	    cr_store_region_outline(c, code, &o->mp, &o->has, NULL) == 0 && o->has)
		o->area_km2 = cr_multipolygon_area_km2(&o->mp);
}

/* Thresholds from the 1 km grid cells in scope (the default rule of risk-methods.md). */
static int grid_thresholds(struct cr_conn *c, const struct cr_risk_scope *s,
			   struct cr_area_thresholds *t, struct cr_err *err)
{
	const struct cr_superpose_config *cfg = &cr_config()->superpose;
	struct cr_area_count *cells;
	size_t n;
	if (cr_store_area_counts(c, s, CR_AREA_GRID, &cells, &n, err))
		return -1;
	int rc = -1;
	double *idx = malloc((n ? n : 1) * sizeof *idx);
	if (!idx) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = cr_superpose_index(cfg, cells[i].counts);
	if (cr_area_thresholds_compute(cfg, idx, n, t, err))
		goto out;
	rc = 0;
out:
	free(idx);
	free(cells);
	return rc;
}

static int parse_level(const char *s, enum cr_area_level *out, struct cr_err *err)
{
	if (!s || !*s || strcmp(s, "district") == 0)
		*out = CR_AREA_DISTRICT;
	else if (strcmp(s, "town") == 0)
		*out = CR_AREA_TOWN;
	else if (strcmp(s, "grid") == 0)
		*out = CR_AREA_GRID;
	else
		return cr_err_set(err, 400, "invalid", "level",
				  "level must be district, town or grid");
	return 0;
}

/* The district superposition that the city level and the district colours come from, whatever
 * level is asked for (docs/METHODS.md "Area superposition"). Districts are compared by index per
 * km² of their outline; when any outline is missing, by their index against the mean index. */
struct district_frame {
	double total_index, total_km2;
	double reference; /* density of all districts together, or mean index per district */
	bool by_density;
	const char *city_level;
};

static int district_frame(struct cr_conn *c, const struct cr_risk_scope *s,
			  struct district_frame *f, struct cr_err *err)
{
	const struct cr_superpose_config *cfg = &cr_config()->superpose;
	struct cr_area_count *a = NULL;
	size_t n = 0;
	memset(f, 0, sizeof *f);
	if (cr_store_area_counts(c, s, CR_AREA_DISTRICT, &a, &n, err))
		return -1;
	double *idx = malloc((n ? n : 1) * 2 * sizeof *idx);
	if (!idx) {
		free(a);
		return cr_err_set(err, 500, "oom", "", "out of memory");
	}
	double *km2 = idx + (n ? n : 1);
	f->by_density = n > 0;
	for (size_t i = 0; i < n; i++) {
		struct outline o;
		region_info(c, a[i].code, true, &o);
		idx[i] = cr_superpose_index(cfg, a[i].counts);
		km2[i] = o.has ? o.area_km2 : 0;
		if (o.has)
			cr_multipolygon_free(&o.mp);
		if (!(km2[i] > 0))
			f->by_density = false;
		f->total_index += idx[i];
		f->total_km2 += km2[i];
	}
	if (f->by_density)
		f->reference = f->total_index / f->total_km2;
	else if (n)
		f->reference = f->total_index / (double)n;
	if (cfg->city_rule == CR_CITY_DISTRICTS) {
		size_t by_colour[5] = { 0 };
		for (size_t i = 0; i < n; i++)
			by_colour[cr_grade_from_color(cr_district_color(
				cfg, f->by_density ? idx[i] / km2[i] : idx[i], f->reference))]++;
		f->city_level = cr_city_level(cfg, by_colour);
	} else {
		f->city_level = f->by_density
					? cr_city_level_density(cfg, f->total_index, f->total_km2)
					: "unassessed";
	}
	free(idx);
	free(a);
	return 0;
}

static json_t *city_json(const struct district_frame *f)
{
	const struct cr_superpose_config *cfg = &cr_config()->superpose;
	bool dens = cfg->city_rule == CR_CITY_DENSITY;
	json_t *o = json_pack("{ss ss sf sf}", "level", f->city_level, "rule",
			      dens ? "density" : "districts", "index", f->total_index, "km2",
			      f->total_km2);
	json_object_set_new(o, "density",
			    f->by_density ? json_real(f->total_index / f->total_km2) : json_null());
	json_object_set_new(o, "thresholds",
			    dens ? json_pack("{sf sf sf}", "red", cfg->city_density[0], "orange",
					     cfg->city_density[1], "yellow", cfg->city_density[2])
				 : json_pack("{sf sf sf}", "red", cfg->city_min_share[0], "orange",
					     cfg->city_min_share[1], "yellow",
					     cfg->city_min_share[2]));
	return o;
}

static json_t *areas_json(struct cr_conn *c, const struct cr_risk_scope *s,
			  enum cr_area_level level, bool geojson, bool makeup, struct cr_err *err)
{
	const struct cr_config *cfg = cr_config();
	struct cr_area_thresholds cells_t, t;
	struct district_frame df;
	struct cr_area_count *a = NULL;
	size_t n = 0;
	if (grid_thresholds(c, s, &cells_t, err) || district_frame(c, s, &df, err) ||
	    cr_store_area_counts(c, s, level, &a, &n, err))
		return NULL;
	double *idx = malloc((n ? n : 1) * sizeof *idx);
	if (!idx) {
		free(a);
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		idx[i] = cr_superpose_index(&cfg->superpose, a[i].counts);
	/* Districts are coloured against all districts together: index per km² as a multiple of
	 * the density of the whole (district_ratio); towns, which have no outline in our data, by
	 * quantiles among the towns; cells directly on the grid's thresholds. */
	t = cells_t;
	if (level == CR_AREA_DISTRICT) {
		t.red = cfg->superpose.district_ratio[0] * df.reference;
		t.orange = cfg->superpose.district_ratio[1] * df.reference;
		t.yellow = cfg->superpose.district_ratio[2] * df.reference;
		t.grade1_at_least_orange = false;
	}
	if (level == CR_AREA_TOWN && cr_area_thresholds_compute(&cfg->superpose, idx, n, &t, err)) {
		free(idx);
		free(a);
		return NULL;
	}
	json_t *mk =
		makeup || level != CR_AREA_GRID ? cr_store_area_makeup(c, s, level, 5, err) : NULL;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct outline o = { 0 };
		double bbox[4] = { 0 }, measure = idx[i];
		json_t *geom = NULL;
		if (level == CR_AREA_GRID) {
			cr_grid_cell_bbox(a[i].cell_x, a[i].cell_y, cfg->grid_ref_lat,
					  cfg->superpose.cell_m, bbox);
			snprintf(o.name, sizeof o.name, "%s", a[i].code);
			if (geojson)
				geom = json_pack("{ss s[[[ff][ff][ff][ff][ff]]]}", "type",
						 "Polygon", "coordinates", bbox[0], bbox[1],
						 bbox[2], bbox[1], bbox[2], bbox[3], bbox[0],
						 bbox[3], bbox[0], bbox[1]);
		} else {
			region_info(c, a[i].code, level == CR_AREA_DISTRICT, &o);
			if (o.has) {
				memcpy(bbox, o.mp.bbox, sizeof bbox);
				if (o.area_km2 > 0 && (level != CR_AREA_DISTRICT || df.by_density))
					measure = idx[i] / o.area_km2;
				if (geojson)
					geom = cr_geojson_write_multipolygon(&o.mp, 4);
			}
		}
		const char *color =
			level == CR_AREA_DISTRICT
				? cr_district_color(&cfg->superpose, measure, df.reference)
				: cr_area_color(&t, measure, a[i].counts[1] > 0);
		json_t *m = mk ? json_object_get(mk, a[i].code) : NULL;
		json_t *props = json_pack(
			"{ss ss sf so ss sb so so}", "code", a[i].code, "name", o.name, "index",
			idx[i], "density",
			o.area_km2 > 0 ? json_real(idx[i] / o.area_km2) : json_null(), "color",
			color, "has_grade1", a[i].counts[1] > 0, "counts", counts_json(a[i].counts),
			"bbox", json_pack("[ffff]", bbox[0], bbox[1], bbox[2], bbox[3]));
		/* The number the colour was decided on, in the thresholds' unit. */
		json_object_set_new(props, "measure", json_real(measure));
		/* Towns have no outline in our data: where their points are, on average. */
		if (level == CR_AREA_TOWN)
			json_object_set_new(props, "centre",
					    a[i].has_centre ? json_pack("[ff]", a[i].lon, a[i].lat)
							    : json_null());
		if (level == CR_AREA_DISTRICT)
			json_object_set_new(props, "ratio",
					    df.reference > 0 ? json_real(measure / df.reference)
							     : json_null());
		if (m) {
			json_object_set(props, "by_sector", json_object_get(m, "by_sector"));
			json_object_set(props, "by_accident_type",
					json_object_get(m, "by_accident_type"));
		}
		if (geojson)
			json_array_append_new(
				items, json_pack("{ss so so}", "type", "Feature", "geometry",
						 geom ? geom : json_null(), "properties", props));
		else
			json_array_append_new(items, props);
		if (o.has)
			cr_multipolygon_free(&o.mp);
	}
	free(idx);
	free(a);
	json_decref(mk);
	const char *levels[] = { "district", "town", "grid" };
	/* measure: what the thresholds compare ("density" = index per km²); rule: how they were set
	 * ("ratio" of all districts together, "quantile" or "fixed"). */
	const char *rule = cfg->superpose.mode == CR_SUPERPOSE_FIXED ? "fixed" : "quantile";
	json_t *th = thresholds_json(&t);
	json_object_set_new(
		th, "measure",
		json_string(level == CR_AREA_DISTRICT && df.by_density ? "density" : "index"));
	json_object_set_new(th, "rule", json_string(level == CR_AREA_DISTRICT ? "ratio" : rule));
	json_t *out = json_pack("{ss s[ffff] so ss so}", "level", levels[level], "weights",
				cfg->superpose.weights[1], cfg->superpose.weights[2],
				cfg->superpose.weights[3], cfg->superpose.weights[4], "thresholds",
				th, "city_level", df.city_level, "city", city_json(&df));
	if (level == CR_AREA_DISTRICT)
		json_object_set_new(out, "district_ratio",
				    json_pack("[fff]", cfg->superpose.district_ratio[0],
					      cfg->superpose.district_ratio[1],
					      cfg->superpose.district_ratio[2]));
	if (geojson) {
		json_object_set_new(out, "type", json_string("FeatureCollection"));
		json_object_set_new(out, "features", items);
	} else {
		json_object_set_new(out, "items", items);
	}
	return out;
}

char *cr_areas_risk_text(struct cr_conn *c, const struct cr_user *u,
			 const struct cr_analysis_query *q, struct cr_err *err)
{
	struct scope_buf b;
	enum cr_area_level level = CR_AREA_DISTRICT;
	if (scope_for(u, q, &b, err) || parse_level(q->level, &level, err))
		return NULL;
	bool geojson = q->format && strcmp(q->format, "geojson") == 0;
	if (q->format && *q->format && !geojson && strcmp(q->format, "json") != 0) {
		cr_err_set(err, 400, "invalid", "format", "format must be json or geojson");
		return NULL;
	}
	bool makeup = q->makeup && strcmp(q->makeup, "1") == 0;
	char key[512], extra[64];
	snprintf(extra, sizeof extra, "%d|%d|%d", level, geojson, makeup);
	cache_key(key, sizeof key, "areas", &b.s, extra);
	char *hit = cr_text_cache_get(key);
	return hit ? hit : dump_and_cache(key, areas_json(c, &b.s, level, geojson, makeup, err));
}

/* ===== Map ===== */

/* The colour beside each point's grade, and a cluster's grade (the highest it holds) with its
 * colour after its count, as the map has always had them. */
static json_t *map_decorate(json_t *fc)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(fc, "features"), i, f) {
		json_t *p = json_object_get(f, "properties");
		int grade;
		if (json_object_get(p, "cluster")) {
			json_t *n = json_object_get(p, "counts");
			long long counts[5] = { 0 };
			for (int g = 1; g <= 4; g++) {
				char k[2] = { (char)('0' + g), 0 };
				counts[g] = json_integer_value(json_object_get(n, k));
			}
			grade = cr_grade_top(counts);
			cr_json_set_after(p, "count", "grade", json_integer(grade));
		} else {
			grade = (int)json_integer_value(json_object_get(p, "grade"));
		}
		const char *color = cr_grade_color(grade);
		cr_json_set_after(p, "grade", "color", json_string(color ? color : ""));
	}
	return fc;
}

char *cr_map_risks_text(struct cr_conn *c, const struct cr_user *u,
			const struct cr_analysis_query *q, struct cr_err *err)
{
	struct scope_buf b;
	if (scope_for(u, q, &b, err))
		return NULL;
	double box[4];
	char tail;
	if (!q->bbox ||
	    sscanf(q->bbox, "%lf,%lf,%lf,%lf%c", &box[0], &box[1], &box[2], &box[3], &tail) != 4 ||
	    !(box[0] >= -180 && box[2] <= 180 && box[1] >= -90 && box[3] <= 90 && box[0] < box[2] &&
	      box[1] < box[3])) {
		cr_err_set(err, 400, "invalid", "bbox", "bbox must be minlon,minlat,maxlon,maxlat");
		return NULL;
	}
	long zoom = 10;
	char *end;
	if (q->zoom && *q->zoom) {
		zoom = strtol(q->zoom, &end, 10);
		if (*end || zoom < 0 || zoom > 22) {
			cr_err_set(err, 400, "invalid", "zoom", "zoom must be 0 to 22");
			return NULL;
		}
	}
	/* Below street level the points come clustered into cells of ~64 screen pixels (a 256 px
	 * tile spans 360/2^zoom degrees); closer in, points themselves unless there are too many. */
	double cell = zoom < 14 ? 360.0 / pow(2.0, (double)zoom) / 4.0 : 0;
	char key[512], extra[160];
	snprintf(extra, sizeof extra, "%.6f,%.6f,%.6f,%.6f|%ld", box[0], box[1], box[2], box[3],
		 zoom);
	cache_key(key, sizeof key, "map", &b.s, extra);
	char *hit = cr_text_cache_get(key);
	if (hit)
		return hit;
	json_t *fc = cr_store_map_risks(c, &b.s, box, cell, 3000, err);
	return dump_and_cache(key, fc ? map_decorate(fc) : NULL);
}

/* ===== Overview ===== */

static json_t *overview_json(struct cr_conn *c, const struct cr_user *u,
			     const struct cr_risk_scope *s, struct cr_err *err)
{
	long long units = 0;
	json_t *out = json_object(), *v;
	enum cr_stat_dim grade = CR_DIM_GRADE, sector = CR_DIM_SECTOR;
	if (!(v = cr_store_unit_ratings(c, s, &units, err)))
		goto fail;
	json_object_set_new(out, "units_by_rating", v);
	json_object_set_new(out, "units", json_integer(units));
	if (!(v = cr_store_risk_stats(c, s, &grade, 1, err)))
		goto fail;
	json_t *by = json_pack("{si si si si}", "1", 0, "2", 0, "3", 0, "4", 0);
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(v, "rows"), i, row) {
		char g[4];
		snprintf(g, sizeof g, "%lld",
			 (long long)json_integer_value(json_object_get(row, "grade")));
		json_object_set(by, g, json_object_get(row, "count"));
	}
	json_object_set(out, "risks", json_object_get(v, "total"));
	json_object_set_new(out, "risks_by_grade", by);
	json_decref(v);
	long long flagged = cr_store_flagged_owners(c, s, err);
	if (flagged < 0)
		goto fail;
	json_object_set_new(out, "flagged_owners", json_integer(flagged));
	if (!(v = cr_store_red_units(c, s, 20, err)))
		goto fail;
	json_object_set_new(out, "red_units", v);
	/* Top sectors by points of grade Ⅱ or above, the ones regulators watch. */
	struct cr_risk_scope s12 = *s;
	json_t *top = json_array();
	json_object_set_new(out, "top_sectors", top);
	for (int g = 1; g <= 2; g++) {
		s12.grade = g;
		if (!(v = cr_store_risk_stats(c, &s12, &sector, 1, err)))
			goto fail;
		json_array_foreach(json_object_get(v, "rows"), i, row) {
			const char *code = json_string_value(json_object_get(row, "sector"));
			json_t *hitrow = NULL, *t;
			size_t k;
			json_array_foreach(top, k, t)
				if (strcmp(json_string_value(json_object_get(t, "sector")), code) ==
				    0)
					hitrow = t;
			if (!hitrow) {
				hitrow = json_pack("{ss si si}", "sector", code, "grade1", 0,
						   "grade2", 0);
				json_array_append_new(top, hitrow);
			}
			json_object_set(hitrow, g == 1 ? "grade1" : "grade2",
					json_object_get(row, "count"));
		}
		json_decref(v);
	}
	json_t *t;
	json_array_foreach(top, i, t) {
		json_object_set_new(t, "count",
				    json_integer(json_integer_value(json_object_get(t, "grade1")) +
						 json_integer_value(json_object_get(t, "grade2"))));
		if (cr_store_sector_names(c, json_string_value(json_object_get(t, "sector")), t,
					  err) < 0)
			goto fail;
	}
	{
		/* keep the ten largest, largest first (selection: the list is short) */
		size_t n = json_array_size(top);
		for (size_t a = 0; a < n; a++)
			for (size_t b2 = a + 1; b2 < n; b2++)
				if (json_integer_value(
					    json_object_get(json_array_get(top, b2), "count")) >
				    json_integer_value(
					    json_object_get(json_array_get(top, a), "count"))) {
					json_t *x = json_incref(json_array_get(top, a));
					json_array_set(top, a, json_array_get(top, b2));
					json_array_set_new(top, b2, x);
				}
		while (json_array_size(top) > 10)
			json_array_remove(top, json_array_size(top) - 1);
	}
	if (!(v = areas_json(c, s, CR_AREA_DISTRICT, false, false, err)))
		goto fail;
	json_object_set(out, "districts", json_object_get(v, "items"));
	json_object_set(out, "city_level", json_object_get(v, "city_level"));
	json_decref(v);
	/* The quarter's changes, counted exactly as the changes view counts them. */
	if (!(v = cr_risk_changes(c, u, &(struct cr_changes_query){ 0 }, err)))
		goto fail;
	json_t *counts = json_deep_copy(json_object_get(v, "counts"));
	json_object_set(counts, "quarter", json_object_get(v, "quarter"));
	json_object_set(counts, "since", json_object_get(v, "since"));
	json_object_set_new(out, "quarter", counts);
	int rc = cr_overview_role_parts(c, u, s, v, out, err);
	json_decref(v);
	if (rc)
		goto fail;
	return out;
fail:
	json_decref(out);
	return NULL;
}

char *cr_overview_text(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	struct cr_analysis_query q = { 0 };
	struct scope_buf b;
	if (scope_for(u, &q, &b, err))
		return NULL;
	/* The answer depends on the role (whose territory it names) and on the day (overdue). */
	char key[512], extra[64];
	char today[11];
	cr_date_today(time(NULL), today);
	snprintf(extra, sizeof extra, "%s|%s", cr_role_name(u->role), today);
	cache_key(key, sizeof key, "overview", &b.s, extra);
	char *hit = cr_text_cache_get(key);
	return hit ? hit : dump_and_cache(key, overview_json(c, u, &b.s, err));
}
