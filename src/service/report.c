/* report.c — gathers a risk assessment report's figures from the services' aggregates (risk
 * index statistics, superposition, hazard figures, the four lists' first rows) within the
 * report's territory, and hands them to io/ to be set. No SQL, no drawing here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/grade.h"
#include "domain/report_advice.h"
#include "domain/report_scope.h"
#include "io/report_render.h"
#include "service/analysis.h"
#include "service/capability.h"
#include "service/config.h"
#include "service/hazards.h"
#include "service/lists.h"
#include "service/report.h"
#include "service/plans.h"
#include "service/resources.h"
#include "service/risks.h"
#include "service/units.h"
#include "store/refdata.h"
#include "store/regions.h"

#define LIST_ROWS "15" /* rows of each of the four lists printed; the total is given */
#define MAIN_RISKS "8" /* major risks whose measures are printed */
#define TOP_SECTORS 12
#define CAPABILITY_ROWS 20 /* subjects whose newest capability assessment is printed */

static int format_check(const char *f, struct cr_err *err)
{
	if (!f || strcmp(f, "pdf") == 0 || strcmp(f, "html") == 0)
		return 0;
	cr_err_set(err, 400, "invalid", "format", "format must be html or pdf");
	return cr_err_param(err, "rule", "one_of");
}

const char *cr_report_media_type(const struct cr_report_query *q)
{
	return q->format && strcmp(q->format, "html") == 0 ? "text/html; charset=utf-8"
							   : "application/pdf";
}

/* The sector's record from the reference list, or NULL (borrowed from sectors). */
static json_t *sector_of(json_t *sectors, const char *code)
{
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(sectors, "items"), i, s)
		if (code && strcmp(json_string_value(json_object_get(s, "code")), code) == 0)
			return s;
	return NULL;
}

/* What the report covers, once checked: its territory, the user it is seen as, its names. */
struct subject {
	enum cr_report_kind kind;
	char region[16];
	char territory[96];   /* 苏州市, 昆山市 */
	char sector_name[96]; /* the industry's name, "" for other kinds */
	char sector_dept[16]; /* the industry's supervising department, "" when none */
	struct cr_user as;    /* u narrowed to the report's territory */
};

static enum cr_role role_for(const struct cr_user *u, const char *region)
{
	size_t n = strlen(region);
	if (u->role == CR_ROLE_CITY_DEPT || u->role == CR_ROLE_DISTRICT_DEPT)
		return n <= 4 ? CR_ROLE_CITY_DEPT : CR_ROLE_DISTRICT_DEPT;
	return n <= 4 ? CR_ROLE_CITY : n <= 6 ? CR_ROLE_DISTRICT : CR_ROLE_STREET;
}

static int subject_of(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
		      struct subject *s, struct cr_err *err)
{
	memset(s, 0, sizeof *s);
	json_t *sectors = NULL;
	int rc = -1;
	if (cr_report_kind_parse(q->kind, &s->kind, err) || format_check(q->format, err))
		goto out;
	if (cr_report_scope(u, cr_config()->city, s->kind, q->code, s->region, err))
		goto out;
	int missing = cr_store_region_name(c, s->region, s->territory, sizeof s->territory, err);
	if (missing < 0)
		goto out;
	if (missing) {
		cr_err_set(err, 404, "not_found", "code", "no region %s", s->region);
		goto out;
	}
	if (s->kind == CR_REPORT_INDUSTRY) {
		if (!(sectors = cr_store_sector_list(c, err)))
			goto out;
		json_t *sec = sector_of(sectors, q->code);
		if (!sec) {
			cr_err_set(err, 404, "not_found", "code", "no industry %s", q->code);
			goto out;
		}
		snprintf(s->sector_name, sizeof s->sector_name, "%s",
			 json_string_value(json_object_get(sec, "name_cn")));
		const char *dept = json_string_value(json_object_get(sec, "dept"));
		snprintf(s->sector_dept, sizeof s->sector_dept, "%s", dept ? dept : "");
	}
	s->as = *u;
	snprintf(s->as.region, sizeof s->as.region, "%s", s->region);
	s->as.role = role_for(u, s->region);
	rc = 0;
out:
	json_decref(sectors);
	return rc;
}

