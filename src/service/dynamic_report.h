/* dynamic_report.h — 动态上报 use cases: a unit (or its regulator) files a coming upgrade,
 * renovation, large event, hot work or shutdown with its window, place, temporary risks and
 * measures; the supervising district and department are alerted in the same transaction and
 * on the live stream after it. */
#ifndef CR_SERVICE_DYNAMIC_REPORT_H
#define CR_SERVICE_DYNAMIC_REPORT_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Each returns a new reference, or NULL with err filled. create answers the stored report
 * with "alert" (the alert raised). */
json_t *cr_dynamic_report_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
				 struct cr_err *err);
json_t *cr_dynamic_report_read(struct cr_conn *c, const struct cr_user *u, long long id,
			       struct cr_err *err);

struct cr_dynamic_report_query {
	const char *region, *kind, *unit_id, *after, *limit;
};
json_t *cr_dynamic_report_list(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_dynamic_report_query *q, struct cr_err *err);

#endif
