/* auth.c — argon2id password hashing, user records and cookie sessions: the rules. It must not
 * build SQL (store/accounts.c, store/sessions.c) nor know HTTP: the server passes in the cookie
 * value and sets the cookie it gets back. */
#include "service/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "service/login_guard.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/sessions.h"

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
		return cr_err_set(err, 503, "busy", "",
				  "too many password hashes at once; try again");
	int rc = crypto_pwhash_str(out, pw, n, ops_limit, mem_limit);
	cr_guard_hash_end();
	if (rc != 0)
		return cr_err_set(err, 500, "oom", "", "password hashing ran out of memory");
	return 0;
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
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' ||
		      ch == '.' || ch == '-'))
			return cr_err_set(err, 400, "invalid", "login",
					  "login may use a-z, 0-9, '_', '.', '-'");
	}
	return 0;
}

int cr_user_add(struct cr_conn *c, const struct cr_user *by, const char *login, const char *role,
		const char *region, const char *dept, long long unit_id, const char *password,
		long long *id, struct cr_err *err)
{
	struct cr_user u = { 0 };
	struct cr_account_refs refs;
	if (check_login(login, err))
		return -1;
	if (cr_role_parse(role, &u.role))
		return cr_err_set(err, 400, "invalid", "role", "unknown role '%s'",
				  role ? role : "");
	region = region ? region : "";
	dept = dept ? dept : "";
	if (cr_store_account_refs(c, region, dept, unit_id, &refs, err))
		return -1;
	if (cr_role_needs_region(u.role) && !*region)
		return cr_err_set(err, 400, "invalid", "region", "role %s needs a region", role);
	if (!refs.region)
		return cr_err_set(err, 400, "invalid", "region", "no region %s", region);
	if (cr_role_needs_dept(u.role) && !*dept)
		return cr_err_set(err, 400, "invalid", "dept", "role %s needs a department", role);
	if (!refs.dept)
		return cr_err_set(err, 400, "invalid", "dept", "no department %s", dept);
	/* A district's territory is a district (6 digits), a street's a town (9 digits). */
	if ((u.role == CR_ROLE_DISTRICT || u.role == CR_ROLE_DISTRICT_DEPT) && strlen(region) != 6)
		return cr_err_set(err, 400, "invalid", "region",
				  "role %s needs a 6-digit district code", role);
	if (u.role == CR_ROLE_STREET && strlen(region) != 9)
		return cr_err_set(err, 400, "invalid", "region",
				  "role street needs a 9-digit town code");
	if (cr_role_needs_unit(u.role) && !unit_id)
		return cr_err_set(err, 400, "required", "unit_id", "role unit needs a unit_id");
	if (!refs.unit)
		return cr_err_set(err, 400, "invalid", "unit_id", "no unit %lld", unit_id);
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err))
		return -1;
	char at[32], idtext[24];
	cr_now_iso(at);
	json_t *after = NULL;
	int rc = -1;
	if (cr_db_begin(c, err))
		return -1;
	if (cr_store_account_insert(c, login, hash, role, region, dept, unit_id, at, &u.id, err))
		goto out;
	snprintf(u.login, sizeof u.login, "%s", login);
	snprintf(u.region, sizeof u.region, "%s", region);
	snprintf(u.dept, sizeof u.dept, "%s", dept);
	u.unit_id = unit_id;
	snprintf(idtext, sizeof idtext, "%lld", u.id);
	after = cr_user_to_json(&u);
	if (cr_audit_write(c, by, "user", idtext, "create", NULL, after, err))
		goto out;
	if (cr_db_commit(c, err))
		goto out;
	if (id)
		*id = u.id;
	rc = 0;
out:
	if (rc)
		cr_db_rollback(c);
	json_decref(after);
	return rc;
}

