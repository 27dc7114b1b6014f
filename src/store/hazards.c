/* hazards.c — the hazards, hazard_events and hazard_attachments tables, lists and figures.
 * It must not decide who may do what: service/hazards.c checks the flow and scope first. */
#include "store/hazards.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "store/catalogue.h"
#include "store/columns.h"
#include "store/db.h"
#include "store/names.h"
#include "store/refdata.h"
#include "store/page.h"
#include "store/query_cache.h"
#include "store/regions.h"
#include "store/rows.h"
#include "store/sqlb.h"

#define HZ_FROM                                                                                    \
	" FROM hazards h LEFT JOIN units u ON u.id=h.unit_id LEFT JOIN risks k ON k.id=h.risk_id"  \
	" LEFT JOIN regions r ON r.code=h.region"

#define F(field) CR_COL_FIELD(struct cr_hazard_row, field)
#define W CR_COL_WRITE
#define N CR_COL_NULLABLE
#define TEXT(key)                                                                                  \
	{                                                                                          \
#key, .column = #key, .type = CR_COL_TEXT, .flags = W, F(key)                      \
	}
#define TEXT_N(key)                                                                                \
	{                                                                                          \
#key, .column = #key, .type = CR_COL_TEXT, .flags = W | N, F(key)                  \
	}
#define ID(key)                                                                                    \
	{                                                                                          \
#key, .column = #key, .type = CR_COL_INT, .flags = W | N, F(key),                  \
		      .absent = CR_ABSENT_ZERO                                                     \
	}

/* The hazard's one column table: JSON order, SELECT list, binds, INSERT and UPDATE. The clock
 * (overdue, due_soon, days_left) and the labels (state_cn, listed, escalation) are not stored:
 * service/hazard_view.c adds them beside their fields. */
static const struct cr_col hazard_cols[] = {
	{ "id", .expr = "h.id", .type = CR_COL_INT },
	ID(unit_id),
	{ "unit_name", .expr = "u.name", .type = CR_COL_TEXT, .flags = N },
	ID(risk_id),
	{ "risk_name", .expr = "k.name", .type = CR_COL_TEXT, .flags = N },
	TEXT(region),
	{ "region_name", .expr = "r.name", .type = CR_COL_TEXT, .flags = N },
	TEXT(sector),
	TEXT(dept),
	TEXT(source),
	TEXT(grade),
	TEXT(description),
	TEXT(location),
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = W | N, F(lon),
	  CR_COL_HAS(struct cr_hazard_row, has_coords) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = W | N, F(lat),
	  CR_COL_HAS(struct cr_hazard_row, has_coords) },
	TEXT(found_at),
	TEXT(found_by),
	TEXT(state),
	TEXT_N(deadline),
	TEXT_N(closed_at),
	TEXT_N(supervised_by),
	TEXT(measures),
	TEXT(responsible),
	{ "funds_cny", .column = "funds_cny", .type = CR_COL_REAL, .flags = W | N, F(funds_cny),
	  CR_COL_HAS(struct cr_hazard_row, has_funds) },
	TEXT(evidence),
	ID(rectified_by),
	TEXT_N(rectified_at),
	ID(verified_by),
	TEXT_N(verified_at),
	TEXT(contact),
	ID(created_by),
	{ "escalation_level", .column = "escalation", .type = CR_COL_INT, .flags = W,
	  F(escalation) },
	TEXT_N(escalated_at),
	{ "version", .expr = "h.version", .type = CR_COL_INT },
	{ "created_at", .expr = "h.created_at", .type = CR_COL_TEXT },
	{ "updated_at", .expr = "h.updated_at", .type = CR_COL_TEXT },
};

#undef F
#undef W
#undef N
#undef TEXT
#undef TEXT_N
#undef ID

static struct cr_cols hazards = CR_COLS("hazards", "h", HZ_FROM, "hazard", hazard_cols);

static json_t *hazard_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return cr_cols_row_json(&hazards, s);
}

json_t *cr_store_hazard_get(struct cr_conn *c, long long id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&hazards, " WHERE h.id=?"));
	cr_stmt_bind_int64(s, 1, id);
	return cr_store_one(c, s, hazard_row, NULL, "hazard", id, err);
}

void cr_store_hazard_row_from_json(const json_t *h, struct cr_hazard_row *r)
{
	memset(r, 0, sizeof *r);
	cr_cols_row_from_json(&hazards, h, r);
}

static void bind_text_or_null(struct cr_stmt *s, int i, const char *v)
{
	if (v)
		cr_stmt_bind_text(s, i, v, -1, CR_SQL_STATIC);
}

