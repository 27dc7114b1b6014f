/* hazard_view.c — the fields of a hazard derived from its stored row: the labels of its state,
 * listing and escalation, and its clock for the day asked. It must not read the clock itself or
 * restate a rule: both are the caller's and the domain's. */
#include "service/hazard_view.h"

#include <string.h>

#include "domain/hazard_clock.h"
#include "domain/hazard_flow.h"
#include "store/hazards.h"

json_t *cr_hazard_view(json_t *row, const char *today)
{
	if (!row)
		return NULL;
	enum cr_hazard_state st = CR_HZ_FOUND;
	const char *state = json_string_value(json_object_get(row, "state"));
	cr_hazard_state_parse(state ? state : "", &st);
	const char *deadline = json_string_value(json_object_get(row, "deadline"));
	struct cr_hazard_due due;
	cr_hazard_due(st, deadline, today, &due);
	const char *escalation = cr_hazard_escalation_name(
		(int)json_integer_value(json_object_get(row, "escalation_level")));
	/* A new object keeps the keys in the order the API has always had: each label follows
	 * the field it is derived from, the clock follows the deadline. */
	json_t *o = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(row, k, v) {
		if (strcmp(k, "escalation_level") == 0)
			json_object_set_new_nocheck(o, "escalation",
						    json_string(escalation ? escalation : "unit"));
		json_object_set_nocheck(o, k, v);
		if (strcmp(k, "state") == 0) {
			json_object_set_new_nocheck(o, "state_cn",
						    json_string(cr_hazard_state_cn(st)));
		} else if (strcmp(k, "deadline") == 0) {
			json_object_set_new_nocheck(o, "overdue", json_boolean(due.overdue));
			json_object_set_new_nocheck(o, "due_soon", json_boolean(due.due_soon));
			json_object_set_new_nocheck(o, "days_left",
						    deadline ? json_integer(due.days_left)
							     : json_null());
		} else if (strcmp(k, "supervised_by") == 0) {
			/* 挂牌督办: listed once a level supervises it (the list's "listed" filter) */
			json_object_set_new_nocheck(o, "listed", json_boolean(!json_is_null(v)));
		}
	}
	json_decref(row);
	return o;
}

json_t *cr_hazard_view_get(struct cr_conn *c, long long id, const char *today, struct cr_err *err)
{
	return cr_hazard_view(cr_store_hazard_get(c, id, err), today);
}

void cr_hazard_view_items(json_t *list, const char *today)
{
	json_t *items = json_object_get(list, "items");
	size_t i;
	json_t *h;
	json_array_foreach(items, i, h)
		json_array_set_new(items, i, cr_hazard_view(json_incref(h), today));
}
