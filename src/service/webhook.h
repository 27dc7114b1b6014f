/* webhook.h — outgoing webhooks: configured per territory and department by the regulators who
 * own them, fed with every alert they take (queued in the alert's transaction), sent signed by a
 * background worker that retries with exponential back-off; deliveries are listed with their
 * state. */
#ifndef CR_SERVICE_WEBHOOK_H
#define CR_SERVICE_WEBHOOK_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"
#include "service/ticker.h"
#include "store/db.h"

/* Each returns a new reference, or NULL with err filled. The secret is write-only. */
json_t *cr_webhook_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			  struct cr_err *err);
json_t *cr_webhook_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			 const json_t *body, struct cr_err *err);
json_t *cr_webhook_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);
json_t *cr_webhook_deliveries(struct cr_conn *c, const struct cr_user *u, long long id,
			      const char *state, const char *after, const char *limit,
			      struct cr_err *err);

/* Inside the alert's transaction: queues the alert (borrowed) for every webhook that takes it. */
int cr_webhook_enqueue(struct cr_conn *c, const json_t *alert, struct cr_err *err);
/* Wakes the worker (after a commit that queued deliveries). */
void cr_webhook_kick(void);

/* The worker: a ticker (service/ticker.h) that sends due deliveries every second and at once
 * when kicked, until stopped. */
struct cr_ticker *cr_webhook_worker_start(struct cr_db *db);
void cr_webhook_worker_stop(struct cr_ticker *worker);

#endif
