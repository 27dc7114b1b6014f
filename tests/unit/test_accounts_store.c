/* test_accounts_store.c — store/accounts.c and store/sessions.c on a real SQLite file: create,
 * find by login, disable, a password change ending sessions, and session expiry. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "service/auth.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/sessions.h"

static struct cr_db *accounts_db(char *path)
{
	struct cr_err e;
	close(mkstemp(path));
	unlink(path);
	return cr_db_open(path, &e);
}

static long long add_account(sqlite3 *c, const char *login, const char *role)
{
	struct cr_err e;
	long long id = 0;
	if (cr_store_account_insert(c, login, "hash-of-secret", role, "", "", 0,
				    "2026-01-01T00:00:00.000Z", &id, &e))
		return -1;
	return id;
}

static const unsigned char token_a[32] = { 1, 2, 3 }, token_b[32] = { 4, 5, 6 };

static bool session_live(sqlite3 *c, const unsigned char *th, long long now, struct cr_user *u)
{
	struct cr_err e;
	char csrf[CR_TOKEN_LEN];
	bool found = false;
	OK(cr_store_session_find(c, th, 32, now, u, csrf, sizeof csrf, &found, &e) == 0);
	return found;
}

TEST(account_create_and_find_by_login)
{
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = accounts_db(path);
	OK(db != NULL);
	if (!db)
		return;
	sqlite3 *c = cr_db_conn(db);
	struct cr_err e;
	long long id = add_account(c, "zhang.san", "city");
	OK(id > 0);
	OK(add_account(c, "zhang.san", "expert") == -1); /* the login is taken */
	struct cr_user u;
	char hash[128];
	bool found = false;
	OK(cr_store_account_by_login(c, "zhang.san", &u, hash, sizeof hash, &found, &e) == 0);
	OK(found);
	INT_EQ(u.id, id);
	INT_EQ(u.role, CR_ROLE_CITY);
	STR_EQ(hash, "hash-of-secret");
	OK(cr_store_account_by_login(c, "li.si", &u, hash, sizeof hash, &found, &e) == 0);
	OK(!found);
	struct cr_account_row a;
	OK(cr_store_account_read(c, id, &a, &e) == 0);
	STR_EQ(a.login, "zhang.san");
	OK(cr_store_account_read(c, id + 1, &a, &e) == -1);
	INT_EQ(e.status, 404);
	add_account(c, "a.first", "expert");
	struct cr_user *all;
	size_t n;
	OK(cr_store_account_list_all(c, &all, &n, &e) == 0);
	INT_EQ(n, 2);
	if (n == 2)
		STR_EQ(all[0].login, "a.first"); /* ordered by login */
	free(all);
	cr_db_close(db);
	unlink(path);
}

TEST(account_disabled_cannot_log_in_or_keep_a_session)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = accounts_db(path);
	OK(db != NULL);
	if (!db)
		return;
	sqlite3 *c = cr_db_conn(db);
	struct cr_err e;
	long long id = add_account(c, "wang.wu", "expert");
	OK(cr_store_session_insert(c, token_a, 32, id, "csrf-a", 4000000000LL, &e) == 0);
	struct cr_user u;
	OK(session_live(c, token_a, 1000, &u));
	OK(cr_user_set_disabled(c, NULL, id, true, &e) == 0);
	char hash[128];
	bool found = true;
	OK(cr_store_account_by_login(c, "wang.wu", &u, hash, sizeof hash, &found, &e) == 0);
	OK(!found);
	OK(!session_live(c, token_a, 1000, &u));
	struct cr_account_row a;
	OK(cr_store_account_read(c, id, &a, &e) == 0);
	INT_EQ(a.disabled, 1);
	cr_db_close(db);
	unlink(path);
}

TEST(account_password_change_ends_its_sessions_only)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = accounts_db(path);
	OK(db != NULL);
	if (!db)
		return;
	sqlite3 *c = cr_db_conn(db);
	struct cr_err e;
	long long id = add_account(c, "zhao.liu", "expert");
	long long other = add_account(c, "qian.qi", "expert");
	OK(cr_store_session_insert(c, token_a, 32, id, "csrf-a", 4000000000LL, &e) == 0);
	OK(cr_store_session_insert(c, token_b, 32, other, "csrf-b", 4000000000LL, &e) == 0);
	OK(cr_user_set_password(c, NULL, "zhao.liu", "a new secret", &e) == 0);
	struct cr_user u;
	OK(!session_live(c, token_a, 1000, &u));
	OK(session_live(c, token_b, 1000, &u));
	INT_EQ(u.id, other);
	char hash[128];
	bool found = false;
	OK(cr_store_account_by_login(c, "zhao.liu", &u, hash, sizeof hash, &found, &e) == 0);
	OK(found && strcmp(hash, "hash-of-secret") != 0);
	OK(cr_user_set_password(c, NULL, "nobody", "a new secret", &e) == -1);
	INT_EQ(e.status, 404);
	cr_db_close(db);
	unlink(path);
}

TEST(session_expires_and_is_purged)
{
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = accounts_db(path);
	OK(db != NULL);
	if (!db)
		return;
	sqlite3 *c = cr_db_conn(db);
	struct cr_err e;
	long long id = add_account(c, "sun.ba", "expert");
	OK(cr_store_session_insert(c, token_a, 32, id, "csrf-a", 2000, &e) == 0);
	OK(cr_store_session_insert(c, token_b, 32, id, "csrf-b", 3000, &e) == 0);
	struct cr_user u;
	OK(session_live(c, token_a, 2000, &u)); /* live up to and including its expiry second */
	OK(!session_live(c, token_a, 2001, &u));
	OK(cr_store_session_purge(c, 2500, &e) == 0);
	OK(!session_live(c, token_a, 1000, &u)); /* purged: gone even for an earlier clock */
	OK(session_live(c, token_b, 2500, &u));
	OK(cr_store_session_delete(c, token_b, 32, &e) == 0);
	OK(!session_live(c, token_b, 2500, &u));
	cr_db_close(db);
	unlink(path);
}