int cr_report_check(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
		    char territory[96], struct cr_err *err)
{
	struct subject s;
	if (subject_of(c, u, q, &s, err))
		return -1;
	if (territory)
		snprintf(territory, 96, "%s", s.territory);
	return 0;
}

void cr_report_names(const struct cr_report_query *q, const char *territory, char utf8[160],
		     char ascii[64])
{
	const char *ext = q->format && strcmp(q->format, "html") == 0 ? "html" : "pdf";
	snprintf(utf8, 160, "风险评估报告-%s%s%s.%s", territory, q->code ? "-" : "",
		 q->code ? q->code : "", ext);
	snprintf(ascii, 64, "report-%s%s%.20s.%s", q->kind, q->code ? "-" : "",
		 q->code ? q->code : "", ext);
	for (char *p = ascii; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
			*p = '_';
}

/* ---- the parts ---- */

/* A service's JSON text (malloc'd, freed here) as a value; NULL with err. */
static json_t *parsed(char *text, struct cr_err *err)
{
	if (!text)
		return NULL;
	json_error_t je;
	json_t *v = json_loads(text, 0, &je);
	free(text);
	if (!v)
		cr_err_set(err, 500, "internal", "", "a report part did not parse: %s", je.text);
	return v;
}

/* CITYRISK_REPORT_STEP_MS (tests only, like CITYRISK_PWHASH=fast): every step of a report
 * waits this many milliseconds, so a test sees a report running while other requests are
 * answered. */
static void step(cr_report_progress fn, void *ctx, int percent, const char *name)
{
	if (fn)
		fn(ctx, percent, name);
	const char *ms = getenv("CITYRISK_REPORT_STEP_MS");
	long v = ms ? strtol(ms, NULL, 10) : 0;
	if (v > 0 && v <= 10000)
		nanosleep(&(struct timespec){ v / 1000, (v % 1000) * 1000000L }, NULL);
}

static const char *sector_arg(const struct subject *s, const struct cr_report_query *q)
{
	return s->kind == CR_REPORT_INDUSTRY ? q->code : NULL;
}

/* {"1":n,…,"4":n} risk points by grade, and their total. */
static json_t *by_grade(struct cr_conn *c, const struct subject *s, const char *sector, long *total,
			struct cr_err *err)
{
	struct cr_analysis_query aq = { .region = s->region, .sector = sector, .by = "grade" };
	json_t *st = parsed(cr_stats_risks_text(c, &s->as, &aq, err), err);
	if (!st)
		return NULL;
	json_t *out = json_object();
	for (int g = CR_GRADE_MIN; g <= CR_GRADE_MAX; g++)
		json_object_set_new(out, cr_grade_roman(g) ? (char[]){ (char)('0' + g), 0 } : "",
				    json_integer(0));
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(st, "rows"), i, row) {
		long long g = json_integer_value(json_object_get(row, "grade"));
		if (g >= CR_GRADE_MIN && g <= CR_GRADE_MAX)
			json_object_set(out, (char[]){ (char)('0' + g), 0 },
					json_object_get(row, "count"));
	}
	*total = (long)json_integer_value(json_object_get(st, "total"));
	json_decref(st);
	return out;
}

/* {"red":n,…,"blue":n,"total":n}: units by their four-colour rating. */
/* "units_red" added to each area of the model: its units rated red (the unit list's count). */
static int red_units_by_area(struct cr_conn *c, const struct subject *s, const char *sector,
			     json_t *model, struct cr_err *err)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(model, "areas"), i, a) {
		struct cr_unit_query uq = { .region = json_string_value(json_object_get(a, "code")),
					    .sector = sector,
					    .rating = "red",
					    .limit = "1" };
		json_t *page = parsed(cr_unit_list(c, &s->as, &uq, err), err);
		if (!page)
			return -1;
		json_object_set(a, "units_red", json_object_get(page, "total"));
		json_decref(page);
	}
	return 0;
}

