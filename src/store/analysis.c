/* analysis.c — aggregates over risk points (grouped counts, areas, map clusters) computed on the
 * in-memory risk index, and over units by SQL. It returns numbers only and must not colour,
 * label or weigh anything: service/analysis.c does that with domain/grade.c and superpose.c. */
#include "store/analysis.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "store/db.h"
#include "store/regions.h"
#include "store/sqlb.h"
#include "store/unit_index.h"

static const struct {
	const char *name;
} dims[CR_DIM_COUNT] = {
	[CR_DIM_GRADE] = { "grade" },
	[CR_DIM_DISTRICT] = { "district" },
	[CR_DIM_TOWN] = { "town" },
	[CR_DIM_SECTOR] = { "sector" },
	[CR_DIM_SECTION] = { "section" },
	[CR_DIM_DEPT] = { "dept" },
	[CR_DIM_ACCIDENT_TYPE] = { "accident_type" },
	[CR_DIM_QUARTER] = { "quarter" },
};

int cr_stat_dim_parse(const char *name, enum cr_stat_dim *out)
{
	for (int i = 0; i < CR_DIM_COUNT; i++)
		if (strcmp(name, dims[i].name) == 0) {
			*out = (enum cr_stat_dim)i;
			return 0;
		}
	return -1;
}

const char *cr_stat_dim_name(enum cr_stat_dim d)
{
	return d < CR_DIM_COUNT ? dims[d].name : "?";
}

/* ===== Grouping: a small open-addressing map from a key tuple to counts ===== */

#define NKEY 3

struct group {
	long long key[NKEY];
	long long n[5]; /* n[0] all, n[1..4] by grade */
	double sx, sy;  /* sums of lon, lat (map clusters, towns' centres) */
	long long nxy;  /* points in sx, sy (areas) */
};

struct groups {
	struct group *g;
	size_t n, cap;
	size_t *slot; /* index+1 into g, 0 = empty */
	size_t nslot;
	bool oom;
};

static size_t key_hash(const long long *k)
{
	unsigned long long h = (unsigned long long)k[0] * 0x9E3779B97F4A7C15ULL ^
			       (unsigned long long)k[1] * 0xC2B2AE3D27D4EB4FULL ^
			       (unsigned long long)k[2] * 0x165667B19E3779F9ULL;
	return (size_t)(h ^ (h >> 32));
}

static bool same_key(const long long *a, const long long *b)
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

static bool groups_rehash(struct groups *G, size_t nslot)
{
	size_t *slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return false;
	for (size_t i = 0; i < G->n; i++) {
		size_t h = key_hash(G->g[i].key) & (nslot - 1);
		while (slot[h])
			h = (h + 1) & (nslot - 1);
		slot[h] = i + 1;
	}
	free(G->slot);
	G->slot = slot;
	G->nslot = nslot;
	return true;
}

static struct group *groups_get(struct groups *G, const long long *key)
{
	if (G->oom)
		return NULL;
	if ((G->n + 1) * 2 > G->nslot && !groups_rehash(G, G->nslot ? G->nslot * 2 : 64))
		goto oom;
	size_t h = key_hash(key) & (G->nslot - 1);
	while (G->slot[h]) {
		struct group *g = &G->g[G->slot[h] - 1];
		if (same_key(g->key, key))
			return g;
		h = (h + 1) & (G->nslot - 1);
	}
	if (CR_GROW(G->g, G->cap, G->n + 1))
		goto oom;
	struct group *g = &G->g[G->n++];
	memset(g, 0, sizeof *g);
	memcpy(g->key, key, sizeof g->key);
	G->slot[h] = G->n;
	return g;
oom:
	G->oom = true;
	return NULL;
}

static void groups_free(struct groups *G)
{
	free(G->g);
	free(G->slot);
}

static int by_key(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	for (int i = 0; i < NKEY; i++)
		if (x->key[i] != y->key[i])
			return x->key[i] < y->key[i] ? -1 : 1;
	return 0;
}

