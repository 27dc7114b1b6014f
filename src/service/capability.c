/* capability.c — capability assessment use cases: the checklist read from configuration, who
 * may assess which subject, scoring through domain/capability.c, the write with its audit entry,
 * and the scoped history. It must not build SQL (store/capability.c) nor restate the scoring. */
#include "service/capability.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/capability.h"
#include "domain/date.h"
#include "service/input.h"
#include "service/risks.h"
#include "service/units.h"
#include "store/audit.h"
#include "store/capability.h"
#include "store/catalogue.h"
#include "store/db.h"
#include "store/refdata.h"

/* The checklist and its JSON as read (texts and bases for the UI); set once before serving. */
static struct cr_capability_checklist checklist;
static json_t *checklist_json;

static int item_from_json(const json_t *o, size_t i, struct cr_capability_item *it,
			  struct cr_err *err)
{
	const char *code = json_string_value(json_object_get(o, "code"));
	const char *area = json_string_value(json_object_get(o, "area"));
	const char *text = json_string_value(json_object_get(o, "text"));
	const char *kind = json_string_value(json_object_get(o, "kind"));
	json_t *subjects = json_object_get(o, "subjects"), *s;
	size_t k;
	if (!code || !area || !text || !kind || !json_is_number(json_object_get(o, "weight")) ||
	    !json_is_array(subjects))
		return cr_err_set(err, 400, "invalid", "items",
				  "item %zu lacks code, area, text,"
				  " kind, weight or subjects",
				  i + 1);
	snprintf(it->code, sizeof it->code, "%s", code);
	snprintf(it->area, sizeof it->area, "%s", area);
	snprintf(it->text, sizeof it->text, "%s", text);
	it->kind = strcmp(kind, "count") == 0 ? CR_CAPABILITY_COUNT : CR_CAPABILITY_CHECK;
	it->weight = json_number_value(json_object_get(o, "weight"));
	it->required = (int)json_integer_value(json_object_get(o, "required"));
	json_array_foreach(subjects, k, s)
		it->subjects |= cr_capability_subject(json_string_value(s));
	return 0;
}

int cr_capability_load(const char *datadir, struct cr_err *err)
{
	char path[512];
	json_error_t je;
	snprintf(path, sizeof path, "%s/capability-checklist.json", datadir);
	json_t *root = json_load_file(path, 0, &je), *levels, *items, *o;
	struct cr_capability_checklist cl = { 0 };
	size_t i, bad;
	if (!root)
		return cr_err_set(err, 500, "refdata", "", "%s: %s", path, je.text);
	const char *version = json_string_value(json_object_get(root, "version"));
	snprintf(cl.version, sizeof cl.version, "%s", version ? version : "");
	levels = json_object_get(root, "levels");
	items = json_object_get(root, "items");
	cl.weak_below = json_number_value(json_object_get(root, "weak_below"));
	if (json_array_size(levels) != CR_CAPABILITY_LEVELS || !json_is_array(items) ||
	    json_array_size(items) > CR_CAPABILITY_MAX_ITEMS) {
		json_decref(root);
		return cr_err_set(err, 500, "refdata", "", "%s: four levels and at most %d items",
				  path, CR_CAPABILITY_MAX_ITEMS);
	}
	json_array_foreach(levels, i, o)
		cl.level_min[i] = json_number_value(json_object_get(o, "min"));
	json_array_foreach(items, i, o) {
		if (item_from_json(o, i, &cl.items[i], err)) {
			json_decref(root);
			return -1;
		}
	}
	cl.n = json_array_size(items);
	if (cr_capability_checklist_check(&cl, &bad)) {
		json_decref(root);
		return cr_err_set(err, 500, "refdata", "", "%s: %s is not valid", path,
				  bad < cl.n ? cl.items[bad].code : "levels or weak_below");
	}
	checklist = cl;
	json_decref(checklist_json);
	checklist_json = root;
	return 0;
}