static json_t *by_rating(struct cr_conn *c, const struct subject *s, const char *sector,
			 struct cr_err *err)
{
	static const char *const ratings[] = { "red", "orange", "yellow", "blue", NULL };
	json_t *out = json_object();
	for (int i = 0; i <= 4; i++) {
		struct cr_unit_query uq = {
			.region = s->region, .sector = sector, .rating = ratings[i], .limit = "1"
		};
		json_t *page = parsed(cr_unit_list(c, &s->as, &uq, err), err);
		if (!page) {
			json_decref(out);
			return NULL;
		}
		json_object_set(out, ratings[i] ? ratings[i] : "total",
				json_object_get(page, "total"));
		json_decref(page);
	}
	return out;
}

/* A code (a sector's text or an accident type's number) as text, into buf. */
static const char *code_text(const json_t *code, char buf[32])
{
	if (json_is_integer(code))
		snprintf(buf, 32, "%lld", json_integer_value(code));
	else
		snprintf(buf, 32, "%s", json_string_value(code) ? json_string_value(code) : "");
	return buf;
}

/* [{"code","name","count"}] from stats rows of one dimension, largest first, at most top,
 * named from the reference list (name_key of items keyed by code_key). */
static json_t *named_counts(json_t *rows, const char *dim, json_t *ref, const char *code_key,
			    size_t top)
{
	json_t *out = json_array();
	size_t n = json_array_size(rows);
	bool *used = calloc(n ? n : 1, sizeof *used);
	for (size_t k = 0; used && k < top; k++) {
		long long best = 0;
		size_t at = 0;
		for (size_t i = 0; i < n; i++) {
			long long v = json_integer_value(
				json_object_get(json_array_get(rows, i), "count"));
			if (!used[i] && v > best)
				best = v, at = i;
		}
		if (best <= 0)
			break;
		used[at] = true;
		char key[32], rk[32];
		code_text(json_object_get(json_array_get(rows, at), dim), key);
		const char *name = key;
		size_t i;
		json_t *r;
		json_array_foreach(json_object_get(ref, "items"), i, r) {
			if (strcmp(code_text(json_object_get(r, code_key), rk), key) == 0) {
				name = json_string_value(json_object_get(r, "name_cn"));
				break;
			}
		}
		json_array_append_new(out, json_pack("{s:s, s:s, s:I}", "code", key, "name",
						     name ? name : key, "count", best));
	}
	free(used);
	return out;
}

static json_t *dimension(struct cr_conn *c, const struct subject *s, const char *sector,
			 const char *dim, json_t *ref, const char *code_key, size_t top,
			 struct cr_err *err)
{
	struct cr_analysis_query aq = { .region = s->region, .sector = sector, .by = dim };
	json_t *st = parsed(cr_stats_risks_text(c, &s->as, &aq, err), err);
	if (!st)
		return NULL;
	json_t *out = named_counts(json_object_get(st, "rows"), dim, ref, code_key, top);
	json_decref(st);
	return out;
}

/* The superposed areas (districts of the city, towns of a district) and the map's layers:
 * {"areas":[…items…], "city_level", "map":{"base":[features], "areas":[features], "outline":
 * [features]}}. */
static int areas_and_map(struct cr_conn *c, const struct subject *s, const char *sector,
			 json_t *model, struct cr_err *err)
{
	bool district = s->kind == CR_REPORT_DISTRICT || strlen(s->region) > 4;
	struct cr_analysis_query aq = { .region = s->region,
					.sector = sector,
					.level = district ? "town" : "district" };
	json_t *areas = parsed(cr_areas_risk_text(c, &s->as, &aq, err), err), *map = NULL;
	if (!areas)
		return -1;
	json_object_set(model, "areas", json_object_get(areas, "items"));
	json_object_set(model, "level", json_object_get(json_object_get(areas, "city"), "level"));
	json_decref(areas);
	map = json_object();
	json_object_set_new(model, "map", map);
	/* The district's 1 km grid, or the city's districts; under an industry, the districts
	 * without its points are drawn too, uncoloured. */
	struct cr_analysis_query gq = { .region = s->region,
					.sector = sector,
					.level = district ? "grid" : "district",
					.format = "geojson" };
	json_t *fc = parsed(cr_areas_risk_text(c, &s->as, &gq, err), err);
	if (!fc)
		return -1;
	json_object_set(map, "areas", json_object_get(fc, "features"));
	json_decref(fc);
	if (district || sector) {
		struct cr_analysis_query oq = { .region = s->region,
						.level = "district",
						.format = "geojson" };
		json_t *ol = parsed(cr_areas_risk_text(c, &s->as, &oq, err), err);
		if (!ol)
			return -1;
		json_object_set(map, district ? "outline" : "base",
				json_object_get(ol, "features"));
		json_decref(ol);
	}
	return 0;
}

