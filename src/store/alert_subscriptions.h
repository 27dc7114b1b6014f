/* alert_subscriptions.h — SQL for each user's alert subscription (one row per user). */
#ifndef CR_STORE_ALERT_SUBSCRIPTIONS_H
#define CR_STORE_ALERT_SUBSCRIPTIONS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* {"region","rules","min_level","updated_at"} of user_id, or JSON null when it has none. New
 * reference, or NULL with err. */
json_t *cr_store_alert_subscription_get(struct cr_conn *c, long long user_id, struct cr_err *err);
/* Writes (replaces) the subscription; rules is a JSON array text. */
int cr_store_alert_subscription_put(struct cr_conn *c, long long user_id, const char *region,
				    const char *rules, const char *min_level, struct cr_err *err);
/* Removes it. */
int cr_store_alert_subscription_delete(struct cr_conn *c, long long user_id, struct cr_err *err);

#endif
