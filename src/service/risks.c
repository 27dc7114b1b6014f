/* risks.c — risk point use cases: field rules, grading (methods + direct determination), the
 * one-risk-one-person check, versions, audit and the unit rating, each write one transaction.
 * It must not build SQL (store/risks.c) or speak HTTP. */
#include "service/risks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/accident.h"
#include "domain/grade.h"
#include "service/config.h"
#include "service/input.h"
#include "service/risk_view.h"
#include "service/units.h"
#include "store/audit.h"
#include "store/db.h"
#include "domain/gb18218.h"
#include "store/hazard_counts.h"
#include "store/installations.h"
#include "store/risks.h"
#include "store/units.h"

static const char *const writable[] = {
	"name",
	"place",
	"accident_types",
	"consequences",
	"method",
	"inputs",
	"inherent_inputs",
	"direct",
	"measures",
	"control_level",
	"owner_name",
	"owner_rank",
	"impact_radius_m",
	"exposed_people",
	"public_impact",
	"lon",
	"lat",
	"reviewed_at",
	"accident_edition",
	NULL,
};
/* 一险一策: control measures by kind. */
/* 培训教育 (training) is a kind of its own, as the standard lists control measures. */
static const char *const measure_kinds[] = { "engineering", "technical", "management", "training",
					     "personal",    "emergency", NULL };
static const char *const control_levels[] = { "unit", "department", "workshop", "team", NULL };

/* ===== Grading ===== */

static int assess_json(const char *method, const json_t *inputs, const char *field,
		       struct cr_assessment *out, struct cr_err *err)
{
	enum cr_method m;
	if (!method || cr_method_parse(method, &m))
		return cr_err_set(err, 400, "invalid", "method",
				  "method must be lec, ls, mes or consequence");
	struct cr_factor f[8];
	size_t nf;
	const char *k;
	json_t *v;
	if (!json_is_object(inputs))
		return cr_err_set(err, 400,
				  json_is_null(inputs) || !inputs ? "required" : "invalid", field,
				  "'%s' must be an object of the method's factors", field);
	nf = 0;
	json_object_foreach((json_t *)inputs, k, v) {
		char path[96];
		snprintf(path, sizeof path, "%s.%s", field, k);
		if (nf == 8)
			return cr_err_set(err, 400, "invalid", path, "too many factors");
		if (!json_is_number(v))
			return cr_err_set(err, 400, "invalid", path, "factor %s must be a number",
					  k);
		f[nf].name = k;
		f[nf++].value = json_number_value(v);
	}
	if (cr_assess(&cr_config()->methods, m, f, nf, out, err) == 0)
		return 0;
	/* The domain names "inputs.X"; rename to the field being graded (inherent_inputs.X). */
	if (strcmp(field, "inputs") != 0 && strncmp(err->field, "inputs", 6) == 0) {
		char renamed[64];
		snprintf(renamed, sizeof renamed, "%s%s", field, err->field + 6);
		snprintf(err->field, sizeof err->field, "%s", renamed);
	}
	return -1;
}

json_t *cr_assess_preview(const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "method", "inputs", NULL };
	if (cr_json_only(body, fields, err))
		return NULL;
	struct cr_assessment a;
	if (assess_json(json_string_value(json_object_get(body, "method")),
			json_object_get(body, "inputs"), "inputs", &a, err))
		return NULL;
	return json_pack("{sf si ss ss ss ss}", "score", a.score, "grade", a.grade, "color",
			 cr_grade_color(a.grade), "color_cn", cr_grade_color_cn(a.grade), "roman",
			 cr_grade_roman(a.grade), "explain", a.explain);
}

/* ===== Validation of a whole record ===== */

struct risk_buf {
	struct cr_risk_row row;
	char explain[512];
	json_t *direct; /* owned */
};