static json_t *hazards(struct cr_conn *c, const struct subject *s, const char *sector,
		       struct cr_err *err)
{
	struct cr_hazard_query hq = { .region = s->region, .sector = sector };
	return cr_hazard_stats(c, &s->as, &hq, "district", err);
}

static json_t *lists(struct cr_conn *c, const struct subject *s, struct cr_err *err)
{
	static const char *const names[] = { "major-risks", "major-hazards", "hazard-sources",
					     "targets" };
	json_t *out = json_array();
	for (size_t i = 0; i < 4; i++) {
		struct cr_list_query lq = {
			.name = names[i],
			.region = s->region,
			.format = "json",
			.limit = LIST_ROWS,
			.dept = *s->sector_dept && i != 3 ? s->sector_dept : NULL,
		};
		json_t *l = cr_list_get(c, &s->as, &lq, err);
		if (!l) {
			json_decref(out);
			return NULL;
		}
		json_object_del(l, "next");
		json_array_append_new(out, l);
	}
	return out;
}

/* "火灾、爆炸" from accident type codes, named by the reference list. */
static json_t *accident_names(const json_t *codes, json_t *acc)
{
	char buf[512] = "";
	size_t len = 0, i, k;
	json_t *code, *r;
	json_array_foreach(codes, i, code) {
		json_array_foreach(json_object_get(acc, "items"), k, r) {
			if (json_integer_value(json_object_get(r, "code")) !=
			    json_integer_value(code))
				continue;
			int n = snprintf(buf + len, sizeof buf - len, "%s%s", len ? "、" : "",
					 json_string_value(json_object_get(r, "name_cn")));
			if (n > 0 && (size_t)n < sizeof buf - len)
				len += (size_t)n;
		}
	}
	return json_string(buf);
}

static json_t *main_risks(struct cr_conn *c, const struct subject *s, const char *sector,
			  json_t *acc, struct cr_err *err)
{
	struct cr_risk_query rq = {
		.region = s->region, .sector = sector, .grade = "1", .limit = MAIN_RISKS
	};
	json_t *page = cr_risk_list(c, &s->as, &rq, err);
	if (!page)
		return NULL;
	json_t *out = json_array();
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(page, "items"), i, r) {
		json_array_append_new(
			out, json_pack("{s:O, s:O, s:O, s:O, s:o, s:O}", "id",
				       json_object_get(r, "id"), "name", json_object_get(r, "name"),
				       "unit_name", json_object_get(r, "unit_name"), "place",
				       json_object_get(r, "place"), "accident_types",
				       accident_names(json_object_get(r, "accident_types"), acc),
				       "measures", json_object_get(r, "measures")));
	}
	json_object_set_new(page, "items", out);
	json_object_del(page, "next");
	return page;
}

