/* risk_grade.c — a risk point record checked and graded: the method's factors, direct
 * determination (with the unit's major hazard sources), the owner's rank, the control measures
 * and the position; the assessment preview and the template check. It must not write, authorise
 * or build SQL: the use cases (risk_record.c, risk_regrade.c) do. */
#include "service/risk_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/accident.h"
#include "domain/gb18218.h"
#include "domain/grade.h"
#include "service/config.h"
#include "service/input.h"
#include "store/installations.h"

/* 一险一策: control measures by kind. */
/* 培训教育 (training) is a kind of its own, as the standard lists control measures. */
static const char *const measure_kinds[] = { "engineering", "technical", "management", "training",
					     "personal",    "emergency", NULL };
static const char *const control_levels[] = { "unit", "department", "workshop", "team", NULL };

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

/* Grades and validates the record; unit gives the place the point inherits. */
int cr_risk_grade_record(struct cr_conn *c, const json_t *rec, const json_t *unit, int open_major,
			 struct cr_risk_graded *b, struct cr_err *err)
{
	struct cr_risk_row *r = &b->row;
	const struct cr_config *cfg = cr_config();
	const char *method = NULL;
	memset(r, 0, sizeof *r);
	if (cr_input_required_text(rec, "name", 100, &r->name, err))
		return -1;
	int rc = cr_json_str(rec, "method", 20, &method, err);
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
	json_t *known = json_object_get(unit, CR_RISK_UNIT_MHS_GRADE);
	if (known)
		unit_mhs = (int)json_integer_value(known);
	else if (cr_store_installation_top_grade(c, json_integer_value(json_object_get(unit, "id")),
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

	if (cr_input_optional_text(rec, "place", 100, &r->place, err) ||
	    cr_input_optional_lines(rec, "consequences", 500, &r->consequences, err) ||
	    cr_input_optional_text(rec, "owner_name", 50, &r->owner_name, err) ||
	    cr_input_optional_text(rec, "owner_rank", 20, &r->owner_rank, err) ||
	    cr_input_optional_text(rec, "control_level", 20, &r->control_level, err))
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
	int hl = cr_input_lonlat_or(rec, unit, &r->lon, &r->lat, err);
	if (hl < 0)
		return -1;
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

void cr_risk_graded_free(struct cr_risk_graded *g)
{
	json_decref(g->direct);
	g->direct = NULL;
}
