/* overview.c — what the overview shows each role beyond the totals: whose territory it is, the
 * hidden hazards, the ranking of districts (for the city) or towns (for a district), industries
 * by GB/T 4754 section (a department: its own key sectors), a unit's own page. It must not
 * write, and it takes every figure from the scoped services and stores, never its own SQL. */
#include "service/overview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service/config.h"
#include "service/hazards.h"
#include "store/analysis.h"
#include "store/regions.h"

/* ===== Territory ===== */

static const char *kind_of(enum cr_role r)
{
	switch (r) {
	case CR_ROLE_CITY:
		return "city";
	case CR_ROLE_DISTRICT:
		return "district";
	case CR_ROLE_STREET:
		return "town";
	case CR_ROLE_CITY_DEPT:
	case CR_ROLE_DISTRICT_DEPT:
		return "dept";
	case CR_ROLE_UNIT:
		return "unit";
	default:
		return "expert";
	}
}

/* The code of the territory: the scope's region, or the city served when it is everywhere. */
static const char *territory_code(const struct cr_risk_scope *s)
{
	return s->region_prefix && *s->region_prefix ? s->region_prefix : cr_config()->city;
}

static json_t *territory(struct cr_conn *c, const struct cr_user *u, const struct cr_risk_scope *s,
			 const json_t *unit, struct cr_err *err)
{
	const char *code = u->role == CR_ROLE_UNIT && unit
				   ? json_string_value(json_object_get(unit, "region"))
				   : territory_code(s);
	char region[128] = "";
	if (cr_store_region_name(c, code, region, sizeof region, err) < 0)
		return NULL;
	json_t *t = json_pack("{ss ss ss ss}", "kind", kind_of(u->role), "code", code,
			      "region_name", region, "name_cn", region);
	if (u->role == CR_ROLE_UNIT && unit) {
		json_object_set(t, "name_cn", json_object_get(unit, "name"));
		json_object_set(t, "name_en", json_object_get(unit, "name"));
	} else if ((u->role == CR_ROLE_CITY_DEPT || u->role == CR_ROLE_DISTRICT_DEPT) && *u->dept) {
		json_t *names = json_object();
		if (cr_store_dept_names(c, u->dept, names, err) < 0) {
			json_decref(names);
			json_decref(t);
			return NULL;
		}
		/* 苏州市 + 市应急管理局 → 苏州市应急管理局; 昆山市 + 市应急管理局 → 昆山市应急管理局 */
		const char *cn = json_string_value(json_object_get(names, "name_cn"));
		const char *en = json_string_value(json_object_get(names, "name_en"));
		char buf[256];
		if (cn) {
			const char *rest =
				strncmp(cn, "市", strlen("市")) == 0 ? cn + strlen("市") : cn;
			snprintf(buf, sizeof buf, "%s%s", region, rest);
			json_object_set_new(t, "name_cn", json_string(buf));
		}
		json_object_set_new(t, "dept", json_string(u->dept));
		if (en) {
			snprintf(buf, sizeof buf, "%s, %s", en, region);
			json_object_set_new(t, "name_en", json_string(buf));
		}
		json_decref(names);
	}
	if (!json_object_get(t, "name_en"))
		json_object_set(t, "name_en", json_object_get(t, "name_cn"));
	return t;
}

/* ===== Hidden hazards ===== */

static json_t *hazard_total(struct cr_conn *c, const struct cr_user *u,
			    const struct cr_hazard_query *q, const char *by, json_t **items,
			    struct cr_err *err)
{
	json_t *v = cr_hazard_stats(c, u, q, by, err);
	if (!v)
		return NULL;
	json_t *total = json_incref(json_object_get(v, "total"));
	if (items)
		*items = json_incref(json_object_get(v, "items"));
	json_decref(v);
	return total;
}

#define TREND_QUARTERS 8

/* Adds a month's figures (key "YYYY-MM") to its quarter's row, prefix "" or "major_". */
static void add_month(json_t *quarters, const json_t *m, const char *prefix)
{
	const char *key = json_string_value(json_object_get(m, "key"));
	if (!key || strlen(key) < 7)
		return;
	char q[16], k[32];
	snprintf(q, sizeof q, "%.4sQ%ld", key, (strtol(key + 5, NULL, 10) - 1) / 3 + 1);
	json_t *row = json_object_get(quarters, q);
	if (!row) {
		row = json_pack("{ss si si si si si si}", "quarter", q, "found", 0, "closed", 0,
				"open", 0, "major_found", 0, "major_closed", 0, "major_open", 0);
		json_object_set_new(quarters, q, row);
	}
	static const char *const f[] = { "found", "closed", "open" };
	for (size_t i = 0; i < 3; i++) {
		snprintf(k, sizeof k, "%s%s", prefix, f[i]);
		json_object_set_new(row, k,
				    json_integer(json_integer_value(json_object_get(row, k)) +
						 json_integer_value(json_object_get(m, f[i]))));
	}
}