/* The recommendations from the figures (domain/report_advice.c). */
static json_t *advice(const json_t *model)
{
	const json_t *areas = json_object_get(model, "areas");
	const json_t *hz = json_object_get(model, "hazards");
	size_t n = json_array_size(areas);
	struct cr_advice_area *a = calloc(n ? n : 1, sizeof *a);
	json_t *out = json_array();
	if (!a)
		return out;
	for (size_t i = 0; i < n; i++) {
		const json_t *it = json_array_get(areas, i);
		a[i].name = json_string_value(json_object_get(it, "name"));
		a[i].color = json_string_value(json_object_get(it, "color"));
		a[i].grade1 = (long)json_integer_value(
			json_object_get(json_object_get(it, "counts"), "1"));
		a[i].units_red = (long)json_integer_value(json_object_get(it, "units_red"));
		const char *code = json_string_value(json_object_get(it, "code"));
		size_t k;
		json_t *h;
		json_array_foreach(json_object_get(hz, "items"), k, h)
			if (code && strcmp(code, json_string_value(json_object_get(h, "key"))) == 0)
				a[i].overdue =
					(long)json_integer_value(json_object_get(h, "overdue"));
	}
	const json_t *tot = json_object_get(hz, "total");
	const json_t *ov = json_object_get(model, "overview");
	struct cr_advice_input in = {
		.areas = a,
		.nareas = n,
		.units_red = (long)json_integer_value(
			json_object_get(json_object_get(model, "by_rating"), "red")),
		.flagged_owners = (long)json_integer_value(json_object_get(ov, "flagged_owners")),
		.hazards_found = (long)json_integer_value(json_object_get(tot, "found")),
		.hazards_overdue = (long)json_integer_value(json_object_get(tot, "overdue")),
		/* the 重大隐患清单 holds the major hazards not yet closed */
		.hazards_major_open = (long)json_integer_value(json_object_get(
			json_array_get(json_object_get(model, "lists"), 1), "total")),
		.closure_rate = json_number_value(json_object_get(tot, "closure_rate")),
		.sources_without_plan = json_is_true(json_object_get(
						json_object_get(model, "emergency"), "available"))
						? (long)json_integer_value(json_object_get(
							  json_object_get(model, "emergency"),
							  "sources_without_plan"))
						: -1,
		.plans_overdue = (long)json_integer_value(
			json_object_get(json_object_get(model, "emergency"), "plans_overdue")),
	};
	char lines[CR_ADVICE_MAX][CR_ADVICE_LEN];
	size_t k = cr_report_advice(&in, lines);
	for (size_t i = 0; i < k; i++)
		json_array_append_new(out, json_string(lines[i]));
	free(a);
	return out;
}

static void title_of(const struct subject *s, char *title, size_t cap)
{
	if (s->kind == CR_REPORT_INDUSTRY)
		snprintf(title, cap, "%s%s行业安全风险评估报告", s->territory, s->sector_name);
	else if (s->kind == CR_REPORT_DISTRICT)
		snprintf(title, cap, "%s安全风险评估报告", s->territory);
	else
		snprintf(title, cap, "%s城市安全风险评估报告", s->territory);
}

static int put(json_t *model, const char *key, json_t *v)
{
	if (!v)
		return -1;
	json_object_set_new(model, key, v);
	return 0;
}

/* 应急资源 by kind in the territory, and the 应急预案 gaps: major hazard sources without a plan
 * (一对一) and plans overdue for evaluation or drill (service/resources.c, service/plans.c).
 * "available" is false while the territory has neither resources nor major hazard sources. */
static json_t *emergency(struct cr_conn *c, const struct subject *s, struct cr_err *err)
{
	static const char *const kinds[] = { "team",      "expert",  "material",
					     "equipment", "shelter", "depot" };
	json_t *by_kind = json_object();
	long long resources = 0;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct cr_resource_query rq = { .region = s->region,
						.kind = kinds[i],
						.limit = "1" };
		json_t *page = cr_resource_list(c, &s->as, &rq, err);
		if (!page) {
			json_decref(by_kind);
			return NULL;
		}
		json_int_t n = json_integer_value(json_object_get(page, "total"));
		json_object_set_new(by_kind, kinds[i], json_integer(n));
		resources += n;
		json_decref(page);
	}
	json_t *gaps = cr_plan_gaps(c, &s->as, s->region, NULL, NULL, err);
	if (!gaps) {
		json_decref(by_kind);
		return NULL;
	}
	json_t *without = json_object_get(gaps, "sources_without_plan");
	json_t *out = json_pack("{s:b, s:I, s:o, s:I, s:I, s:O}", "available",
				resources > 0 || json_array_size(without) > 0, "resources",
				(json_int_t)resources, "by_kind", by_kind, "sources_without_plan",
				(json_int_t)json_array_size(without), "plans_overdue",
				(json_int_t)json_array_size(json_object_get(gaps, "overdue")),
				"without_plan", without);
	json_decref(gaps);
	return out;
}

/* 应急能力评估: the newest assessment of each subject in the territory (service/capability.c),
 * with its score, level and area scores, for the table and the chart. */