static struct group *count(struct groups *G, const long long *key, const struct cr_risk_hot *h)
{
	struct group *g = groups_get(G, key);
	if (g) {
		g->n[0]++;
		g->n[h->grade <= 4 ? h->grade : 0]++;
	}
	return g;
}

/* ===== Grouped counts (statistics) ===== */

struct stats_ctx {
	struct groups G;
	const enum cr_stat_dim *d;
	int nd;
};

static long long dim_value(enum cr_stat_dim d, const struct cr_risk_hot *h,
			   const struct cr_risk_entry *e)
{
	switch (d) {
	case CR_DIM_GRADE:
		return h->grade;
	case CR_DIM_DISTRICT:
		return h->district;
	case CR_DIM_TOWN:
		return cr_risk_index_region(h);
	case CR_DIM_SECTOR:
		return h->sector;
	case CR_DIM_SECTION:
		return cr_risk_index_sector(h->sector)[0];
	case CR_DIM_DEPT:
		return h->dept;
	case CR_DIM_QUARTER:
		return e->created_quarter;
	default:
		return 0;
	}
}

static void stats_visit(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	struct stats_ctx *x = ctx;
	long long key[NKEY] = { 0 };
	int acc = -1;
	for (int i = 0; i < x->nd; i++) {
		if (x->d[i] == CR_DIM_ACCIDENT_TYPE)
			acc = i;
		else
			key[i] = dim_value(x->d[i], h, e);
	}
	if (acc < 0) {
		count(&x->G, key, h);
		return;
	}
	/* a point with several accident types counts once under each */
	for (int k = 1; k < 32; k++)
		if (e->acc_mask & (1u << k)) {
			key[acc] = k;
			count(&x->G, key, h);
		}
}

static json_t *region_name(struct cr_conn *c, const char *code)
{
	char name[128];
	return cr_store_region_name(c, code, name, sizeof name, NULL) == 0 ? json_string(name)
									   : json_null();
}

static json_t *dim_json(struct cr_conn *c, enum cr_stat_dim d, long long v, json_t *row)
{
	char buf[32];
	switch (d) {
	case CR_DIM_GRADE:
	case CR_DIM_ACCIDENT_TYPE:
		return json_integer(v);
	case CR_DIM_DISTRICT:
	case CR_DIM_TOWN:
		snprintf(buf, sizeof buf, "%lld", v);
		json_object_set_new(row, d == CR_DIM_DISTRICT ? "district_name" : "town_name",
				    region_name(c, buf));
		return json_string(buf);
	case CR_DIM_SECTOR:
		return json_string(cr_risk_index_sector((unsigned char)v));
	case CR_DIM_DEPT:
		return json_string(cr_risk_index_dept((unsigned char)v));
	case CR_DIM_SECTION:
		snprintf(buf, sizeof buf, "%c", (char)v);
		return json_string(buf);
	default:
		snprintf(buf, sizeof buf, "%lldQ%lld", v / 4, v % 4 + 1);
		return json_string(buf);
	}
}

/* Dimensions with few values (grade, district, sector, department, section) count into a flat
 * array: a point then costs an index computation instead of a hash lookup, which keeps the
 * city's statistics under five milliseconds after a write. */
#define FLAT_MAX_CELLS (1u << 20)

struct flat_ctx {
	unsigned *cells;
	const enum cr_stat_dim *d;
	int nd;
	size_t card[NKEY], stride[NKEY];
	bool unknown; /* a district past the index's numbering: take the general path */
};

static size_t flat_card(enum cr_stat_dim d)
{
	switch (d) {
	case CR_DIM_GRADE:
		return 5;
	case CR_DIM_DISTRICT:
		return CR_RISK_INDEX_DISTRICTS;
	case CR_DIM_SECTOR:
	case CR_DIM_DEPT:
		return 256;
	case CR_DIM_SECTION:
		return 128;
	default:
		return 0;
	}
}