static int cmp_quarter(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "quarter")),
		      json_string_value(json_object_get(*(json_t *const *)b, "quarter")));
}

static json_t *hazards(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	json_t *all_m = NULL, *major_m = NULL, *all = NULL, *major = NULL, *listed = NULL,
	       *out = NULL;
	if (!(all = hazard_total(c, u, &(struct cr_hazard_query){ 0 }, "month", &all_m, err)) ||
	    !(major = hazard_total(c, u, &(struct cr_hazard_query){ .grade = "major" }, "month",
				   &major_m, err)) ||
	    !(listed = hazard_total(c, u, &(struct cr_hazard_query){ .listed = "1", .open = "1" },
				    "source", NULL, err)))
		goto out;
	json_t *quarters = json_object(), *m, *row;
	size_t i;
	const char *k;
	json_array_foreach(all_m, i, m)
		add_month(quarters, m, "");
	json_array_foreach(major_m, i, m)
		add_month(quarters, m, "major_");
	size_t n = json_object_size(quarters), j = 0;
	json_t **rows = calloc(n ? n : 1, sizeof *rows);
	json_object_foreach(quarters, k, row)
		rows[j++] = row;
	qsort(rows, n, sizeof *rows, cmp_quarter);
	json_t *trend = json_array();
	for (j = n > TREND_QUARTERS ? n - TREND_QUARTERS : 0; j < n; j++)
		json_array_append(trend, rows[j]);
	free(rows);
	json_decref(quarters);
	out = json_pack("{sO sO sO sO sO sO sO so}", "found", json_object_get(all, "found"), "open",
			json_object_get(all, "open"), "overdue", json_object_get(all, "overdue"),
			"closure_rate", json_object_get(all, "closure_rate"), "major_open",
			json_object_get(major, "open"), "major_overdue",
			json_object_get(major, "overdue"), "major_listed",
			json_object_get(listed, "found"), "by_quarter", trend);
out:
	json_decref(all_m);
	json_decref(major_m);
	json_decref(all);
	json_decref(major);
	json_decref(listed);
	return out;
}

/* ===== Ranking of districts or towns ===== */

