/* sessions.c — SQL for sessions. It must not make tokens, hash them or decide how long a session
 * lives: service/auth.c does, and passes in hashes and times. */
#include "store/sessions.h"

#include <stdio.h>

#include "store/accounts.h"
#include "store/db.h"

int cr_store_session_insert(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			    long long user_id, const char *csrf, long long expires_at,
			    struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "INSERT INTO sessions(token_hash, user_id, csrf, expires_at)"
			      " VALUES (?,?,?,?)");
	cr_stmt_bind_blob(s, 1, token_hash, (int)hash_len, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, user_id);
	cr_stmt_bind_text(s, 3, csrf, -1, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 4, expires_at);
	return cr_db_run(c, s, err);
}

int cr_store_session_find(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			  long long now, struct cr_user *u, char *csrf, size_t csrf_cap,
			  bool *found, struct cr_err *err)
{
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT u.id, u.login, u.role, u.region, u.dept, u.unit_id,"
			      " s.csrf FROM sessions s JOIN users u ON u.id=s.user_id"
			      " WHERE s.token_hash=? AND s.expires_at>=? AND u.disabled=0");
	cr_stmt_bind_blob(s, 1, token_hash, (int)hash_len, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, now);
	int rc = cr_stmt_step(s), bad = 0;
	*found = rc == CR_SQL_ROW;
	if (*found) {
		cr_store_account_columns(s, 0, u);
		snprintf(csrf, csrf_cap, "%s", cr_col_text(s, 6));
	} else {
		bad = cr_db_done(c, rc, err);
	}
	cr_stmt_reset(s);
	return bad ? -1 : 0;
}

int cr_store_session_delete(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			    struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM sessions WHERE token_hash=?");
	cr_stmt_bind_blob(s, 1, token_hash, (int)hash_len, CR_SQL_STATIC);
	return cr_db_run(c, s, err);
}

int cr_store_session_delete_account(struct cr_conn *c, long long user_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM sessions WHERE user_id=?");
	cr_stmt_bind_int64(s, 1, user_id);
	return cr_db_run(c, s, err);
}

int cr_store_session_purge(struct cr_conn *c, long long now, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM sessions WHERE expires_at < ?");
	cr_stmt_bind_int64(s, 1, now);
	return cr_db_run(c, s, err);
}
