/* test_register.c — a territorial register from its column table: one row by id (404 naming the
 * noun), the archive statement, and the paged list filtered by status, territory, an equal
 * column, an id and a name with LIKE's wildcards taken literally. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"
#include "tmpdb.h"
#include "store/db.h"
#include "store/register.h"

struct place {
	const char *name, *region, *kind;
	long long owner;
};

#define F(field) CR_COL_FIELD(struct place, field)
static const struct cr_col place_cols[] = {
	{ "id", .expr = "p.id", .type = CR_COL_INT },
	{ "name", .column = "name", .type = CR_COL_TEXT, .flags = CR_COL_WRITE, F(name) },
	{ "region", .column = "region", .type = CR_COL_TEXT, .flags = CR_COL_WRITE, F(region) },
	{ "kind", .column = "kind", .type = CR_COL_TEXT, .flags = CR_COL_WRITE, F(kind) },
	{ "owner", .column = "owner", .type = CR_COL_INT, .flags = CR_COL_WRITE, F(owner) },
	{ "status", .expr = "p.status", .type = CR_COL_TEXT },
	{ "version", .expr = "p.version", .type = CR_COL_INT },
};
#undef F

static struct cr_cols places = CR_COLS("places", "p", " FROM places p", "place", place_cols);

struct place_filter {
	const char *status, *prefix, *kind, *q;
	long long owner;
};

static void place_where(struct cr_sqlb *b, const struct cr_cols *t, const void *filter,
			struct cr_register_text *x)
{
	const struct place_filter *f = filter;
	cr_register_status(b, t, f->status);
	cr_register_territory(b, t, f->prefix, x);
	cr_register_eq(b, t, "kind", f->kind);
	cr_register_id(b, t, "owner", f->owner);
	cr_register_name(b, t, f->q, x);
}

/* The ids of a page as "1,3," and its total. */
static void page_ids(struct cr_conn *c, const struct place_filter *f, bool newest_first,
		     long long after, char *out, size_t cap, long long *total)
{
	struct cr_err e = { 0 };
	json_t *p = cr_register_page(c, &places, place_where, f, after, 2, newest_first, &e);
	size_t n = 0, i;
	json_t *row;
	out[0] = 0;
	*total = p ? json_integer_value(json_object_get(p, "total")) : -1;
	json_array_foreach(json_object_get(p, "items"), i, row)
		n += (size_t)snprintf(out + n, cap - n, "%lld,",
				      (long long)json_integer_value(json_object_get(row, "id")));
	json_decref(p);
}

TEST(register_get_archive_and_page)
{
	char path[] = "/tmp/cr-register-XXXXXX";
	struct cr_err e = { 0 };
	struct cr_db *db = cr_test_db_open(path, &e);
	OK(db != NULL);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	OK(cr_db_exec(c,
		      "CREATE TABLE places(id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
		      " region TEXT NOT NULL, kind TEXT NOT NULL, owner INTEGER NOT NULL,"
		      " status TEXT NOT NULL DEFAULT 'active', version INTEGER NOT NULL DEFAULT 1,"
		      " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
		      &e) == 0);
	const struct place rows[] = {
		{ "school 100%", "320583001", "school", 7 },
		{ "school two", "320583", "school", 0 },
		{ "mall", "320583002", "mall", 7 },
		{ "school_x", "320509", "school", 7 },
	};
	long long id;
	for (size_t i = 0; i < 4; i++)
		INT_EQ(cr_cols_insert(c, &places, &rows[i], &id, &e), 0);

	json_t *one = cr_register_get(c, &places, 3, &e);
	OK(one && strcmp(json_string_value(json_object_get(one, "name")), "mall") == 0);
	json_decref(one);
	OK(cr_register_get(c, &places, 9, &e) == NULL);
	INT_EQ(e.status, 404);
	OK(strstr(e.message, "place") != NULL);

	INT_EQ(cr_register_set_status(c, &places, 2, "archived", &e), 0);
	one = cr_register_get(c, &places, 2, &e);
	OK(one && strcmp(json_string_value(json_object_get(one, "status")), "archived") == 0 &&
	   json_integer_value(json_object_get(one, "version")) == 2);
	json_decref(one);

	char ids[64];
	long long total;
	page_ids(c, &(struct place_filter){ 0 }, false, 0, ids, sizeof ids, &total);
	STR_EQ(ids, "1,3,");
	INT_EQ(total, 3);
	page_ids(c, &(struct place_filter){ 0 }, false, 3, ids, sizeof ids, &total);
	STR_EQ(ids, "4,");
	page_ids(c, &(struct place_filter){ 0 }, true, 0, ids, sizeof ids, &total);
	STR_EQ(ids, "4,3,");
	page_ids(c, &(struct place_filter){ .status = "archived" }, false, 0, ids, sizeof ids,
		 &total);
	STR_EQ(ids, "2,");
	page_ids(c, &(struct place_filter){ .prefix = "320583", .kind = "school" }, false, 0, ids,
		 sizeof ids, &total);
	STR_EQ(ids, "1,");
	page_ids(c, &(struct place_filter){ .owner = 7, .prefix = "320583" }, false, 0, ids,
		 sizeof ids, &total);
	STR_EQ(ids, "1,3,");
	/* % and _ in a search are the characters, not LIKE's wildcards */
	page_ids(c, &(struct place_filter){ .q = "100%" }, false, 0, ids, sizeof ids, &total);
	STR_EQ(ids, "1,");
	page_ids(c, &(struct place_filter){ .q = "o_l" }, false, 0, ids, sizeof ids, &total);
	STR_EQ(ids, "");
	page_ids(c, &(struct place_filter){ .q = "ol_x" }, false, 0, ids, sizeof ids, &total);
	STR_EQ(ids, "4,");

	cr_test_db_drop(db, path);
}
