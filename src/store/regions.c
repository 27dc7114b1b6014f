/* regions.c — the read side of the regions table and the one place an outline blob is read and
 * decoded. It must not write: regions and outlines are loaded by refdata.c. */
#include "store/regions.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"
#include "store/page.h"

#define REGION_COLS "code, name, level, parent, outline IS NOT NULL"

static json_t *region_row(struct cr_stmt *s, const void *ctx)
{
	(void)ctx;
	return json_pack("{ss ss ss so sb}", "code", cr_col_text(s, 0), "name", cr_col_text(s, 1),
			 "level", cr_col_text(s, 2), "parent", cr_col_json_text(s, 3),
			 "has_outline", cr_stmt_column_int(s, 4));
}

json_t *cr_store_region_list(struct cr_conn *c, const char *parent, struct cr_err *err)
{
	if (!parent)
		return cr_store_items(c,
				      cr_db_stmt(c, "SELECT " REGION_COLS " FROM regions"
						    " WHERE level='province' ORDER BY code"),
				      region_row, NULL, err);
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " REGION_COLS " FROM regions WHERE parent=?"
					  " ORDER BY code");
	cr_stmt_bind_text(s, 1, parent, -1, CR_SQL_STATIC);
	return cr_store_items(c, s, region_row, NULL, err);
}

json_t *cr_store_region_get(struct cr_conn *c, const char *code, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " REGION_COLS " FROM regions WHERE code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	json_t *out = NULL;
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW)
		out = region_row(s, NULL);
	else if (rc == CR_SQL_DONE)
		cr_err_set(err, 404, "not_found", "code", "no region %s", code);
	else
		cr_db_fail(c, err);
	cr_stmt_reset(s);
	return out;
}

/* Region names are reference data, written only by init before servers start
 * (store/query_cache.h): once read, a region's name is kept for the process, since a statistic
 * by district read right after a write named each of its rows with a query of its own
 * (docs/PERFORMANCE.md). A name found is kept in one of NAME_SLOTS slots by a hash of its code
 * (a few probes; past them it is simply read again); refdata.c forgets them all when it loads
 * the regions again. */
#define NAME_SLOTS 8192
#define NAME_PROBES 8
static struct {
	char code[16];
	char name[64];
} kept[NAME_SLOTS];
static pthread_rwlock_t kept_lock = PTHREAD_RWLOCK_INITIALIZER;

static size_t slot_of(const char *code)
{
	size_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)code; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % NAME_SLOTS;
}

/* The kept name of code into name: true when there is one. */
static bool kept_name(const char *code, char *name, size_t size)
{
	bool found = false;
	pthread_rwlock_rdlock(&kept_lock);
	for (size_t i = 0, at = slot_of(code); i < NAME_PROBES && !found && kept[at].code[0];
	     i++, at = (at + 1) % NAME_SLOTS)
		if (strcmp(kept[at].code, code) == 0) {
			snprintf(name, size, "%s", kept[at].name);
			found = true;
		}
	pthread_rwlock_unlock(&kept_lock);
	return found;
}

static void keep_name(const char *code, const char *name)
{
	if (strlen(code) >= sizeof kept[0].code || strlen(name) >= sizeof kept[0].name)
		return;
	pthread_rwlock_wrlock(&kept_lock);
	for (size_t i = 0, at = slot_of(code); i < NAME_PROBES; i++, at = (at + 1) % NAME_SLOTS)
		if (!kept[at].code[0] || strcmp(kept[at].code, code) == 0) {
			snprintf(kept[at].code, sizeof kept[at].code, "%s", code);
			snprintf(kept[at].name, sizeof kept[at].name, "%s", name);
			break;
		}
	pthread_rwlock_unlock(&kept_lock);
}

void cr_store_region_names_forget(void)
{
	pthread_rwlock_wrlock(&kept_lock);
	memset(kept, 0, sizeof kept);
	pthread_rwlock_unlock(&kept_lock);
}

int cr_store_region_name(struct cr_conn *c, const char *code, char *name, size_t size,
			 struct cr_err *err)
{
	if (kept_name(code, name, size))
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT name FROM regions WHERE code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), out = 0;
	if (rc == CR_SQL_ROW) {
		snprintf(name, size, "%s", cr_col_text(s, 0));
		keep_name(code, cr_col_text(s, 0));
	} else if (rc == CR_SQL_DONE) {
		out = 1;
	} else
		out = cr_db_fail(c, err);
	if (out && size)
		name[0] = 0;
	cr_stmt_reset(s);
	return out;
}

int cr_store_region_outline(struct cr_conn *c, const char *code, struct cr_multipolygon *mp,
			    bool *has, struct cr_err *err)
{
	memset(mp, 0, sizeof *mp);
	*has = false;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT outline FROM regions WHERE code=?");
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), out = 0;
	if (rc == CR_SQL_ROW && cr_stmt_column_type(s, 0) == CR_SQL_BLOB) {
		out = cr_multipolygon_decode(cr_stmt_column_blob(s, 0),
					     (size_t)cr_stmt_column_bytes(s, 0), mp, err);
		*has = out == 0;
	} else if (rc != CR_SQL_ROW && rc != CR_SQL_DONE) {
		out = cr_db_fail(c, err);
	}
	cr_stmt_reset(s);
	return out;
}

json_t *cr_store_region_name_map(struct cr_conn *c, const char *prefix, struct cr_err *err)
{
	char upper[24];
	snprintf(upper, sizeof upper, "%s~", prefix);
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT code, name FROM regions WHERE code >= ? AND code < ?");
	cr_stmt_bind_text(s, 1, prefix, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, upper, -1, CR_SQL_STATIC);
	json_t *out = json_object();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW)
		json_object_set_new(out, cr_col_text(s, 0), json_string(cr_col_text(s, 1)));
	int bad = cr_db_done(c, rc, err);
	cr_stmt_reset(s);
	if (bad) {
		json_decref(out);
		return NULL;
	}
	return out;
}
