/* login_throttle.h — SQL for the log-in delays every server on the database shares: one row per
 * key ("l:" + a login, "a:" + a client address) with its failures, the time of the last one and
 * the time before which no attempt is checked (wall-clock seconds). It decides no delay:
 * service/login_guard.c does. */
#ifndef CR_STORE_LOGIN_THROTTLE_H
#define CR_STORE_LOGIN_THROTTLE_H

#include <stdbool.h>

#include "core/err.h"
#include "store/db.h"

struct cr_throttle_row {
	int failures;
	double last, until;
};

/* The row of key into *row, *found false (and *row zeroed) when there is none. */
int cr_store_throttle_get(struct cr_conn *c, const char *key, struct cr_throttle_row *row,
			  bool *found, struct cr_err *err);
/* Inside a transaction, before cr_store_throttle_get: makes the row of key if missing and holds
 * it until the commit, so two servers counting a failure at once count two. */
int cr_store_throttle_hold(struct cr_conn *c, const char *key, struct cr_err *err);
int cr_store_throttle_put(struct cr_conn *c, const char *key, const struct cr_throttle_row *row,
			  struct cr_err *err);
int cr_store_throttle_delete(struct cr_conn *c, const char *key, struct cr_err *err);
/* Forgets the rows whose last failure is before `before` and that hold no delay past it. */
int cr_store_throttle_purge(struct cr_conn *c, double before, struct cr_err *err);

#endif
