/* audit.h — the audit trail (痕迹管理): who, when, what, before and after, written inside the
 * caller's transaction so the entry exists exactly when the change does. */
#ifndef CR_AUDIT_H
#define CR_AUDIT_H

#include <jansson.h>
#include "store/sql.h"

#include "core/clock.h" /* cr_now_iso, for the store files that stamp rows */
#include "core/err.h"
#include "domain/user.h"

/* Appends an entry; before/after may be NULL. Each entry's hash covers the previous entry's
 * hash, so a rewritten history shows. Must be called inside an open transaction. */
int cr_audit_write(struct cr_conn *c, const struct cr_user *who, const char *entity,
		   const char *entity_id, const char *action, const json_t *before,
		   const json_t *after, struct cr_err *err);
/* The last step of a write: audits `after` against `before` as who and commits. `after` is the
 * caller's and becomes the answer: on any failure (after NULL included, when reading it back
 * failed with err set) the transaction is rolled back and after released. after, or NULL. */
json_t *cr_audit_commit(struct cr_conn *c, const struct cr_user *who, const char *entity,
			long long id, const char *action, const json_t *before, json_t *after,
			struct cr_err *err);

/* History of one entity, oldest first, as {"items":[…]}. New reference. */
json_t *cr_audit_history(struct cr_conn *c, const char *entity, const char *entity_id,
			 struct cr_err *err);

/* Recomputes the chain; returns the id of the first broken entry, 0 when intact, -1 on error.
 * entries (may be NULL) gets the number of entries the chain holds, a broken one's included. */
long long cr_audit_verify(struct cr_conn *c, long long *entries, struct cr_err *err);

#endif
