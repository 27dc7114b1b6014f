/* cap_alerts.h — SQL for public CAP 1.2 warnings: rows as JSON, the insert, publishing, the
 * scoped list and the published ones for the feed. No CAP rule or XML here. */
#ifndef CR_STORE_CAP_ALERTS_H
#define CR_STORE_CAP_ALERTS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* A validated draft as it is written. Strings are borrowed; polygon or circle is NULL. */
struct cr_cap_alert_row {
	long long alert_id; /* 0 = none */
	const char *region, *dept, *event, *category, *urgency, *severity, *certainty, *headline,
		*description, *instruction, *area_desc, *polygon, *circle, *expires, *author;
	long long author_id;
};

json_t *cr_store_cap_alert_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_cap_alert_insert(struct cr_conn *c, const struct cr_cap_alert_row *a, long long *id,
			      struct cr_err *err);
/* Publishes the draft: state "published", the approver and the CAP sent time. */
int cr_store_cap_alert_publish(struct cr_conn *c, long long id, const char *approver,
			       long long approver_id, const char *sent, struct cr_err *err);
/* Drafts and published warnings in region_prefix (and dept, when non-empty), newest first,
 * at most limit: {"items":[…]}. state NULL/"" = both. New reference. */
json_t *cr_store_cap_alert_list(struct cr_conn *c, const char *region_prefix, const char *dept,
				const char *state, int limit, struct cr_err *err);

#endif
