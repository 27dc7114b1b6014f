/* exposure.c — the process's exposure index (targets and sources in two grids) kept current from
 * the database by updated_at, and the answers of GET /exposure. It must not build SQL (the
 * store's change feeds) nor compute geometry itself (domain/exposure.c). */
#include "service/exposure.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "domain/exposure.h"
#include "service/risks.h"
#include "service/targets.h"
#include "service/installations.h"
#include "store/installations.h"
#include "store/lists.h"
#include "store/targets.h"

#define CELL_DEG 0.005 /* ~500 m: the largest demo radius */
#define MAX_LIST 2000  /* rows of one answer */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct cr_expo_grid *targets, *sources;
static char targets_at[32], risks_at[32], installations_at[32]; /* greatest updated_at applied */

static int ensure_grids(void)
{
	if (!targets)
		targets = cr_expo_grid_new(CELL_DEG);
	if (!sources)
		sources = cr_expo_grid_new(CELL_DEG);
	return targets && sources ? 0 : -1;
}

static void copy_code(char dst[16], const char *src)
{
	snprintf(dst, 16, "%s", src ? src : "");
}

static int put_source(int kind, long long id, long long owner_id, const char *region,
		      const char *dept, double lon, double lat, double radius_m, int grade)
{
	if (!(radius_m > 0)) {
		cr_expo_grid_drop(sources, kind, id);
		return 0;
	}
	struct cr_expo_point p = { .id = id,
				   .kind = kind,
				   .lon = lon,
				   .lat = lat,
				   .radius_m = radius_m,
				   .owner_id = owner_id,
				   .grade = grade };
	copy_code(p.region, region);
	copy_code(p.dept, dept);
	return cr_expo_grid_put(sources, &p);
}

int cr_exposure_source_put(int kind, long long id, long long owner_id, const char *region,
			   const char *dept, double lon, double lat, double radius_m, int grade)
{
	pthread_mutex_lock(&lock);
	int rc = ensure_grids()
			 ? -1
			 : put_source(kind, id, owner_id, region, dept, lon, lat, radius_m, grade);
	pthread_mutex_unlock(&lock);
	return rc;
}

void cr_exposure_source_drop(int kind, long long id)
{
	pthread_mutex_lock(&lock);
	if (sources)
		cr_expo_grid_drop(sources, kind, id);
	pthread_mutex_unlock(&lock);
}

void cr_exposure_reset(void)
{
	pthread_mutex_lock(&lock);
	cr_expo_grid_free(targets);
	cr_expo_grid_free(sources);
	targets = sources = NULL;
	targets_at[0] = risks_at[0] = installations_at[0] = '\0';
	pthread_mutex_unlock(&lock);
}

static void advance(char at[32], const char *updated_at)
{
	if (updated_at && strcmp(updated_at, at) > 0)
		snprintf(at, 32, "%s", updated_at);
}

static int apply_target(void *ctx, const struct cr_target_place *t)
{
	(void)ctx;
	advance(targets_at, t->updated_at);
	if (strcmp(t->status, "active") != 0) {
		cr_expo_grid_drop(targets, CR_EXPO_TARGET, t->id);
		return 0;
	}
	struct cr_expo_point p = { .id = t->id,
				   .kind = CR_EXPO_TARGET,
				   .lon = t->lon,
				   .lat = t->lat,
				   .people_day = t->people_day,
				   .people_night = t->people_night };
	copy_code(p.region, t->region);
	return cr_expo_grid_put(targets, &p);
}

static int apply_risk(void *ctx, const struct cr_source_place *r)
{
	(void)ctx;
	advance(risks_at, r->updated_at);
	if (strcmp(r->status, "active") != 0 || !r->has_coords) {
		cr_expo_grid_drop(sources, CR_EXPO_RISK, r->id);
		return 0;
	}
	return put_source(CR_EXPO_RISK, r->id, r->unit_id, r->region, r->dept, r->lon, r->lat,
			  r->radius_m, r->grade);
}