static size_t flat_value(enum cr_stat_dim d, const struct cr_risk_hot *h)
{
	switch (d) {
	case CR_DIM_GRADE:
		return h->grade;
	case CR_DIM_DISTRICT:
		return h->district_no;
	case CR_DIM_SECTOR:
		return h->sector;
	case CR_DIM_DEPT:
		return h->dept;
	default:
		return (unsigned char)cr_risk_index_sector(h->sector)[0] & 127;
	}
}

static void flat_total(void *ctx, const struct cr_risk_hot *h, long long n)
{
	struct flat_ctx *x = ctx;
	size_t at = 0;
	for (int i = 0; i < x->nd; i++) {
		size_t v = flat_value(x->d[i], h);
		if (x->d[i] == CR_DIM_DISTRICT && !v)
			x->unknown = true;
		at += (v < x->card[i] ? v : 0) * x->stride[i];
	}
	x->cells[at] += (unsigned)n;
}

static void flat_visit(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	(void)e;
	flat_total(ctx, h, 1);
}

/* From the index's running totals when the scope allows (no pass), else a pass. */
static int flat_count(struct cr_conn *c, const struct cr_risk_scope *s, struct flat_ctx *x,
		      struct cr_err *err)
{
	int rc = cr_risk_index_totals(c, s, flat_total, x, err);
	return rc == 1 ? cr_risk_index_each(c, s, flat_visit, x, err) : rc;
}

/* Counts through the flat array when the dimensions allow; 1 when they do not (or a district
 * has no number), so the caller takes the general path. */
static int flat_stats(struct cr_conn *c, const struct cr_risk_scope *s, const enum cr_stat_dim *d,
		      int nd, struct groups *G, struct cr_err *err)
{
	struct flat_ctx x = { .d = d, .nd = nd };
	size_t cells = 1;
	for (int i = nd - 1; i >= 0; i--) {
		if (!(x.card[i] = flat_card(d[i])))
			return 1;
		x.stride[i] = cells;
		cells *= x.card[i];
		if (cells > FLAT_MAX_CELLS)
			return 1;
	}
	if (!(x.cells = calloc(cells, sizeof *x.cells)))
		return cr_err_set(err, 500, "oom", "", "out of memory");
	int rc = flat_count(c, s, &x, err);
	for (size_t at = 0; !rc && !x.unknown && at < cells; at++) {
		if (!x.cells[at])
			continue;
		long long key[NKEY] = { 0 };
		for (int i = 0; i < nd; i++) {
			size_t v = at / x.stride[i] % x.card[i];
			key[i] = d[i] == CR_DIM_DISTRICT ? cr_risk_index_district((unsigned short)v)
							 : (long long)v;
		}
		struct group *g = groups_get(G, key);
		if (g)
			g->n[0] = x.cells[at];
	}
	free(x.cells);
	return rc ? -1 : x.unknown ? 1 : 0;
}

json_t *cr_store_risk_stats(struct cr_conn *c, const struct cr_risk_scope *s,
			    const enum cr_stat_dim *d, int nd, struct cr_err *err)
{
	if (nd > NKEY) {
		cr_err_set(err, 400, "invalid", "by", "at most %d dimensions", NKEY);
		return NULL;
	}
	struct stats_ctx x = { .d = d, .nd = nd };
	int flat = flat_stats(c, s, d, nd, &x.G, err);
	if (flat < 0) {
		groups_free(&x.G);
		return NULL;
	}
	if (flat == 1) {
		groups_free(&x.G);
		memset(&x.G, 0, sizeof x.G);
	}
	if (flat == 1 && cr_risk_index_each(c, s, stats_visit, &x, err)) {
		groups_free(&x.G);
		return NULL;
	}
	if (x.G.oom) {
		groups_free(&x.G);
		cr_err_set(err, 500, "oom", "", "out of memory");
		return NULL;
	}
	if (x.G.n) /* qsort wants a real array even for none */
		qsort(x.G.g, x.G.n, sizeof *x.G.g, by_key);
	json_t *rows = json_array();
	long long total = 0;
	for (size_t i = 0; i < x.G.n; i++) {
		json_t *row = json_object();
		for (int k = 0; k < nd; k++)
			json_object_set_new(row, dims[d[k]].name,
					    dim_json(c, d[k], x.G.g[i].key[k], row));
		json_object_set_new(row, "count", json_integer(x.G.g[i].n[0]));
		total += x.G.g[i].n[0];
		json_array_append_new(rows, row);
	}
	groups_free(&x.G);
	return json_pack("{so sI}", "rows", rows, "total", total);
}