static void bind_text_or_empty(struct cr_stmt *s, int i, const char *v)
{
	cr_stmt_bind_text(s, i, v ? v : "", -1, CR_SQL_STATIC);
}

int cr_store_hazard_insert(struct cr_conn *c, const struct cr_hazard_row *r, long long *id,
			   struct cr_err *err)
{
	return cr_cols_insert(c, &hazards, r, id, err);
}

int cr_store_hazard_update(struct cr_conn *c, long long id, const struct cr_hazard_row *r,
			   long long expect_version, struct cr_err *err)
{
	return cr_cols_update(c, &hazards, r, id, expect_version, err);
}

int cr_store_hazards_follow_unit(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s =
		cr_db_stmt(c, "UPDATE hazards SET region=u.region, sector=u.sector,"
			      " dept=u.dept, updated_at=?2 FROM units u"
			      " WHERE u.id=hazards.unit_id AND hazards.unit_id=?1"
			      " AND (hazards.region<>u.region OR hazards.sector<>u.sector"
			      " OR hazards.dept<>u.dept)");
	cr_stmt_bind_int64(s, 1, unit_id);
	cr_stmt_bind_text(s, 2, now, -1, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

/* ===== Events ===== */

int cr_store_hazard_event_add(struct cr_conn *c, long long hazard_id, const struct cr_user *who,
			      const char *from, const char *to, const char *comment,
			      struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO hazard_events(hazard_id, at, user_id, login,"
					  " from_state, to_state, comment) VALUES (?,?,?,?,?,?,?)");
	cr_stmt_bind_int64(s, 1, hazard_id);
	cr_stmt_bind_text(s, 2, now, -1, CR_SQL_STATIC);
	if (who && who->id)
		cr_stmt_bind_int64(s, 3, who->id);
	cr_stmt_bind_text(s, 4, who ? who->login : "system", -1, CR_SQL_STATIC);
	bind_text_or_null(s, 5, from);
	cr_stmt_bind_text(s, 6, to, -1, CR_SQL_STATIC);
	bind_text_or_empty(s, 7, comment);
	int rc = cr_db_run(c, s, err);
	return rc;
}

json_t *cr_store_hazard_events(struct cr_conn *c, long long hazard_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT at, login, from_state, to_state, comment FROM"
					  " hazard_events WHERE hazard_id=? ORDER BY id");
	cr_stmt_bind_int64(s, 1, hazard_id);
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(
			items, json_pack("{ss ss so ss ss}", "at", cr_col_text(s, 0), "login",
					 cr_col_text(s, 1), "from", cr_col_json_text(s, 2), "to",
					 cr_col_text(s, 3), "comment", cr_col_text(s, 4)));
	cr_stmt_reset(s);
	if (rc != CR_SQL_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return items;
}

int cr_store_risk_open_major_count(struct cr_conn *c, long long risk_id, int *n, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT count(*) FROM hazards WHERE risk_id=?"
					  " AND grade='major' AND state<>'closed'");
	cr_stmt_bind_int64(s, 1, risk_id);
	int rc = cr_stmt_step(s);
	*n = rc == CR_SQL_ROW ? cr_stmt_column_int(s, 0) : 0;
	cr_stmt_reset(s);
	return rc == CR_SQL_ROW ? 0 : cr_db_fail(c, err);
}

/* ===== Attachments ===== */

int cr_store_attachment_insert(struct cr_conn *c, long long hazard_id, const char *name,
			       const char *content_type, const void *data, size_t len,
			       const char *sha256_hex, const struct cr_user *who, long long *id,
			       struct cr_err *err)
{
	char now[32];
	cr_now_iso(now);
	struct cr_stmt *s =
		cr_db_stmt(c, "INSERT INTO hazard_attachments(hazard_id, name,"
			      " content_type, size, sha256, data, user_id, login, created_at)"
			      " VALUES (?,?,?,?,?,?,?,?,?)");
	cr_stmt_bind_int64(s, 1, hazard_id);
	cr_stmt_bind_text(s, 2, name, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, content_type, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 4, (long long)len);
	cr_stmt_bind_text(s, 5, sha256_hex, -1, CR_SQL_STATIC);
	cr_stmt_bind_blob(s, 6, data, len, CR_SQL_STATIC);
	if (who->id)
		cr_stmt_bind_int64(s, 7, who->id);
	cr_stmt_bind_text(s, 8, who->login, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 9, now, -1, CR_SQL_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc)
		*id = cr_conn_last_id(c);
	return rc;
}

static json_t *attachment_json(struct cr_stmt *s)
{
	return json_pack("{sI ss ss sI ss ss ss}", "id", cr_stmt_column_int64(s, 0), "name",
			 cr_col_text(s, 1), "content_type", cr_col_text(s, 2), "size",
			 cr_stmt_column_int64(s, 3), "sha256", cr_col_text(s, 4), "login",
			 cr_col_text(s, 5), "created_at", cr_col_text(s, 6));
}

json_t *cr_store_attachments(struct cr_conn *c, long long hazard_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT id, name, content_type, size, sha256, login,"
					  " created_at FROM hazard_attachments WHERE hazard_id=?"
					  " ORDER BY id");
	cr_stmt_bind_int64(s, 1, hazard_id);
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(items, attachment_json(s));
	cr_stmt_reset(s);
	if (rc != CR_SQL_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return items;
}

json_t *cr_store_attachment_get(struct cr_conn *c, long long hazard_id, long long id, void **data,
				size_t *len, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT id, name, content_type, size, sha256, login,"
					  " created_at, data FROM hazard_attachments WHERE id=?"
					  " AND hazard_id=?");
	cr_stmt_bind_int64(s, 1, id);
	cr_stmt_bind_int64(s, 2, hazard_id);
	json_t *out = NULL;
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW) {
		size_t n = (size_t)cr_stmt_column_bytes(s, 7);
		const void *b = cr_stmt_column_blob(s, 7);
		*data = malloc(n ? n : 1);
		if (*data) {
			if (n)
				memcpy(*data, b, n);
			*len = n;
			out = attachment_json(s);
		} else {
			cr_err_set(err, 500, "oom", "", "out of memory");
		}
	} else if (rc == CR_SQL_DONE) {
		cr_err_set(err, 404, "not_found", "aid", "no attachment %lld on hazard %lld", id,
			   hazard_id);
	} else {
		cr_db_fail(c, err);
	}
	cr_stmt_reset(s);
	return out;
}

