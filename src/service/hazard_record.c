/* hazard_record.c — recording, reading and changing a hidden hazard, and the commit every hazard
 * write ends with (audit, risk re-grade, unit rating). No SQL here: store/ reads and writes. */
#include "service/hazards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/hazard_rules.h"
#include "service/hazard_view.h"
#include "service/input.h"
#include "service/risks.h"
#include "store/audit.h"
#include "store/hazard_sync.h"
#include "store/hazards.h"
#include "store/names.h"
#include "store/regions.h"
#include "store/risks.h"
#include "store/units.h"

/* ===== Shared by the hazard use cases ===== */

void cr_hazard_facts_of(const json_t *h, struct cr_hazard_facts *f)
{
	memset(f, 0, sizeof *f);
	cr_hazard_state_parse(json_string_value(json_object_get(h, "state")), &f->state);
	const char *g = json_string_value(json_object_get(h, "grade"));
	f->major = g && strcmp(g, "major") == 0;
	f->unit_id = json_integer_value(json_object_get(h, "unit_id"));
	f->region = json_string_value(json_object_get(h, "region"));
	f->dept = json_string_value(json_object_get(h, "dept"));
	const char *sup = json_string_value(json_object_get(h, "supervised_by"));
	f->supervised_by = sup ? sup : "";
	f->has_deadline = json_is_string(json_object_get(h, "deadline"));
	f->rectified_by = json_integer_value(json_object_get(h, "rectified_by"));
}

json_t *cr_hazard_load(struct cr_conn *c, const struct cr_user *u, long long id, bool write,
		       const char *today, struct cr_err *err)
{
	json_t *h = cr_hazard_view_get(c, id, today, err);
	if (!h)
		return NULL;
	struct cr_hazard_facts f;
	cr_hazard_facts_of(h, &f);
	if (!cr_hazard_user_may_read(u, &f)) {
		cr_err_set(err, 403, "forbidden", "id", "hazard %lld is outside your scope", id);
	} else if (write && !cr_hazard_user_may_edit(u, &f)) {
		cr_err_set(err, 403, "forbidden", "id", "you may not change hazard %lld", id);
	} else {
		return h;
	}
	json_decref(h);
	return NULL;
}

/* Who reported a hazard stays hidden from the unit it is about (and from read-only roles). */
json_t *cr_hazard_scrub(const struct cr_user *u, json_t *h)
{
	if (h && (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT))
		json_object_del(h, "contact");
	return h;
}

static const struct cr_user system_user = { .id = 0, .login = "system", .role = CR_ROLE_CITY };

/* A risk point is grade Ⅰ while a 重大隐患 on it is open: re-grade it when the count moved. */
static int sync_risk(struct cr_conn *c, const struct cr_user *u, long long risk_id,
		     struct cr_err *err)
{
	if (risk_id <= 0)
		return 0;
	int open;
	if (cr_store_risk_open_major_count(c, risk_id, &open, err))
		return -1;
	json_t *risk = cr_store_risk_get(c, risk_id, err);
	if (!risk)
		return -1;
	int had = (int)json_integer_value(json_object_get(risk, "open_major_hazards"));
	json_decref(risk);
	return had == open ? 0
			   : cr_risk_set_open_major_hazards(c, u ? u : &system_user, risk_id, open,
							    err);
}

static int refresh_unit(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	return unit_id > 0 ? cr_unit_rating_refresh(c, unit_id, err) : 0;
}

