/* users.c — account administration use cases. It must not hash passwords or open sessions
 * (service/auth.c) nor build SQL (store/accounts.c); here are the rights and the field rules. */
#include "service/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "service/auth.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/names.h"

/* Who administers an account follows its territory: for a unit account, its unit's region (the
 * region of the store's account row), so the account moves with its unit. */
static bool administers(const struct cr_user *u, const struct cr_account_row *a)
{
	enum cr_role role;
	if (cr_role_parse(a->role, &role))
		return false;
	return cr_user_can_admin(u, role, a->region);
}

/* The account as the API answers it, with the person behind it (姓名, 电话: store/names.c).
 * New reference, or NULL with err. */
static json_t *account_json(struct cr_conn *c, const struct cr_account_row *a, struct cr_err *err)
{
	char name[64], phone[32];
	if (cr_store_account_contact(c, a->id, name, phone, err))
		return NULL;
	return json_pack("{sI ss ss ss ss ss so ss sb ss ss}", "id", a->id, "login", a->login,
			 "role", a->role, "region", a->region, "region_name", a->region_name,
			 "dept", a->dept, "unit_id",
			 a->unit_id ? json_integer(a->unit_id) : json_null(), "unit_name",
			 a->unit_name, "disabled", a->disabled, "name", name, "phone", phone);
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
static int set_contact(struct cr_conn *c, const struct cr_user *u, long long id, const char *name,
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
	int rc = -1;
	if (cr_db_begin(c, err))
		goto out;
	if (cr_store_account_set_contact(c, id, name, phone, err) ||
	    cr_audit_write(c, u, "user", idt, "contact", NULL, after, err) ||
	    cr_db_commit(c, err)) {
		cr_db_rollback(c);
		goto out;
	}
	rc = 0;
out:
	json_decref(after);
	return rc;
}

json_t *cr_users_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	if (u->role != CR_ROLE_CITY && u->role != CR_ROLE_DISTRICT) {
		cr_err_set(err, 403, "forbidden", "",
			   "only the city office and districts manage accounts");
		return NULL;
	}
	struct cr_account_row *rows;
	size_t n;
	if (cr_store_account_list(c, &rows, &n, err))
		return NULL;
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++) {
		if (!administers(u, &rows[i]) && rows[i].id != u->id)
			continue;
		json_t *one = account_json(c, &rows[i], err);
		if (!one) {
			json_decref(items);
			free(rows);
			return NULL;
		}
		json_array_append_new(items, one);
	}
	free(rows);
	return json_pack("{so}", "items", items);
}

json_t *cr_users_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			struct cr_err *err)
{
	static const char *const fields[] = { "login",    "role", "region", "dept", "unit_id",
					      "password", "name", "phone",  NULL };
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
		cr_err_set(err, 400, "required",
			   !login  ? "login"
			   : !role ? "role"
				   : "password",
			   "'%s' is required",
			   !login  ? "login"
			   : !role ? "role"
				   : "password");
		return NULL;
	}
	enum cr_role r;
	if (cr_role_parse(role, &r)) {
		cr_err_set(err, 400, "invalid", "role", "unknown role '%s'", role);
		return NULL;
	}
	struct cr_account want = { .role = r,
				   .region = region ? region : "",
				   .dept = dept ? dept : "",
				   .unit_id = unit_id };
	struct cr_account_refs refs;
	if (unit_id) {
		if (cr_store_account_refs(c, "", "", unit_id, &refs, err))
			return NULL;
		if (!refs.unit) {
			cr_err_set(err, 400, "invalid", "unit_id", "no unit %lld", unit_id);
			return NULL;
		}
		want.unit_region = refs.unit_region;
	}
	if (cr_user_check_account(u, &want, err))
		return NULL;
	/* A unit account keeps no region of its own: its territory is its unit's, wherever it moves. */
	if (r == CR_ROLE_UNIT)
		region = "";
	struct cr_account_row a;
	long long id;
	if (cr_user_add(c, u, login, role, region, dept, unit_id, password, &id, err))
		return NULL;
	if (set_contact(c, u, id, name, phone, err) || cr_store_account_read(c, id, &a, err))
		return NULL;
	return account_json(c, &a, err);
}

json_t *cr_users_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		       struct cr_err *err)
{
	static const char *const fields[] = { "disabled", "password", "name", "phone", NULL };
	bool disabled = false;
	const char *password = NULL, *name, *phone;
	int hd;
	struct cr_account_row a;
	if (cr_json_only(body, fields, err))
		return NULL;
	if ((hd = cr_json_bool(body, "disabled", &disabled, err)) < 0)
		return NULL;
	if (cr_json_str(body, "password", 128, &password, err) < 0 ||
	    read_contact(body, &name, &phone, err))
		return NULL;
	if (cr_store_account_read(c, id, &a, err))
		return NULL;
	if (!administers(u, &a)) {
		cr_err_set(err, 403, "forbidden", "id", "you do not administer account %s",
			   a.login);
		return NULL;
	}
	if (hd == 0 && disabled && id == u->id) {
		cr_err_set(err, 409, "conflict", "disabled",
			   "you may not disable your own account");
		return NULL;
	}
	if (password && cr_user_set_password(c, u, a.login, password, err))
		return NULL;
	if (hd == 0 && cr_user_set_disabled(c, u, id, disabled, err))
		return NULL;
	if (set_contact(c, u, id, name, phone, err))
		return NULL;
	return cr_store_account_read(c, id, &a, err) ? NULL : account_json(c, &a, err);
}
