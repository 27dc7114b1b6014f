/* hazards.c — hidden hazard use cases: record, change, the closed loop, lists and figures; each
 * write, its step, audit entry, risk re-grade and unit rating in one transaction. No SQL here. */
#include "service/hazards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "service/hazard_view.h"
#include "service/risks.h"
#include "store/audit.h"
#include "store/hazards.h"
#include "store/risks.h"
#include "store/units.h"

/* ===== Shared helpers ===== */

static void today_cst(char out[11])
{
	cr_hazard_today(time(NULL), out);
}

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

json_t *cr_hazard_load(sqlite3 *c, const struct cr_user *u, long long id, bool write,
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
static json_t *scrub(const struct cr_user *u, json_t *h)
{
	if (h && (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT))
		json_object_del(h, "contact");
	return h;
}

static const struct cr_user system_user = { .id = 0, .login = "system", .role = CR_ROLE_CITY };

/* A risk point is grade Ⅰ while a 重大隐患 on it is open: re-grade it when the count moved. */
static int sync_risk(sqlite3 *c, const struct cr_user *u, long long risk_id, struct cr_err *err)
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
	return had == open ? 0 : cr_risk_set_open_major_hazards(c, u ? u : &system_user, risk_id, open, err);
}

static int refresh_unit(sqlite3 *c, long long unit_id, struct cr_err *err)
{
	return unit_id > 0 ? cr_unit_rating_refresh(c, unit_id, err) : 0;
}

/* Audits, re-grades the risks and rates the units touched (before and after), commits, and
 * returns the hazard as it now is. Rolls back on any error. */
static json_t *finish(sqlite3 *c, const struct cr_user *u, long long id, const char *action,
		      const json_t *before, const char *today, struct cr_err *err)
{
	json_t *after = cr_hazard_view_get(c, id, today, err);
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	int rc = after ? 0 : -1;
	rc = rc ? rc : cr_audit_write(c, u, "hazard", idt, action, before, after, err);
	long long rb = before ? json_integer_value(json_object_get(before, "risk_id")) : 0;
	long long ra = after ? json_integer_value(json_object_get(after, "risk_id")) : 0;
	long long ub = before ? json_integer_value(json_object_get(before, "unit_id")) : 0;
	long long ua = after ? json_integer_value(json_object_get(after, "unit_id")) : 0;
	rc = rc ? rc : sync_risk(c, u, ra, err);
	rc = rc || rb == ra ? rc : sync_risk(c, u, rb, err);
	rc = rc ? rc : refresh_unit(c, ua, err);
	rc = rc || ub == ua ? rc : refresh_unit(c, ub, err);
	rc = rc ? rc : cr_db_commit(c, err);
	if (rc) {
		cr_db_rollback(c);
		json_decref(after);
		return NULL;
	}
	return scrub(u, after);
}

/* ===== Field checks ===== */

/* A required text: 400 "required" when absent or blank. */
static int need_text(const json_t *b, const char *key, size_t max, const char **out,
		     struct cr_err *err)
{
	int rc = cr_json_str(b, key, max, out, err);
	if (rc == 1 || (rc == 0 && !**out))
		return cr_err_set(err, 400, "required", key, "'%s' is required", key);
	return rc;
}

/* An optional text: 1 when absent (out untouched), 0 when read, -1 on error. */
static int opt_text(const json_t *b, const char *key, size_t max, const char **out,
		    struct cr_err *err)
{
	return cr_json_str(b, key, max, out, err);
}

/* A deadline is a date "YYYY-MM-DD", today or later. */
static int check_deadline(const char *d, const char *today, struct cr_err *err)
{
	long dd, td;
	if (strlen(d) != 10 || cr_date_days(d, &dd))
		return cr_err_set(err, 400, "invalid", "deadline", "deadline must be a date YYYY-MM-DD");
	if (cr_date_days(today, &td) == 0 && dd < td)
		return cr_err_set(err, 400, "invalid", "deadline", "deadline %s is in the past", d);
	return 0;
}

