/* auth.h — users, password hashes (argon2id via libsodium) and sessions with CSRF tokens.
 * Passwords and session tokens never reach the database in clear. */
#ifndef CR_AUTH_H
#define CR_AUTH_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

#define CR_TOKEN_LEN 44 /* base64url of 32 random bytes, plus NUL */

/* Must be called once before any other function here (initialises libsodium). */
int cr_auth_init(void);

/* Adds a user; checks the role's required scope (region/dept/unit exist). Audited as "system"
 * or as `by` when given. Returns the new id through *id. */
int cr_user_add(struct cr_conn *c, const struct cr_user *by, const char *login, const char *role,
		const char *region, const char *dept, long long unit_id, const char *password,
		long long *id, struct cr_err *err);
/* Sets a new password (audited as `by`, NULL = the shell) and ends the account's sessions. */
int cr_user_set_password(struct cr_conn *c, const struct cr_user *by, const char *login,
			 const char *password, struct cr_err *err);
/* Disables or re-enables an account (audited as `by`); disabling ends its sessions. */
int cr_user_set_disabled(struct cr_conn *c, const struct cr_user *by, long long id, bool disabled,
			 struct cr_err *err);
/* {"id","login","role","region","dept","unit_id"} of a user. New reference. */
json_t *cr_user_to_json(const struct cr_user *u);

/* Checks the password and opens a session: fills token (for the cookie), csrf and the user. A
 * wrong login or password is the same 401, in the same time; it is audited (action
 * login_failed, with addr, the client's address or NULL) and counted by login_guard.h, which
 * the caller asks first. 503 when every password-hashing slot stays busy. */
int cr_session_open(struct cr_conn *c, const char *login, const char *password, const char *addr,
		    char token[CR_TOKEN_LEN], char csrf[CR_TOKEN_LEN], struct cr_user *u,
		    struct cr_err *err);
/* Finds the live session of a cookie token; 401 when there is none. */
int cr_session_find(struct cr_conn *c, const char *token, struct cr_user *u,
		    char csrf[CR_TOKEN_LEN], struct cr_err *err);
void cr_session_close(struct cr_conn *c, const char *token);

#endif
