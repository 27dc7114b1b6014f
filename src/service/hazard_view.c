/* hazard_view.c — the clock fields of a hazard, added to its stored row for the day asked.
 * It must not read the clock itself or restate its rule: both are the caller's and the domain's. */
#include "service/hazard_view.h"

#include <string.h>

#include "domain/hazard_clock.h"
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
	/* A new object keeps the keys in the order the API has always had: the clock follows
	 * the deadline. */
	json_t *o = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(row, k, v) {
		json_object_set_nocheck(o, k, v);
		if (strcmp(k, "deadline") == 0) {
			json_object_set_new_nocheck(o, "overdue", json_boolean(due.overdue));
			json_object_set_new_nocheck(o, "due_soon", json_boolean(due.due_soon));
			json_object_set_new_nocheck(o, "days_left",
						    deadline ? json_integer(due.days_left)
							     : json_null());
		}
	}
	json_decref(row);
	return o;
}

json_t *cr_hazard_view_get(sqlite3 *c, long long id, const char *today, struct cr_err *err)
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