/* ===== Areas ===== */

struct area_ctx {
	struct groups G;
	enum cr_area_level level;
	int makeup; /* 0: counts; 1: by sector; 2: by accident type */
};

static bool area_key(enum cr_area_level level, const struct cr_risk_hot *h,
		     const struct cr_risk_entry *e, long long key[NKEY])
{
	memset(key, 0, NKEY * sizeof key[0]);
	if (level == CR_AREA_DISTRICT) {
		key[0] = h->district;
	} else if (level == CR_AREA_TOWN) {
		if (h->region_len != 9)
			return false;
		key[0] = h->region9;
	} else {
		if (!h->has_coords)
			return false;
		key[0] = e->cell_x;
		key[1] = e->cell_y;
	}
	return true;
}

static void area_visit(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	struct area_ctx *x = ctx;
	long long key[NKEY];
	if (!area_key(x->level, h, e, key))
		return;
	if (x->makeup == 0) {
		struct group *g = count(&x->G, key, h);
		if (g && h->has_coords) {
			g->sx += e->lon;
			g->sy += e->lat;
			g->nxy++;
		}
	} else if (x->makeup == 1) {
		key[2] = h->sector;
		count(&x->G, key, h);
	} else {
		for (int k = 1; k < 32; k++)
			if (e->acc_mask & (1u << k)) {
				key[2] = k;
				count(&x->G, key, h);
			}
	}
}

static void area_code(enum cr_area_level level, const long long *key, char *out, size_t cap)
{
	if (level == CR_AREA_GRID)
		snprintf(out, cap, "%lld:%lld", key[0], key[1]);
	else
		snprintf(out, cap, "%lld", key[0]);
}

int cr_store_area_counts(struct cr_conn *c, const struct cr_risk_scope *s, enum cr_area_level level,
			 struct cr_area_count **out, size_t *n, struct cr_err *err)
{
	struct area_ctx x = { .level = level };
	if (cr_risk_index_each(c, s, area_visit, &x, err) || x.G.oom) {
		groups_free(&x.G);
		return x.G.oom ? cr_err_set(err, 500, "oom", "", "out of memory") : -1;
	}
	if (x.G.n) /* qsort wants a real array even for none */
		qsort(x.G.g, x.G.n, sizeof *x.G.g, by_key);
	struct cr_area_count *a = calloc(x.G.n ? x.G.n : 1, sizeof *a);
	if (!a) {
		groups_free(&x.G);
		return cr_err_set(err, 500, "oom", "", "out of memory");
	}
	for (size_t i = 0; i < x.G.n; i++) {
		area_code(level, x.G.g[i].key, a[i].code, sizeof a[i].code);
		a[i].cell_x = (long)x.G.g[i].key[0];
		a[i].cell_y = (long)x.G.g[i].key[1];
		memcpy(a[i].counts, x.G.g[i].n, sizeof a[i].counts);
		a[i].counts[0] = 0;
		a[i].has_centre = x.G.g[i].nxy > 0;
		if (a[i].has_centre) {
			a[i].lon = x.G.g[i].sx / (double)x.G.g[i].nxy;
			a[i].lat = x.G.g[i].sy / (double)x.G.g[i].nxy;
		}
	}
	*out = a;
	*n = x.G.n;
	groups_free(&x.G);
	return 0;
}