static bool in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* Codes of GB 6441 of the given edition (1986: 1–20, 2025: 1–27). */
static int check_accident_types(const json_t *v, int edition, struct cr_err *err)
{
	int n = cr_accident_type_count(edition);
	if (!json_is_array(v))
		return cr_err_set(err, 400, "invalid", "accident_types",
				  "accident_types must be an array of GB 6441-%d codes (1–%d)",
				  edition, n);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		if (!json_is_integer(x) ||
		    !cr_accident_code_valid(edition, json_integer_value(x))) {
			cr_err_set(err, 400, "invalid", "accident_types",
				   "accident_types[%zu] is not a GB 6441-%d code (1–%d)", i,
				   edition, n);
			cr_err_param(err, "rule", "accident_type");
			cr_err_param(err, "edition", "%d", edition);
			cr_err_param(err, "index", "%zu", i + 1);
			return -1;
		}
	}
	if (json_array_size(v) > 30)
		return cr_err_set(err, 400, "invalid", "accident_types", "too many accident types");
	return 0;
}

static int check_measures(const json_t *v, struct cr_err *err)
{
	if (!json_is_object(v))
		return cr_err_set(err, 400, "invalid", "measures",
				  "measures must be an object keyed by kind");
	const char *k;
	json_t *list;
	json_object_foreach((json_t *)v, k, list) {
		char path[64];
		snprintf(path, sizeof path, "measures.%s", k);
		if (!in_list(k, measure_kinds))
			return cr_err_set(err, 400, "unknown_field", path,
					  "measure kind must be engineering, technical, management,"
					  " training, personal or emergency");
		if (!json_is_array(list) || json_array_size(list) > 50)
			return cr_err_set(err, 400, "invalid", path, "%s must be a list of texts",
					  path);
		size_t i;
		json_t *x;
		json_array_foreach(list, i, x) {
			if (!json_is_string(x) ||
			    cr_utf8_len(json_string_value(x), json_string_length(x)) > 300 ||
			    strlen(json_string_value(x)) != json_string_length(x))
				return cr_err_set(
					err, 400, "invalid", path,
					"%s[%zu] must be a text of at most 300 characters", path,
					i);
		}
	}
	return 0;
}

static int read_direct(const json_t *v, struct cr_direct_facts *f, struct cr_err *err)
{
	static const char *const keys[] = { "mandatory_violation", "accident_conditions_persist",
					    "hazardous_10plus_people", "major_hazard_source_grade",
					    NULL };
	memset(f, 0, sizeof *f);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return cr_err_set(err, 400, "invalid", "direct", "direct must be an object");
	struct cr_err e2;
	if (cr_json_only(v, keys, &e2))
		return cr_err_set(err, 400, "unknown_field", "direct", "unknown direct fact '%s'",
				  e2.field);
	long long g = 0;
	if (cr_json_bool(v, "mandatory_violation", &f->mandatory_violation, err) < 0 ||
	    cr_json_bool(v, "accident_conditions_persist", &f->accident_conditions_persist, err) <
		    0 ||
	    cr_json_bool(v, "hazardous_10plus_people", &f->hazardous_10plus_people, err) < 0 ||
	    cr_json_int(v, "major_hazard_source_grade", 0, 4, &g, err) < 0) {
		char path[64];
		snprintf(path, sizeof path, "direct.%s", err->field);
		snprintf(err->field, sizeof err->field, "%s", path);
		return -1;
	}
	f->major_hazard_source_grade = (int)g;
	return 0;
}

static int check_date(const char *s, const char *field, struct cr_err *err)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) < 3 || y < 1990 || y > 2100 || m < 1 ||
	    m > 12 || d < 1 || d > 31 || strlen(s) < 10 || strlen(s) > 30)
		return cr_err_set(err, 400, "invalid", field, "%s must be a date YYYY-MM-DD",
				  field);
	return 0;
}

static int optional_text(const json_t *in, const char *key, size_t max, const char **out,
			 struct cr_err *err)
{
	int rc = cr_json_str(in, key, max, out, err);
	if (rc == 1)
		*out = "";
	return rc < 0 ? -1 : 0;
}

/* As optional_text for a multi-line text (a textarea in the form). */
static int optional_lines(const json_t *in, const char *key, size_t max, const char **out,
			  struct cr_err *err)
{
	int rc = cr_json_text(in, key, max, out, err);
	if (rc == 1)
		*out = "";
	return rc < 0 ? -1 : 0;
}

