/* hazards.c — the hazards, hazard_events and hazard_attachments tables, lists and figures.
 * It must not decide who may do what: service/hazards.c checks the flow and scope first. */
#include "store/hazards.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/hazard_flow.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/page.h"
#include "store/sqlb.h"

#define HZ_COLS                                                                                \
	"h.id, h.unit_id, u.name, h.risk_id, k.name, h.region, h.sector, h.dept, h.source,"        \
	" h.grade, h.description, h.location, h.lon, h.lat, h.found_at, h.found_by, h.state,"      \
	" h.deadline, h.closed_at, h.supervised_by, h.measures, h.responsible, h.funds_cny,"       \
	" h.evidence, h.rectified_by, h.rectified_at, h.verified_by, h.verified_at, h.contact,"    \
	" h.created_by, h.escalation, h.escalated_at, h.version, h.created_at, h.updated_at, r.name"
#define HZ_FROM                                                                                \
	" FROM hazards h LEFT JOIN units u ON u.id=h.unit_id LEFT JOIN risks k ON k.id=h.risk_id"  \
	" LEFT JOIN regions r ON r.code=h.region"

static json_t *row_json(sqlite3_stmt *s, const char *today)
{
	enum cr_hazard_state st = CR_HZ_FOUND;
	cr_hazard_state_parse(cr_col_text(s, 16), &st);
	const char *deadline = sqlite3_column_type(s, 17) == SQLITE_NULL ? NULL : cr_col_text(s, 17);
	struct cr_hazard_due due;
	cr_hazard_due(st, deadline, today, &due);
	int esc = sqlite3_column_int(s, 30);
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(sqlite3_column_int64(s, 0)));
	json_object_set_new(o, "unit_id", cr_col_json_num(s, 1));
	json_object_set_new(o, "unit_name", cr_col_json_text(s, 2));
	json_object_set_new(o, "risk_id", cr_col_json_num(s, 3));
	json_object_set_new(o, "risk_name", cr_col_json_text(s, 4));
	json_object_set_new(o, "region", json_string(cr_col_text(s, 5)));
	json_object_set_new(o, "region_name", cr_col_json_text(s, 35));
	json_object_set_new(o, "sector", json_string(cr_col_text(s, 6)));
	json_object_set_new(o, "dept", json_string(cr_col_text(s, 7)));
	json_object_set_new(o, "source", json_string(cr_col_text(s, 8)));
	json_object_set_new(o, "grade", json_string(cr_col_text(s, 9)));
	json_object_set_new(o, "description", json_string(cr_col_text(s, 10)));
	json_object_set_new(o, "location", json_string(cr_col_text(s, 11)));
	json_object_set_new(o, "lon", cr_col_json_num(s, 12));
	json_object_set_new(o, "lat", cr_col_json_num(s, 13));
	json_object_set_new(o, "found_at", json_string(cr_col_text(s, 14)));
	json_object_set_new(o, "found_by", json_string(cr_col_text(s, 15)));
	json_object_set_new(o, "state", json_string(cr_col_text(s, 16)));
	json_object_set_new(o, "state_cn", json_string(cr_hazard_state_cn(st)));
	json_object_set_new(o, "deadline", deadline ? json_string(deadline) : json_null());
	json_object_set_new(o, "overdue", json_boolean(due.overdue));
	json_object_set_new(o, "due_soon", json_boolean(due.due_soon));
	json_object_set_new(o, "days_left", deadline ? json_integer(due.days_left) : json_null());
	json_object_set_new(o, "closed_at", cr_col_json_text(s, 18));
	json_object_set_new(o, "supervised_by", cr_col_json_text(s, 19));
	json_object_set_new(o, "listed", json_boolean(sqlite3_column_type(s, 19) != SQLITE_NULL));
	json_object_set_new(o, "measures", json_string(cr_col_text(s, 20)));
	json_object_set_new(o, "responsible", json_string(cr_col_text(s, 21)));
	json_object_set_new(o, "funds_cny", cr_col_json_num(s, 22));
	json_object_set_new(o, "evidence", json_string(cr_col_text(s, 23)));
	json_object_set_new(o, "rectified_by", cr_col_json_num(s, 24));
	json_object_set_new(o, "rectified_at", cr_col_json_text(s, 25));
	json_object_set_new(o, "verified_by", cr_col_json_num(s, 26));
	json_object_set_new(o, "verified_at", cr_col_json_text(s, 27));
	json_object_set_new(o, "contact", json_string(cr_col_text(s, 28)));
	json_object_set_new(o, "created_by", cr_col_json_num(s, 29));
	json_object_set_new(o, "escalation", json_string(cr_hazard_escalation_name(esc) ?
							 cr_hazard_escalation_name(esc) : "unit"));
	json_object_set_new(o, "escalation_level", json_integer(esc));
	json_object_set_new(o, "escalated_at", cr_col_json_text(s, 31));
	json_object_set_new(o, "version", json_integer(sqlite3_column_int64(s, 32)));
	json_object_set_new(o, "created_at", json_string(cr_col_text(s, 33)));
	json_object_set_new(o, "updated_at", json_string(cr_col_text(s, 34)));
	return o;
}