/* found_at: a date or an ISO 8601 time, not in the future, not before 2000. */
static int check_found_at(const char *s, const char *today, struct cr_err *err)
{
	long d, td;
	if (strlen(s) > 30 || cr_date_days(s, &d) || (s[10] && s[10] != 'T' && s[10] != ' '))
		return cr_err_set(err, 400, "invalid", "found_at",
				  "found_at must be a date YYYY-MM-DD or an ISO 8601 time");
	if (cr_date_days(today, &td) == 0 && (d > td + 1 || d < 10957))
		return cr_err_set(err, 400, "invalid", "found_at",
				  "found_at must lie between 2000 and today");
	return 0;
}

/* lon/lat: both or neither, inside China. Returns 1 when neither was given. */
static int read_coords(const json_t *b, double *lon, double *lat, struct cr_err *err)
{
	int hl = cr_json_num(b, "lon", 73, 136, lon, err);
	if (hl < 0)
		return -1;
	int ht = cr_json_num(b, "lat", 3, 54, lat, err);
	if (ht < 0)
		return -1;
	if (hl != ht)
		return cr_err_set(err, 400, "required", hl ? "lon" : "lat",
				  "lon and lat go together: give both or neither");
	return hl;
}

/* The risk point a hazard is linked to must be an active point of the same unit. */
static int check_risk(sqlite3 *c, long long risk_id, long long unit_id, struct cr_err *err)
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
static json_t *unit_for_hazard(sqlite3 *c, const struct cr_user *u, long long unit_id,
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
		.unit_id = unit_id, .region = json_string_value(json_object_get(unit, "region")),
		.dept = json_string_value(json_object_get(unit, "dept")), .supervised_by = "",
	};
	if (!cr_hazard_user_may_edit(u, &f))
		cr_err_set(err, 403, "forbidden", "unit_id", "unit %lld is outside your scope", unit_id);
	else if (strcmp(json_string_value(json_object_get(unit, "status")), "active") != 0)
		cr_err_set(err, 409, "conflict", "unit_id", "unit %lld is archived", unit_id);
	else
		return unit;
	json_decref(unit);
	return NULL;
}

/* ===== Record ===== */

/* The hazard this user already filed under client_id (an offline capture sent again), or 0. */
static long long find_by_client_id(sqlite3 *c, const struct cr_user *u, const char *client_id)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id FROM hazards WHERE created_by=? AND client_id=?");
	sqlite3_bind_int64(s, 1, u->id);
	sqlite3_bind_text(s, 2, client_id, -1, SQLITE_STATIC);
	long long id = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return id;
}

