/* test_columns.c — one column table makes the SELECT list, the INSERT and UPDATE text, the
 * binds, the row JSON (keys in table order) and the JSON back to the row struct. */
#include <stdlib.h>
#include <unistd.h>

#include "core/jsonx.h"
#include "harness.h"
#include "tmpdb.h"
#include "store/columns.h"
#include "store/db.h"

struct thing {
	const char *name, *note;
	long long count; /* < 0: unknown */
	long long owner; /* 0: none */
	double lon, lat;
	bool has_coords, ok;
	const json_t *tags;
	const char *seen_at;
};

#define F(field) CR_COL_FIELD(struct thing, field)
static const struct cr_col thing_cols[] = {
	{ "id", .expr = "t.id", .type = CR_COL_INT },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = CR_COL_WRITE, F(name) },
	{ "note", .column = "note", .type = CR_COL_TEXT, .flags = CR_COL_WRITE | CR_COL_NULLABLE,
	  F(note) },
	{ "count", .column = "count", .type = CR_COL_INT, .flags = CR_COL_WRITE | CR_COL_NULLABLE,
	  F(count), .absent = CR_ABSENT_NEGATIVE },
	{ "owner", .column = "owner", .type = CR_COL_INT, .flags = CR_COL_WRITE | CR_COL_NULLABLE,
	  F(owner), .absent = CR_ABSENT_ZERO },
	{ "lon", .column = "lon", .type = CR_COL_REAL, .flags = CR_COL_WRITE | CR_COL_NULLABLE,
	  F(lon), CR_COL_HAS(struct thing, has_coords) },
	{ "lat", .column = "lat", .type = CR_COL_REAL, .flags = CR_COL_WRITE | CR_COL_NULLABLE,
	  F(lat), CR_COL_HAS(struct thing, has_coords) },
	{ "ok", .column = "ok", .type = CR_COL_BOOL, .flags = CR_COL_WRITE, F(ok) },
	{ "tags", .column = "tags", .type = CR_COL_JSON, .flags = CR_COL_WRITE, F(tags),
	  .dflt = "[]" },
	{ "seen_at", .column = "seen_at", .type = CR_COL_TEXT,
	  .flags = CR_COL_WRITE | CR_COL_NULLABLE | CR_COL_KEEP, F(seen_at) },
	{ "version", .expr = "t.version", .type = CR_COL_INT },
};
#undef F

static struct cr_cols things = CR_COLS("things", "t", " FROM things t", "thing", thing_cols);

static struct cr_db *things_db(char *path)
{
	struct cr_err e;
	struct cr_db *db = cr_test_db_open(path, &e);
	if (db && cr_db_exec(cr_db_conn(db),
			     "CREATE TABLE things(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
			     " note TEXT, count INTEGER, owner INTEGER, lon REAL, lat REAL,"
			     " ok INTEGER NOT NULL, tags TEXT NOT NULL, seen_at TEXT,"
			     " version INTEGER NOT NULL DEFAULT 1, created_at TEXT NOT NULL,"
			     " updated_at TEXT NOT NULL)",
			     &e)) {
		cr_db_close(db);
		return NULL;
	}
	return db;
}