/* ===== Lists ===== */

/* The clock's states and dates come from the caller (domain/hazard_clock.h): none here. */
#define CLOCK_STATES "h.state IN (SELECT value FROM json_each(?))"

static void add_filters(struct cr_sqlb *b, const struct cr_hazard_filter *f, char *upper,
			char *like)
{
	if (f->region_prefix && *f->region_prefix) {
		snprintf(upper, 24, "%s~", f->region_prefix);
		cr_sqlb_where(b, "h.region >= ? AND h.region < ?");
		cr_sqlb_bind_text(b, f->region_prefix);
		cr_sqlb_bind_text(b, upper);
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
			cr_sqlb_bind_text(b, v);
		}
	}
	if (f->unit_id) {
		cr_sqlb_where(b, "h.unit_id=?");
		cr_sqlb_bind_int(b, f->unit_id);
	}
	if (f->risk_id) {
		cr_sqlb_where(b, "h.risk_id=?");
		cr_sqlb_bind_int(b, f->risk_id);
	}
	if (f->no_unit)
		cr_sqlb_where(b, "h.unit_id IS NULL");
	if (f->listed)
		cr_sqlb_where(b, "h.supervised_by IS NOT NULL");
	if (f->open)
		cr_sqlb_where(b, "h.state<>'closed'");
	if (f->overdue) {
		cr_sqlb_where(b, CLOCK_STATES " AND h.deadline < ?");
		cr_sqlb_bind_text(b, f->clock->states);
		cr_sqlb_bind_text(b, f->clock->overdue_before);
	}
	if (f->due_soon) {
		cr_sqlb_where(b, CLOCK_STATES " AND h.deadline >= ? AND h.deadline <= ?");
		cr_sqlb_bind_text(b, f->clock->states);
		cr_sqlb_bind_text(b, f->clock->due_from);
		cr_sqlb_bind_text(b, f->clock->due_until);
	}
	if (f->min_escalation) {
		cr_sqlb_where(b, "h.escalation >= ?");
		cr_sqlb_bind_int(b, f->min_escalation);
	}
	if (f->q && *f->q) {
		cr_sqlb_like_text(f->q, like);
		cr_sqlb_where(b,
			      "(h.description LIKE '%' || ? || '%' ESCAPE '\\' OR h.location LIKE"
			      " '%' || ? || '%' ESCAPE '\\')");
		cr_sqlb_bind_text(b, like);
		cr_sqlb_bind_text(b, like);
	}
}

