/* sessions.c — SQL for sessions. It must not make tokens, hash them or decide how long a session
 * lives: service/auth.c does, and passes in hashes and times. */
#include "store/sessions.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/accounts.h"
#include "store/db.h"
#include "store/query_cache.h"

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

/* Sessions found, kept until the next write any connection tells the query cache of (a log-out,
 * a disabled account, another server's write: store/query_cache.h) or their expiry, so a request
 * does not read its session from the database each time — that read was an eighth of the unit
 * list's CPU time on SQLite, and a round trip per request on PostgreSQL. Slots are picked by the
 * hash's first bytes (the hash of a random token); a slot holds the last session found there. */
#define SESSION_SLOTS 256
struct session_slot {
	unsigned char hash[32];
	size_t hash_len;
	unsigned long gen;
	long long expires_at;
	struct cr_user user;
	char csrf[64];
};
static struct session_slot session_slots[SESSION_SLOTS];
static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;

static struct session_slot *session_slot(const unsigned char *token_hash, size_t hash_len)
{
	unsigned h = hash_len >= 2 ? (unsigned)token_hash[0] << 8 | token_hash[1] : 0;
	return &session_slots[h % SESSION_SLOTS];
}

static bool session_cached(const unsigned char *token_hash, size_t hash_len, long long now,
			   struct cr_user *u, char *csrf, size_t csrf_cap)
{
	struct session_slot *sl = session_slot(token_hash, hash_len);
	bool hit = false;
	pthread_mutex_lock(&session_lock);
	if (sl->hash_len == hash_len && hash_len <= sizeof sl->hash &&
	    memcmp(sl->hash, token_hash, hash_len) == 0 && sl->gen == cr_query_cache_generation() &&
	    sl->expires_at >= now) {
		*u = sl->user;
		snprintf(csrf, csrf_cap, "%s", sl->csrf);
		hit = true;
	}
	pthread_mutex_unlock(&session_lock);
	return hit;
}

static void session_keep(const unsigned char *token_hash, size_t hash_len, unsigned long gen,
			 long long expires_at, const struct cr_user *u, const char *csrf)
{
	if (hash_len > sizeof session_slots[0].hash || cr_db_reading_replica())
		return;
	struct session_slot *sl = session_slot(token_hash, hash_len);
	pthread_mutex_lock(&session_lock);
	memcpy(sl->hash, token_hash, hash_len);
	sl->hash_len = hash_len;
	sl->gen = gen;
	sl->expires_at = expires_at;
	sl->user = *u;
	snprintf(sl->csrf, sizeof sl->csrf, "%s", csrf);
	pthread_mutex_unlock(&session_lock);
}

/* Runs a statement that removes sessions. One outside a transaction commits by itself, which
 * moves no generation (cr_db_commit does): it is moved here, so no session found before the
 * removal is answered from the cache after it. */
static int run_forgetting(struct cr_conn *c, struct cr_stmt *s, struct cr_err *err)
{
	if (cr_db_run(c, s, err))
		return -1;
	if (cr_conn_changes(c) > 0)
		cr_count_cache_invalidate();
	return 0;
}

int cr_store_session_find(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			  long long now, struct cr_user *u, char *csrf, size_t csrf_cap,
			  bool *found, struct cr_err *err)
{
	*found = session_cached(token_hash, hash_len, now, u, csrf, csrf_cap);
	if (*found)
		return 0;
	/* the generation before the read: a write committed meanwhile makes the answer stale */
	unsigned long gen = cr_query_cache_generation();
	struct cr_stmt *s =
		cr_db_stmt(c, "SELECT u.id, u.login, u.role, u.region, u.dept, u.unit_id,"
			      " s.csrf, s.expires_at FROM sessions s JOIN users u ON u.id=s.user_id"
			      " WHERE s.token_hash=? AND s.expires_at>=? AND u.disabled=0");
	cr_stmt_bind_blob(s, 1, token_hash, (int)hash_len, CR_SQL_STATIC);
	cr_stmt_bind_int64(s, 2, now);
	int rc = cr_stmt_step(s), bad = 0;
	*found = rc == CR_SQL_ROW;
	if (*found) {
		cr_store_account_columns(s, 0, u);
		snprintf(csrf, csrf_cap, "%s", cr_col_text(s, 6));
		session_keep(token_hash, hash_len, gen, cr_stmt_column_int64(s, 7), u,
			     cr_col_text(s, 6));
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
	return run_forgetting(c, s, err);
}

int cr_store_session_delete_account(struct cr_conn *c, long long user_id, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM sessions WHERE user_id=?");
	cr_stmt_bind_int64(s, 1, user_id);
	return run_forgetting(c, s, err);
}

int cr_store_session_purge(struct cr_conn *c, long long now, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "DELETE FROM sessions WHERE expires_at < ?");
	cr_stmt_bind_int64(s, 1, now);
	return run_forgetting(c, s, err);
}
