/* accounts.c — SQL for accounts (the users table). It must not check passwords, hash them or
 * decide who may administer an account: service/auth.c and service/users.c do. */
#include "store/accounts.h"

#include <stdio.h>
#include <stdlib.h>

#include "core/grow.h"
#include "store/db.h"

/* An account's region is its territory: a unit account's is its unit's region, never its own. */
#define ACCOUNT_REGION "CASE WHEN a.role='unit' THEN coalesce(u.region,'') ELSE a.region END"
#define ACCOUNT_COLS                                                                               \
	"a.id, a.login, a.role, " ACCOUNT_REGION ", a.dept, a.unit_id, a.disabled,"                \
	" coalesce(r.name,''), coalesce(u.name,'') FROM users a LEFT JOIN units u ON "             \
	"u.id=a.unit_id"                                                                           \
	" LEFT JOIN regions r ON r.code=" ACCOUNT_REGION

static void read_row(struct cr_stmt *s, struct cr_account_row *a)
{
	a->id = cr_stmt_column_int64(s, 0);
	snprintf(a->login, sizeof a->login, "%s", cr_col_text(s, 1));
	snprintf(a->role, sizeof a->role, "%s", cr_col_text(s, 2));
	snprintf(a->region, sizeof a->region, "%s", cr_col_text(s, 3));
	snprintf(a->dept, sizeof a->dept, "%s", cr_col_text(s, 4));
	a->unit_id = cr_stmt_column_int64(s, 5);
	a->disabled = cr_stmt_column_int(s, 6);
	snprintf(a->region_name, sizeof a->region_name, "%s", cr_col_text(s, 7));
	snprintf(a->unit_name, sizeof a->unit_name, "%s", cr_col_text(s, 8));
}

void cr_store_account_columns(struct cr_stmt *s, int col, struct cr_user *u)
{
	u->id = cr_stmt_column_int64(s, col);
	snprintf(u->login, sizeof u->login, "%s", cr_col_text(s, col + 1));
	if (cr_role_parse(cr_col_text(s, col + 2), &u->role))
		u->role = CR_ROLE_EXPERT;
	snprintf(u->region, sizeof u->region, "%s", cr_col_text(s, col + 3));
	snprintf(u->dept, sizeof u->dept, "%s", cr_col_text(s, col + 4));
	u->unit_id = cr_stmt_column_int64(s, col + 5);
}

/* Whether one statement with one bound text or id finds a row. */
static int found_row(struct cr_conn *c, const char *sql, const char *text, long long id,
		     bool *found, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, sql);
	if (text)
		cr_stmt_bind_text(s, 1, text, -1, CR_SQL_STATIC);
	else
		cr_stmt_bind_int64(s, 1, id);
	int rc = cr_stmt_step(s);
	*found = rc == CR_SQL_ROW;
	int bad = !*found && cr_db_done(c, rc, err);
	cr_stmt_reset(s);
	return bad ? -1 : 0;
}

int cr_store_account_refs(struct cr_conn *c, const char *region, const char *dept,
			  long long unit_id, struct cr_account_refs *out, struct cr_err *err)
{
	*out = (struct cr_account_refs){ .region = true, .dept = true, .unit = true };
	if (region && *region &&
	    found_row(c, "SELECT 1 FROM regions WHERE code=?", region, 0, &out->region, err))
		return -1;
	if (dept && *dept &&
	    found_row(c, "SELECT 1 FROM departments WHERE code=?", dept, 0, &out->dept, err))
		return -1;
	if (!unit_id)
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT region FROM units WHERE id=?");
	cr_stmt_bind_int64(s, 1, unit_id);
	int rc = cr_stmt_step(s), bad = 0;
	out->unit = rc == CR_SQL_ROW;
	if (out->unit)
		snprintf(out->unit_region, sizeof out->unit_region, "%s", cr_col_text(s, 0));
	else
		bad = cr_db_done(c, rc, err);
	cr_stmt_reset(s);
	return bad ? -1 : 0;
}