json_t *cr_store_hazard_list(struct cr_conn *c, const struct cr_hazard_filter *f,
			     struct cr_err *err)
{
	char upper[24], like[CR_SQLB_LIKE_CAP];
	struct cr_sqlb cnt, sel;
	cr_sqlb_init(&cnt, "SELECT count(*) FROM hazards h");
	add_filters(&cnt, f, upper, like);
	cr_sqlb_init(&sel, cr_cols_select(&hazards, ""));
	add_filters(&sel, f, upper, like);
	return cr_store_page(c, &cnt, &sel, "h.id > ?", " ORDER BY h.id LIMIT ?", f->after,
			     f->limit, hazard_row, NULL, err);
}

/* ===== Statistics ===== */

/* A grouping by a reference code names its rows with the names kept for the process
 * (store/kept_names.h), not with a query a row. */
static const struct {
	const char *by, *key;
	int (*name)(struct cr_conn *c, const char *code, char *name, size_t size,
		    struct cr_err *err);
} groupings[] = {
	{ "district", "substr(h.region,1,6)", cr_store_region_name },
	{ "dept", "h.dept", cr_store_department_name },
	{ "sector", "h.sector", cr_store_sector_name_cn },
	{ "source", "h.source", NULL },
	{ "month", "substr(h.found_at,1,7)", NULL },
};

static double round3(double x)
{
	return round(x * 1000.0) / 1000.0;
}

/* found, closed, major, overdue, avg days from column `first` on. */
static json_t *figures(struct cr_stmt *s, int first)
{
	long long found = cr_stmt_column_int64(s, first),
		  closed = cr_stmt_column_int64(s, first + 1);
	json_t *o = json_pack("{sI sI sI sI sI}", "found", found, "closed", closed, "open",
			      found - closed, "major", cr_stmt_column_int64(s, first + 2),
			      "overdue", cr_stmt_column_int64(s, first + 3));
	json_object_set_new(o, "closure_rate",
			    json_real(found ? round3((double)closed / (double)found) : 0));
	json_object_set_new(o, "avg_days_to_close",
			    cr_stmt_column_type(s, first + 4) == CR_SQL_NULL
				    ? json_null()
				    : json_real(round3(cr_stmt_column_double(s, first + 4))));
	return o;
}

#define FIGURES                                                                                    \
	" count(*), sum(h.state='closed'), sum(h.grade='major'), sum(" CLOCK_STATES                \
	" AND h.deadline < ?), avg(CASE WHEN h.state='closed' THEN julianday(h.closed_at)"         \
	" - julianday(h.found_at) END) FROM hazards h"

static json_t *stats_query(struct cr_conn *c, const struct cr_hazard_filter *f, const char *by,
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
	char upper[24], like[CR_SQLB_LIKE_CAP];
	struct cr_sqlb b;
	cr_sqlb_init(&b, "SELECT ");
	cr_sqlb_sql(&b, groupings[g].key);
	cr_sqlb_sql(&b, "," FIGURES);
	cr_sqlb_bind_text(&b, f->clock->states);
	cr_sqlb_bind_text(&b, f->clock->overdue_before);
	add_filters(&b, f, upper, like);
	cr_sqlb_sql(&b, " GROUP BY 1 ORDER BY 1");
	struct cr_stmt *s = cr_sqlb_prepare(c, &b, err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	int rc, named = 0;
	while (named >= 0 && (rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		json_t *o = figures(s, 1);
		const char *k = cr_col_text(s, 0);
		json_object_set_new(o, "key", json_string(k));
		char name[256];
		named = groupings[g].name ? groupings[g].name(c, k, name, sizeof name, err) : 1;
		json_object_set_new(o, "name", named == 0 ? json_string(name) : json_null());
		json_array_append_new(items, o);
	}
	cr_stmt_finalize(s);
	if (named < 0 || rc != CR_SQL_DONE) {
		json_decref(items);
		if (named >= 0)
			cr_db_fail(c, err);
		return NULL;
	}
	cr_sqlb_init(&b, "SELECT" FIGURES);
	cr_sqlb_bind_text(&b, f->clock->states);
	cr_sqlb_bind_text(&b, f->clock->overdue_before);
	add_filters(&b, f, upper, like);
	s = cr_sqlb_prepare(c, &b, err);
	if (!s) {
		json_decref(items);
		return NULL;
	}
	json_t *total = NULL;
	if (cr_stmt_step(s) == CR_SQL_ROW)
		total = figures(s, 0);
	cr_stmt_finalize(s);
	if (!total) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return json_pack("{ss so so}", "by", groupings[g].by, "items", items, "total", total);
}

/* What the figures depend on: every filter add_filters reads (NULL and "" alike, as there),
 * each text with its length so no two filters share a key. false when it does not fit. */
static bool stats_key(char *out, size_t cap, const struct cr_hazard_filter *f, const char *by)
{
	const char *texts[] = { by,
				f->region_prefix,
				f->dept,
				f->sector,
				f->state,
				f->grade,
				f->source,
				f->supervised_by,
				f->q,
				f->clock->states,
				f->clock->overdue_before,
				f->clock->due_from,
				f->clock->due_until };
	size_t at = (size_t)snprintf(out, cap, "hazard_stats|%lld|%lld|%d%d%d%d%d|%d", f->unit_id,
				     f->risk_id, f->no_unit, f->listed, f->open, f->overdue,
				     f->due_soon, f->min_escalation);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0] && at < cap; i++) {
		const char *t = texts[i] ? texts[i] : "";
		at += (size_t)snprintf(out + at, cap - at, "|%zu:%s", strlen(t), t);
	}
	return at < cap;
}

