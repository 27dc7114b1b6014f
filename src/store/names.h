/* names.h — the people and bodies behind codes and logins: an account's real name and phone,
 * the name shown for a login, a department's name. Reads and writes of those columns only. */
#ifndef CR_STORE_NAMES_H
#define CR_STORE_NAMES_H

#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"

/* An account's real name (姓名) and phone into name[64] and phone[32] ("" when unset): 0, or -1
 * with err on a database error (an unknown id reads as "" and ""). */
int cr_store_account_contact(struct cr_conn *c, long long id, char name[64], char phone[32],
			     struct cr_err *err);
/* Sets them; NULL leaves a value as it is. No transaction or audit: the caller's. */
int cr_store_account_set_contact(struct cr_conn *c, long long id, const char *name,
				 const char *phone, struct cr_err *err);
/* The real name of the account with this login into name (size bytes): 0 when there is one;
 * 1 when the login is unknown or its name unset (name ""). */
int cr_store_account_name_of(struct cr_conn *c, const char *login, char *name, size_t size);
/* A department's Chinese name into name (size bytes): 0; 1 when unknown (name ""); -1 with err.
 * Kept for the process once read (store/kept_names.h) until cr_store_department_names_forget. */
int cr_store_department_name(struct cr_conn *c, const char *code, char *name, size_t size,
			     struct cr_err *err);
/* Forgets the names cr_store_department_name keeps (the departments were loaded again). */
void cr_store_department_names_forget(void);

#endif
