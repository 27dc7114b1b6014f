/* hazard_view.h — a hazard as the API answers it: the stored row (store/hazards.h) and its
 * clock for today (domain/hazard_clock.h). No SQL and no permission rules here. */
#ifndef CR_SERVICE_HAZARD_VIEW_H
#define CR_SERVICE_HAZARD_VIEW_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* The hazard with its labels (state_cn after state, listed after supervised_by, escalation
 * before escalation_level) and overdue, due_soon and days_left for `today` ("YYYY-MM-DD",
 * China Standard Time) after its deadline; new reference, or NULL with 404. */
json_t *cr_hazard_view_get(struct cr_conn *c, long long id, const char *today, struct cr_err *err);
/* Adds the labels and the clock for `today` to a stored hazard row (every read, list, audit
 * and export of a hazard goes through it): steals `row`, returns a new reference. */
json_t *cr_hazard_view(json_t *row, const char *today);
/* The same for every item of a list answer {"items":[…]}, in place. */
void cr_hazard_view_items(json_t *list, const char *today);

#endif