static json_t *hazard_row(sqlite3_stmt *s, const void *today)
{
	return row_json(s, today);
}

json_t *cr_store_hazard_get(sqlite3 *c, long long id, const char *today, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " HZ_COLS HZ_FROM " WHERE h.id=?");
	sqlite3_bind_int64(s, 1, id);
	return cr_store_one(c, s, hazard_row, today, "hazard", id, err);
}

static const char *str_of(const json_t *h, const char *key)
{
	return json_string_value(json_object_get(h, key));
}

void cr_store_hazard_row_from_json(const json_t *h, struct cr_hazard_row *r)
{
	memset(r, 0, sizeof *r);
	r->unit_id = json_integer_value(json_object_get(h, "unit_id"));
	r->risk_id = json_integer_value(json_object_get(h, "risk_id"));
	r->rectified_by = json_integer_value(json_object_get(h, "rectified_by"));
	r->verified_by = json_integer_value(json_object_get(h, "verified_by"));
	r->created_by = json_integer_value(json_object_get(h, "created_by"));
	r->region = str_of(h, "region");
	r->sector = str_of(h, "sector");
	r->dept = str_of(h, "dept");
	r->source = str_of(h, "source");
	r->grade = str_of(h, "grade");
	r->description = str_of(h, "description");
	r->location = str_of(h, "location");
	r->found_at = str_of(h, "found_at");
	r->found_by = str_of(h, "found_by");
	r->state = str_of(h, "state");
	r->deadline = str_of(h, "deadline");
	r->closed_at = str_of(h, "closed_at");
	r->supervised_by = str_of(h, "supervised_by");
	r->measures = str_of(h, "measures");
	r->responsible = str_of(h, "responsible");
	r->evidence = str_of(h, "evidence");
	r->rectified_at = str_of(h, "rectified_at");
	r->verified_at = str_of(h, "verified_at");
	r->contact = str_of(h, "contact");
	r->escalated_at = str_of(h, "escalated_at");
	json_t *lon = json_object_get(h, "lon"), *lat = json_object_get(h, "lat");
	r->has_coords = json_is_number(lon) && json_is_number(lat);
	r->lon = json_number_value(lon);
	r->lat = json_number_value(lat);
	json_t *funds = json_object_get(h, "funds_cny");
	r->has_funds = json_is_number(funds);
	r->funds_cny = json_number_value(funds);
	r->escalation = (int)json_integer_value(json_object_get(h, "escalation_level"));
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void bind_text_or_empty(sqlite3_stmt *s, int i, const char *v)
{
	sqlite3_bind_text(s, i, v ? v : "", -1, SQLITE_STATIC);
}

static void bind_id(sqlite3_stmt *s, int i, long long v)
{
	if (v > 0)
		sqlite3_bind_int64(s, i, v);
}

/* Parameters 1..29 in the column order of the INSERT and UPDATE below; 30 is "now". */
static void bind_row(sqlite3_stmt *s, const struct cr_hazard_row *r)
{
	bind_id(s, 1, r->unit_id);
	bind_id(s, 2, r->risk_id);
	bind_text_or_empty(s, 3, r->region);
	bind_text_or_empty(s, 4, r->sector);
	bind_text_or_empty(s, 5, r->dept);
	bind_text_or_empty(s, 6, r->source);
	bind_text_or_empty(s, 7, r->grade);
	bind_text_or_empty(s, 8, r->description);
	bind_text_or_empty(s, 9, r->location);
	if (r->has_coords) {
		sqlite3_bind_double(s, 10, r->lon);
		sqlite3_bind_double(s, 11, r->lat);
	}
	bind_text_or_empty(s, 12, r->found_at);
	bind_text_or_empty(s, 13, r->found_by);
	bind_text_or_empty(s, 14, r->state);
	bind_text_or_null(s, 15, r->deadline);
	bind_text_or_null(s, 16, r->closed_at);
	bind_text_or_null(s, 17, r->supervised_by);
	bind_text_or_empty(s, 18, r->measures);
	bind_text_or_empty(s, 19, r->responsible);
	if (r->has_funds)
		sqlite3_bind_double(s, 20, r->funds_cny);
	bind_text_or_empty(s, 21, r->evidence);
	bind_id(s, 22, r->rectified_by);
	bind_text_or_null(s, 23, r->rectified_at);
	bind_id(s, 24, r->verified_by);
	bind_text_or_null(s, 25, r->verified_at);
	bind_text_or_empty(s, 26, r->contact);
	bind_id(s, 27, r->created_by);
	sqlite3_bind_int(s, 28, r->escalation);
	bind_text_or_null(s, 29, r->escalated_at);
}

int cr_store_hazard_insert(sqlite3 *c, const struct cr_hazard_row *r, long long *id,
			   struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(
		c, "INSERT INTO hazards(unit_id, risk_id, region, sector, dept, source, grade,"
		   " description, location, lon, lat, found_at, found_by, state, deadline, closed_at,"
		   " supervised_by, measures, responsible, funds_cny, evidence, rectified_by,"
		   " rectified_at, verified_by, verified_at, contact, created_by, escalation,"
		   " escalated_at, created_at, updated_at) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
		   "?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,"
		   "?30)");
	bind_row(s, r);
	sqlite3_bind_text(s, 30, now, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc)
		*id = sqlite3_last_insert_rowid(c);
	return rc;
}

int cr_store_hazard_update(sqlite3 *c, long long id, const struct cr_hazard_row *r,
			   long long expect_version, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(
		c, "UPDATE hazards SET unit_id=?1, risk_id=?2, region=?3, sector=?4, dept=?5,"
		   " source=?6, grade=?7, description=?8, location=?9, lon=?10, lat=?11,"
		   " found_at=?12, found_by=?13, state=?14, deadline=?15, closed_at=?16,"
		   " supervised_by=?17, measures=?18, responsible=?19, funds_cny=?20, evidence=?21,"
		   " rectified_by=?22, rectified_at=?23, verified_by=?24, verified_at=?25,"
		   " contact=?26, created_by=?27, escalation=?28, escalated_at=?29, updated_at=?30,"
		   " version=version+1 WHERE id=?31 AND (?32<=0 OR version=?32)");
	bind_row(s, r);
	sqlite3_bind_text(s, 30, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 31, id);
	sqlite3_bind_int64(s, 32, expect_version);
	int rc = cr_db_run(c, s, err);
	if (!rc && sqlite3_changes(c) == 0)
		return cr_err_set(err, 409, "version_conflict", "version",
				  "the hazard was changed by someone else; reload it");
	return rc;
}

int cr_store_hazards_follow_unit(sqlite3 *c, long long unit_id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE hazards SET region=u.region, sector=u.sector,"
					" dept=u.dept, updated_at=?2 FROM units u"
					" WHERE u.id=hazards.unit_id AND hazards.unit_id=?1"
					" AND (hazards.region<>u.region OR hazards.sector<>u.sector"
					" OR hazards.dept<>u.dept)");
	sqlite3_bind_int64(s, 1, unit_id);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	return cr_db_run(c, s, err);
}