static int apply_installation(void *ctx, const struct cr_source_place *r)
{
	(void)ctx;
	advance(installations_at, r->updated_at);
	if (strcmp(r->status, "active") != 0 || !r->major || !r->has_coords) {
		cr_expo_grid_drop(sources, CR_EXPO_INSTALLATION, r->id);
		return 0;
	}
	return put_source(CR_EXPO_INSTALLATION, r->id, r->unit_id, r->region, r->dept, r->lon,
			  r->lat, r->radius_m > 0 ? r->radius_m : CR_EXPOSURE_MHS_RADIUS_M,
			  r->grade);
}

/* Under the lock. Rows changed at or after the last timestamp applied are read again: a write
 * in the same millisecond is never missed, and applying a row twice changes nothing. */
static int sync_targets_locked(struct cr_conn *c, struct cr_err *err)
{
	if (ensure_grids())
		return cr_err_set(err, 500, "oom", "", "out of memory");
	char since[32];
	snprintf(since, sizeof since, "%s", targets_at);
	return cr_store_targets_changed(c, since, apply_target, NULL, err);
}

static int sync_locked(struct cr_conn *c, struct cr_err *err)
{
	if (sync_targets_locked(c, err))
		return -1;
	char since[32];
	snprintf(since, sizeof since, "%s", risks_at);
	if (cr_store_sources_changed(c, CR_SOURCE_RISK, since, apply_risk, NULL, err))
		return -1;
	snprintf(since, sizeof since, "%s", installations_at);
	return cr_store_sources_changed(c, CR_SOURCE_INSTALLATION, since, apply_installation, NULL,
					err);
}

long long cr_exposure_sync(struct cr_conn *c, struct cr_err *err)
{
	pthread_mutex_lock(&lock);
	long long n = sync_locked(c, err) ? -1 : (long long)cr_expo_grid_count(sources);
	pthread_mutex_unlock(&lock);
	return n;
}

struct headcount {
	long long people, targets;
};

static int count_people(void *ctx, const struct cr_target_place *t, double d)
{
	(void)d;
	struct headcount *h = ctx;
	long long n = t->people_day > t->people_night ? t->people_day : t->people_night;
	h->people += n > 0 ? n : 0;
	h->targets++;
	return 0;
}

/* One point's question, asked of the database (its spatial index) rather than the process's
 * grid: it needs no catch-up of every target first, and sees the caller's open transaction. */
int cr_exposure_people_within(struct cr_conn *c, double lon, double lat, double radius_m,
			      long long *people, long long *ntargets, struct cr_err *err)
{
	struct headcount h = { 0 };
	int rc = cr_store_targets_within(c, lon, lat, radius_m, count_people, &h, err);
	*people = h.people;
	*ntargets = h.targets;
	return rc ? -1 : 0;
}

static const char *kind_name(int kind)
{
	return kind == CR_EXPO_RISK           ? "risk"
	       : kind == CR_EXPO_INSTALLATION ? "installation"
					      : "target";
}

static double round1(double d)
{
	return round(d * 10) / 10;
}

static json_t *people(long long n)
{
	return n < 0 ? json_null() : json_integer(n);
}

/* ===== ?source= ===== */

struct hits {
	struct cr_expo_point *p;
	double *d;
	size_t n, pcap, dcap;
};

static int collect(void *ctx, const struct cr_expo_point *p, double d)
{
	struct hits *h = ctx;
	if (CR_GROW(h->p, h->pcap, h->n + 1) || CR_GROW(h->d, h->dcap, h->n + 1))
		return -1;
	h->p[h->n] = *p;
	h->d[h->n++] = d;
	return 0;
}

static int count_one(void *ctx, const struct cr_expo_point *p, double d)
{
	(void)p;
	(void)d;
	(*(long long *)ctx)++;
	return 0;
}