/* Grades and validates the record; unit gives the place the point inherits. */
static int build_row(sqlite3 *c, const json_t *rec, const json_t *unit, int open_major,
		     struct risk_buf *b, struct cr_err *err)
{
	struct cr_risk_row *r = &b->row;
	const struct cr_config *cfg = cr_config();
	const char *method = NULL;
	memset(r, 0, sizeof *r);
	int rc = cr_json_str(rec, "name", 100, &r->name, err);
	if (rc == 1 || (rc == 0 && !*r->name))
		return cr_err_set(err, 400, "required", "name", "'name' is required");
	if (rc < 0)
		return -1;
	rc = cr_json_str(rec, "method", 20, &method, err);
	if (rc == 1)
		return cr_err_set(err, 400, "required", "method", "'method' is required");
	if (rc < 0)
		return -1;
	r->method = method;
	struct cr_assessment a, inh;
	if (assess_json(method, json_object_get(rec, "inputs"), "inputs", &a, err))
		return -1;
	r->inputs = json_object_get(rec, "inputs");
	r->inherent_inputs = json_object_get(rec, "inherent_inputs");
	if (r->inherent_inputs && !json_is_null(r->inherent_inputs)) {
		if (assess_json(method, r->inherent_inputs, "inherent_inputs", &inh, err))
			return -1;
		r->inherent_grade = inh.grade;
	} else {
		r->inherent_inputs = NULL;
		r->inherent_grade = a.grade; /* no control credit claimed */
	}
	if (r->inherent_grade > a.grade)
		return cr_err_set(err, 400, "invalid", "inherent_inputs",
				  "the inherent grade (without controls) cannot be lower than the"
				  " residual grade");
	r->score = a.score;
	r->assessed_grade = a.grade;
	struct cr_direct_facts facts;
	if (read_direct(json_object_get(rec, "direct"), &facts, err))
		return -1;
	facts.open_major_hazard = open_major > 0;
	r->open_major_hazards = open_major;
	/* 重大危险源: the unit's installations feed the major-hazard-source fact; the more severe
	 * of it and a grade entered on the point holds. */
	int unit_mhs = 0;
	if (cr_store_installation_top_grade(c, json_integer_value(json_object_get(unit, "id")),
					    &unit_mhs, err))
		return -1;
	if (unit_mhs &&
	    (!facts.major_hazard_source_grade || unit_mhs < facts.major_hazard_source_grade))
		facts.major_hazard_source_grade = unit_mhs;
	const char *rule = NULL;
	int dg = cr_direct_determine(&cfg->direct, &facts, &rule);
	r->grade = cr_residual_grade(a.grade, dg == 1 ? 1 : 0);
	/* A direct determination holds whatever the controls, so it raises the inherent grade too:
	 * the inherent grade is never milder than the residual one (docs/METHODS.md). */
	r->inherent_grade = cr_residual_grade(r->inherent_grade, dg == 1 ? 1 : 0);
	r->direct_rule = rule;
	b->direct = json_object_get(rec, "direct") && json_is_object(json_object_get(rec, "direct"))
			    ? json_deep_copy(json_object_get(rec, "direct"))
			    : json_object();
	r->direct = b->direct;
	snprintf(b->explain, sizeof b->explain, "%s%s%s%s%s", a.explain,
		 rule ? "; direct determination → Ⅰ: " : "", rule ? rule : "",
		 unit_mhs ? "; the unit's major hazard source (GB 18218): " : "",
		 unit_mhs ? cr_gb18218_grade_cn(unit_mhs) : "");
	r->explain = b->explain;