/* ===== Events ===== */

int cr_store_hazard_event(sqlite3 *c, long long hazard_id, const struct cr_user *who,
			  const char *from, const char *to, const char *comment, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO hazard_events(hazard_id, at, user_id, login,"
					" from_state, to_state, comment) VALUES (?,?,?,?,?,?,?)");
	sqlite3_bind_int64(s, 1, hazard_id);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	if (who && who->id)
		sqlite3_bind_int64(s, 3, who->id);
	sqlite3_bind_text(s, 4, who ? who->login : "system", -1, SQLITE_STATIC);
	bind_text_or_null(s, 5, from);
	sqlite3_bind_text(s, 6, to, -1, SQLITE_STATIC);
	bind_text_or_empty(s, 7, comment);
	int rc = cr_db_run(c, s, err);
	return rc;
}

json_t *cr_store_hazard_events(sqlite3 *c, long long hazard_id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT at, login, from_state, to_state, comment FROM"
					" hazard_events WHERE hazard_id=? ORDER BY id");
	sqlite3_bind_int64(s, 1, hazard_id);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{ss ss so ss ss}", "at", cr_col_text(s, 0),
						       "login", cr_col_text(s, 1), "from",
						       cr_col_json_text(s, 2), "to", cr_col_text(s, 3),
						       "comment", cr_col_text(s, 4)));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return items;
}