json_t *cr_capability_checklist(struct cr_err *err)
{
	if (!checklist_json) {
		cr_err_set(err, 503, "unavailable", "", "the capability checklist is not loaded");
		return NULL;
	}
	return json_deep_copy(checklist_json);
}

static json_t *refuse(struct cr_err *err, const char *field, const char *what)
{
	cr_err_set(err, 403, "forbidden", field, "%s", what);
	cr_err_param(err, "rule", "capability_scope");
	return NULL;
}

/* The subject's region and department (into region/dept) when u may assess it. */
static int subject_of(struct cr_conn *c, const struct cr_user *u, unsigned subject,
		      const json_t *body, long long *unit_id, char region[16], char dept[16],
		      struct cr_err *err)
{
	const char *reg = "", *dp = "";
	*unit_id = 0;
	dept[0] = 0;
	if (subject == CR_CAPABILITY_UNIT) {
		if (cr_json_int(body, "unit_id", 1, 1LL << 53, unit_id, err) < 0)
			return -1;
		if (!*unit_id)
			return cr_err_set(err, 400, "required", "unit_id",
					  "a unit's assessment"
					  " names the unit");
		if (cr_risk_unit_writable(c, u, *unit_id, err))
			return -1;
		json_t *unit = cr_unit_read(c, u, *unit_id, err);
		if (!unit)
			return -1;
		snprintf(region, 16, "%s", json_string_value(json_object_get(unit, "region")));
		snprintf(dept, 16, "%s", json_string_value(json_object_get(unit, "dept")));
		json_decref(unit);
		return 0;
	}
	if (cr_input_required_text(body, "region", 9, &reg, err) ||
	    cr_input_optional_text(body, "dept", 15, &dp, err))
		return -1;
	if (cr_region_resolve(c, reg, "region", region, err))
		return -1;
	bool city = u->role == CR_ROLE_CITY && cr_user_covers_region(u, region);
	if (subject == CR_CAPABILITY_DISTRICT) {
		if (strlen(region) != 6)
			return cr_err_set(err, 400, "invalid", "region",
					  "a district's code has six"
					  " digits");
		if (!city && !(u->role == CR_ROLE_DISTRICT && cr_user_covers_region(u, region)))
			return refuse(err, "region", "you may not assess this district") ? 0 : -1;
		return 0;
	}
	if (!*dp)
		return cr_err_set(err, 400, "required", "dept",
				  "a department's assessment names"
				  " the department");
	if (!cr_store_dept_exists(c, dp))
		return cr_err_set(err, 400, "invalid", "dept", "no department '%s'", dp);
	snprintf(dept, 16, "%s", dp);
	bool own = (u->role == CR_ROLE_CITY_DEPT || u->role == CR_ROLE_DISTRICT_DEPT) &&
		   strcmp(u->dept, dp) == 0 && cr_user_covers_region(u, region);
	if (!city && !own)
		return refuse(err, "dept", "you may not assess this department") ? 0 : -1;
	return 0;
}

/* The answers for every item of the subject, in checklist order; 400 naming answers.CODE. */
static int read_answers(const json_t *body, unsigned subject, double *answers, struct cr_err *err)
{
	const json_t *a = json_object_get(body, "answers");
	const char *key;
	json_t *v;
	if (!json_is_object(a))
		return cr_err_set(err, 400, "required", "answers", "answers must be an object");
	json_object_foreach((json_t *)a, key, v) {
		size_t i = 0;
		while (i < checklist.n && strcmp(checklist.items[i].code, key))
			i++;
		if (i == checklist.n || !(checklist.items[i].subjects & subject))
			return cr_err_set(err, 400, "unknown_field", "answers",
					  "no item '%s' for"
					  " this subject",
					  key);
	}
	for (size_t i = 0; i < checklist.n; i++) {
		const struct cr_capability_item *it = &checklist.items[i];
		answers[i] = 0;
		if (!(it->subjects & subject))
			continue;
		v = json_object_get(a, it->code);
		if (!json_is_number(v) || cr_capability_share(it, json_number_value(v)) < 0) {
			cr_err_set(err, 400, v ? "invalid" : "required", "answers",
				   "answers.%s must be %s", it->code,
				   it->kind == CR_CAPABILITY_CHECK ? "0, 1 or 2"
								   : "a count from 0 to 366");
			cr_err_param(err, "rule", "capability_answer");
			return cr_err_param(err, "item", "%s", it->code);
		}
		answers[i] = json_number_value(v);
	}
	return 0;
}