static void sort_hits(struct hits *h)
{
	for (size_t i = 1; i < h->n; i++)
		for (size_t j = i; j > 0 && h->d[j] < h->d[j - 1]; j--) {
			struct cr_expo_point tp = h->p[j];
			h->p[j] = h->p[j - 1];
			h->p[j - 1] = tp;
			double td = h->d[j];
			h->d[j] = h->d[j - 1];
			h->d[j - 1] = td;
		}
}

static json_t *target_item(struct cr_conn *c, const struct cr_user *u,
			   const struct cr_expo_point *p, double d, long long nsources)
{
	json_t *o =
		json_pack("{sI sf so so sI sb}", "id", p->id, "distance_m", round1(d), "people_day",
			  people(p->people_day), "people_night", people(p->people_night), "sources",
			  nsources, "superposed", nsources >= 2);
	struct cr_err e = { 0 };
	json_t *t = cr_target_readable(u, p->region) ? cr_store_target_get(c, p->id, &e) : NULL;
	static const char *const keys[] = { "name",   "kind",        "protection_class",
					    "region", "region_name", "lon",
					    "lat",    NULL };
	for (int i = 0; t && keys[i]; i++)
		json_object_set(o, keys[i], json_object_get(t, keys[i]));
	if (!t)
		json_object_set_new(o, "in_scope", json_false());
	json_decref(t);
	return o;
}

static json_t *by_source(struct cr_conn *c, const struct cr_user *u, long long id, int kind,
			 struct cr_err *err)
{
	json_t *src = kind == CR_EXPO_RISK ? cr_risk_read(c, u, id, err)
					   : cr_installation_read(c, u, id, err);
	if (!src)
		return NULL;
	pthread_mutex_lock(&lock);
	struct hits h = { 0 };
	json_t *out = NULL;
	if (sync_locked(c, err))
		goto out;
	const struct cr_expo_point *s = cr_expo_grid_find(sources, kind, id);
	struct cr_expo_point sp = s ? *s : (struct cr_expo_point){ .id = id, .kind = kind };
	if (s && cr_expo_within(targets, sp.lon, sp.lat, sp.radius_m, collect, &h)) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	sort_hits(&h);
	long long day = 0, night = 0;
	json_t *items = json_array();
	for (size_t i = 0; i < h.n; i++) {
		long long n = 0;
		cr_expo_reaching(sources, h.p[i].lon, h.p[i].lat, count_one, &n);
		day += h.p[i].people_day > 0 ? h.p[i].people_day : 0;
		night += h.p[i].people_night > 0 ? h.p[i].people_night : 0;
		if (i < MAX_LIST)
			json_array_append_new(items, target_item(c, u, &h.p[i], h.d[i], n));
	}
	json_t *so = json_pack("{ss sI}", "kind", kind_name(kind), "id", id);
	if (s) {
		json_object_set_new(so, "lon", json_real(sp.lon));
		json_object_set_new(so, "lat", json_real(sp.lat));
		json_object_set_new(so, "radius_m", json_real(sp.radius_m));
	} else {
		json_object_set_new(so, "radius_m", json_null());
	}
	static const char *const keys[] = {
		"name", "unit_id", "unit_name", "grade", "region", NULL
	};
	for (int i = 0; keys[i]; i++)
		json_object_set(so, keys[i], json_object_get(src, keys[i]));
	out = json_pack("{so so sI sI sI}", "source", so, "targets", items, "count",
			(json_int_t)h.n, "people_day", day, "people_night", night);
out:
	pthread_mutex_unlock(&lock);
	free(h.p);
	free(h.d);
	json_decref(src);
	return out;
}

/* ===== ?target= ===== */

