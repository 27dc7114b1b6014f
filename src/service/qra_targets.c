/* qra_targets.c — the registry's vulnerable targets as QRA population points: a request with
 * "targets": true gets every active target the account may read appended to its population,
 * with its people (the larger of day and night) and its GB 36894 class (cr_qra_target_class).
 * Reads only; the QRA itself stays in qra.c, which does not touch the database. */
#include "service/qra_targets.h"

#include <stdio.h>

#include "core/jsonx.h"
#include "qra/risk.h"
#include "service/targets.h"

/* Appends the account's active targets to pop (an array). 0, or -1 with err. */
static int append_targets(struct cr_conn *c, const struct cr_user *u, json_t *pop,
			  struct cr_err *err)
{
	char after[24] = "";
	for (;;) {
		struct cr_target_query q = { .status = "active",
					     .limit = "500",
					     .after = after[0] ? after : NULL };
		json_t *page = cr_target_list(c, u, &q, err);
		if (!page)
			return -1;
		size_t i;
		json_t *t;
		json_array_foreach(json_object_get(page, "items"), i, t) {
			json_int_t day = json_integer_value(json_object_get(t, "people_day")),
				   night = json_integer_value(json_object_get(t, "people_night"));
			bool known = json_is_integer(json_object_get(t, "people_day")) ||
				     json_is_integer(json_object_get(t, "people_night"));
			json_int_t people = day > night ? day : night;
			int klass = cr_qra_target_class(
				json_string_value(json_object_get(t, "protection_class")),
				known ? people : -1);
			json_array_append_new(pop,
					      json_pack("{s:O,s:O,s:I,s:i,s:O,s:O}", "lon",
							json_object_get(t, "lon"), "lat",
							json_object_get(t, "lat"), "people", people,
							"protection_class", klass, "name",
							json_object_get(t, "name"), "target_id",
							json_object_get(t, "id")));
		}
		const char *next = json_string_value(json_object_get(page, "next"));
		if (next)
			snprintf(after, sizeof after, "%s", next);
		json_decref(page);
		if (!next)
			return 0;
	}
}

json_t *cr_qra_with_targets(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			    struct cr_err *err)
{
	const json_t *flag = json_object_get(body, "targets");
	json_t *out = json_deep_copy(body);
	if (!out)
		return cr_err_set(err, 500, "internal", "", "out of memory"), NULL;
	json_object_del(out, "targets");
	if (flag && !json_is_boolean(flag)) {
		json_decref(out);
		return cr_err_set(err, 400, "invalid", "targets", "targets must be true or false"),
		       NULL;
	}
	if (!json_is_true(flag))
		return out;
	json_t *pop = json_object_get(out, "population");
	if (!pop) {
		pop = json_array();
		json_object_set_new(out, "population", pop);
	}
	if (!json_is_array(pop)) {
		json_decref(out);
		return cr_err_set(err, 400, "invalid", "population",
				  "population is a list of points"),
		       NULL;
	}
	if (append_targets(c, u, pop, err)) {
		json_decref(out);
		return NULL;
	}
	return out;
}