int cr_store_account_insert(struct cr_conn *c, const char *login, const char *pw_hash,
			    const char *role, const char *region, const char *dept,
			    long long unit_id, const char *created_at, long long *id,
			    struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "INSERT INTO users(login, pw_hash, role, region, dept,"
					  " unit_id, created_at) VALUES (?,?,?,?,?,?,?)");
	cr_stmt_bind_text(s, 1, login, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, pw_hash, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 3, role, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, region, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, dept, -1, CR_SQL_STATIC);
	if (unit_id)
		cr_stmt_bind_int64(s, 6, unit_id);
	cr_stmt_bind_text(s, 7, created_at, -1, CR_SQL_STATIC);
	if (cr_db_run(c, s, err)) {
		if (err && err->status == 409)
			cr_err_set(err, 409, "conflict", "login", "login %s is taken", login);
		return -1;
	}
	*id = cr_conn_last_id(c);
	return 0;
}

int cr_store_account_set_hash(struct cr_conn *c, const char *login, const char *pw_hash,
			      long long *id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT id FROM users WHERE login=?");
	cr_stmt_bind_text(s, 1, login, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s);
	if (rc == CR_SQL_ROW)
		*id = cr_stmt_column_int64(s, 0);
	else if (!cr_db_done(c, rc, err))
		cr_err_set(err, 404, "not_found", "login", "no user %s", login);
	cr_stmt_reset(s);
	if (rc != CR_SQL_ROW)
		return -1;
	s = cr_db_stmt(c, "UPDATE users SET pw_hash=? WHERE id=?");
	cr_stmt_bind_text(s, 1, pw_hash, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, *id);
	return cr_db_run(c, s, err);
}

int cr_store_account_set_disabled(struct cr_conn *c, long long id, bool disabled,
				  struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE users SET disabled=? WHERE id=?");
	cr_stmt_bind_int(s, 1, disabled);
	cr_stmt_bind_int64(s, 2, id);
	return cr_db_run(c, s, err);
}

int cr_store_account_by_login(struct cr_conn *c, const char *login, struct cr_user *u, char *hash,
			      size_t hash_cap, bool *found, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT id, login, role, region, dept, unit_id, pw_hash"
					  " FROM users WHERE login=? AND disabled=0");
	cr_stmt_bind_text(s, 1, login, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), bad = 0;
	*found = rc == CR_SQL_ROW;
	if (*found) {
		cr_store_account_columns(s, 0, u);
		snprintf(hash, hash_cap, "%s", cr_col_text(s, 6));
	} else {
		bad = cr_db_done(c, rc, err);
	}
	cr_stmt_reset(s);
	return bad ? -1 : 0;
}

int cr_store_account_read(struct cr_conn *c, long long id, struct cr_account_row *a,
			  struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " ACCOUNT_COLS " WHERE a.id=?");
	cr_stmt_bind_int64(s, 1, id);
	int rc = cr_stmt_step(s), bad = 0;
	if (rc == CR_SQL_ROW)
		read_row(s, a);
	else if (!(bad = cr_db_done(c, rc, err)))
		bad = cr_err_set(err, 404, "not_found", "id", "no user %lld", id);
	cr_stmt_reset(s);
	return bad ? -1 : 0;
}

int cr_store_account_list(struct cr_conn *c, struct cr_account_row **rows, size_t *n,
			  struct cr_err *err)
{
	*rows = NULL;
	*n = 0;
	size_t cap = 0;
	int rc, ret = -1;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT " ACCOUNT_COLS " ORDER BY a.login");
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (CR_GROW(*rows, cap, *n + 1)) {
			cr_err_set(err, 500, "oom", "", "out of memory");
			goto out;
		}
		read_row(s, &(*rows)[(*n)++]);
	}
	if (cr_db_done(c, rc, err))
		goto out;
	ret = 0;
out:
	cr_stmt_reset(s);
	if (ret) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	return ret;
}

int cr_store_account_list_all(struct cr_conn *c, struct cr_user **users, size_t *n,
			      struct cr_err *err)
{
	*users = NULL;
	*n = 0;
	size_t cap = 0;
	int rc, ret = -1;
	struct cr_stmt *s = cr_db_stmt(c, "SELECT id, login, role, region, dept, unit_id FROM users"
					  " ORDER BY login");
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (CR_GROW(*users, cap, *n + 1)) {
			cr_err_set(err, 500, "oom", "", "out of memory");
			goto out;
		}
		cr_store_account_columns(s, 0, &(*users)[(*n)++]);
	}
	if (cr_db_done(c, rc, err))
		goto out;
	ret = 0;
out:
	cr_stmt_reset(s);
	if (ret) {
		free(*users);
		*users = NULL;
		*n = 0;
	}
	return ret;
}