static int set_client_id(sqlite3 *c, long long id, const char *client_id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE hazards SET client_id=? WHERE id=?");
	sqlite3_bind_text(s, 1, client_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	int rc = cr_db_run(c, s, err);
	return rc;
}

json_t *cr_hazard_create(sqlite3 *c, const struct cr_user *u, const json_t *body, bool *existed,
			 struct cr_err *err)
{
	static const char *const fields[] = { "unit_id", "risk_id", "source", "grade",
					      "description", "location", "lon", "lat", "found_at",
					      "found_by", "deadline", "client_id", NULL };
	const char *client_id = NULL;
	*existed = false;
	if (cr_json_str(body, "client_id", 64, &client_id, err) < 0)
		return NULL;
	if (client_id && (!*client_id || strspn(client_id, "0123456789abcdefABCDEF-") !=
						  strlen(client_id))) {
		cr_err_set(err, 400, "invalid", "client_id", "client_id must be a UUID");
		return NULL;
	}
	char today[11], now[32];
	today_cst(today);
	cr_now_iso(now);
	struct cr_hazard_row r = { .state = "found", .created_by = u->id, .found_at = now,
				   .found_by = u->login, .location = "" };
	long long unit_id = 0, risk_id = 0;
	int hu;
	if (cr_json_only(body, fields, err) ||
	    (hu = cr_json_int(body, "unit_id", 1, 1LL << 53, &unit_id, err)) < 0 ||
	    cr_json_int(body, "risk_id", 1, 1LL << 53, &risk_id, err) < 0 ||
	    need_text(body, "source", 20, &r.source, err) ||
	    need_text(body, "grade", 10, &r.grade, err) ||
	    need_text(body, "description", 1000, &r.description, err) ||
	    opt_text(body, "location", 200, &r.location, err) < 0 ||
	    opt_text(body, "found_at", 30, &r.found_at, err) < 0 ||
	    opt_text(body, "found_by", 50, &r.found_by, err) < 0 ||
	    opt_text(body, "deadline", 10, &r.deadline, err) < 0)
		return NULL;
	if (!cr_hazard_source_valid(r.source) || strcmp(r.source, "public_report") == 0) {
		cr_err_set(err, 400, "invalid", "source",
			   strcmp(r.source, "public_report") == 0
				   ? "public reports come in through /api/v1/public/reports"
				   : "source must be self_check, inspection, grid_patrol or third_party");
		return NULL;
	}
	if (!cr_hazard_grade_valid(r.grade)) {
		cr_err_set(err, 400, "invalid", "grade", "grade must be general or major");
		return NULL;
	}
	if (!*r.found_by) {
		cr_err_set(err, 400, "required", "found_by", "'found_by' must not be blank");
		return NULL;
	}
	if (check_found_at(r.found_at, today, err) || (r.deadline && check_deadline(r.deadline, today, err)))
		return NULL;
	int hc = read_coords(body, &r.lon, &r.lat, err);
	if (hc < 0)
		return NULL;
	if (u->role == CR_ROLE_UNIT) {
		if (hu == 1)
			unit_id = u->unit_id;
		/* a unit records what it found itself or what its hired checker found */
		if (strcmp(r.source, "self_check") != 0 && strcmp(r.source, "third_party") != 0) {
			cr_err_set(err, 403, "forbidden", "source",
				   "a unit records self_check or third_party hazards");
			return NULL;
		}
	} else if (hu == 1) {
		cr_err_set(err, 400, "required", "unit_id", "'unit_id' is required");
		return NULL;
	}
	if (cr_db_begin(c, err))
		return NULL;
	long long id = client_id ? find_by_client_id(c, u, client_id) : 0;
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
	    (client_id && set_client_id(c, id, client_id, err)) ||
	    cr_store_hazard_event(c, id, u, NULL, "found", "", err))
		goto out;
	out = finish(c, u, id, "create", NULL, today, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(unit);
	return out;
}

json_t *cr_hazard_read(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	char today[11];
	today_cst(today);
	json_t *h = cr_hazard_load(c, u, id, false, today, err);
	if (!h)
		return NULL;
	json_t *ev = cr_store_hazard_events(c, id, err), *at = ev ? cr_store_attachments(c, id, err) : NULL;
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
				json_array_append_new(takes, json_string(cr_hazard_field_name(1u << b)));
			if (acts[i].needs & (1u << b))
				json_array_append_new(needs, json_string(cr_hazard_field_name(1u << b)));
		}
		json_array_append_new(actions,
				      json_pack("{ss ss sb so so}", "to", cr_hazard_state_name(acts[i].to),
						"to_cn", cr_hazard_state_cn(acts[i].to), "rejection",
						acts[i].rejection, "takes", takes, "needs", needs));
	}
	json_object_set_new(h, "actions", actions);
	return scrub(u, h);
}

/* ===== Change ===== */

