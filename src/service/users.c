/* users.c — account administration use cases. It must not hash passwords or open sessions
 * itself: service/auth.c does that; here are the rights and the API's field rules. */
#include "service/users.h"

#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "service/auth.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/names.h"

struct account {
	long long id, unit_id;
	char login[64], role[16], region[16], dept[16];
	char region_name[64], unit_name[256];
	int disabled;
	char name[64], phone[32]; /* the person: 姓名, 电话 (store/names.c) */
};

/* Who administers an account follows its territory: for a unit account, its unit's region (the
 * region column of ACCOUNT_COLS), so the account moves with its unit. */
static bool administers(const struct cr_user *u, const struct account *a)
{
	enum cr_role role;
	if (cr_role_parse(a->role, &role))
		return false;
	return cr_user_can_admin(u, role, a->region);
}

static json_t *account_json(const struct account *a)
{
	return json_pack("{sI ss ss ss ss ss so ss sb ss ss}", "id", a->id, "login", a->login, "role",
			 a->role, "region", a->region, "region_name", a->region_name, "dept", a->dept,
			 "unit_id", a->unit_id ? json_integer(a->unit_id) : json_null(), "unit_name",
			 a->unit_name, "disabled", a->disabled, "name", a->name, "phone", a->phone);
}

static void read_account(sqlite3_stmt *s, struct account *a)
{
	a->id = sqlite3_column_int64(s, 0);
	snprintf(a->login, sizeof a->login, "%s", cr_col_text(s, 1));
	snprintf(a->role, sizeof a->role, "%s", cr_col_text(s, 2));
	snprintf(a->region, sizeof a->region, "%s", cr_col_text(s, 3));
	snprintf(a->dept, sizeof a->dept, "%s", cr_col_text(s, 4));
	a->unit_id = sqlite3_column_int64(s, 5);
	a->disabled = sqlite3_column_int(s, 6);
	snprintf(a->region_name, sizeof a->region_name, "%s", cr_col_text(s, 7));
	snprintf(a->unit_name, sizeof a->unit_name, "%s", cr_col_text(s, 8));
}

/* An account's region is its territory: a unit account's is its unit's region, never its own. */
#define ACCOUNT_REGION "CASE WHEN a.role='unit' THEN coalesce(u.region,'') ELSE a.region END"
#define ACCOUNT_COLS                                                                           \
	"a.id, a.login, a.role, " ACCOUNT_REGION ", a.dept, a.unit_id, a.disabled,"                  \
	" coalesce(r.name,''), coalesce(u.name,'') FROM users a LEFT JOIN units u ON u.id=a.unit_id" \
	" LEFT JOIN regions r ON r.code=" ACCOUNT_REGION

json_t *cr_users_list(sqlite3 *c, const struct cr_user *u, struct cr_err *err)
{
	if (u->role != CR_ROLE_CITY && u->role != CR_ROLE_DISTRICT) {
		cr_err_set(err, 403, "forbidden", "", "only the city office and districts manage accounts");
		return NULL;
	}
	sqlite3_stmt *s = cr_db_prepare(c, "SELECT " ACCOUNT_COLS " ORDER BY a.login", err);
	if (!s)
		return NULL;
	json_t *items = json_array();
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct account a;
		read_account(s, &a);
		if ((administers(u, &a) || a.id == u->id) &&
		    !cr_store_account_contact(c, a.id, a.name, a.phone, err))
			json_array_append_new(items, account_json(&a));
	}
	sqlite3_finalize(s);
	return json_pack("{so}", "items", items);
}

static int load_account(sqlite3 *c, long long id, struct account *a, struct cr_err *err)
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT " ACCOUNT_COLS " WHERE a.id=?");
	sqlite3_bind_int64(s, 1, id);
	int rc = 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		read_account(s, a);
	else
		rc = cr_err_set(err, 404, "not_found", "id", "no user %lld", id);
	sqlite3_reset(s);
	return rc ? rc : cr_store_account_contact(c, id, a->name, a->phone, err);
}

/* The region of a unit; false when there is no such unit. */
static bool unit_region_of(sqlite3 *c, long long id, char region[16])
{
	sqlite3_stmt *s = cr_db_stmt(c, "SELECT region FROM units WHERE id=?");
	sqlite3_bind_int64(s, 1, id);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		snprintf(region, 16, "%s", cr_col_text(s, 0));
	sqlite3_reset(s);
	return found;
}

/* Reads "name" (姓名, ≤ 30 characters) and "phone" (digits, spaces, + and -, ≤ 20) from body;
 * absent ones stay NULL. */