	if (optional_text(rec, "place", 100, &r->place, err) ||
	    optional_lines(rec, "consequences", 500, &r->consequences, err) ||
	    optional_text(rec, "owner_name", 50, &r->owner_name, err) ||
	    optional_text(rec, "owner_rank", 20, &r->owner_rank, err) ||
	    optional_text(rec, "control_level", 20, &r->control_level, err))
		return -1;
	long long edition = CR_ACCIDENT_EDITION_DEFAULT;
	if (cr_json_int(rec, "accident_edition", 0, 9999, &edition, err) < 0)
		return -1;
	if (!cr_accident_type_count((int)edition)) {
		cr_err_set(err, 400, "invalid", "accident_edition",
			   "accident_edition must be 1986 or 2025 (GB 6441)");
		cr_err_param(err, "rule", "accident_edition");
		return -1;
	}
	r->accident_edition = (int)edition;
	json_t *at = json_object_get(rec, "accident_types");
	if (at && !json_is_null(at) && check_accident_types(at, (int)edition, err))
		return -1;
	r->accident_types = at && !json_is_null(at) ? at : NULL;
	json_t *ms = json_object_get(rec, "measures");
	if (ms && !json_is_null(ms) && check_measures(ms, err))
		return -1;
	r->measures = ms && !json_is_null(ms) ? ms : NULL;
	int rank = 0;
	if (*r->owner_rank && !(rank = cr_owner_rank_parse(r->owner_rank)))
		return cr_err_set(err, 400, "invalid", "owner_rank",
				  "owner_rank must be staff, team_leader, workshop_head,"
				  " middle_manager, deputy_gm or gm");
	/* 一险一人: the rule is flagged, not refused, so a unit can record the truth and fix it. */
	r->owner_ok = cr_owner_rank_sufficient(r->grade, rank);
	if (!*r->control_level)
		r->control_level = cr_control_level(r->grade);
	else if (!in_list(r->control_level, control_levels))
		return cr_err_set(err, 400, "invalid", "control_level",
				  "control_level must be unit, department, workshop or team");
	r->impact_radius_m = -1;
	r->exposed_people = -1;
	if (cr_json_num(rec, "impact_radius_m", 0, 100000, &r->impact_radius_m, err) < 0 ||
	    cr_json_int(rec, "exposed_people", 0, 10000000, &r->exposed_people, err) < 0 ||
	    cr_json_bool(rec, "public_impact", &r->public_impact, err) < 0)
		return -1;
	const char *rev = NULL;
	if (cr_json_str(rec, "reviewed_at", 30, &rev, err) < 0 ||
	    (rev && check_date(rev, "reviewed_at", err)))
		return -1;
	r->reviewed_at = rev;
	/* Position: the point's own, else its unit's. */
	int hl = cr_json_num(rec, "lon", 73, 136, &r->lon, err);
	if (hl < 0)
		return -1;
	int ht = cr_json_num(rec, "lat", 3, 54, &r->lat, err);
	if (ht < 0)
		return -1;
	if (hl != ht)
		return cr_err_set(err, 400, "required", hl ? "lon" : "lat",
				  "lon and lat go together: give both or neither");
	if (hl == 1) {
		json_t *ulon = json_object_get(unit, "lon"), *ulat = json_object_get(unit, "lat");
		if (json_is_number(ulon) && json_is_number(ulat)) {
			r->lon = json_number_value(ulon);
			r->lat = json_number_value(ulat);
			hl = 0;
		}
	}
	r->has_coords = hl == 0;
	if (r->has_coords)
		cr_grid_cell(r->lon, r->lat, cfg->grid_ref_lat, cfg->superpose.cell_m, &r->cell_x,
			     &r->cell_y);
	r->unit_id = json_integer_value(json_object_get(unit, "id"));
	r->region = json_string_value(json_object_get(unit, "region"));
	r->sector = json_string_value(json_object_get(unit, "sector"));
	r->dept = json_string_value(json_object_get(unit, "dept"));
	return 0;
}

/* ===== Use cases ===== */

static void id_text(long long id, char out[24])
{
	snprintf(out, 24, "%lld", id);
}

