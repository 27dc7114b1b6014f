/* names.c — accounts' real names and phones (migration 10) and the names behind logins and
 * department codes, for records that show people. It must not touch logins, roles or passwords. */
#include "store/names.h"

#include <stdio.h>

#include "store/db.h"
#include "store/kept_names.h"

int cr_store_account_contact(struct cr_conn *c, long long id, char name[64], char phone[32],
			     struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT name, phone FROM users WHERE id=?");
	cr_stmt_bind_int64(s, 1, id);
	int rc = cr_stmt_step(s), out = 0;
	name[0] = phone[0] = 0;
	if (rc == CR_SQL_ROW) {
		snprintf(name, 64, "%s", cr_col_text(s, 0));
		snprintf(phone, 32, "%s", cr_col_text(s, 1));
	} else if (rc != CR_SQL_DONE) {
		out = cr_db_fail(c, err);
	}
	cr_stmt_reset(s);
	return out;
}

int cr_store_account_set_contact(struct cr_conn *c, long long id, const char *name,
				 const char *phone, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_stmt(c, "UPDATE users SET name=coalesce(?, name),"
					  " phone=coalesce(?, phone) WHERE id=?");
	if (name)
		cr_stmt_bind_text(s, 1, name, -1, CR_SQL_STATIC);
	else
		cr_stmt_bind_null(s, 1);
	if (phone)
		cr_stmt_bind_text(s, 2, phone, -1, CR_SQL_STATIC);
	else
		cr_stmt_bind_null(s, 2);
	cr_stmt_bind_int64(s, 3, id);
	return cr_db_run(c, s, err);
}

/* One text of one row by one text key: 0 found and non-empty, 1 otherwise (out ""). */
static int text_of(struct cr_conn *c, const char *sql, const char *key, char *out, size_t size)
{
	struct cr_stmt *s = cr_db_stmt(c, sql);
	cr_stmt_bind_text(s, 1, key, -1, CR_SQL_STATIC);
	int found = cr_stmt_step(s) == CR_SQL_ROW;
	snprintf(out, size, "%s", found ? cr_col_text(s, 0) : "");
	cr_stmt_reset(s);
	return found && *out ? 0 : 1;
}

int cr_store_account_name_of(struct cr_conn *c, const char *login, char *name, size_t size)
{
	return text_of(c, "SELECT name FROM users WHERE login=?", login, name, size);
}

/* Departments are reference data like regions (store/regions.c). */
CR_KEPT_NAMES(department_names, 128);

int cr_store_department_name(struct cr_conn *c, const char *code, char *name, size_t size,
			     struct cr_err *err)
{
	return cr_kept_names_read(&department_names, c,
				  "SELECT name_cn FROM departments WHERE code=?", code, name, size,
				  err);
}

void cr_store_department_names_forget(void)
{
	cr_kept_names_forget(&department_names);
}