static json_t *capability(struct cr_conn *c, const struct subject *s, struct cr_err *err)
{
	return cr_capability_latest(c, &s->as, s->region, CAPABILITY_ROWS, err);
}

json_t *cr_report_model(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
			cr_report_progress fn, void *ctx, struct cr_err *err)
{
	struct subject s;
	json_t *model = NULL, *sectors = NULL, *acc = NULL;
	if (subject_of(c, u, q, &s, err))
		return NULL;
	const char *sector = sector_arg(&s, q);
	char title[256], at[32];
	title_of(&s, title, sizeof title);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(at, sizeof at, "%Y-%m-%d %H:%M", &tm);
	model = json_pack("{s:s, s:s?, s:s, s:s, s:s, s:s?, s:s?}", "kind",
			  cr_report_kind_name(s.kind), "code", q->code, "title", title, "territory",
			  s.territory, "generated_at", at, "sector_name",
			  *s.sector_name ? s.sector_name : NULL, "dept",
			  cr_role_needs_dept(u->role) ? u->dept : NULL);
	step(fn, ctx, 5, "overview");
	long total = 0;
	if (put(model, "by_grade", by_grade(c, &s, sector, &total, err)))
		goto fail;
	if (put(model, "by_rating", by_rating(c, &s, sector, err)))
		goto fail;
	json_t *ov = json_pack("{s:I}", "risks", (json_int_t)total);
	json_object_set_new(model, "overview", ov);
	if (s.kind != CR_REPORT_INDUSTRY) {
		json_t *o = parsed(cr_overview_text(c, &s.as, err), err);
		if (!o)
			goto fail;
		json_object_set(ov, "flagged_owners", json_object_get(o, "flagged_owners"));
		json_decref(o);
	}
	step(fn, ctx, 20, "industries");
	if (!(sectors = cr_store_sector_list(c, err)) ||
	    !(acc = cr_store_accident_type_list(c, 1986, err)))
		goto fail;
	if (put(model, "by_sector",
		dimension(c, &s, sector, "sector", sectors, "code", TOP_SECTORS, err)))
		goto fail;
	if (put(model, "by_accident",
		dimension(c, &s, sector, "accident_type", acc, "code", TOP_SECTORS, err)))
		goto fail;
	step(fn, ctx, 35, "areas");
	if (areas_and_map(c, &s, sector, model, err))
		goto fail;
	if (red_units_by_area(c, &s, sector, model, err))
		goto fail;
	step(fn, ctx, 55, "hazards");
	if (put(model, "hazards", hazards(c, &s, sector, err)))
		goto fail;
	step(fn, ctx, 65, "lists");
	if (put(model, "lists", lists(c, &s, err)))
		goto fail;
	step(fn, ctx, 75, "measures");
	if (put(model, "main_risks", main_risks(c, &s, sector, acc, err)))
		goto fail;
	step(fn, ctx, 78, "emergency");
	if (put(model, "emergency", emergency(c, &s, err)))
		goto fail;
	if (put(model, "capability", capability(c, &s, err)))
		goto fail;
	json_object_set_new(model, "advice", advice(model));
	step(fn, ctx, 80, "layout");
	json_decref(sectors);
	json_decref(acc);
	return model;
fail:
	json_decref(sectors);
	json_decref(acc);
	json_decref(model);
	return NULL;
}

struct render_progress {
	cr_report_progress fn;
	void *ctx;
};

static void render_step(void *ctx, double share)
{
	struct render_progress *rp = ctx;
	step(rp->fn, rp->ctx, 80 + (int)(share * 19), "layout");
}

int cr_report_write(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
		    const char *path, cr_report_progress fn, void *ctx, struct cr_err *err)
{
	json_t *model = cr_report_model(c, u, q, fn, ctx, err);
	if (!model)
		return -1;
	struct render_progress rp = { fn, ctx };
	bool html = q->format && strcmp(q->format, "html") == 0;
	int rc = html ? cr_report_render_html(model, path, err)
		      : cr_report_render_pdf(model, path, render_step, &rp, err);
	json_decref(model);
	if (!rc)
		step(fn, ctx, 100, "done");
	return rc;
}
