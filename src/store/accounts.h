/* accounts.h — SQL for accounts (the users table): insert, read, list, password hash, disable.
 * No rules here: the password policy, hashing and who administers whom are the services'. */
#ifndef CR_STORE_ACCOUNTS_H
#define CR_STORE_ACCOUNTS_H

#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/user.h"

/* An account as administration shows it. region is its territory: a unit account's is its
 * unit's region, never its own column; region_name and unit_name are "" when there is none. */
struct cr_account_row {
	long long id, unit_id;
	char login[64], role[16], region[16], dept[16];
	char region_name[64], unit_name[256];
	int disabled;
};

/* What an account names, looked up: whether its region code, department code and unit exist
 * (one not named — "" or 0 — counts as existing), and the unit's region when it does. */
struct cr_account_refs {
	bool region, dept, unit;
	char unit_region[16];
};
int cr_store_account_refs(struct cr_conn *c, const char *region, const char *dept,
			  long long unit_id, struct cr_account_refs *out, struct cr_err *err);

/* Inserts an account (unit_id 0 = none); 409 when the login is taken. The new id in *id. */
int cr_store_account_insert(struct cr_conn *c, const char *login, const char *pw_hash,
			    const char *role, const char *region, const char *dept,
			    long long unit_id, const char *created_at, long long *id,
			    struct cr_err *err);
/* Replaces the password hash of login; its id in *id; 404 (field login) when there is none. */
int cr_store_account_set_hash(struct cr_conn *c, const char *login, const char *pw_hash,
			      long long *id, struct cr_err *err);
int cr_store_account_set_disabled(struct cr_conn *c, long long id, bool disabled,
				  struct cr_err *err);

/* The enabled account of login into *u and its hash into hash (hash_cap bytes); *found says
 * whether there is one. 0, or -1 on a database error. */
int cr_store_account_by_login(struct cr_conn *c, const char *login, struct cr_user *u, char *hash,
			      size_t hash_cap, bool *found, struct cr_err *err);
/* One account; 404 (field id) when there is none. */
int cr_store_account_read(struct cr_conn *c, long long id, struct cr_account_row *a,
			  struct cr_err *err);
/* Every account, ordered by login, into *rows (malloc'd; the caller frees it) and *n. */
int cr_store_account_list(struct cr_conn *c, struct cr_account_row **rows, size_t *n,
			  struct cr_err *err);
/* Every account's own columns (no hashes), ordered by login, into *users (malloc'd; the caller
 * frees it) and *n — what the shell lists. */
int cr_store_account_list_all(struct cr_conn *c, struct cr_user **users, size_t *n,
			      struct cr_err *err);

/* Reads a users row's id, login, role, region, dept, unit_id from column col on into *u, for
 * the store files that join users (an unreadable role reads as expert, the least power). */
void cr_store_account_columns(struct cr_stmt *s, int col, struct cr_user *u);

#endif