int cr_store_risk_open_major_count(sqlite3 *c, long long risk_id, int *n, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT count(*) FROM hazards WHERE risk_id=?"
					" AND grade='major' AND state<>'closed'");
	sqlite3_bind_int64(s, 1, risk_id);
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : cr_db_fail(c, err);
}

/* ===== Attachments ===== */

int cr_store_attachment_insert(sqlite3 *c, long long hazard_id, const char *name,
			       const char *content_type, const void *data, size_t len,
			       const char *sha256_hex, const struct cr_user *who, long long *id,
			       struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO hazard_attachments(hazard_id, name,"
					" content_type, size, sha256, data, user_id, login, created_at)"
					" VALUES (?,?,?,?,?,?,?,?,?)");
	sqlite3_bind_int64(s, 1, hazard_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (sqlite3_int64)len);
	sqlite3_bind_text(s, 5, sha256_hex, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(s, 6, data, len, SQLITE_STATIC);
	if (who->id)
		sqlite3_bind_int64(s, 7, who->id);
	sqlite3_bind_text(s, 8, who->login, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, now, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc)
		*id = sqlite3_last_insert_rowid(c);
	return rc;
}

static json_t *attachment_json(sqlite3_stmt *s)
{
	return json_pack("{sI ss ss sI ss ss ss}", "id", sqlite3_column_int64(s, 0), "name",
			 cr_col_text(s, 1), "content_type", cr_col_text(s, 2), "size",
			 sqlite3_column_int64(s, 3), "sha256", cr_col_text(s, 4), "login",
			 cr_col_text(s, 5), "created_at", cr_col_text(s, 6));
}

json_t *cr_store_attachments(sqlite3 *c, long long hazard_id, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id, name, content_type, size, sha256, login,"
					" created_at FROM hazard_attachments WHERE hazard_id=?"
					" ORDER BY id");
	sqlite3_bind_int64(s, 1, hazard_id);
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(items, attachment_json(s));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return items;
}

json_t *cr_store_attachment_get(sqlite3 *c, long long hazard_id, long long id, void **data,
				size_t *len, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id, name, content_type, size, sha256, login,"
					" created_at, data FROM hazard_attachments WHERE id=?"
					" AND hazard_id=?");
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, hazard_id);
	json_t *out = NULL;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		size_t n = (size_t)sqlite3_column_bytes(s, 7);
		const void *b = sqlite3_column_blob(s, 7);
		*data = malloc(n ? n : 1);
		if (*data) {
			if (n)
				memcpy(*data, b, n);
			*len = n;
			out = attachment_json(s);
		} else {
			cr_err_set(err, 500, "oom", "", "out of memory");
		}
	} else if (rc == SQLITE_DONE) {
		cr_err_set(err, 404, "not_found", "aid", "no attachment %lld on hazard %lld", id,
			   hazard_id);
	} else {
		cr_db_fail(c, err);
	}
	sqlite3_reset(s);
	return out;
}

/* ===== Lists ===== */

#define CLOCK_STATES "h.state IN ('found','registered','assessed','rectifying')"