/* The changed fields between two versions of a point, {field: [old, new]}. */
static json_t *diff_of(const json_t *before, const json_t *after)
{
	static const char *const tracked[] = {
		"name",
		"place",
		"accident_types",
		"consequences",
		"method",
		"inputs",
		"inherent_inputs",
		"inherent_grade",
		"direct",
		"direct_rule",
		"open_major_hazards",
		"grade",
		"measures",
		"control_level",
		"owner_name",
		"owner_rank",
		"impact_radius_m",
		"exposed_people",
		"public_impact",
		"lon",
		"lat",
		"reviewed_at",
		"status",
		"accident_edition",
		NULL,
	};
	json_t *d = json_object();
	for (const char *const *k = tracked; *k; k++) {
		json_t *a = before ? json_object_get(before, *k) : NULL;
		json_t *b = json_object_get(after, *k);
		if (!json_equal(a ? a : json_null(), b ? b : json_null()))
			json_object_set_new(
				d, *k, json_pack("[OO]", a ? a : json_null(), b ? b : json_null()));
	}
	return d;
}

/* Reads the point back, versions it and audits it, inside the caller's transaction. */
static json_t *record_write(sqlite3 *c, const struct cr_user *u, long long id, const char *action,
			    const json_t *before, struct cr_err *err)
{
	json_t *after = cr_risk_row_decorate(cr_store_risk_get(c, id, err)), *diff = NULL;
	char idt[24];
	id_text(id, idt);
	if (!after)
		return NULL;
	diff = diff_of(before, after);
	if (cr_store_risk_version_add(
		    c, id, json_integer_value(json_object_get(after, "version")), u->login, action,
		    before ? (int)json_integer_value(json_object_get(before, "grade")) : 0,
		    (int)json_integer_value(json_object_get(after, "grade")), diff, err))
		goto fail;
	if (cr_audit_write(c, u, "risk", idt, action, before, after, err))
		goto fail;
	json_decref(diff);
	return after;
fail:
	json_decref(diff);
	json_decref(after);
	return NULL;
}

/* record_write, then refreshes the unit's rating and commits (rolls back on failure). */
static json_t *finish_write(sqlite3 *c, const struct cr_user *u, long long id, const char *action,
			    const json_t *before, struct cr_err *err)
{
	json_t *after = record_write(c, u, id, action, before, err);
	if (after && (cr_unit_rating_refresh(
			      c, json_integer_value(json_object_get(after, "unit_id")), err) ||
		      cr_db_commit(c, err))) {
		json_decref(after);
		after = NULL;
	}
	if (!after)
		cr_db_rollback(c);
	return after;
}

static json_t *unit_for_write(sqlite3 *c, const struct cr_user *u, long long unit_id,
			      struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, unit_id, err);
	if (!unit)
		return NULL;
	const char *region = json_string_value(json_object_get(unit, "region"));
	const char *dept = json_string_value(json_object_get(unit, "dept"));
	if (!cr_user_can_read_unit(u, unit_id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "unit_id", "unit %lld is outside your scope",
			   unit_id);
		cr_err_param(err, "rule", "unit_scope");
		cr_err_param(err, "id", "%lld", unit_id);
	} else if (!cr_user_can_edit_unit(u, unit_id, region, dept)) {
		cr_err_set(err, 403, "forbidden", "unit_id",
			   "you may not change the risk points of unit %lld", unit_id);
		cr_err_param(err, "rule", "unit_change");
		cr_err_param(err, "id", "%lld", unit_id);
	} else if (strcmp(json_string_value(json_object_get(unit, "status")), "active") != 0) {
		cr_err_set(err, 409, "conflict", "unit_id", "unit %lld is archived", unit_id);
	} else {
		return unit;
	}
	json_decref(unit);
	return NULL;
}

json_t *cr_risk_create_tx(sqlite3 *c, const struct cr_user *u, long long unit_id,
			  const json_t *body, const char *action, struct cr_err *err)
{
	if (cr_json_only(body, writable, err))
		return NULL;
	json_t *unit = unit_for_write(c, u, unit_id, err), *out = NULL;
	struct risk_buf b = { 0 };
	long long id;
	if (unit && build_row(c, body, unit, 0, &b, err) == 0 &&
	    cr_store_risk_insert(c, &b.row, &id, err) == 0)
		out = record_write(c, u, id, action, NULL, err);
	json_decref(b.direct);
	json_decref(unit);
	return out;
}

