/* auth.c — argon2id password hashing, user records and cookie sessions. It must not know HTTP:
 * the server passes in the cookie value and sets the cookie it gets back. */
#include "service/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "service/login_guard.h"
#include "store/audit.h"
#include "store/db.h"

#define SESSION_SECONDS (12 * 3600)
#define HASH_WAIT_MS 3000 /* how long a log-in waits for a hashing slot before 503 */

static unsigned long long ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
static char dummy_hash[crypto_pwhash_STRBYTES];

int cr_auth_init(void)
{
	if (sodium_init() < 0)
		return -1;
	/* Tests and the demo may ask for the cheapest argon2id parameters; production keeps
	 * libsodium's INTERACTIVE set (2 passes, 64 MiB). */
	const char *mode = getenv("CITYRISK_PWHASH");
	if (mode && strcmp(mode, "fast") == 0) {
		ops_limit = crypto_pwhash_OPSLIMIT_MIN;
		mem_limit = crypto_pwhash_MEMLIMIT_MIN;
	}
	return crypto_pwhash_str(dummy_hash, "no such user", 12, ops_limit, mem_limit);
}

static int hash_password(const char *pw, char out[crypto_pwhash_STRBYTES], struct cr_err *err)
{
	size_t n = strlen(pw);
	if (n < 8 || n > 128)
		return cr_err_set(err, 400, "invalid", "password",
				  "password must be 8 to 128 characters");
	if (!cr_guard_hash_begin(HASH_WAIT_MS))
		return cr_err_set(err, 503, "busy", "", "too many password hashes at once; try again");
	int rc = crypto_pwhash_str(out, pw, n, ops_limit, mem_limit);
	cr_guard_hash_end();
	if (rc != 0)
		return cr_err_set(err, 500, "oom", "", "password hashing ran out of memory");
	return 0;
}

static bool exists(sqlite3 *c, const char *sql, const char *text, long long id)
{
	sqlite3_stmt *s = cr_db_stmt(c, sql);
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

json_t *cr_user_to_json(const struct cr_user *u)
{
	return json_pack("{sI ss ss ss ss so}", "id", u->id, "login", u->login, "role",
			 cr_role_name(u->role), "region", u->region, "dept", u->dept, "unit_id",
			 u->unit_id ? json_integer(u->unit_id) : json_null());
}

static int check_login(const char *login, struct cr_err *err)
{
	size_t n = login ? strlen(login) : 0;
	if (n < 2 || n > 63)
		return cr_err_set(err, 400, "invalid", "login", "login must be 2 to 63 characters");
	for (size_t i = 0; i < n; i++) {
		char ch = login[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
		      ch == '-'))
			return cr_err_set(err, 400, "invalid", "login",
					  "login may use a-z, 0-9, '_', '.', '-'");
	}
	return 0;
}

int cr_user_add(sqlite3 *c, const struct cr_user *by, const char *login, const char *role,
		const char *region, const char *dept, long long unit_id, const char *password,
		long long *id, struct cr_err *err)
{
	struct cr_user u = { 0 };
	if (check_login(login, err))
		return -1;
	if (cr_role_parse(role, &u.role))
		return cr_err_set(err, 400, "invalid", "role", "unknown role '%s'", role ? role : "");
	region = region ? region : "";
	dept = dept ? dept : "";
	if (cr_role_needs_region(u.role) && !*region)
		return cr_err_set(err, 400, "invalid", "region", "role %s needs a region", role);
	if (*region && !exists(c, "SELECT 1 FROM regions WHERE code=?", region, 0))
		return cr_err_set(err, 400, "invalid", "region", "no region %s", region);
	if (cr_role_needs_dept(u.role) && !*dept)
		return cr_err_set(err, 400, "invalid", "dept", "role %s needs a department", role);
	if (*dept && !exists(c, "SELECT 1 FROM departments WHERE code=?", dept, 0))
		return cr_err_set(err, 400, "invalid", "dept", "no department %s", dept);
	/* A district's territory is a district (6 digits), a street's a town (9 digits). */
	if ((u.role == CR_ROLE_DISTRICT || u.role == CR_ROLE_DISTRICT_DEPT) && strlen(region) != 6)
		return cr_err_set(err, 400, "invalid", "region", "role %s needs a 6-digit district code",
				  role);
	if (u.role == CR_ROLE_STREET && strlen(region) != 9)
		return cr_err_set(err, 400, "invalid", "region", "role street needs a 9-digit town code");
	if (cr_role_needs_unit(u.role) && !unit_id)
		return cr_err_set(err, 400, "required", "unit_id", "role unit needs a unit_id");
	if (unit_id && !exists(c, "SELECT 1 FROM units WHERE id=?", NULL, unit_id))
		return cr_err_set(err, 400, "invalid", "unit_id", "no unit %lld", unit_id);
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err))
		return -1;
	char at[32];
	cr_now_iso(at);
	if (cr_db_begin(c, err))
		return -1;
	sqlite3_stmt *s = cr_db_stmt(c, "INSERT INTO users(login, pw_hash, role, region, dept,"
					" unit_id, created_at) VALUES (?,?,?,?,?,?,?)");
	sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, region, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, dept, -1, SQLITE_STATIC);
	if (unit_id)
		sqlite3_bind_int64(s, 6, unit_id);
	sqlite3_bind_text(s, 7, at, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		cr_db_fail(c, err);
		sqlite3_reset(s);
		cr_db_rollback(c);
		if (err && err->status == 409)
			cr_err_set(err, 409, "conflict", "login", "login %s is taken", login);
		return -1;
	}
	sqlite3_reset(s);
	u.id = sqlite3_last_insert_rowid(c);
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	u.unit_id = unit_id;
	char idtext[24];
	snprintf(idtext, sizeof idtext, "%lld", u.id);
	json_t *after = cr_user_to_json(&u);
	int rc = cr_audit_write(c, by, "user", idtext, "create", NULL, after, err);
	json_decref(after);
	if (rc || cr_db_commit(c, err)) {
		cr_db_rollback(c);
		return -1;
	}
	if (id)
		*id = u.id;
	return 0;
}