static int by_area_then_count(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	for (int i = 0; i < 2; i++)
		if (x->key[i] != y->key[i])
			return x->key[i] < y->key[i] ? -1 : 1;
	return x->n[0] > y->n[0] ? -1 : x->n[0] < y->n[0] ? 1 : 0;
}

json_t *cr_store_area_makeup(struct cr_conn *c, const struct cr_risk_scope *s,
			     enum cr_area_level level, int k, struct cr_err *err)
{
	json_t *by_area = json_object();
	for (int what = 1; what <= 2; what++) {
		struct area_ctx x = { .level = level, .makeup = what };
		if (cr_risk_index_each(c, s, area_visit, &x, err) || x.G.oom) {
			groups_free(&x.G);
			json_decref(by_area);
			if (x.G.oom)
				cr_err_set(err, 500, "oom", "", "out of memory");
			return NULL;
		}
		if (x.G.n) /* qsort wants a real array even for none */
			qsort(x.G.g, x.G.n, sizeof *x.G.g, by_area_then_count);
		const char *member = what == 1 ? "by_sector" : "by_accident_type";
		for (size_t i = 0; i < x.G.n; i++) {
			char code[32];
			area_code(level, x.G.g[i].key, code, sizeof code);
			json_t *o = json_object_get(by_area, code);
			if (!o) {
				o = json_pack("{s[] s[]}", "by_sector", "by_accident_type");
				json_object_set_new(by_area, code, o);
			}
			json_t *list = json_object_get(o, member);
			if ((int)json_array_size(list) >= k)
				continue;
			json_array_append_new(
				list, what == 1 ? json_pack("{ss sI}", "sector",
							    cr_risk_index_sector(
								    (unsigned char)x.G.g[i].key[2]),
							    "count", (json_int_t)x.G.g[i].n[0])
						: json_pack("{sI sI}", "code",
							    (json_int_t)x.G.g[i].key[2], "count",
							    (json_int_t)x.G.g[i].n[0]));
		}
		groups_free(&x.G);
	}
	return by_area;
}

/* ===== The map ===== */

struct map_ctx {
	struct groups G;
	double box[4], cell;
	long long n;
};

static bool in_box(const struct map_ctx *x, const struct cr_risk_hot *h,
		   const struct cr_risk_entry *e)
{
	return h->has_coords && e->lon >= x->box[0] && e->lon <= x->box[2] && e->lat >= x->box[1] &&
	       e->lat <= x->box[3];
}

static void map_count(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	struct map_ctx *x = ctx;
	x->n += in_box(x, h, e);
}

static void map_cluster(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	struct map_ctx *x = ctx;
	if (!in_box(x, h, e))
		return;
	long long key[NKEY] = { (long long)((e->lon - x->box[0]) / x->cell),
				(long long)((e->lat - x->box[1]) / x->cell), 0 };
	struct group *g = count(&x->G, key, h);
	if (g) { /* the cluster sits at the mean position of its points */
		g->sx += e->lon;
		g->sy += e->lat;
	}
}

static json_t *point_feature(double lon, double lat, json_t *props)
{
	return json_pack("{ss s{ss s[ff]} so}", "type", "Feature", "geometry", "type", "Point",
			 "coordinates", round(lon * 1e6) / 1e6, round(lat * 1e6) / 1e6,
			 "properties", props);
}