json_t *cr_risk_create(sqlite3 *c, const struct cr_user *u, long long unit_id, const json_t *body,
		       struct cr_err *err)
{
	if (cr_json_only(body, writable, err) || cr_db_begin(c, err))
		return NULL;
	json_t *out = cr_risk_create_tx(c, u, unit_id, body, "create", err);
	if (out && (cr_unit_rating_refresh(c, unit_id, err) || cr_db_commit(c, err))) {
		json_decref(out);
		out = NULL;
	}
	if (!out)
		cr_db_rollback(c);
	return out;
}

int cr_risk_unit_writable(sqlite3 *c, const struct cr_user *u, long long unit_id,
			  struct cr_err *err)
{
	json_t *unit = unit_for_write(c, u, unit_id, err);
	json_decref(unit);
	return unit ? 0 : -1;
}

int cr_risk_check_template(const json_t *rec, struct cr_assessment *out, struct cr_err *err)
{
	json_t *at = json_object_get(rec, "accident_types"), *ms = json_object_get(rec, "measures");
	if (assess_json(json_string_value(json_object_get(rec, "method")),
			json_object_get(rec, "inputs"), "inputs", out, err) ||
	    (at && !json_is_null(at) &&
	     check_accident_types(at, CR_ACCIDENT_EDITION_DEFAULT, err)) ||
	    (ms && !json_is_null(ms) && check_measures(ms, err)))
		return -1;
	return 0;
}

static json_t *load_readable(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	json_t *risk = cr_risk_row_decorate(cr_store_risk_get(c, id, err));
	if (risk && !cr_user_can_read_unit(u, json_integer_value(json_object_get(risk, "unit_id")),
					   json_string_value(json_object_get(risk, "region")),
					   json_string_value(json_object_get(risk, "dept")))) {
		json_decref(risk);
		cr_err_set(err, 403, "forbidden", "id", "risk point %lld is outside your scope",
			   id);
		cr_err_param(err, "rule", "risk_scope");
		cr_err_param(err, "id", "%lld", id);
		return NULL;
	}
	return risk;
}

json_t *cr_risk_read(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	return load_readable(c, u, id, err);
}

json_t *cr_risk_history(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	json_t *risk = load_readable(c, u, id, err);
	if (!risk)
		return NULL;
	json_decref(risk);
	return cr_store_risk_versions(c, id, err);
}

/* Applies a patch (or a regrade with a new open-hazard count) to a point and writes it. */
static json_t *rewrite(sqlite3 *c, const struct cr_user *u, long long id, const json_t *patch,
		       int open_major, const char *action, long long expect, struct cr_err *err)
{
	json_t *before = load_readable(c, u, id, err), *unit = NULL, *merged = NULL, *out = NULL;
	struct risk_buf b = { 0 };
	if (!before)
		goto out;
	if (strcmp(json_string_value(json_object_get(before, "status")), "active") != 0) {
		cr_err_set(err, 409, "conflict", "status", "risk point %lld is archived", id);
		goto out;
	}
	unit = unit_for_write(c, u, json_integer_value(json_object_get(before, "unit_id")), err);
	if (!unit)
		goto out;
	merged = json_deep_copy(before);
	/* A control level that was the default for the old grade follows the new grade. */
	if (strcmp(json_string_value(json_object_get(before, "control_level")),
		   cr_control_level((int)json_integer_value(json_object_get(before, "grade")))) ==
	    0)
		json_object_del(merged, "control_level");
	if (patch)
		json_object_update(merged, (json_t *)patch);
	if (open_major < 0)
		open_major = (int)json_integer_value(json_object_get(before, "open_major_hazards"));
	/* A point keeps its own position unless the patch clears it. */
	if (build_row(c, merged, unit, open_major, &b, err) ||
	    cr_store_risk_update(c, id, &b.row, expect, err))
		goto out;
	out = finish_write(c, u, id, action, before, err);
out:
	json_decref(b.direct);
	json_decref(before);
	json_decref(unit);
	json_decref(merged);
	return out;
}