int cr_user_set_password(sqlite3 *c, const struct cr_user *by, const char *login,
			 const char *password, struct cr_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err) || cr_db_begin(c, err))
		return -1;
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE users SET pw_hash=? WHERE login=?");
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, login, -1, SQLITE_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc && sqlite3_changes(c) == 0)
		rc = cr_err_set(err, 404, "not_found", "login", "no user %s", login);
	if (!rc) {
		/* The entry names the account by id, like every other change of it. */
		char idt[24] = "";
		s = cr_db_stmt(c, "SELECT id FROM users WHERE login=?");
		sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW)
			snprintf(idt, sizeof idt, "%lld", (long long)sqlite3_column_int64(s, 0));
		sqlite3_reset(s);
		rc = cr_audit_write(c, by, "user", idt, "password", NULL, NULL, err);
	}
	/* Changing a password ends the user's sessions. */
	if (!rc) {
		s = cr_db_stmt(c, "DELETE FROM sessions WHERE user_id=(SELECT id FROM users WHERE login=?)");
		sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
		rc = cr_db_run(c, s, err);
	}
	if (rc || cr_db_commit(c, err)) {
		cr_db_rollback(c);
		return -1;
	}
	return 0;
}

int cr_user_set_disabled(sqlite3 *c, const struct cr_user *by, long long id, bool disabled,
			 struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return -1;
	sqlite3_stmt *s = cr_db_stmt(c, "UPDATE users SET disabled=? WHERE id=?");
	sqlite3_bind_int(s, 1, disabled);
	sqlite3_bind_int64(s, 2, id);
	int rc = cr_db_run(c, s, err);
	if (!rc && disabled) {
		s = cr_db_stmt(c, "DELETE FROM sessions WHERE user_id=?");
		sqlite3_bind_int64(s, 1, id);
		rc = cr_db_run(c, s, err);
	}
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	json_t *after = json_pack("{sb}", "disabled", disabled);
	if (!rc)
		rc = cr_audit_write(c, by, "user", idt, disabled ? "disable" : "enable", NULL, after, err);
	json_decref(after);
	if (rc || cr_db_commit(c, err)) {
		cr_db_rollback(c);
		return -1;
	}
	return 0;
}

static void read_user(sqlite3_stmt *s, int col, struct cr_user *u)
{
	u->id = sqlite3_column_int64(s, col);
	snprintf(u->login, sizeof u->login, "%s", cr_col_text(s, col + 1));
	if (cr_role_parse(cr_col_text(s, col + 2), &u->role))
		u->role = CR_ROLE_EXPERT; /* unreadable role: least power */
	snprintf(u->region, sizeof u->region, "%s", cr_col_text(s, col + 3));
	snprintf(u->dept, sizeof u->dept, "%s", cr_col_text(s, col + 4));
	u->unit_id = sqlite3_column_int64(s, col + 5);
}

json_t *cr_user_list(sqlite3 *c, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id, login, role, region, dept, unit_id FROM users"
					" ORDER BY login");
	json_t *items = json_array();
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct cr_user u;
		read_user(s, 0, &u);
		json_array_append_new(items, cr_user_to_json(&u));
	}
	sqlite3_reset(s);
	return json_pack("{so}", "items", items);
}

static void token_hash(const char *token, unsigned char out[crypto_generichash_BYTES])
{
	crypto_generichash(out, crypto_generichash_BYTES, (const unsigned char *)token,
			   strlen(token), NULL, 0);
}