json_t *cr_hazard_commit(struct cr_conn *c, const struct cr_user *u, long long id,
			 const char *action, const json_t *before, const char *today,
			 struct cr_err *err)
{
	json_t *after = cr_hazard_view_get(c, id, today, err);
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	long long rb = before ? json_integer_value(json_object_get(before, "risk_id")) : 0;
	long long ra = after ? json_integer_value(json_object_get(after, "risk_id")) : 0;
	long long ub = before ? json_integer_value(json_object_get(before, "unit_id")) : 0;
	long long ua = after ? json_integer_value(json_object_get(after, "unit_id")) : 0;
	int rc = -1;
	if (!after)
		goto out;
	if (cr_audit_write(c, u, "hazard", idt, action, before, after, err))
		goto out;
	if (sync_risk(c, u, ra, err))
		goto out;
	if (rb != ra && sync_risk(c, u, rb, err))
		goto out;
	if (refresh_unit(c, ua, err))
		goto out;
	if (ub != ua && refresh_unit(c, ub, err))
		goto out;
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	if (rc) {
		cr_db_rollback(c);
		json_decref(after);
		return NULL;
	}
	return cr_hazard_scrub(u, after);
}

/* ===== Links ===== */

/* The risk point a hazard is linked to must be an active point of the same unit. */
static int check_risk(struct cr_conn *c, long long risk_id, long long unit_id, struct cr_err *err)
{
	struct cr_err e2;
	json_t *risk = cr_store_risk_get(c, risk_id, &e2);
	int rc = 0;
	if (!risk)
		rc = e2.status == 404 ? cr_err_set(err, 400, "invalid", "risk_id",
						   "no risk point %lld", risk_id)
				      : (*err = e2, -1);
	else if (json_integer_value(json_object_get(risk, "unit_id")) != unit_id)
		rc = cr_err_set(err, 400, "invalid", "risk_id",
				"risk point %lld belongs to another unit", risk_id);
	else if (strcmp(json_string_value(json_object_get(risk, "status")), "active") != 0)
		rc = cr_err_set(err, 409, "conflict", "risk_id", "risk point %lld is archived",
				risk_id);
	json_decref(risk);
	return rc;
}

/* The unit a hazard is recorded against: in the user's scope (own unit or regulated) and
 * active. */
static json_t *unit_for_hazard(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			       struct cr_err *err)
{
	struct cr_err e2;
	json_t *unit = cr_store_unit_get(c, unit_id, &e2);
	if (!unit) {
		if (e2.status == 404)
			cr_err_set(err, 400, "invalid", "unit_id", "no unit %lld", unit_id);
		else
			*err = e2;
		return NULL;
	}
	struct cr_hazard_facts f = {
		.unit_id = unit_id,
		.region = json_string_value(json_object_get(unit, "region")),
		.dept = json_string_value(json_object_get(unit, "dept")),
		.supervised_by = "",
	};
	if (!cr_hazard_user_may_edit(u, &f))
		cr_err_set(err, 403, "forbidden", "unit_id", "unit %lld is outside your scope",
			   unit_id);
	else if (strcmp(json_string_value(json_object_get(unit, "status")), "active") != 0)
		cr_err_set(err, 409, "conflict", "unit_id", "unit %lld is archived", unit_id);
	else
		return unit;
	json_decref(unit);
	return NULL;
}

/* ===== Record ===== */