json_t *cr_hazard_patch(sqlite3 *c, const struct cr_user *u, long long id, const json_t *body,
			struct cr_err *err)
{
	static const char *const fields[] = { "unit_id", "risk_id", "grade", "description",
					      "location", "lon", "lat", "found_at", "found_by",
					      "deadline", "version", NULL };
	char today[11];
	today_cst(today);
	long long expect = 0, unit_id = 0, risk_id = 0;
	struct cr_hazard_row r;
	const char *grade = NULL, *desc = NULL, *loc = NULL, *fat = NULL, *fby = NULL, *dl = NULL;
	double lon = 0, lat = 0;
	int hu, hr, hc, hd;
	if (cr_json_only(body, fields, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 ||
	    (hu = cr_json_int(body, "unit_id", 1, 1LL << 53, &unit_id, err)) < 0 ||
	    (hr = cr_json_int(body, "risk_id", 1, 1LL << 53, &risk_id, err)) < 0 ||
	    opt_text(body, "grade", 10, &grade, err) < 0 ||
	    opt_text(body, "description", 1000, &desc, err) < 0 ||
	    opt_text(body, "location", 200, &loc, err) < 0 ||
	    opt_text(body, "found_at", 30, &fat, err) < 0 ||
	    opt_text(body, "found_by", 50, &fby, err) < 0 ||
	    (hd = opt_text(body, "deadline", 10, &dl, err)) < 0 ||
	    (hc = read_coords(body, &lon, &lat, err)) < 0)
		return NULL;
	if ((grade && !cr_hazard_grade_valid(grade)) || (desc && !*desc) || (fby && !*fby)) {
		const char *f = grade && !cr_hazard_grade_valid(grade) ? "grade"
				: desc && !*desc			 ? "description"
									 : "found_by";
		cr_err_set(err, 400, "invalid", f, "'%s' is not valid here", f);
		return NULL;
	}
	if ((fat && check_found_at(fat, today, err)) || (dl && check_deadline(dl, today, err)))
		return NULL;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = cr_hazard_load(c, u, id, true, today, err), *unit = NULL, *out = NULL;
	if (!before)
		goto out;
	struct cr_hazard_facts f;
	cr_hazard_facts_of(before, &f);
	cr_store_hazard_row_from_json(before, &r);
	if (f.state == CR_HZ_CLOSED) {
		cr_err_set(err, 409, "conflict", "state", "hazard %lld is closed (销号)", id);
		goto out;
	}
	if (f.state >= CR_HZ_ASSESSED) {
		/* After assessment the record is settled; a regulator may still move the deadline. */
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)body, k, v) {
			if (strcmp(k, "deadline") != 0 && strcmp(k, "version") != 0) {
				cr_err_set(err, 409, "conflict", k,
					   "hazard %lld is %s; only its deadline can change", id,
					   cr_hazard_state_name(f.state));
				goto out;
			}
		}
		if (hd == 0 && !cr_hazard_user_is_supervisor(u, &f)) {
			cr_err_set(err, 403, "forbidden", "deadline",
				   "only the supervising regulator may move the deadline now");
			goto out;
		}
	}
	/* A listing (挂牌督办) is lifted only by its supervising level: it alone changes the grade
	 * or the unit under it; a 一般隐患 is never listed. */
	unsigned changes = (grade && strcmp(grade, r.grade) != 0 ? CR_HC_GRADE : 0) |
			   (hu == 0 && unit_id != r.unit_id ? CR_HC_UNIT : 0);
	if (cr_hazard_change_check(u, &f, changes, err))
		goto out;
	if ((changes & CR_HC_GRADE) && strcmp(grade, "general") == 0)
		r.supervised_by = NULL;
	if (hu == 0 && unit_id != r.unit_id) {
		if (f.state != CR_HZ_FOUND || u->role == CR_ROLE_UNIT) {
			cr_err_set(err, 409, "conflict", "unit_id",
				   "the unit is set by a regulator before registration");
			goto out;
		}
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
	out = finish(c, u, id, "update", before, today, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	json_decref(unit);
	return out;
}

/* ===== The closed loop ===== */

json_t *cr_hazard_transition(sqlite3 *c, const struct cr_user *u, long long id,
			     const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "to", "comment", "deadline", "measures",
					      "responsible", "funds_cny", "evidence",
					      "supervised_by", "version", NULL };
	char today[11], now[32];
	today_cst(today);
	cr_now_iso(now);
	const char *to = NULL, *comment = NULL, *dl = NULL, *measures = NULL, *resp = NULL,
		   *evidence = NULL, *sup = NULL;
	double funds = 0;
	long long expect = 0;
	int h[7];
	if (cr_json_only(body, fields, err) ||
	    cr_json_int(body, "version", 1, 1LL << 50, &expect, err) < 0 ||
	    cr_json_str(body, "to", 20, &to, err) < 0 ||
	    (h[0] = cr_json_str(body, "comment", 500, &comment, err)) < 0 ||
	    (h[1] = cr_json_str(body, "deadline", 10, &dl, err)) < 0 ||
	    (h[2] = cr_json_str(body, "measures", 2000, &measures, err)) < 0 ||
	    (h[3] = cr_json_str(body, "responsible", 50, &resp, err)) < 0 ||
	    (h[4] = cr_json_num(body, "funds_cny", 0, 1e12, &funds, err)) < 0 ||
	    (h[5] = cr_json_str(body, "evidence", 2000, &evidence, err)) < 0 ||
	    (h[6] = cr_json_str(body, "supervised_by", 16, &sup, err)) < 0)
		return NULL;
	/* A blank text counts as missing: a step that needs a reason needs a real one. */
	const char *texts[7] = { comment, dl, measures, resp, NULL, evidence, sup };
	unsigned present = h[4] == 0 ? CR_HF_FUNDS : 0;
	for (int i = 0; i < 7; i++)
		if (h[i] == 0 && texts[i] && *texts[i])
			present |= 1u << i;
	if (cr_db_begin(c, err))
		return NULL;
	json_t *before = cr_hazard_load(c, u, id, false, today, err), *out = NULL;
	struct cr_hazard_facts f;
	enum cr_hazard_state next;
	struct cr_hazard_row r;
	if (!before)
		goto out;
	cr_hazard_facts_of(before, &f);
	if (cr_hazard_transition_check(u, &f, to, present, sup, &next, err) ||
	    ((present & CR_HF_DEADLINE) && check_deadline(dl, today, err)))
		goto out;
	cr_store_hazard_row_from_json(before, &r);
	r.state = cr_hazard_state_name(next);
	bool back = cr_hazard_is_rejection(f.state, next);
	if (present & CR_HF_DEADLINE) {
		r.deadline = dl;
		r.escalation = cr_hazard_escalation_level(next, dl, today);
		r.escalated_at = NULL;
	}
	if (present & CR_HF_SUPERVISED_BY)
		r.supervised_by = sup;
	if (present & CR_HF_MEASURES)
		r.measures = measures;
	if (present & CR_HF_RESPONSIBLE)
		r.responsible = resp;
	if (present & CR_HF_FUNDS) {
		r.funds_cny = funds;
		r.has_funds = true;
	}
	if (present & CR_HF_EVIDENCE)
		r.evidence = evidence;
	if (!back && next == CR_HZ_RECTIFIED) {
		r.rectified_by = u->id;
		r.rectified_at = now;
	} else if (!back && next == CR_HZ_VERIFIED) {
		r.verified_by = u->id;
		r.verified_at = now;
	} else if (next == CR_HZ_CLOSED) {
		r.closed_at = now;
	} else if (back && next == CR_HZ_RECTIFIED) {
		r.verified_by = 0;
		r.verified_at = NULL;
	} else if (back && next == CR_HZ_RECTIFYING) {
		r.rectified_by = 0;
		r.rectified_at = NULL;
	}
	char action[32];
	snprintf(action, sizeof action, "%s:%s", back ? "reject" : "state", r.state);
	if (cr_store_hazard_update(c, id, &r, expect, err) ||
	    cr_store_hazard_event(c, id, u, cr_hazard_state_name(f.state), r.state,
				  comment ? comment : "", err))
		goto out;
	out = finish(c, u, id, action, before, today, err);
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(before);
	return out;
}