static json_t *weak_json(const struct cr_capability_result *r)
{
	json_t *w = json_array();
	for (size_t k = 0; k < r->nweak; k++) {
		const struct cr_capability_item *it = &checklist.items[r->weak[k]];
		json_array_append_new(w, json_pack("{ss ss ss}", "code", it->code, "area", it->area,
						   "text", it->text));
	}
	return w;
}

/* The level's Chinese name, and "areas" — the score of each area (分项得分) from the stored
 * answers by the loaded checklist (domain/capability.c) — added to a stored assessment. */
static void decorate(json_t *row)
{
	const char *lv = json_string_value(json_object_get(row, "level"));
	for (int k = 0; k < CR_CAPABILITY_LEVELS; k++)
		if (lv && strcmp(lv, cr_capability_level_code(k)) == 0)
			json_object_set_new(row, "level_cn",
					    json_string(cr_capability_level_cn(k)));
	unsigned subject =
		cr_capability_subject(json_string_value(json_object_get(row, "subject")));
	const json_t *given = json_object_get(row, "answers");
	double answers[CR_CAPABILITY_MAX_ITEMS];
	struct cr_capability_result res;
	size_t bad;
	json_t *areas = json_array();
	for (size_t i = 0; i < checklist.n; i++)
		answers[i] = json_number_value(json_object_get(given, checklist.items[i].code));
	if (checklist.n && !cr_capability_score(&checklist, subject, answers, &res, &bad))
		for (size_t a = 0; a < res.nareas; a++)
			json_array_append_new(
				areas, json_pack("{ss ss sf}", "area", res.areas[a].area, "area_cn",
						 cr_capability_area_cn(res.areas[a].area), "score",
						 res.areas[a].score));
	json_object_set_new(row, "areas", areas);
}

