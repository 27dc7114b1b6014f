/* webhooks.h — SQL for outgoing webhooks and their deliveries: rows as JSON (never the secret),
 * the webhooks an alert goes to, queuing, leasing due deliveries and recording each attempt. No
 * permission, signing or retry policy here. */
#ifndef CR_STORE_WEBHOOKS_H
#define CR_STORE_WEBHOOKS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* A validated webhook as it is written. Strings are borrowed; rules is borrowed JSON. */
struct cr_webhook_row {
	const char *name, *url, *secret, *region, *dept;
	const json_t *rules;
	long long retry_s, max_attempts;
	bool active;
	const char *created_by;
};

/* The webhook as JSON without its secret ("secret_set": true), or NULL with 404. */
json_t *cr_store_webhook_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_webhook_insert(struct cr_conn *c, const struct cr_webhook_row *w, long long *id,
			    struct cr_err *err);
int cr_store_webhook_update(struct cr_conn *c, long long id, const struct cr_webhook_row *w,
			    long long expect_version, struct cr_err *err);
/* Webhooks whose region starts with region_prefix and, when dept is non-empty, of that
 * department: {"items":[…]}. New reference. */
json_t *cr_store_webhook_list(struct cr_conn *c, const char *region_prefix, const char *dept,
			      struct cr_err *err);

/* Queues payload for every active webhook that takes an alert of rule in region and dept
 * (its region a prefix of region, its dept empty or dept, its rules empty or holding rule),
 * due at next_at. *queued: how many. */
int cr_store_webhook_enqueue(struct cr_conn *c, long long alert_id, const char *rule,
			     const char *region, const char *dept, const char *payload,
			     long long next_at, int *queued, struct cr_err *err);

/* A delivery as the worker sends it. Strings are malloc'd (cr_store_webhook_due_free). */
struct cr_webhook_due {
	long long id, attempts, retry_s, max_attempts;
	char *url, *secret, *payload;
	bool active;
};
/* Leases up to cap pending deliveries due at now (next_at ≤ now) by moving their next_at to
 * now + lease_s, in one transaction, so no other worker takes them. *n: how many. */
int cr_store_webhook_due(struct cr_conn *c, long long now, long long lease_s,
			 struct cr_webhook_due *out, int cap, int *n, struct cr_err *err);
void cr_store_webhook_due_free(struct cr_webhook_due *d, int n);
/* Records an attempt: state ("pending", "delivered", "failed"), attempts, the HTTP status
 * (0: none), the error text and the next try. */
int cr_store_webhook_attempt(struct cr_conn *c, long long id, const char *state, long long attempts,
			     int status, const char *error, long long next_at, struct cr_err *err);

/* The deliveries of a webhook, newest first: {"items","next","total"}. New reference. */
json_t *cr_store_webhook_deliveries(struct cr_conn *c, long long webhook_id, const char *state,
				    long long after, int limit, struct cr_err *err);

#endif
