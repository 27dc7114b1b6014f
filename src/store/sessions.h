/* sessions.h — SQL for sessions: each row is the hash of a cookie token, its account, its CSRF
 * token and when it expires (seconds since the epoch). Tokens and their hashes are made above. */
#ifndef CR_STORE_SESSIONS_H
#define CR_STORE_SESSIONS_H

#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/user.h"

int cr_store_session_insert(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			    long long user_id, const char *csrf, long long expires_at,
			    struct cr_err *err);
/* The live session of a token hash (expires_at >= now, account enabled): its account into *u
 * and its CSRF token into csrf (csrf_cap bytes); *found says whether there is one. 0, or -1 on
 * a database error. */
int cr_store_session_find(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			  long long now, struct cr_user *u, char *csrf, size_t csrf_cap,
			  bool *found, struct cr_err *err);
int cr_store_session_delete(struct cr_conn *c, const unsigned char *token_hash, size_t hash_len,
			    struct cr_err *err);
/* Ends every session of one account. */
int cr_store_session_delete_account(struct cr_conn *c, long long user_id, struct cr_err *err);
/* Deletes the sessions that expired before now. */
int cr_store_session_purge(struct cr_conn *c, long long now, struct cr_err *err);

#endif