TEST(columns_make_the_sql_text_once)
{
	STR_EQ(cr_cols_select_list(&things),
	       "t.id, t.name, t.note, t.count, t.owner, t.lon, t.lat, t.ok, t.tags,"
	       " t.seen_at, t.version");
	STR_EQ(cr_cols_insert_sql(&things),
	       "INSERT INTO things(name, note, count, owner, lon, lat, ok, tags, seen_at,"
	       " created_at, updated_at) VALUES "
	       "(?1,?2,?3,?4,?5,?6,?7,?8,coalesce(?9,?10),?10,?10)");
	/* PostgreSQL has no last-insert id: the id comes back in the same round trip */
	STR_EQ(cr_cols_insert_returning_sql(&things),
	       "INSERT INTO things(name, note, count, owner, lon, lat, ok, tags, seen_at,"
	       " created_at, updated_at) VALUES "
	       "(?1,?2,?3,?4,?5,?6,?7,?8,coalesce(?9,?10),?10,?10) RETURNING id");
	STR_EQ(cr_cols_update_sql(&things),
	       "UPDATE things SET name=?1, note=?2, count=?3, owner=?4, lon=?5, lat=?6, ok=?7,"
	       " tags=?8, seen_at=coalesce(?9, seen_at), updated_at=?10, version=version+1"
	       " WHERE id=?11 AND (?12<=0 OR version=?12)");
	static const char tail[] = " WHERE t.id=?";
	const char *sel = cr_cols_select(&things, tail);
	STR_EQ(sel, "SELECT t.id, t.name, t.note, t.count, t.owner, t.lon, t.lat, t.ok, t.tags,"
		    " t.seen_at, t.version FROM things t WHERE t.id=?");
	/* The same pointer every time: store/db.c caches statements by it. */
	OK(cr_cols_select(&things, tail) == sel);
	OK(cr_cols_insert_sql(&things) == cr_cols_insert_sql(&things));
	/* a bulk load on PostgreSQL gives the id: the same statement with id last, ?N+2 */
	STR_EQ(cr_cols_insert_id_sql(&things),
	       "INSERT INTO things(name, note, count, owner, lon, lat, ok, tags, seen_at,"
	       " created_at, updated_at, id) VALUES "
	       "(?1,?2,?3,?4,?5,?6,?7,?8,coalesce(?9,?10),?10,?10,?11)");
	OK(cr_cols_insert_id_sql(&things) == cr_cols_insert_id_sql(&things));
	OK(cr_cols_update_sql(&things) == cr_cols_update_sql(&things));
}

static char *read_back(struct cr_conn *c, long long id)
{
	static const char tail[] = " WHERE t.id=?";
	struct cr_stmt *s = cr_db_stmt(c, cr_cols_select(&things, tail));
	cr_stmt_bind_int64(s, 1, id);
	char *out = NULL;
	if (cr_stmt_step(s) == CR_SQL_ROW) {
		json_t *j = cr_cols_row_json(&things, s);
		out = cr_json_dump(j);
		json_decref(j);
	}
	cr_stmt_reset(s);
	return out;
}