static json_t *map_points(struct cr_conn *c, const struct cr_risk_scope *s, const double box[4],
			  long max_points, struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT k.id, k.name, k.unit_id, u.name, k.grade, k.impact_radius_m,"
			 " k.place, k.lon, k.lat FROM risks k JOIN units u ON u.id=k.unit_id"
			 " WHERE k.status='active'");
	b.nwhere = 1;
	cr_sqlb_in_box(&b, c, "k", box);
	if (s->region_prefix && *s->region_prefix) {
		snprintf(upper, sizeof upper, "%s~", s->region_prefix);
		cr_sqlb_where(&b, "k.region >= ? AND k.region < ?");
		cr_sqlb_bind_text(&b, s->region_prefix);
		cr_sqlb_bind_text(&b, upper);
	}
	if (s->dept && *s->dept) {
		cr_sqlb_where(&b, "k.dept=?");
		cr_sqlb_bind_text(&b, s->dept);
	}
	if (s->sector && *s->sector) {
		cr_sqlb_where(&b, "k.sector=?");
		cr_sqlb_bind_text(&b, s->sector);
	}
	if (s->unit_id) {
		cr_sqlb_where(&b, "k.unit_id=?");
		cr_sqlb_bind_int(&b, s->unit_id);
	}
	if (s->grade) {
		cr_sqlb_where(&b, "k.grade=?");
		cr_sqlb_bind_int(&b, s->grade);
	}
	cr_sqlb_sql(&b, " ORDER BY k.grade, k.id LIMIT ?");
	cr_sqlb_bind_int(&b, max_points);
	struct cr_stmt *st = cr_sqlb_prepare(c, &b, err);
	if (!st)
		return NULL;
	json_t *features = json_array();
	int rc;
	while ((rc = cr_stmt_step(st)) == CR_SQL_ROW) {
		int g = cr_stmt_column_int(st, 4);
		json_t *radius = cr_stmt_column_type(st, 5) == CR_SQL_NULL
					 ? json_null()
					 : json_real(cr_stmt_column_double(st, 5));
		json_array_append_new(
			features,
			point_feature(cr_stmt_column_double(st, 7), cr_stmt_column_double(st, 8),
				      json_pack("{sI ss sI ss si so ss}", "id",
						(json_int_t)cr_stmt_column_int64(st, 0), "name",
						cr_col_text(st, 1), "unit_id",
						(json_int_t)cr_stmt_column_int64(st, 2),
						"unit_name", cr_col_text(st, 3), "grade", g,
						"impact_radius_m", radius, "place",
						cr_col_text(st, 6))));
	}
	if (cr_db_done(c, rc, err)) {
		json_decref(features);
		features = NULL;
	}
	cr_stmt_finalize(st);
	return features;
}

