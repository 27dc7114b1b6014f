/* reporting.h — reporting cycles (报告周期): which units owe which report (initial, periodic,
 * change) and by when, by the rules of domain/reporting_cycle.h on the dates the store keeps. */
#ifndef CR_SERVICE_REPORTING_H
#define CR_SERVICE_REPORTING_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/reporting_cycle.h"
#include "domain/user.h"

/* The kind a submission of the unit's list made today counts as. 0, or -1 with err. */
int cr_reporting_unit_kind(struct cr_conn *c, long long unit_id, enum cr_reporting_kind *kind,
			   struct cr_err *err);
/* The reports the unit owes today: [{kind, kind_cn, due, late, days_late}…]. New reference;
 * no authorisation (the caller read the unit). */
json_t *cr_reporting_unit_owed(struct cr_conn *c, long long unit_id, struct cr_err *err);

struct cr_reporting_query {
	const char *region, *dept, *kind, *late, *as_of, *limit; /* as received, NULL = absent */
};
/* GET /api/v1/reporting/owed?region=&dept=&kind=&late=1&as_of=&limit=: the reports owed in u's
 * scope, most overdue first: {"as_of", "items":[{unit_id, unit_name, region, region_name, dept,
 * sector, kind, kind_cn, due, late, days_late}…], "total", "counts":{initial, periodic, change,
 * late}}. as_of (YYYY-MM-DD, default today) asks "owed on that day" and changes nothing. Unit
 * accounts are refused (403): they see their own on their unit's page. */
json_t *cr_reporting_owed_list(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_reporting_query *q, struct cr_err *err);

/* The early-warning rule report_late: for each active unit (by region, then id) owing reports
 * more than grace_days past due on today (YYYY-MM-DD, China's day), calls fn with the unit's
 * row ({id, name, region, dept, …} as in cr_store_reporting_facts, borrowed) and those reports
 * (1 … CR_REPORTING_KIND_COUNT). Stops at fn's first non-zero answer and returns it; -1 with
 * err when the store fails. */
typedef int (*cr_reporting_late_fn)(void *ctx, const json_t *unit,
				    const struct cr_reporting_due *late, size_t n);
int cr_reporting_each_late(struct cr_conn *c, const char *today, int grace_days,
			   cr_reporting_late_fn fn, void *ctx, struct cr_err *err);

#endif
