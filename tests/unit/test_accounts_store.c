/* test_accounts_store.c — store/accounts.c and store/sessions.c on a real SQLite file: create,
 * find by login, disable, a password change ending sessions, session expiry, a unit account's
 * territory following its unit, and the password length. */
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "service/auth.h"
#include "service/users.h"
#include "store/accounts.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/sessions.h"

static struct cr_db *accounts_db(char *path)
{
	struct cr_err e;
	close(mkstemp(path));
	unlink(path);
	return cr_db_open(path, &e);
}

/* accounts_db with the cheapest password hashing set up, for tests that hash. */
static struct cr_db *auth_db(char *path)
{
	setenv("CITYRISK_PWHASH", "fast", 1);
	OK(cr_auth_init() == 0);
	struct cr_db *db = accounts_db(path);
	OK(db != NULL);
	return db;
}

static long long add_account(struct cr_conn *c, const char *login, const char *role)
{
	struct cr_err e;
	long long id = 0;
	if (cr_store_account_insert(c, login, "hash-of-secret", role, "", "", 0,
				    "2026-01-01T00:00:00.000Z", &id, &e))
		return -1;
	return id;
}

static const unsigned char token_a[32] = { 1, 2, 3 }, token_b[32] = { 4, 5, 6 };

static bool session_live(struct cr_conn *c, const unsigned char *th, long long now,
			 struct cr_user *u)
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
	struct cr_conn *c = cr_db_conn(db);
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
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = auth_db(path);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
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
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = auth_db(path);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
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
	struct cr_conn *c = cr_db_conn(db);
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

/* Whether `list` ({"items":[…]}) holds the account `login` with region `region`. */
static bool lists(json_t *list, const char *login, const char *region)
{
	size_t i;
	json_t *a;
	json_array_foreach(json_object_get(list, "items"), i, a) {
		if (strcmp(json_string_value(json_object_get(a, "login")), login) == 0)
			return strcmp(json_string_value(json_object_get(a, "region")), region) == 0;
	}
	return false;
}

/* Issue 7: a unit account's territory is its unit's, taken from the unit row whenever the
 * account is read — never from a region stored on the account. Kunshan creates an account for a
 * unit in 玉山镇 and finds it in its own list with the unit's town; when the unit moves to
 * Wujiang the account goes with it, out of Kunshan's list and into Wujiang's. */
TEST(unit_account_territory_is_its_units_wherever_it_moves)
{
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = auth_db(path);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err e = { 0 };
	OK(cr_refdata_ensure(c, "../../data", &e) == 0);
	OK(cr_db_exec(
		   c,
		   "INSERT INTO units(id, credit_code, name, sector, dept, region, size_class,"
		   " created_at, updated_at) VALUES (101, '91320583TEST00001X', '甲化工有限公司',"
		   " 'C01', 'AJJ', '320583100', 'below', '2026-01-01T00:00:00.000Z',"
		   " '2026-01-01T00:00:00.000Z')",
		   &e) == 0);
	const struct cr_user
		ks = { .id = 90, .login = "kunshan", .role = CR_ROLE_DISTRICT, .region = "320583" },
		wj = { .id = 91, .login = "wujiang", .role = CR_ROLE_DISTRICT, .region = "320509" };
	json_t *body = json_pack("{ss ss sI ss}", "login", "unit.jia", "role", "unit", "unit_id",
				 (json_int_t)101, "password", "unit-pw-1");
	json_t *made = cr_users_create(c, &ks, body, &e);
	OK(made != NULL);
	STR_EQ(json_string_value(json_object_get(made, "region")), "320583100");
	json_decref(made);
	json_decref(body);
	struct cr_account_row a;
	OK(cr_store_account_read(c, 1, &a, &e) == 0);
	STR_EQ(a.region, "320583100");
	json_t *mine = cr_users_list(c, &ks, &e), *theirs = cr_users_list(c, &wj, &e);
	OK(lists(mine, "unit.jia", "320583100"));
	OK(!lists(theirs, "unit.jia", "320583100"));
	json_decref(mine);
	json_decref(theirs);

	OK(cr_db_exec(c, "UPDATE units SET region='320509001' WHERE id=101", &e) == 0);
	OK(cr_store_account_read(c, 1, &a, &e) == 0);
	STR_EQ(a.region, "320509001");
	mine = cr_users_list(c, &ks, &e);
	theirs = cr_users_list(c, &wj, &e);
	OK(!lists(mine, "unit.jia", "320509001"));
	OK(lists(theirs, "unit.jia", "320509001"));
	json_decref(mine);
	json_decref(theirs);
	cr_db_close(db);
	unlink(path);
}

/* Passwords are 8 to 128 characters (docs/SECURITY.md), on creation and on a reset alike; a
 * refused one writes nothing. */
TEST(password_length_is_8_to_128)
{
	char path[] = "/tmp/cr-accounts-XXXXXX";
	struct cr_db *db = auth_db(path);
	if (!db)
		return;
	struct cr_conn *c = cr_db_conn(db);
	struct cr_err e = { 0 };
	char pw129[130];
	memset(pw129, 'p', 129);
	pw129[129] = 0;
	long long id = 0;
	OK(cr_user_add(c, NULL, "short.pw", "expert", "", "", 0, "1234567", &id, &e) == -1);
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "password");
	OK(cr_user_add(c, NULL, "long.pw", "expert", "", "", 0, pw129, &id, &e) == -1);
	STR_EQ(e.field, "password");
	struct cr_user *all;
	size_t n = 9;
	OK(cr_store_account_list_all(c, &all, &n, &e) == 0);
	INT_EQ(n, 0);
	free(all);
	OK(cr_user_add(c, NULL, "eight.pw", "expert", "", "", 0, "12345678", &id, &e) == 0);
	pw129[128] = 0;
	OK(cr_user_set_password(c, NULL, "eight.pw", pw129, &e) == 0);
	OK(cr_user_set_password(c, NULL, "eight.pw", "1234567", &e) == -1);
	INT_EQ(e.status, 400);
	STR_EQ(e.field, "password");
	cr_db_close(db);
	unlink(path);
}