static long long count_of(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static int cmp_rank(const void *a, const void *b)
{
	const json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	static const char *const keys[] = { "red_units", "grade1", "major_overdue",
					    "hazards_overdue", "grade2" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		long long d = count_of(y, keys[i]) - count_of(x, keys[i]);
		if (d)
			return d > 0 ? 1 : -1;
	}
	return strcmp(json_string_value(json_object_get(x, "code")),
		      json_string_value(json_object_get(y, "code")));
}

/* The hazards of one area: from the district grouping, or asked for the town alone. */
static json_t *area_hazards(struct cr_conn *c, const struct cr_user *u, const char *code,
			    const json_t *by_district, struct cr_err *err)
{
	if (by_district) {
		size_t i;
		json_t *h;
		json_array_foreach(by_district, i, h)
			if (strcmp(json_string_value(json_object_get(h, "key")), code) == 0)
				return json_incref(h);
		return json_pack("{si si si sf}", "found", 0, "open", 0, "overdue", 0,
				 "closure_rate", 0.0);
	}
	return hazard_total(c, u, &(struct cr_hazard_query){ .region = code }, "source", NULL, err);
}

static json_t *ranking(struct cr_conn *c, const struct cr_user *u, const struct cr_risk_scope *s,
		       struct cr_err *err)
{
	const char *parent = territory_code(s);
	size_t plen = strlen(parent);
	if ((plen != 4 && plen != 6) || u->role == CR_ROLE_UNIT)
		return json_null(); /* a town or a unit: nothing below it to rank */
	bool towns = plen == 6;
	enum cr_stat_dim dims[2] = { towns ? CR_DIM_TOWN : CR_DIM_DISTRICT, CR_DIM_GRADE };
	json_t *areas = NULL, *red = NULL, *grades = NULL, *by_district = NULL, *major_d = NULL,
	       *out = NULL, *items = json_array();
	if (!(areas = cr_store_region_list(c, parent, err)) ||
	    !(red = cr_store_red_units_by_area(c, s, towns ? 9 : 6, err)) ||
	    !(grades = cr_store_risk_stats(c, s, dims, 2, err)))
		goto out;
	if (!towns) {
		json_t *t = hazard_total(c, u, &(struct cr_hazard_query){ 0 }, "district",
					 &by_district, err);
		if (!t)
			goto out;
		json_decref(t);
		if (!(t = hazard_total(c, u, &(struct cr_hazard_query){ .grade = "major" },
				       "district", &major_d, err)))
			goto out;
		json_decref(t);
	}
	size_t i, k;
	json_t *a, *row;
	json_array_foreach(json_object_get(areas, "items"), i, a) {
		const char *code = json_string_value(json_object_get(a, "code"));
		if (!code)
			continue;
		long long g[5] = { 0 };
		json_array_foreach(json_object_get(grades, "rows"), k, row) {
			const char *rc = json_string_value(
				json_object_get(row, towns ? "town" : "district"));
			long long gr = count_of(row, "grade");
			if (rc && strcmp(rc, code) == 0 && gr >= 1 && gr <= 4)
				g[gr] += count_of(row, "count");
		}
		json_t *h = area_hazards(c, u, code, by_district, err), *mh = NULL;
		if (!h)
			goto out;
		if (towns)
			mh = hazard_total(
				c, u, &(struct cr_hazard_query){ .region = code, .grade = "major" },
				"source", NULL, err);
		else
			mh = area_hazards(c, u, code, major_d, err);
		if (!mh) {
			json_decref(h);
			goto out;
		}
		json_array_append_new(items,
				      json_pack("{sO sO sI sI sI sI sO sO sO sO sO sO}", "code",
						json_object_get(a, "code"), "name",
						json_object_get(a, "name"), "red_units",
						(json_int_t)count_of(red, code), "grade1",
						(json_int_t)g[1], "grade2", (json_int_t)g[2],
						"risks", (json_int_t)(g[1] + g[2] + g[3] + g[4]),
						"hazards_found", json_object_get(h, "found"),
						"hazards_open", json_object_get(h, "open"),
						"hazards_overdue", json_object_get(h, "overdue"),
						"closure_rate", json_object_get(h, "closure_rate"),
						"major_open", json_object_get(mh, "open"),
						"major_overdue", json_object_get(mh, "overdue")));
		json_decref(h);
		json_decref(mh);
	}
	size_t n = json_array_size(items);
	json_t **rows = calloc(n ? n : 1, sizeof *rows);
	for (i = 0; i < n; i++)
		rows[i] = json_incref(json_array_get(items, i));
	qsort(rows, n, sizeof *rows, cmp_rank);
	json_t *sorted = json_array();
	for (i = 0; i < n; i++)
		json_array_append_new(sorted, rows[i]);
	free(rows);
	out = json_pack("{ss ss so}", "level", towns ? "town" : "district", "parent", parent,
			"items", sorted);
out:
	json_decref(items);
	json_decref(areas);
	json_decref(red);
	json_decref(grades);
	json_decref(by_district);
	json_decref(major_d);
	return out;
}

/* ===== Industries ===== */

static int cmp_count(const void *a, const void *b)
{
	long long d =
		count_of(*(json_t *const *)b, "count") - count_of(*(json_t *const *)a, "count");
	return d ? (d > 0 ? 1 : -1) : 0;
}

/* Risk points by GB/T 4754 section (the key sectors mix industries with activities such as
 * 有限空间作业, so the city counts by section); a department's chart is its own key sectors. */
static json_t *industries(struct cr_conn *c, const struct cr_user *u, const struct cr_risk_scope *s,
			  struct cr_err *err)
{
	bool dept = u->role == CR_ROLE_CITY_DEPT || u->role == CR_ROLE_DISTRICT_DEPT;
	enum cr_stat_dim dims[2] = { dept ? CR_DIM_SECTOR : CR_DIM_SECTION, CR_DIM_GRADE };
	const char *key = dept ? "sector" : "section";
	json_t *v = cr_store_risk_stats(c, s, dims, 2, err);
	if (!v)
		return NULL;
	json_t *by = json_object(), *row, *it;
	size_t i;
	json_array_foreach(json_object_get(v, "rows"), i, row) {
		const char *code = json_string_value(json_object_get(row, key));
		long long g = count_of(row, "grade");
		if (!code)
			continue;
		if (!(it = json_object_get(by, code))) {
			it = json_pack("{ss si s{si si si si}}", "code", code, "count", 0, "counts",
				       "1", 0, "2", 0, "3", 0, "4", 0);
			json_object_set_new(by, code, it);
		}
		char gk[4];
		snprintf(gk, sizeof gk, "%lld", g);
		json_t *counts = json_object_get(it, "counts");
		if (g >= 1 && g <= 4)
			json_object_set_new(
				counts, gk,
				json_integer(count_of(counts, gk) + count_of(row, "count")));
		json_object_set_new(it, "count",
				    json_integer(count_of(it, "count") + count_of(row, "count")));
	}
	json_decref(v);
	size_t n = json_object_size(by), j = 0;
	json_t **rows = calloc(n ? n : 1, sizeof *rows);
	const char *k;
	json_object_foreach(by, k, it)
		rows[j++] = it;
	qsort(rows, n, sizeof *rows, cmp_count);
	json_t *items = json_array();
	int rc = 0;
	for (j = 0; j < n && rc >= 0; j++) {
		rc = cr_store_sector_names(c, json_string_value(json_object_get(rows[j], "code")),
					   rows[j], err);
		json_array_append(items, rows[j]);
	}
	free(rows);
	json_decref(by);
	if (rc < 0) {
		json_decref(items);
		return NULL;
	}
	return json_pack("{ss so}", "by", key, "items", items);
}

/* ===== A unit's own page ===== */

#define UNIT_LIST_MAX 50

static json_t *unit_part(struct cr_conn *c, const struct cr_user *u, const json_t *changes,
			 struct cr_err *err)
{
	json_t *unit = cr_store_unit_brief(c, u->unit_id, err);
	if (!unit)
		return NULL;
	json_t *list =
		cr_hazard_list(c, u, &(struct cr_hazard_query){ .open = "1", .limit = "200" }, err);
	if (!list) {
		json_decref(unit);
		return NULL;
	}
	/* What the unit must do next: rectify (and report) what is in 治理 by its deadline. */
	json_t *hz = json_array(), *h;
	size_t i;
	long long overdue = 0, rectifying = 0;
	json_array_foreach(json_object_get(list, "items"), i, h) {
		const char *state = json_string_value(json_object_get(h, "state"));
		if (json_is_true(json_object_get(h, "overdue")))
			overdue++;
		if (state && strcmp(state, "rectifying") == 0)
			rectifying++;
		if (json_array_size(hz) < UNIT_LIST_MAX)
			json_array_append_new(hz,
					      json_pack("{sO sO sO sO sO sO sO}", "id",
							json_object_get(h, "id"), "description",
							json_object_get(h, "description"), "grade",
							json_object_get(h, "grade"), "state",
							json_object_get(h, "state"), "deadline",
							json_object_get(h, "deadline")
								? json_object_get(h, "deadline")
								: json_null(),
							"overdue",
							json_object_get(h, "overdue")
								? json_object_get(h, "overdue")
								: json_false(),
							"due_soon",
							json_object_get(h, "due_soon")
								? json_object_get(h, "due_soon")
								: json_false()));
	}
	json_t *reviews = json_array(), *r;
	json_array_foreach(json_object_get(changes, "overdue_review"), i, r)
		if (json_array_size(reviews) < UNIT_LIST_MAX)
			json_array_append(reviews, r);
	json_object_set(unit, "open_hazards_total", json_object_get(list, "total"));
	json_object_set_new(unit, "open_hazards", hz);
	json_object_set_new(unit, "overdue_hazards", json_integer(overdue));
	json_object_set_new(unit, "reports_owed", json_integer(rectifying));
	json_object_set_new(unit, "overdue_reviews", reviews);
	json_object_set(unit, "review_cutoff", json_object_get(changes, "review_cutoff"));
	json_decref(list);
	return unit;
}

int cr_overview_role_parts(struct cr_conn *c, const struct cr_user *u,
			   const struct cr_risk_scope *s, const json_t *changes, json_t *out,
			   struct cr_err *err)
{
	json_t *unit = NULL, *v;
	if (u->role == CR_ROLE_UNIT && u->unit_id) {
		if (!(unit = unit_part(c, u, changes, err)))
			return -1;
		json_object_set_new(out, "unit", unit);
	}
	if (!(v = territory(c, u, s, unit, err)))
		return -1;
	json_object_set_new(out, "territory", v);
	if (!(v = hazards(c, u, err)))
		return -1;
	json_object_set_new(out, "hazards", v);
	if (!(v = ranking(c, u, s, err)))
		return -1;
	json_object_set_new(out, "ranking", v);
	if (!(v = industries(c, u, s, err)))
		return -1;
	json_object_set_new(out, "industries", v);
	return 0;
}