json_t *cr_store_map_risks(struct cr_conn *c, const struct cr_risk_scope *s, const double bbox[4],
			   double cell_deg, long max_points, struct cr_err *err)
{
	struct map_ctx x = { .cell = cell_deg };
	memcpy(x.box, bbox, sizeof x.box);
	if (x.cell <= 0) {
		if (cr_risk_index_each(c, s, map_count, &x, err))
			return NULL;
		if (x.n > max_points) /* too many to send: about 60 cells across the box */
			x.cell = fmax(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 60.0;
	}
	json_t *features;
	if (x.cell > 0) {
		if (cr_risk_index_each(c, s, map_cluster, &x, err) || x.G.oom) {
			groups_free(&x.G);
			if (x.G.oom)
				cr_err_set(err, 500, "oom", "", "out of memory");
			return NULL;
		}
		features = json_array();
		for (size_t i = 0; i < x.G.n; i++) {
			const struct group *g = &x.G.g[i];
			json_array_append_new(
				features,
				point_feature(g->sx / (double)g->n[0], g->sy / (double)g->n[0],
					      json_pack("{sb sI s{sI sI sI sI}}", "cluster", 1,
							"count", (json_int_t)g->n[0], "counts", "1",
							(json_int_t)g->n[1], "2",
							(json_int_t)g->n[2], "3",
							(json_int_t)g->n[3], "4",
							(json_int_t)g->n[4])));
		}
		groups_free(&x.G);
	} else if (!(features = map_points(c, s, bbox, max_points, err))) {
		return NULL;
	}
	return json_pack("{ss so}", "type", "FeatureCollection", "features", features);
}

/* ===== Counts for the overview ===== */

static void flagged_visit(void *ctx, const struct cr_risk_hot *h, const struct cr_risk_entry *e)
{
	(void)e;
	*(long long *)ctx += !h->owner_ok;
}

static void add_unit_scope(struct cr_sqlb *b, const struct cr_risk_scope *s, char upper[24])
{
	cr_sqlb_where(b, "u.status='active'");
	if (s->region_prefix && *s->region_prefix) {
		snprintf(upper, 24, "%s~", s->region_prefix);
		cr_sqlb_where(b, "u.region >= ? AND u.region < ?");
		cr_sqlb_bind_text(b, s->region_prefix);
		cr_sqlb_bind_text(b, upper);
	}
	if (s->dept && *s->dept) {
		cr_sqlb_where(b, "u.dept=?");
		cr_sqlb_bind_text(b, s->dept);
	}
	if (s->sector && *s->sector) {
		cr_sqlb_where(b, "u.sector=?");
		cr_sqlb_bind_text(b, s->sector);
	}
	if (s->unit_id) {
		cr_sqlb_where(b, "u.id=?");
		cr_sqlb_bind_int(b, s->unit_id);
	}
}

/* The ratings counted on the unit index (no SQL): 0, 1 when it cannot tell, -1 with err. */
static int unit_ratings_indexed(struct cr_conn *c, const struct cr_risk_scope *s, json_t *o,
				long long *total, struct cr_err *err)
{
	static const char *const names[5] = { "unassessed", "red", "orange", "yellow", "blue" };
	struct cr_unit_match m = { .region_prefix = s->region_prefix,
				   .sector = s->sector,
				   .dept = s->dept,
				   .only_id = s->unit_id };
	long long n[5];
	int rc = cr_unit_index_ratings(c, &m, n, err);
	for (int i = 0; !rc && i < 5; i++) {
		json_object_set_new(o, names[i], json_integer(n[i]));
		*total += n[i];
	}
	return rc;
}

json_t *cr_store_unit_ratings(struct cr_conn *c, const struct cr_risk_scope *s, long long *total,
			      struct cr_err *err)
{
	json_t *o = json_pack("{si si si si si}", "red", 0, "orange", 0, "yellow", 0, "blue", 0,
			      "unassessed", 0);
	*total = 0;
	int rc = unit_ratings_indexed(c, s, o, total, err);
	if (rc <= 0) {
		if (rc < 0) {
			json_decref(o);
			o = NULL;
		}
		return o;
	}
	char upper[24];
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT u.rating, count(*) FROM units u");
	add_unit_scope(&b, s, upper);
	cr_sqlb_sql(&b, " GROUP BY u.rating");
	struct cr_stmt *st = cr_sqlb_prepare(c, &b, err);
	if (!st) {
		json_decref(o);
		return NULL;
	}
	while ((rc = cr_stmt_step(st)) == CR_SQL_ROW) {
		json_object_set_new(o, cr_col_text(st, 0),
				    json_integer(cr_stmt_column_int64(st, 1)));
		*total += cr_stmt_column_int64(st, 1);
	}
	if (cr_db_done(c, rc, err)) {
		json_decref(o);
		o = NULL;
	}
	cr_stmt_finalize(st);
	return o;
}

json_t *cr_store_red_units(struct cr_conn *c, const struct cr_risk_scope *s, int limit,
			   struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb b;
	cr_sqlb_init(&b,
		     "SELECT u.id, u.name, u.region, r.name, u.rating_reason, u.rating_reason_cn"
		     " FROM units u LEFT JOIN regions r ON r.code=u.region");
	add_unit_scope(&b, s, upper);
	cr_sqlb_where(&b, "u.rating='red'");
	cr_sqlb_sql(&b, " ORDER BY u.id LIMIT ?");
	cr_sqlb_bind_int(&b, limit);
	struct cr_stmt *st = cr_sqlb_prepare(c, &b, err);
	if (!st)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(st)) == CR_SQL_ROW)
		json_array_append_new(
			items, json_pack("{sI ss ss ss ss ss}", "id",
					 (json_int_t)cr_stmt_column_int64(st, 0), "name",
					 cr_col_text(st, 1), "region", cr_col_text(st, 2),
					 "region_name", cr_col_text(st, 3), "reason",
					 cr_col_text(st, 4), "reason_cn", cr_col_text(st, 5)));
	if (cr_db_done(c, rc, err)) {
		json_decref(items);
		items = NULL;
	}
	cr_stmt_finalize(st);
	return items;
}