json_t *cr_risk_patch(sqlite3 *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err)
{
	static const char *const patchable[] = {
		"name",
		"place",
		"accident_types",
		"consequences",
		"method",
		"inputs",
		"inherent_inputs",
		"direct",
		"measures",
		"control_level",
		"owner_name",
		"owner_rank",
		"impact_radius_m",
		"exposed_people",
		"public_impact",
		"lon",
		"lat",
		"reviewed_at",
		"accident_edition",
		"version",
		NULL,
	};
	long long expect = 0;
	if (cr_json_only(body, patchable, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0)
		return NULL;
	json_t *patch = json_deep_copy(body);
	json_object_del(patch, "version");
	/* Changing the method without new inputs would grade old factors with a new table. */
	if (json_object_get(patch, "method") && !json_object_get(patch, "inputs")) {
		json_decref(patch);
		cr_err_set(err, 400, "required", "inputs", "a new method needs its inputs");
		return NULL;
	}
	json_t *out = NULL;
	if (cr_db_begin(c, err) == 0) {
		out = rewrite(c, u, id, patch, -1, "update", expect, err);
		if (!out)
			cr_db_rollback(c);
	}
	json_decref(patch);
	return out;
}

int cr_risk_set_open_major_hazards(sqlite3 *c, const struct cr_user *who, long long risk_id,
				   int open, struct cr_err *err)
{
	/* Runs inside the caller's transaction: rewrite's commit would end it, so grade here. */
	json_t *before = cr_risk_row_decorate(cr_store_risk_get(c, risk_id, err)), *unit = NULL,
	       *after = NULL, *diff = NULL;
	struct risk_buf b = { 0 };
	int rc = -1;
	char idt[24];
	if (!before)
		goto out;
	unit = cr_store_unit_get(c, json_integer_value(json_object_get(before, "unit_id")), err);
	if (!unit || build_row(c, before, unit, open, &b, err) ||
	    cr_store_risk_update(c, risk_id, &b.row, 0, err))
		goto out;
	after = cr_risk_row_decorate(cr_store_risk_get(c, risk_id, err));
	if (!after)
		goto out;
	diff = diff_of(before, after);
	id_text(risk_id, idt);
	if (cr_store_risk_version_add(
		    c, risk_id, json_integer_value(json_object_get(after, "version")), who->login,
		    "hazard", (int)json_integer_value(json_object_get(before, "grade")),
		    (int)json_integer_value(json_object_get(after, "grade")), diff, err))
		goto out;
	if (cr_audit_write(c, who, "risk", idt, "hazard", before, after, err))
		goto out;
	if (cr_unit_rating_refresh(c, json_integer_value(json_object_get(after, "unit_id")), err))
		goto out;
	rc = 0;
out:
	json_decref(b.direct);
	json_decref(before);
	json_decref(unit);
	json_decref(after);
	json_decref(diff);
	return rc;
}

json_t *cr_risk_archive(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = load_readable(c, u, id, err), *unit = NULL, *out = NULL;
	if (before) {
		unit = unit_for_write(c, u, json_integer_value(json_object_get(before, "unit_id")),
				      err);
		if (unit &&
		    strcmp(json_string_value(json_object_get(before, "status")), "archived") == 0)
			cr_err_set(err, 409, "conflict", "status",
				   "risk point %lld is already archived", id);
		else if (unit && cr_store_risk_archive(c, id, err) == 0)
			out = finish_write(c, u, id, "archive", before, err);
	}
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(unit);
	return out;
}

int cr_risk_list_filter(const struct cr_user *u, const struct cr_risk_query *q,
			struct cr_risk_filter *f, struct cr_scope *sc, struct cr_err *err)
{
	*f = (struct cr_risk_filter){
		.sector = q->sector, .dept = q->dept, .q = q->q, .unit_id = q->unit_id, .limit = 50
	};
	if (cr_user_scope(u, q->region, q->dept, q->unit_id, sc, err))
		return -1;
	f->region_prefix = sc->region;
	f->dept = sc->dept;
	f->unit_id = sc->unit_id;
	if (q->grade && *q->grade && !(f->grade = cr_grade_parse(q->grade)))
		return cr_err_set(err, 400, "invalid", "grade", "grade must be 1–4 or a colour");
	f->flagged = q->flagged && strcmp(q->flagged, "1") == 0;
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	if (f->q && (strlen(f->q) > 200 || cr_utf8_len(f->q, strlen(f->q)) < 0))
		return cr_err_set(err, 400, "invalid", "q",
				  "q must be UTF-8 text of at most 200 bytes");
	return 0;
}

json_t *cr_risk_list(sqlite3 *c, const struct cr_user *u, const struct cr_risk_query *q,
		     struct cr_err *err)
{
	struct cr_risk_filter f;
	struct cr_scope sc;
	if (cr_risk_list_filter(u, q, &f, &sc, err))
		return NULL;
	return cr_risk_list_decorate(cr_store_risk_list(c, &f, err));
}

json_t *cr_risk_list_of_unit(sqlite3 *c, const struct cr_user *u, const struct cr_risk_query *q,
			     struct cr_err *err)
{
	/* The unit itself must be readable: 403/404 rather than an empty list. */
	json_t *unit = cr_unit_read(c, u, q->unit_id, err);
	if (!unit)
		return NULL;
	json_decref(unit);
	return cr_risk_list(c, u, q, err);
}

int cr_risk_regrade_unit(sqlite3 *c, const struct cr_user *who, long long unit_id,
			 const char *action, struct cr_err *err)
{
	/* Inside the caller's transaction; a point whose grading does not change is left alone. */
	long long *ids = NULL;
	size_t n = 0;
	json_t *unit = cr_store_unit_get(c, unit_id, err);
	int rc = -1;
	if (!unit || cr_store_unit_risk_ids(c, unit_id, &ids, &n, err))
		goto out;
	for (size_t i = 0; i < n; i++) {
		json_t *before = cr_risk_row_decorate(cr_store_risk_get(c, ids[i], err)),
		       *after = NULL, *diff = NULL;
		struct risk_buf b = { 0 };
		int step = -1;
		if (!before)
			goto out;
		if (build_row(
			    c, before, unit,
			    (int)json_integer_value(json_object_get(before, "open_major_hazards")),
			    &b, err))
			goto next;
		const char *old_rule = json_string_value(json_object_get(before, "direct_rule"));
		if (b.row.grade == json_integer_value(json_object_get(before, "grade")) &&
		    b.row.inherent_grade ==
			    json_integer_value(json_object_get(before, "inherent_grade")) &&
		    strcmp(b.row.explain, json_string_value(json_object_get(before, "explain"))) ==
			    0 &&
		    ((!old_rule && !b.row.direct_rule) ||
		     (old_rule && b.row.direct_rule && strcmp(old_rule, b.row.direct_rule) == 0))) {
			step = 0;
			goto next;
		}
		if (cr_store_risk_update(c, ids[i], &b.row, 0, err))
			goto next;
		after = cr_risk_row_decorate(cr_store_risk_get(c, ids[i], err));
		if (!after)
			goto next;
		diff = diff_of(before, after);
		char idt[24];
		id_text(ids[i], idt);
		if (cr_store_risk_version_add(
			    c, ids[i], json_integer_value(json_object_get(after, "version")),
			    who->login, action,
			    (int)json_integer_value(json_object_get(before, "grade")),
			    (int)json_integer_value(json_object_get(after, "grade")), diff, err))
			goto next;
		if (cr_audit_write(c, who, "risk", idt, action, before, after, err))
			goto next;
		step = 0;
	next:
		json_decref(b.direct);
		json_decref(before);
		json_decref(after);
		json_decref(diff);
		if (step)
			goto out;
	}
	rc = cr_unit_rating_refresh(c, unit_id, err);
out:
	free(ids);
	json_decref(unit);
	return rc;
}