static int read_contact(const json_t *body, const char **name, const char **phone,
			struct cr_err *err)
{
	*name = *phone = NULL;
	if (cr_json_str(body, "name", 30, name, err) < 0 ||
	    cr_json_str(body, "phone", 20, phone, err) < 0)
		return -1;
	for (const char *p = *phone ? *phone : ""; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == ' ' || *p == '+' || *p == '-'))
			return cr_err_set(err, 400, "invalid", "phone",
					  "phone may hold digits, spaces, + and - only");
	return 0;
}

/* Writes name and phone (NULL: unchanged) with their audit entry, in one transaction. */
static int set_contact(sqlite3 *c, const struct cr_user *u, long long id, const char *name,
		       const char *phone, struct cr_err *err)
{
	if (!name && !phone)
		return 0;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	json_t *after = json_object();
	if (name)
		json_object_set_new(after, "name", json_string(name));
	if (phone)
		json_object_set_new(after, "phone", json_string(phone));
	int rc = cr_db_begin(c, err);
	if (!rc)
		rc = cr_store_account_set_contact(c, id, name, phone, err) ||
		     cr_audit_write(c, u, "user", idt, "contact", NULL, after, err) ||
		     cr_db_commit(c, err) ? -1 : 0;
	if (rc)
		cr_db_rollback(c);
	json_decref(after);
	return rc;
}

json_t *cr_users_create(sqlite3 *c, const struct cr_user *u, const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "login", "role", "region", "dept", "unit_id",
					      "password", "name", "phone", NULL };
	const char *login = NULL, *role = NULL, *region = "", *dept = "", *password = NULL;
	const char *name, *phone;
	long long unit_id = 0;
	if (cr_json_only(body, fields, err) || cr_json_str(body, "login", 63, &login, err) < 0 ||
	    cr_json_str(body, "role", 20, &role, err) < 0 ||
	    cr_json_str(body, "region", 9, &region, err) < 0 ||
	    cr_json_str(body, "dept", 15, &dept, err) < 0 ||
	    cr_json_int(body, "unit_id", 1, 1LL << 53, &unit_id, err) < 0 ||
	    cr_json_str(body, "password", 128, &password, err) < 0 ||
	    read_contact(body, &name, &phone, err))
		return NULL;
	if (!login || !role || !password) {
		cr_err_set(err, 400, "required", !login ? "login" : !role ? "role" : "password",
			   "'%s' is required", !login ? "login" : !role ? "role" : "password");
		return NULL;
	}
	enum cr_role r;
	if (cr_role_parse(role, &r)) {
		cr_err_set(err, 400, "invalid", "role", "unknown role '%s'", role);
		return NULL;
	}
	struct cr_account want = { .role = r, .region = region ? region : "", .dept = dept ? dept : "",
				   .unit_id = unit_id };
	char unit_region[16] = "";
	if (unit_id) {
		if (!unit_region_of(c, unit_id, unit_region)) {
			cr_err_set(err, 400, "invalid", "unit_id", "no unit %lld", unit_id);
			return NULL;
		}
		want.unit_region = unit_region;
	}
	if (cr_user_check_account(u, &want, err))
		return NULL;
	/* A unit account keeps no region of its own: its territory is its unit's, wherever it moves. */
	if (r == CR_ROLE_UNIT)
		region = "";
	struct account a;
	long long id;
	if (cr_user_add(c, u, login, role, region, dept, unit_id, password, &id, err) ||
	    set_contact(c, u, id, name, phone, err) || load_account(c, id, &a, err))
		return NULL;
	return account_json(&a);
}

json_t *cr_users_patch(sqlite3 *c, const struct cr_user *u, long long id, const json_t *body,
		       struct cr_err *err)
{
	static const char *const fields[] = { "disabled", "password", "name", "phone", NULL };
	bool disabled = false;
	const char *password = NULL, *name, *phone;
	int hd;
	struct account a;
	if (cr_json_only(body, fields, err) || (hd = cr_json_bool(body, "disabled", &disabled, err)) < 0 ||
	    cr_json_str(body, "password", 128, &password, err) < 0 ||
	    read_contact(body, &name, &phone, err) || load_account(c, id, &a, err))
		return NULL;
	if (!administers(u, &a)) {
		cr_err_set(err, 403, "forbidden", "id", "you do not administer account %s", a.login);
		return NULL;
	}
	if (hd == 0 && disabled && id == u->id) {
		cr_err_set(err, 409, "conflict", "disabled", "you may not disable your own account");
		return NULL;
	}
	if (password && cr_user_set_password(c, u, a.login, password, err))
		return NULL;
	if (hd == 0 && cr_user_set_disabled(c, u, id, disabled, err))
		return NULL;
	if (set_contact(c, u, id, name, phone, err))
		return NULL;
	return load_account(c, id, &a, err) ? NULL : account_json(&a);
}