static json_t *by_target(struct cr_conn *c, const struct cr_user *u, long long id,
			 struct cr_err *err)
{
	json_t *t = cr_target_read(c, u, id, err), *out = NULL;
	if (!t)
		return NULL;
	struct hits h = { 0 };
	pthread_mutex_lock(&lock);
	if (sync_locked(c, err))
		goto out;
	double lon = json_number_value(json_object_get(t, "lon")),
	       lat = json_number_value(json_object_get(t, "lat"));
	if (strcmp(json_string_value(json_object_get(t, "status")), "active") == 0 &&
	    cr_expo_reaching(sources, lon, lat, collect, &h)) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	sort_hits(&h);
	json_t *items = json_array();
	for (size_t i = 0; i < h.n && i < MAX_LIST; i++) {
		const struct cr_expo_point *p = &h.p[i];
		json_t *o = json_pack("{ss sI sf sf si}", "kind", kind_name(p->kind), "id", p->id,
				      "distance_m", round1(h.d[i]), "radius_m", p->radius_m,
				      "grade", p->grade);
		json_object_set_new(o, "lon", json_real(p->lon));
		json_object_set_new(o, "lat", json_real(p->lat));
		char name[256], unit_name[256];
		struct cr_err e = { 0 };
		if (cr_user_can_read_unit(u, p->owner_id, p->region, p->dept) &&
		    cr_store_source_label(
			    c, p->kind == CR_EXPO_RISK ? CR_SOURCE_RISK : CR_SOURCE_INSTALLATION,
			    p->id, name, unit_name, &e) == 0) {
			json_object_set_new(o, "name", json_string(name));
			json_object_set_new(o, "unit_id", json_integer(p->owner_id));
			json_object_set_new(o, "unit_name", json_string(unit_name));
		} else {
			json_object_set_new(o, "in_scope", json_false());
		}
		json_array_append_new(items, o);
	}
	out = json_pack("{sO so sI sb}", "target", t, "sources", items, "count", (json_int_t)h.n,
			"superposed", h.n >= 2);
out:
	pthread_mutex_unlock(&lock);
	free(h.p);
	free(h.d);
	json_decref(t);
	return out;
}

/* ===== the whole territory ===== */

struct summary {
	const char *region;
	long long sources, links;
	struct hits reached; /* one entry per (source, target) link: the target */
};

static int link_target(void *ctx, const struct cr_expo_point *p, double d)
{
	struct summary *s = ctx;
	s->links++;
	return collect(&s->reached, p, d);
}

static int each_source(void *ctx, const struct cr_expo_point *p, double d)
{
	(void)d;
	struct summary *s = ctx;
	if (strncmp(p->region, s->region, strlen(s->region)) != 0)
		return 0;
	s->sources++;
	return cr_expo_within(targets, p->lon, p->lat, p->radius_m, link_target, s);
}

static int by_id(const void *a, const void *b)
{
	const struct cr_expo_point *x = a, *y = b;
	return (x->id > y->id) - (x->id < y->id);
}

static json_t *summary(struct cr_conn *c, const struct cr_user *u, const char *region,
		       struct cr_err *err)
{
	struct cr_scope sc;
	struct cr_user place = *u;
	place.role = CR_ROLE_CITY;
	if (u->role == CR_ROLE_UNIT) {
		cr_err_set(err, 403, "forbidden", "", "unit accounts do not read the exposure map");
		cr_err_param(err, "rule", "target_scope");
		return NULL;
	}
	if (cr_user_scope(&place, region, NULL, 0, &sc, err))
		return NULL;
	struct summary s = { .region = sc.region };
	json_t *out = NULL;
	pthread_mutex_lock(&lock);
	if (sync_locked(c, err))
		goto out;
	if (cr_expo_each(sources, each_source, &s)) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	if (s.reached.n)
		qsort(s.reached.p, s.reached.n, sizeof *s.reached.p, by_id);
	long long nreached = 0, nsuper = 0, day = 0, night = 0;
	json_t *super = json_array();
	for (size_t i = 0, j; i < s.reached.n; i = j) {
		for (j = i; j < s.reached.n && s.reached.p[j].id == s.reached.p[i].id; j++)
			;
		const struct cr_expo_point *p = &s.reached.p[i];
		nreached++;
		day += p->people_day > 0 ? p->people_day : 0;
		night += p->people_night > 0 ? p->people_night : 0;
		if (j - i >= 2) {
			nsuper++;
			if (json_array_size(super) < MAX_LIST)
				json_array_append_new(super,
						      json_pack("{sI sI sf sf}", "id", p->id,
								"sources", (json_int_t)(j - i),
								"lon", p->lon, "lat", p->lat));
		}
	}
	out = json_pack("{ss sI sI sI sI sI sI sI so}", "region", sc.region, "sources", s.sources,
			"targets", (json_int_t)cr_expo_grid_count(targets), "links", s.links,
			"targets_reached", nreached, "superposed_count", nsuper, "people_day", day,
			"people_night", night, "superposed", super);
out:
	pthread_mutex_unlock(&lock);
	free(s.reached.p);
	free(s.reached.d);
	return out;
}

