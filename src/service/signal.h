/* signal.h — external signals: weather warnings (type, colour, regions or a polygon, time
 * window) and monitoring events at a unit. A weather warning is weighed against the dynamic
 * reports and major hazard sources in its area and window, and raises an alert for each one it
 * endangers; a monitoring event raises one for its unit. All in one transaction, announced
 * after it. */
#ifndef CR_SERVICE_SIGNAL_H
#define CR_SERVICE_SIGNAL_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* The stored signal with "alerts": the alerts it raised. New reference, or NULL with err. */
json_t *cr_signal_post(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		       struct cr_err *err);
/* Signals in u's territory, newest first (at most 200): {"items":[…]}. */
json_t *cr_signal_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);

#endif