json_t *cr_capability_assess(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			     struct cr_err *err)
{
	static const char *const fields[] = { "subject", "unit_id",     "region",   "dept",
					      "answers", "assessed_on", "assessor", NULL };
	const char *subj = NULL, *on = "", *assessor = "";
	char region[16] = "", dept[16] = "", today[11], idt[24];
	double answers[CR_CAPABILITY_MAX_ITEMS];
	struct cr_capability_result res;
	long long unit_id, id;
	size_t bad;
	json_t *weak = NULL, *after = NULL;
	if (!checklist.n)
		return cr_capability_checklist(err);
	if (cr_json_only(body, fields, err) ||
	    cr_input_required_text(body, "subject", 10, &subj, err) ||
	    cr_input_optional_text(body, "assessed_on", 10, &on, err) ||
	    cr_input_optional_text(body, "assessor", 50, &assessor, err))
		return NULL;
	unsigned subject = cr_capability_subject(subj);
	if (!subject)
		return cr_err_set(err, 400, "invalid", "subject",
				  "subject must be unit, dept or"
				  " district"),
		       NULL;
	cr_date_today(time(NULL), today);
	if (!*on)
		on = today;
	if (cr_date_check(on) || strcmp(on, today) > 0) {
		cr_err_set(err, 400, "invalid", "assessed_on",
			   "assessed_on must be a date not after"
			   " today");
		cr_err_param(err, "rule", "date_future");
		return NULL;
	}
	if (read_answers(body, subject, answers, err))
		return NULL;
	if (cr_capability_score(&checklist, subject, answers, &res, &bad))
		return cr_err_set(err, 400, "invalid", "answers", "answers.%s is not valid",
				  checklist.items[bad].code),
		       NULL;
	if (cr_db_begin(c, err))
		return NULL;
	if (subject_of(c, u, subject, body, &unit_id, region, dept, err))
		goto fail;
	weak = weak_json(&res);
	struct cr_capability_row row = {
		.subject = subj,
		.region = region,
		.dept = dept,
		.assessed_on = on,
		.level = cr_capability_level_code(res.level),
		.checklist = checklist.version,
		.assessor = *assessor ? assessor : u->login,
		.unit_id = unit_id,
		.answers = json_object_get(body, "answers"),
		.weak = weak,
		.score = res.score,
	};
	if (cr_store_capability_insert(c, &row, &id, err))
		goto fail;
	if (!(after = cr_store_capability_get(c, id, err)))
		goto fail;
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_audit_write(c, u, "capability", idt, "create", NULL, after, err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	json_decref(weak);
	decorate(after);
	return after;
fail:
	cr_db_rollback(c);
	json_decref(weak);
	json_decref(after);
	return NULL;
}

json_t *cr_capability_history(struct cr_conn *c, const struct cr_user *u,
			      const struct cr_capability_query *q, struct cr_err *err)
{
	struct cr_capability_filter f = { .subject = q->subject, .limit = CR_INPUT_LIMIT_DEFAULT };
	struct cr_scope sc;
	long long uid = 0;
	if (q->subject && *q->subject && !cr_capability_subject(q->subject))
		return cr_err_set(err, 400, "invalid", "subject",
				  "subject must be unit, dept or"
				  " district"),
		       NULL;
	if (q->unit_id && *q->unit_id) {
		char *end;
		uid = strtoll(q->unit_id, &end, 10);
		if (*end || uid <= 0)
			return cr_err_set(err, 400, "invalid", "unit_id", "unit_id must be an id"),
			       NULL;
	}
	if (cr_input_page(q->limit, q->after, &f.limit, &f.after, err))
		return NULL;
	if (cr_user_scope(u, q->region, q->dept, uid, &sc, err))
		return NULL;
	f.region_prefix = sc.region;
	f.dept = sc.dept;
	f.unit_id = sc.unit_id;
	/* a region of a district asks for that district's own history */
	if (q->region && strlen(q->region) == 6 && q->subject && !strcmp(q->subject, "district"))
		f.region_exact = q->region;
	json_t *out = cr_store_capability_list(c, &f, err), *row;
	size_t i;
	if (out)
		json_array_foreach(json_object_get(out, "items"), i, row)
			decorate(row);
	return out;
}

/* The key that tells one assessed subject from another. */
static void subject_key(const json_t *row, char *key, size_t cap)
{
	const char *subject = json_string_value(json_object_get(row, "subject"));
	const char *region = json_string_value(json_object_get(row, "region"));
	const char *dept = json_string_value(json_object_get(row, "dept"));
	snprintf(key, cap, "%s/%lld/%s/%s", subject ? subject : "",
		 (long long)json_integer_value(json_object_get(row, "unit_id")),
		 region ? region : "", dept ? dept : "");
}

json_t *cr_capability_latest(struct cr_conn *c, const struct cr_user *u, const char *region,
			     size_t max, struct cr_err *err)
{
	struct cr_capability_query q = { .region = region, .limit = "500" };
	json_t *page = cr_capability_history(c, u, &q, err), *items, *row;
	if (!page)
		return NULL;
	items = json_array();
	char seen[CR_CAPABILITY_LATEST_MAX][96], key[96];
	size_t i, n = 0;
	json_array_foreach(json_object_get(page, "items"), i, row) {
		if (n == max || n == CR_CAPABILITY_LATEST_MAX)
			break;
		subject_key(row, key, sizeof key);
		size_t k = 0;
		while (k < n && strcmp(seen[k], key))
			k++;
		if (k < n)
			continue;
		snprintf(seen[n++], sizeof seen[0], "%s", key);
		json_array_append(items, row);
	}
	json_t *out = json_pack("{sOso}", "total", json_object_get(page, "total"), "items", items);
	json_decref(page);
	return out;
}
