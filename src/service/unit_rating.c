/* unit_rating.c — the unit rating use cases: the rule is domain/rating.c's, the counts and the
 * stored colour the store's. It must not build SQL or speak HTTP. */
#include "service/unit_rating.h"

#include <time.h>

#include "domain/date.h"
#include "domain/hazard_clock.h"
#include "domain/rating.h"
#include "service/config.h"
#include "service/units.h"
#include "store/hazard_counts.h"
#include "store/risks.h"

int cr_unit_rating_refresh(struct cr_conn *c, long long unit_id, struct cr_err *err)
{
	struct cr_rating_input in = { 0 };
	int flagged;
	char today[11];
	struct cr_hazard_clock_window clock;
	cr_date_today(time(NULL), today);
	if (cr_hazard_clock_window(today, &clock))
		return cr_err_set(err, 500, "internal", "", "today is not a date");
	if (cr_store_unit_risk_counts(c, unit_id, in.points_by_grade, &flagged, err) ||
	    cr_unit_hazard_counts(c, unit_id, &clock, &in.open_major_hazards,
				  &in.overdue_general_hazards, err))
		return -1;
	struct cr_rating out;
	if (cr_unit_rate(&cr_config()->rating, &in, &out, err))
		return -1;
	return cr_store_unit_set_rating(c, unit_id, out.color, out.reason, out.reason_cn, flagged,
					err);
}

json_t *cr_unit_rating(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		       struct cr_err *err)
{
	json_t *unit = cr_unit_read(c, u, unit_id, err);
	if (!unit)
		return NULL;
	int by[5], flagged;
	json_t *out = NULL;
	if (cr_store_unit_risk_counts(c, unit_id, by, &flagged, err) == 0)
		out = json_pack("{sO sO sO si s{si si si si}}", "color",
				json_object_get(unit, "rating"), "reason",
				json_object_get(unit, "rating_reason"), "reason_cn",
				json_object_get(unit, "rating_reason_cn"), "owner_flags", flagged,
				"points_by_grade", "1", by[1], "2", by[2], "3", by[3], "4", by[4]);
	json_decref(unit);
	return out;
}