/* ===== Lists and figures ===== */

static int flag_arg(const char *v, const char *name, bool *out, struct cr_err *err)
{
	if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0) {
		*out = false;
		return 0;
	}
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return 0;
	}
	return cr_err_set(err, 400, "invalid", name, "%s must be 1 or 0", name);
}

static int id_arg(const char *v, const char *name, long long *out, struct cr_err *err)
{
	if (!v || !*v)
		return 0;
	char *end;
	*out = strtoll(v, &end, 10);
	if (*end || *out <= 0)
		return cr_err_set(err, 400, "invalid", name, "%s must be an id", name);
	return 0;
}

/* Turns the query into a filter narrowed to the user's scope. region_buf holds the prefix. */
static int build_filter(const struct cr_user *u, const struct cr_hazard_query *q,
			struct cr_hazard_filter *f, char region_buf[24], char today[11],
			struct cr_hazard_clock_window *clock, struct cr_err *err)
{
	today_cst(today);
	if (cr_hazard_clock_window(today, clock))
		return cr_err_set(err, 500, "clock", "", "today is not a date");
	*f = (struct cr_hazard_filter){ .dept = q->dept, .sector = q->sector, .state = q->state,
					.grade = q->grade, .source = q->source,
					.supervised_by = q->supervised_by, .q = q->q,
					.clock = clock, .limit = 50 };
	/* The unit of unit users is settled below, where unit_id=none is known. */
	struct cr_scope sc;
	if (cr_user_scope(u, q->region, q->dept, 0, &sc, err))
		return -1;
	snprintf(region_buf, 24, "%s", sc.region);
	f->region_prefix = region_buf;
	f->dept = sc.dept;
	enum cr_hazard_state st;
	if (q->state && *q->state && cr_hazard_state_parse(q->state, &st))
		return cr_err_set(err, 400, "invalid", "state", "unknown state '%s'", q->state);
	if (q->grade && *q->grade && !cr_hazard_grade_valid(q->grade))
		return cr_err_set(err, 400, "invalid", "grade", "grade must be general or major");
	if (q->source && *q->source && !cr_hazard_source_valid(q->source))
		return cr_err_set(err, 400, "invalid", "source", "unknown source '%s'", q->source);
	if (q->supervised_by && strlen(q->supervised_by) > 15)
		return cr_err_set(err, 400, "invalid", "supervised_by", "supervised_by is a department code or AWB");
	if (flag_arg(q->listed, "listed", &f->listed, err) || flag_arg(q->open, "open", &f->open, err) ||
	    flag_arg(q->overdue, "overdue", &f->overdue, err) ||
	    flag_arg(q->due_soon, "due_soon", &f->due_soon, err))
		return -1;
	if (q->escalation && *q->escalation) {
		if (strcmp(q->escalation, "department") == 0)
			f->min_escalation = 1;
		else if (strcmp(q->escalation, "city") == 0)
			f->min_escalation = 2;
		else
			return cr_err_set(err, 400, "invalid", "escalation",
					  "escalation must be department or city");
	}
	if (q->unit_id && strcmp(q->unit_id, "none") == 0)
		f->no_unit = true;
	else if (id_arg(q->unit_id, "unit_id", &f->unit_id, err))
		return -1;
	if (id_arg(q->risk_id, "risk_id", &f->risk_id, err))
		return -1;
	if (u->role == CR_ROLE_UNIT) {
		if ((f->unit_id && f->unit_id != u->unit_id) || f->no_unit)
			return cr_err_set(err, 403, "forbidden", "unit_id",
					  "unit %s is outside your scope", q->unit_id);
		f->unit_id = u->unit_id;
		f->region_prefix = "";
	}
	char *end;
	if (q->limit && *q->limit) {
		long v = strtol(q->limit, &end, 10);
		if (*end || v < 1 || v > 500)
			return cr_err_set(err, 400, "invalid", "limit", "limit must be 1 to 500");
		f->limit = (int)v;
	}
	if (q->after && *q->after) {
		f->after = strtoll(q->after, &end, 10);
		if (*end || f->after < 0)
			return cr_err_set(err, 400, "invalid", "after", "after must be a cursor from next");
	}
	if (f->q && (strlen(f->q) > 200 || cr_utf8_len(f->q, strlen(f->q)) < 0))
		return cr_err_set(err, 400, "invalid", "q", "q must be UTF-8 text of at most 200 bytes");
	return 0;
}

json_t *cr_hazard_list(sqlite3 *c, const struct cr_user *u, const struct cr_hazard_query *q,
		       struct cr_err *err)
{
	struct cr_hazard_filter f;
	struct cr_hazard_clock_window clock;
	char region[24], today[11];
	if (build_filter(u, q, &f, region, today, &clock, err))
		return NULL;
	json_t *out = cr_store_hazard_list(c, &f, err);
	size_t i;
	json_t *h;
	cr_hazard_view_items(out, today);
	if (out)
		json_array_foreach(json_object_get(out, "items"), i, h)
			scrub(u, h);
	return out;
}

json_t *cr_hazard_stats(sqlite3 *c, const struct cr_user *u, const struct cr_hazard_query *q,
			const char *by, struct cr_err *err)
{
	struct cr_hazard_filter f;
	struct cr_hazard_clock_window clock;
	char region[24], today[11];
	if (build_filter(u, q, &f, region, today, &clock, err))
		return NULL;
	return cr_store_hazard_stats(c, &f, by, err);
}