json_t *cr_hazard_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			 bool *existed, struct cr_err *err)
{
	static const char *const fields[] = { "unit_id",     "risk_id",  "source",   "grade",
					      "description", "location", "lon",      "lat",
					      "found_at",    "found_by", "deadline", "client_id",
					      NULL };
	const char *client_id = NULL;
	*existed = false;
	if (cr_json_str(body, "client_id", 64, &client_id, err) < 0)
		return NULL;
	if (client_id &&
	    (!*client_id || strspn(client_id, "0123456789abcdefABCDEF-") != strlen(client_id))) {
		cr_err_set(err, 400, "invalid", "client_id", "client_id must be a UUID");
		return NULL;
	}
	char today[11], now[32];
	cr_date_today(time(NULL), today);
	cr_now_iso(now);
	struct cr_hazard_row r = { .state = "found",
				   .created_by = u->id,
				   .found_at = now,
				   .found_by = u->login,
				   .location = "" };
	long long unit_id = 0, risk_id = 0;
	int hu;
	if (cr_json_only(body, fields, err) ||
	    (hu = cr_json_int(body, "unit_id", 1, 1LL << 53, &unit_id, err)) < 0 ||
	    cr_json_int(body, "risk_id", 1, 1LL << 53, &risk_id, err) < 0 ||
	    cr_input_required_text(body, "source", 20, &r.source, err) ||
	    cr_input_required_text(body, "grade", 10, &r.grade, err) ||
	    cr_input_required_lines(body, "description", 1000, &r.description, err) ||
	    cr_json_str(body, "location", 200, &r.location, err) < 0 ||
	    cr_json_str(body, "found_at", 30, &r.found_at, err) < 0 ||
	    cr_json_str(body, "found_by", 50, &r.found_by, err) < 0 ||
	    cr_json_str(body, "deadline", 10, &r.deadline, err) < 0)
		return NULL;
	if (cr_hazard_source_check(u, r.source, err))
		return NULL;
	if (!cr_hazard_grade_valid(r.grade)) {
		cr_err_set(err, 400, "invalid", "grade", "grade must be general or major");
		return NULL;
	}
	if (!*r.found_by) {
		cr_err_set(err, 400, "required", "found_by", "'found_by' must not be blank");
		return NULL;
	}
	if (cr_hazard_found_at_check(r.found_at, today, err) ||
	    (r.deadline && cr_hazard_deadline_check(r.deadline, today, err)))
		return NULL;
	int hc = cr_input_lonlat(body, &r.lon, &r.lat, err);
	if (hc < 0)
		return NULL;
	if (u->role == CR_ROLE_UNIT) {
		if (hu == 1)
			unit_id = u->unit_id;
	} else if (hu == 1) {
		cr_err_set(err, 400, "required", "unit_id", "'unit_id' is required");
		return NULL;
	}
	if (cr_db_begin(c, err))
		return NULL;
	long long id = client_id ? cr_store_hazard_by_client_id(c, u->id, client_id, err) : 0;
	if (id < 0) {
		cr_db_rollback(c);
		return NULL;
	}
	if (id) {
		cr_db_rollback(c);
		*existed = true;
		return cr_hazard_read(c, u, id, err);
	}
	json_t *unit = unit_for_hazard(c, u, unit_id, err), *out = NULL;
	if (!unit || (risk_id && check_risk(c, risk_id, unit_id, err)))
		goto out;
	r.unit_id = unit_id;
	r.risk_id = risk_id;
	r.region = json_string_value(json_object_get(unit, "region"));
	r.sector = json_string_value(json_object_get(unit, "sector"));
	r.dept = json_string_value(json_object_get(unit, "dept"));
	r.has_coords = hc == 0;
	if (!r.has_coords && json_is_number(json_object_get(unit, "lon"))) {
		r.lon = json_number_value(json_object_get(unit, "lon"));
		r.lat = json_number_value(json_object_get(unit, "lat"));
		r.has_coords = true;
	}
	if (cr_store_hazard_insert(c, &r, &id, err) ||
	    (client_id && cr_store_hazard_set_client_id(c, id, client_id, err)) ||
	    cr_store_hazard_event_add(c, id, u, NULL, "found", "", err))
		goto out;
	out = cr_hazard_commit(c, u, id, "create", NULL, today, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(unit);
	return out;
}

/* {"to","to_cn","by_role","by_name"}: the next step of the loop and who takes it (the unit by
 * name, the district, the city office or the listing department), or null once closed. */
static json_t *next_step(struct cr_conn *c, const struct cr_hazard_facts *f, const json_t *h)
{
	enum cr_hazard_state to;
	const char *by;
	if (!cr_hazard_next_step(f, &to, &by))
		return json_null();
	char name[256] = "", code[16];
	const char *region = f->region ? f->region : "";
	if (strcmp(by, "unit") == 0) {
		const char *un = json_string_value(json_object_get(h, "unit_name"));
		snprintf(name, sizeof name, "%s", un ? un : "");
	} else if (strcmp(by, "dept") == 0) {
		struct cr_err ignore = { 0 };
		cr_store_department_name(c, f->supervised_by, name, sizeof name, &ignore);
	} else {
		/* the district (6 digits) or the city (4) that holds the hazard */
		snprintf(code, sizeof code, "%.*s", strcmp(by, "city") == 0 ? 4 : 6, region);
		struct cr_err ignore = { 0 };
		cr_store_region_name(c, code, name, sizeof name, &ignore);
	}
	return json_pack("{ss ss ss ss}", "to", cr_hazard_state_name(to), "to_cn",
			 cr_hazard_state_cn(to), "by_role", by, "by_name", name);
}

/* Adds KEY_name: the real name of the account whose login KEY holds, when there is one. */
static void person_name(struct cr_conn *c, json_t *h, const char *key)
{
	const char *login = json_string_value(json_object_get(h, key));
	char name[64], k[32];
	snprintf(k, sizeof k, "%s_name", key);
	if (login && *login && cr_store_account_name_of(c, login, name, sizeof name) == 0)
		json_object_set_new(h, k, json_string(name));
}

json_t *cr_hazard_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	char today[11];
	cr_date_today(time(NULL), today);
	json_t *h = cr_hazard_load(c, u, id, false, today, err);
	if (!h)
		return NULL;
	json_t *ev = cr_store_hazard_events(c, id, err),
	       *at = ev ? cr_store_attachments(c, id, err) : NULL;
	if (!at) {
		json_decref(ev);
		json_decref(h);
		return NULL;
	}
	json_object_set_new(h, "events", ev);
	json_object_set_new(h, "attachments", at);
	/* What this user may do next, so the UI offers only those steps. */
	struct cr_hazard_facts f;
	struct cr_hazard_action acts[8];
	cr_hazard_facts_of(h, &f);
	size_t na = cr_hazard_actions(u, &f, acts, 8);
	json_t *actions = json_array();
	for (size_t i = 0; i < na; i++) {
		json_t *takes = json_array(), *needs = json_array();
		for (unsigned b = 0; b < CR_HF_COUNT; b++) {
			if (acts[i].takes & (1u << b))
				json_array_append_new(takes,
						      json_string(cr_hazard_field_name(1u << b)));
			if (acts[i].needs & (1u << b))
				json_array_append_new(needs,
						      json_string(cr_hazard_field_name(1u << b)));
		}
		json_array_append_new(actions,
				      json_pack("{ss ss sb so so}", "to",
						cr_hazard_state_name(acts[i].to), "to_cn",
						cr_hazard_state_cn(acts[i].to), "rejection",
						acts[i].rejection, "takes", takes, "needs", needs));
	}
	json_object_set_new(h, "actions", actions);
	json_object_set_new(h, "next_step", next_step(c, &f, h));
	person_name(c, h, "found_by");
	person_name(c, h, "responsible");
	return cr_hazard_scrub(u, h);
}