static void new_token(char out[CR_TOKEN_LEN])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(out, CR_TOKEN_LEN, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A failed log-in goes into the audit trail: under the account when it exists (so its history
 * shows the attempts), else under the login tried; with the client's address. */
static void audit_failure(sqlite3 *c, const char *login, long long id, const char *addr)
{
	struct cr_err ignored;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	json_t *after = json_pack("{ss ss}", "login", login, "address", addr ? addr : "");
	if (cr_db_begin(c, &ignored) == 0) {
		if (cr_audit_write(c, NULL, id ? "user" : "login", id ? idt : login, "login_failed",
				   NULL, after, &ignored) || cr_db_commit(c, &ignored))
			cr_db_rollback(c);
	}
	json_decref(after);
}

int cr_session_open(sqlite3 *c, const char *login, const char *password, const char *addr,
		    char token[CR_TOKEN_LEN], char csrf[CR_TOKEN_LEN], struct cr_user *u,
		    struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT id, login, role, region, dept, unit_id, pw_hash"
					" FROM users WHERE login=? AND disabled=0");
	sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	char hash[crypto_pwhash_STRBYTES];
	bool found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		read_user(s, 0, u);
		snprintf(hash, sizeof hash, "%s", cr_col_text(s, 6));
	}
	sqlite3_reset(s);
	/* Verify against a dummy hash for unknown logins so timing does not reveal them. At most
	 * CR_GUARD_HASHES run at once, so a flood of log-ins cannot take every thread and
	 * 64 MiB each. */
	if (!cr_guard_hash_begin(HASH_WAIT_MS))
		return cr_err_set(err, 503, "busy", "", "too many log-ins at once; try again");
	bool ok = crypto_pwhash_str_verify(found ? hash : dummy_hash, password, strlen(password)) == 0;
	cr_guard_hash_end();
	if (!found || !ok) {
		cr_guard_failed(login, addr, cr_guard_now());
		audit_failure(c, login, found ? u->id : 0, addr);
		return cr_err_set(err, 401, "unauthorized", "password", "wrong login or password");
	}
	cr_guard_passed(login);
	new_token(token);
	new_token(csrf);
	unsigned char th[crypto_generichash_BYTES];
	token_hash(token, th);
	if (cr_db_begin(c, err))
		return -1;
	s = cr_db_stmt(c, "DELETE FROM sessions WHERE expires_at < ?");
	sqlite3_bind_int64(s, 1, (long long)time(NULL));
	sqlite3_step(s);
	sqlite3_reset(s);
	s = cr_db_stmt(c, "INSERT INTO sessions(token_hash, user_id, csrf, expires_at) VALUES (?,?,?,?)");
	sqlite3_bind_blob(s, 1, th, sizeof th, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, u->id);
	sqlite3_bind_text(s, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, (long long)time(NULL) + SESSION_SECONDS);
	int rc = cr_db_run(c, s, err);
	if (!rc)
		rc = cr_audit_write(c, u, "session", u->login, "login", NULL, NULL, err);
	if (rc || cr_db_commit(c, err)) {
		cr_db_rollback(c);
		return -1;
	}
	return 0;
}

int cr_session_find(sqlite3 *c, const char *token, struct cr_user *u, char csrf[CR_TOKEN_LEN],
		    struct cr_err *err)
{
	if (!token || strlen(token) != CR_TOKEN_LEN - 1)
		return cr_err_set(err, 401, "unauthorized", "", "log in first");
	unsigned char th[crypto_generichash_BYTES];
	token_hash(token, th);
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT u.id, u.login, u.role, u.region, u.dept, u.unit_id,"
					" s.csrf FROM sessions s JOIN users u ON u.id=s.user_id"
					" WHERE s.token_hash=? AND s.expires_at>=? AND u.disabled=0");
	sqlite3_bind_blob(s, 1, th, sizeof th, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, (long long)time(NULL));
	int rc = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		read_user(s, 0, u);
		snprintf(csrf, CR_TOKEN_LEN, "%s", cr_col_text(s, 6));
	} else {
		rc = cr_err_set(err, 401, "unauthorized", "", "session expired; log in again");
	}
	sqlite3_reset(s);
	return rc;
}

void cr_session_close(sqlite3 *c, const char *token)
{
	if (!token)
		return;
	unsigned char th[crypto_generichash_BYTES];
	token_hash(token, th);
	sqlite3_stmt *s = cr_db_stmt(c, "DELETE FROM sessions WHERE token_hash=?");
	sqlite3_bind_blob(s, 1, th, sizeof th, SQLITE_STATIC);
	sqlite3_step(s);
	sqlite3_reset(s);
}