static void add_filters(struct cr_sqlb *b, const struct cr_hazard_filter *f, char *upper,
			char *like)
{
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "h.region >= ? AND h.region < ?");
		cr_sqlb_text(b, f->region_prefix);
		cr_sqlb_text(b, upper);
	}
	static const struct {
		size_t off;
		const char *cond;
	} texts[] = {
		{ offsetof(struct cr_hazard_filter, dept), "h.dept=?" },
		{ offsetof(struct cr_hazard_filter, sector), "h.sector=?" },
		{ offsetof(struct cr_hazard_filter, state), "h.state=?" },
		{ offsetof(struct cr_hazard_filter, grade), "h.grade=?" },
		{ offsetof(struct cr_hazard_filter, source), "h.source=?" },
		{ offsetof(struct cr_hazard_filter, supervised_by), "h.supervised_by=?" },
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *v = *(const char *const *)((const char *)f + texts[i].off);
		if (v && *v) {
			cr_sqlb_where(b, texts[i].cond);
			cr_sqlb_text(b, v);
		}
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "h.unit_id=?");
		cr_sqlb_int(b, f->unit_id);
	}
	if (f->risk_id) {
		cr_sqlb_where(b, "h.risk_id=?");
		cr_sqlb_int(b, f->risk_id);
	}
	if (f->no_unit)
		cr_sqlb_where(b, "h.unit_id IS NULL");
	if (f->listed)
		cr_sqlb_where(b, "h.supervised_by IS NOT NULL");
	if (f->open)
		cr_sqlb_where(b, "h.state<>'closed'");
	if (f->overdue) {
		cr_sqlb_where(b, CLOCK_STATES " AND h.deadline < ?");
		cr_sqlb_text(b, f->today);
	}
	if (f->due_soon) {
		cr_sqlb_where(b, CLOCK_STATES " AND h.deadline >= ? AND h.deadline <= ?");
		cr_sqlb_text(b, f->today);
		cr_sqlb_text(b, f->due_until);
	}
	if (f->min_escalation) {
		cr_sqlb_where(b, "h.escalation >= ?");
		cr_sqlb_int(b, f->min_escalation);
	}
	if (f->q && *f->q) {
		size_t n = 0;
		for (const char *p = f->q; *p && n + 3 < 400; p++) {
			if (*p == '%' || *p == '_' || *p == '\\')
				like[n++] = '\\';
			like[n++] = *p;
		}
		like[n] = 0;
		cr_sqlb_where(b, "(h.description LIKE '%' || ? || '%' ESCAPE '\\' OR h.location LIKE"
				 " '%' || ? || '%' ESCAPE '\\')");
		cr_sqlb_text(b, like);
		cr_sqlb_text(b, like);
	}
}

json_t *cr_store_hazard_list(sqlite3 *c, const struct cr_hazard_filter *f, struct cr_err *err)
{
	char upper[24], like[400];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM hazards h");
	add_filters(&cnt, f, upper, like);
	cr_sqlb_init(&sel, "SELECT " HZ_COLS HZ_FROM);
	add_filters(&sel, f, upper, like);
	return cr_store_page(c, &cnt, &sel, "h.id > ?", " ORDER BY h.id LIMIT ?", f->after, f->limit,
			     hazard_row, f->today, err);
}

/* ===== Statistics ===== */

static const struct {
	const char *by, *key, *name_sql;
} groupings[] = {
	{ "district", "substr(h.region,1,6)", "SELECT name FROM regions WHERE code=?" },
	{ "dept", "h.dept", "SELECT name_cn FROM departments WHERE code=?" },
	{ "sector", "h.sector", "SELECT name_cn FROM sectors WHERE code=?" },
	{ "source", "h.source", NULL },
	{ "month", "substr(h.found_at,1,7)", NULL },
};

static double round3(double x)
{
	return round(x * 1000.0) / 1000.0;
}

/* found, closed, major, overdue, avg days from column `first` on. */
static json_t *figures(sqlite3_stmt *s, int first)
{
	long long found = sqlite3_column_int64(s, first), closed = sqlite3_column_int64(s, first + 1);
	json_t *o = json_pack("{sI sI sI sI sI}", "found", found, "closed", closed, "open",
			      found - closed, "major", sqlite3_column_int64(s, first + 2), "overdue",
			      sqlite3_column_int64(s, first + 3));
	json_object_set_new(o, "closure_rate",
			    json_real(found ? round3((double)closed / (double)found) : 0));
	json_object_set_new(o, "avg_days_to_close",
			    sqlite3_column_type(s, first + 4) == SQLITE_NULL
				    ? json_null()
				    : json_real(round3(sqlite3_column_double(s, first + 4))));
	return o;
}