static void flagged_total(void *ctx, const struct cr_risk_hot *h, long long n)
{
	if (!h->owner_ok)
		*(long long *)ctx += n;
}

long long cr_store_flagged_owners(struct cr_conn *c, const struct cr_risk_scope *s,
				  struct cr_err *err)
{
	long long n = 0;
	int rc = cr_risk_index_totals(c, s, flagged_total, &n, err);
	if (rc == 1)
		rc = cr_risk_index_each(c, s, flagged_visit, &n, err);
	return rc ? -1 : n;
}

/* "name_cn" and "name_en" of the row the statement sql finds by code, set on into. */
static int names_of(struct cr_conn *c, const char *sql, const char *code, json_t *into,
		    struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, sql);
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), out = 1;
	if (rc == CR_SQL_ROW) {
		json_object_set_new(into, "name_cn", json_string(cr_col_text(s, 0)));
		json_object_set_new(into, "name_en", json_string(cr_col_text(s, 1)));
		out = 0;
	} else if (rc != CR_SQL_DONE) {
		out = cr_db_fail(c, err);
	}
	cr_stmt_reset(s);
	return out;
}

int cr_store_sector_names(struct cr_conn *c, const char *sector, json_t *into, struct cr_err *err)
{
	return names_of(c, "SELECT name_cn, name_en FROM sectors WHERE code=?", sector, into, err);
}

json_t *cr_store_red_units_by_area(struct cr_conn *c, const struct cr_risk_scope *s, int code_len,
				   struct cr_err *err)
{
	char upper[24];
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT substr(u.region,1,?), count(*) FROM units u");
	cr_sqlb_bind_int(&b, code_len);
	add_unit_scope(&b, s, upper);
	cr_sqlb_where(&b, "u.rating='red'");
	cr_sqlb_sql(&b, " GROUP BY 1");
	struct cr_stmt *st = cr_sqlb_prepare(c, &b, err);
	if (!st)
		return NULL;
	json_t *o = json_object();
	int rc;
	while ((rc = cr_stmt_step(st)) == CR_SQL_ROW)
		json_object_set_new(o, cr_col_text(st, 0),
				    json_integer(cr_stmt_column_int64(st, 1)));
	cr_stmt_finalize(st);
	if (rc != CR_SQL_DONE) {
		json_decref(o);
		cr_db_fail(c, err);
		return NULL;
	}
	return o;
}

json_t *cr_store_unit_brief(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT u.id, u.name, u.region, r.name, u.sector, u.rating,"
			      " u.rating_reason, u.rating_reason_cn FROM units u"
			      " LEFT JOIN regions r ON r.code=u.region WHERE u.id=?");
	cr_stmt_bind_int64(s, 1, id);
	int rc = cr_stmt_step(s);
	json_t *o = NULL;
	if (rc == CR_SQL_ROW)
		o = json_pack("{sI ss ss ss ss ss ss ss}", "id",
			      (json_int_t)cr_stmt_column_int64(s, 0), "name", cr_col_text(s, 1),
			      "region", cr_col_text(s, 2), "region_name", cr_col_text(s, 3),
			      "sector", cr_col_text(s, 4), "rating", cr_col_text(s, 5), "reason",
			      cr_col_text(s, 6), "reason_cn", cr_col_text(s, 7));
	else if (rc == CR_SQL_DONE)
		cr_err_set(err, 404, "not_found", "unit_id", "no such unit");
	else
		cr_db_fail(c, err);
	cr_stmt_reset(s);
	return o;
}

int cr_store_dept_names(struct cr_conn *c, const char *dept, json_t *into, struct cr_err *err)
{
	return names_of(c, "SELECT name_cn, name_en FROM departments WHERE code=?", dept, into,
			err);
}