TEST(columns_write_absent_values_as_null_or_their_default)
{
	char path[] = "/tmp/cr-columns-XXXXXX";
	struct cr_db *db = things_db(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err e;
	struct thing t = { .name = "pump", .count = -1, .owner = 0, .lon = 1, .lat = 2 };
	long long id = 0;
	/* SQLite gives ids itself, bulk mode or not: no id is reserved, the insert asks for it */
	cr_db_set_bulk(c, true);
	INT_EQ(cr_db_bulk_id(c, "things", &id, &e), 0);
	INT_EQ(cr_cols_insert(c, &things, &t, &id, &e), 0);
	cr_db_set_bulk(c, false);
	INT_EQ(id, 1);
	char *j = read_back(c, id);
	/* Keys in table order; a KEEP column without a value is stamped with the insert's
	 * time. */
	static const char head[] = "{\"id\":1,\"name\":\"pump\",\"note\":null,\"count\":null,"
				   "\"owner\":null,\"lon\":null,\"lat\":null,\"ok\":false,"
				   "\"tags\":[],\"seen_at\":\"20";
	OK(j && strncmp(j, head, strlen(head)) == 0);
	OK(j && strstr(j, "Z\",\"version\":1}"));
	free(j);
	cr_test_db_drop(db, path);
}

TEST(columns_write_every_value_and_read_it_back_into_the_row)
{
	char path[] = "/tmp/cr-columns-XXXXXX";
	struct cr_db *db = things_db(path);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err e;
	json_t *tags = json_pack("[ss]", "a", "b");
	struct thing t = { .name = "valve",
			   .note = "n",
			   .count = 0,
			   .owner = 7,
			   .lon = 120.5,
			   .lat = 31.25,
			   .has_coords = true,
			   .ok = true,
			   .tags = tags,
			   .seen_at = "2024-06-10" };
	long long id = 0;
	/* SQLite gives ids itself, bulk mode or not: no id is reserved, the insert asks for it */
	cr_db_set_bulk(c, true);
	INT_EQ(cr_db_bulk_id(c, "things", &id, &e), 0);
	INT_EQ(cr_cols_insert(c, &things, &t, &id, &e), 0);
	cr_db_set_bulk(c, false);
	INT_EQ(id, 1);
	char *j = read_back(c, id);
	STR_EQ(j, "{\"id\":1,\"name\":\"valve\",\"note\":\"n\",\"count\":0,"
		  "\"owner\":7,\"lon\":120.5,\"lat\":31.25,\"ok\":true,\"tags\":[\"a\",\"b\"],"
		  "\"seen_at\":\"2024-06-10\",\"version\":1}");
	json_t *row = json_loads(j, 0, NULL);
	struct thing back;
	memset(&back, 0, sizeof back);
	cr_cols_row_from_json(&things, row, &back);
	STR_EQ(back.name, "valve");
	STR_EQ(back.note, "n");
	INT_EQ(back.count, 0);
	INT_EQ(back.owner, 7);
	OK(back.has_coords);
	DBL_NEAR(back.lat, 31.25, 1e-9);
	OK(back.ok);
	OK(json_equal((json_t *)back.tags, tags));
	/* Without the seen date an update keeps the stored one; a stale version is refused. */
	back.seen_at = NULL;
	back.note = NULL;
	INT_EQ(cr_cols_update(c, &things, &back, id, 1, &e), 0);
	INT_EQ(cr_cols_update(c, &things, &back, id, 1, &e), -1);
	INT_EQ(e.status, 409);
	STR_EQ(e.code, "version_conflict");
	OK(strstr(e.message, "thing") != NULL);
	free(j);
	json_decref(row);
	j = read_back(c, id);
	OK(j && strstr(j, "\"note\":null") && strstr(j, "\"seen_at\":\"2024-06-10\"") &&
	   strstr(j, "\"version\":2"));
	free(j);
	/* Half a coordinate pair is no coordinate. */
	json_t *half = json_pack("{ss sf sn}", "name", "x", "lon", 1.0, "lat");
	cr_cols_row_from_json(&things, half, &back);
	OK(!back.has_coords);
	json_decref(half);
	json_decref(tags);
	cr_test_db_drop(db, path);
}

TEST(columns_make_a_copy_row_as_the_insert_binds_it)
{
	STR_EQ(cr_cols_copy_list(&things),
	       "name, note, count, owner, lon, lat, ok, tags, seen_at, created_at, updated_at");
	struct thing t = { .name = "a\tb\\c", .count = -1, .owner = 7, .ok = true };
	struct cr_row_buf b = { 0 };
	INT_EQ(cr_cols_copy_row(&things, &t, "2026-12-01T00:00:00Z", &b), 0);
	INT_EQ(cr_row_buf_char(&b, 0), 0);
	/* note NULL, count unknown and no coordinates as \N; the tags' default; seen_at (KEEP) now */
	STR_EQ(b.p, "a\\tb\\\\c\t\\N\t\\N\t7\t\\N\t\\N\t1\t[]\t2026-12-01T00:00:00Z"
		    "\t2026-12-01T00:00:00Z\t2026-12-01T00:00:00Z");
	json_t *tags = json_pack("[s]", "x");
	t = (struct thing){ .name = "n",
			    .note = "",
			    .count = 0,
			    .lon = 120.5,
			    .lat = 31.25,
			    .has_coords = true,
			    .tags = tags,
			    .seen_at = "2026-01-01" };
	b.n = 0;
	INT_EQ(cr_cols_copy_row(&things, &t, "NOW", &b), 0);
	INT_EQ(cr_row_buf_char(&b, 0), 0);
	STR_EQ(b.p, "n\t\t0\t\\N\t120.5\t31.25\t0\t[\"x\"]\t2026-01-01\tNOW\tNOW");
	json_decref(tags);
	cr_row_buf_free(&b);
}