/* The figures read hazards and the names of regions, departments and sectors only, so they
 * are kept across writes to any other table (a risk point's change leaves them be). */
json_t *cr_store_hazard_stats(struct cr_conn *c, const struct cr_hazard_filter *f, const char *by,
			      struct cr_err *err)
{
	const unsigned tables = CR_QC_HAZARDS | CR_QC_DEPARTMENTS;
	char key[1536];
	bool keyed = by && stats_key(key, sizeof key, f, by);
	unsigned long gen = cr_query_cache_tables_generation(tables); /* before reading */
	char *hit = keyed ? cr_text_cache_get_tables(key, tables) : NULL;
	json_t *v = hit ? json_loads(hit, 0, NULL) : NULL;
	free(hit);
	if (v)
		return v;
	if ((v = stats_query(c, f, by, err)) && keyed) {
		char *text = json_dumps(v, JSON_COMPACT); /* full precision: reads back the same */
		if (text)
			cr_text_cache_put_tables(key, text, tables, gen);
		free(text);
	}
	return v;
}

json_t *cr_store_hazards_overdue(struct cr_conn *c, const struct cr_hazard_clock_window *clock,
				 struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT h.id FROM hazards h WHERE " CLOCK_STATES
					  " AND h.deadline < ? AND h.escalation < 2 ORDER BY h.id");
	cr_stmt_bind_text(s, 1, clock->states, -1, CR_SQL_COPY);
	cr_stmt_bind_text(s, 2, clock->overdue_before, -1, CR_SQL_COPY);
	json_t *ids = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_array_append_new(ids, json_integer(cr_stmt_column_int64(s, 0)));
	cr_stmt_reset(s);
	if (rc != CR_SQL_DONE) {
		json_decref(ids);
		cr_db_fail(c, err);
		return NULL;
	}
	return ids;
}

int cr_store_district_at(struct cr_conn *c, double lon, double lat, char out[16],
			 struct cr_err *err)
{
	/* the districts whose outline's box holds the point (on PostgreSQL its GiST index first) */
#define DISTRICT_BOX                                                                               \
	" AND outline IS NOT NULL AND minlon<=?1 AND maxlon>=?1 AND minlat<=?2 AND maxlat>=?2"     \
	" ORDER BY code"
	struct cr_stmt *s = cr_db_stmt(
		c, cr_conn_is_pg(c)
			   ? "SELECT code FROM regions WHERE level='district'"
			     " AND bounds && ST_SetSRID(ST_MakePoint(?1, ?2), 4326)" DISTRICT_BOX
			   : "SELECT code FROM regions WHERE level='district'" DISTRICT_BOX);
#undef DISTRICT_BOX
	cr_stmt_bind_double(s, 1, lon);
	cr_stmt_bind_double(s, 2, lat);
	char cand[16][16];
	int n = 0, rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW && n < 16)
		snprintf(cand[n++], 16, "%s", cr_col_text(s, 0));
	cr_stmt_reset(s);
	if (rc != CR_SQL_DONE && rc != CR_SQL_ROW)
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

struct cr_store_rows *cr_store_hazard_rows(struct cr_conn *c, const struct cr_hazard_filter *f,
					   const char *const *keys, size_t n, struct cr_err *err)
{
	char upper[24], like[CR_SQLB_LIKE_CAP];
	struct cr_sqlb sel;
	if (cr_cols_select_keys(&hazards, keys, n, &sel, err))
		return NULL;
	add_filters(&sel, f, upper, like);
	return cr_store_rows_open(c, &sel, " ORDER BY h.id", err);
}