int cr_user_set_password(struct cr_conn *c, const struct cr_user *by, const char *login,
			 const char *password, struct cr_err *err)
{
	char hash[crypto_pwhash_STRBYTES], idt[24];
	long long id;
	int rc = -1;
	if (hash_password(password, hash, err))
		return -1;
	if (cr_db_begin(c, err))
		return -1;
	if (cr_store_account_set_hash(c, login, hash, &id, err))
		goto out;
	/* The entry names the account by id, like every other change of it. */
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_audit_write(c, by, "user", idt, "password", NULL, NULL, err))
		goto out;
	/* Changing a password ends the user's sessions. */
	if (cr_store_session_delete_account(c, id, err))
		goto out;
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	if (rc)
		cr_db_rollback(c);
	return rc;
}

int cr_user_set_disabled(struct cr_conn *c, const struct cr_user *by, long long id, bool disabled,
			 struct cr_err *err)
{
	if (cr_db_begin(c, err))
		return -1;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	json_t *after = json_pack("{sb}", "disabled", disabled);
	int rc = -1;
	if (cr_store_account_set_disabled(c, id, disabled, err))
		goto out;
	if (disabled && cr_store_session_delete_account(c, id, err))
		goto out;
	if (cr_audit_write(c, by, "user", idt, disabled ? "disable" : "enable", NULL, after, err))
		goto out;
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	if (rc)
		cr_db_rollback(c);
	json_decref(after);
	return rc;
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
static void audit_failure(struct cr_conn *c, const char *login, long long id, const char *addr)
{
	struct cr_err ignored;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	json_t *after = json_pack("{ss ss}", "login", login, "address", addr ? addr : "");
	if (cr_db_begin(c, &ignored) == 0) {
		if (cr_audit_write(c, NULL, id ? "user" : "login", id ? idt : login, "login_failed",
				   NULL, after, &ignored) ||
		    cr_db_commit(c, &ignored))
			cr_db_rollback(c);
	}
	json_decref(after);
}

int cr_session_open(struct cr_conn *c, const char *login, const char *password, const char *addr,
		    char token[CR_TOKEN_LEN], char csrf[CR_TOKEN_LEN], struct cr_user *u,
		    struct cr_err *err)
{
	char hash[crypto_pwhash_STRBYTES];
	bool found;
	if (cr_store_account_by_login(c, login, u, hash, sizeof hash, &found, err))
		return -1;
	/* Verify against a dummy hash for unknown logins so timing does not reveal them. At most
	 * CR_GUARD_HASHES run at once, so a flood of log-ins cannot take every thread and
	 * 64 MiB each. */
	if (!cr_guard_hash_begin(HASH_WAIT_MS))
		return cr_err_set(err, 503, "busy", "", "too many log-ins at once; try again");
	bool ok = crypto_pwhash_str_verify(found ? hash : dummy_hash, password, strlen(password)) ==
		  0;
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
	long long now = (long long)time(NULL);
	int rc = -1;
	if (cr_db_begin(c, err))
		return -1;
	if (cr_store_session_purge(c, now, err))
		goto out;
	if (cr_store_session_insert(c, th, sizeof th, u->id, csrf, now + SESSION_SECONDS, err))
		goto out;
	if (cr_audit_write(c, u, "session", u->login, "login", NULL, NULL, err))
		goto out;
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	if (rc)
		cr_db_rollback(c);
	return rc;
}

int cr_session_find(struct cr_conn *c, const char *token, struct cr_user *u,
		    char csrf[CR_TOKEN_LEN], struct cr_err *err)
{
	if (!token || strlen(token) != CR_TOKEN_LEN - 1)
		return cr_err_set(err, 401, "unauthorized", "", "log in first");
	unsigned char th[crypto_generichash_BYTES];
	token_hash(token, th);
	bool found;
	if (cr_store_session_find(c, th, sizeof th, (long long)time(NULL), u, csrf, CR_TOKEN_LEN,
				  &found, err))
		return -1;
	if (!found)
		return cr_err_set(err, 401, "unauthorized", "", "session expired; log in again");
	return 0;
}

void cr_session_close(struct cr_conn *c, const char *token)
{
	if (!token)
		return;
	unsigned char th[crypto_generichash_BYTES];
	token_hash(token, th);
	struct cr_err ignored; /* log-out succeeds whatever remains of the session */
	cr_store_session_delete(c, th, sizeof th, &ignored);
}