#define FIGURES                                                                                \
	" count(*), sum(h.state='closed'), sum(h.grade='major'), sum(" CLOCK_STATES              \
	" AND h.deadline < ?), avg(CASE WHEN h.state='closed' THEN julianday(h.closed_at)"       \
	" - julianday(h.found_at) END) FROM hazards h"

json_t *cr_store_hazard_stats(sqlite3 *c, const struct cr_hazard_filter *f, const char *by,
			      struct cr_err *err)
{
	size_t g = 0, ng = sizeof groupings / sizeof groupings[0];
	while (g < ng && (!by || strcmp(by, groupings[g].by) != 0))
		g++;
	if (g == ng) {
		cr_err_set(err, 400, by ? "invalid" : "required", "by",
			   "by must be district, dept, sector, source or month");
		return NULL;
	}
	char upper[24], like[400];
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT ");
	cr_sqlb_sql(&b, groupings[g].key);
	cr_sqlb_sql(&b, "," FIGURES);
	cr_sqlb_text(&b, f->today);
	add_filters(&b, f, upper, like);
	cr_sqlb_sql(&b, " GROUP BY 1 ORDER BY 1");
	sqlite3_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		json_t *o = figures(s, 1);
		const char *k = cr_col_text(s, 0);
		json_object_set_new(o, "key", json_string(k));
		json_t *name = json_null();
		if (groupings[g].name_sql) {
			sqlite3_stmt *q = cr_db_stmt(c, groupings[g].name_sql);
			sqlite3_bind_text(q, 1, k, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(q) == SQLITE_ROW)
				name = json_string(cr_col_text(q, 0));
			sqlite3_reset(q);
		}
		json_object_set_new(o, "name", name);
		json_array_append_new(items, o);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	cr_sqlb_init(&b, "SELECT" FIGURES);
	cr_sqlb_text(&b, f->today);
	add_filters(&b, f, upper, like);
	s = cr_sqlb_prepare(c, &b, err);
	if (!s) {
		json_decref(items);
		return NULL;
	}
	json_t *total = NULL;
	if (sqlite3_step(s) == SQLITE_ROW)
		total = figures(s, 0);
	sqlite3_finalize(s);
	if (!total) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return json_pack("{ss so so}", "by", groupings[g].by, "items", items, "total", total);
}

json_t *cr_store_hazards_overdue(sqlite3 *c, const char *today, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT h.id FROM hazards h WHERE " CLOCK_STATES
					" AND h.deadline < ? AND h.escalation < 2 ORDER BY h.id");
	sqlite3_bind_text(s, 1, today, -1, SQLITE_TRANSIENT);
	json_t *ids = json_array();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		json_array_append_new(ids, json_integer(sqlite3_column_int64(s, 0)));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		json_decref(ids);
		cr_db_fail(c, err);
		return NULL;
	}
	return ids;
}

int cr_store_district_at(sqlite3 *c, double lon, double lat, char out[16], struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT code FROM regions WHERE level='district'"
					" AND outline IS NOT NULL AND minlon<=?1 AND maxlon>=?1"
					" AND minlat<=?2 AND maxlat>=?2 ORDER BY code");
	sqlite3_bind_double(s, 1, lon);
	sqlite3_bind_double(s, 2, lat);
	char cand[16][16];
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && n < 16)
		snprintf(cand[n++], 16, "%s", cr_col_text(s, 0));
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return cr_db_fail(c, err);
	for (int i = 0; i < n; i++) {
		bool has = false, inside = false;
		if (cr_region_contains(c, cand[i], lon, lat, &has, &inside, err))
			return -1;
		if (has && inside) {
			snprintf(out, 16, "%s", cand[i]);
			return 0;
		}
	}
	return cr_err_set(err, 400, "invalid", "lon", "the point lies outside every district");
}