/* ===== ?bbox= ===== */

struct boxed {
	const struct cr_user *u;
	double box[4];
	json_t *items;
};

static int in_box(void *ctx, const struct cr_expo_point *p, double d)
{
	(void)d;
	struct boxed *b = ctx;
	if (p->lon < b->box[0] || p->lat < b->box[1] || p->lon > b->box[2] || p->lat > b->box[3] ||
	    !cr_user_covers_region(b->u, p->region))
		return 0;
	if (json_array_size(b->items) >= MAX_LIST)
		return 1;
	json_array_append_new(b->items, json_pack("{ss sI sf sf sf si}", "kind", kind_name(p->kind),
						  "id", p->id, "lon", p->lon, "lat", p->lat,
						  "radius_m", p->radius_m, "grade", p->grade));
	return 0;
}

static json_t *in_bbox(struct cr_conn *c, const struct cr_user *u, const char *arg,
		       struct cr_err *err)
{
	struct boxed b = { .u = u };
	char tail;
	if (sscanf(arg, "%lf,%lf,%lf,%lf%c", &b.box[0], &b.box[1], &b.box[2], &b.box[3], &tail) !=
		    4 ||
	    !(b.box[0] <= b.box[2] && b.box[1] <= b.box[3])) {
		cr_err_set(err, 400, "invalid", "bbox", "bbox must be W,S,E,N in degrees");
		return NULL;
	}
	pthread_mutex_lock(&lock);
	json_t *out = NULL;
	if (sync_locked(c, err))
		goto out;
	b.items = json_array();
	int full = cr_expo_each(sources, in_box, &b);
	out = json_pack("{so sb}", "items", b.items, "truncated", full != 0);
out:
	pthread_mutex_unlock(&lock);
	return out;
}

static int parse_id(const char *arg, const char *field, long long *id, struct cr_err *err)
{
	char *end;
	long long v = strtoll(arg, &end, 10);
	if (end == arg || *end || v <= 0)
		return cr_err_set(err, 400, "invalid", field, "%s must be a positive id", field);
	*id = v;
	return 0;
}

json_t *cr_exposure_get(struct cr_conn *c, const struct cr_user *u,
			const struct cr_exposure_query *q, struct cr_err *err)
{
	long long id;
	if (q->source && *q->source) {
		int kind = CR_EXPO_RISK;
		if (q->kind && *q->kind && strcmp(q->kind, "risk") != 0) {
			if (strcmp(q->kind, "installation") != 0) {
				cr_err_set(err, 400, "invalid", "kind",
					   "kind must be risk or installation");
				return NULL;
			}
			kind = CR_EXPO_INSTALLATION;
		}
		if (parse_id(q->source, "source", &id, err))
			return NULL;
		return by_source(c, u, id, kind, err);
	}
	if (q->target && *q->target)
		return parse_id(q->target, "target", &id, err) ? NULL : by_target(c, u, id, err);
	if (q->bbox && *q->bbox)
		return in_bbox(c, u, q->bbox, err);
	return summary(c, u, q->region, err);
}