/* ===== Change ===== */

json_t *cr_hazard_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "unit_id",  "risk_id",  "grade",   "description",
					      "location", "lon",      "lat",     "found_at",
					      "found_by", "deadline", "version", NULL };
	char today[11];
	cr_date_today(time(NULL), today);
	long long expect = 0, unit_id = 0, risk_id = 0;
	struct cr_hazard_row r;
	const char *grade = NULL, *desc = NULL, *loc = NULL, *fat = NULL, *fby = NULL, *dl = NULL;
	double lon = 0, lat = 0;
	int hu, hr, hc, hd;
	if (cr_json_only(body, fields, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 ||
	    (hu = cr_json_int(body, "unit_id", 1, 1LL << 53, &unit_id, err)) < 0 ||
	    (hr = cr_json_int(body, "risk_id", 1, 1LL << 53, &risk_id, err)) < 0 ||
	    cr_json_str(body, "grade", 10, &grade, err) < 0 ||
	    cr_json_text(body, "description", 1000, &desc, err) < 0 ||
	    cr_json_str(body, "location", 200, &loc, err) < 0 ||
	    cr_json_str(body, "found_at", 30, &fat, err) < 0 ||
	    cr_json_str(body, "found_by", 50, &fby, err) < 0 ||
	    (hd = cr_json_str(body, "deadline", 10, &dl, err)) < 0 ||
	    (hc = cr_input_lonlat(body, &lon, &lat, err)) < 0)
		return NULL;
	if ((grade && !cr_hazard_grade_valid(grade)) || (desc && !*desc) || (fby && !*fby)) {
		const char *f = grade && !cr_hazard_grade_valid(grade) ? "grade"
				: desc && !*desc                       ? "description"
								       : "found_by";
		cr_err_set(err, 400, "invalid", f, "'%s' is not valid here", f);
		return NULL;
	}
	if ((fat && cr_hazard_found_at_check(fat, today, err)) ||
	    (dl && cr_hazard_deadline_check(dl, today, err)))
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = cr_hazard_load(c, u, id, true, today, err), *unit = NULL, *out = NULL;
	if (!before)
		goto out;
	struct cr_hazard_facts f;
	cr_hazard_facts_of(before, &f);
	cr_store_hazard_row_from_json(before, &r);
	/* A listing (挂牌督办) is lifted only by its supervising level: it alone changes the grade
	 * or the unit under it; a 一般隐患 is never listed. After assessment only the deadline. */
	unsigned changes = (grade && strcmp(grade, r.grade) != 0 ? CR_HC_GRADE : 0) |
			   (hu == 0 && unit_id != r.unit_id ? CR_HC_UNIT : 0) |
			   (hd == 0 ? CR_HC_DEADLINE : 0);
	const char *keys[16];
	size_t nkeys = 0;
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)body, k, v) {
		if (nkeys < sizeof keys / sizeof keys[0])
			keys[nkeys++] = k;
	}
	if (cr_hazard_patch_check(u, &f, keys, nkeys, changes, err))
		goto out;
	if ((changes & CR_HC_GRADE) && strcmp(grade, "general") == 0)
		r.supervised_by = NULL;
	if (changes & CR_HC_UNIT) {
		if (!(unit = unit_for_hazard(c, u, unit_id, err)))
			goto out;
		r.unit_id = unit_id;
		r.region = json_string_value(json_object_get(unit, "region"));
		r.sector = json_string_value(json_object_get(unit, "sector"));
		r.dept = json_string_value(json_object_get(unit, "dept"));
	}
	if (hr == 0)
		r.risk_id = risk_id;
	else if (json_is_null(json_object_get(body, "risk_id")))
		r.risk_id = 0;
	if (r.risk_id && (hr == 0 || hu == 0) && check_risk(c, r.risk_id, r.unit_id, err))
		goto out;
	if (r.risk_id && !r.unit_id) {
		cr_err_set(err, 400, "required", "unit_id", "link the unit before its risk point");
		goto out;
	}
	r.grade = grade ? grade : r.grade;
	r.description = desc ? desc : r.description;
	r.location = loc ? loc : r.location;
	r.found_at = fat ? fat : r.found_at;
	r.found_by = fby ? fby : r.found_by;
	if (hc == 0) {
		r.lon = lon;
		r.lat = lat;
		r.has_coords = true;
	}
	if (hd == 0) {
		r.deadline = dl;
		/* a new deadline starts a new clock */
		r.escalation = cr_hazard_escalation_level(f.state, dl, today);
		r.escalated_at = NULL;
	}
	if (cr_store_hazard_update(c, id, &r, expect, err))
		goto out;
	out = cr_hazard_commit(c, u, id, "update", before, today, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(unit);
	return out;
}
