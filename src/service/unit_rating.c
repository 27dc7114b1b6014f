/* unit_rating.c — the unit rating use cases: the rule is domain/rating.c's, the counts and the
 * stored colour the store's. It must not build SQL or speak HTTP. */
#include "service/unit_rating.h"

#include <stdlib.h>
#include <time.h>

#include "domain/date.h"
#include "domain/hazard_clock.h"
#include "domain/rating.h"
#include "service/config.h"
#include "service/units.h"
#include "store/hazard_counts.h"
#include "store/risks.h"

static int rate(struct cr_conn *c, long long unit_id, const struct cr_rating_input *in, int flagged,
		bool hold, struct cr_err *err)
{
	struct cr_rating out;
	if (cr_unit_rate(&cr_config()->rating, in, &out, err))
		return -1;
	return (hold ? cr_store_unit_rating_hold : cr_store_unit_set_rating)(
		c, unit_id, out.color, out.reason, out.reason_cn, flagged, err);
}

int cr_unit_rating_store(struct cr_conn *c, long long unit_id, const struct cr_rating_input *in,
			 int flagged, struct cr_err *err)
{
	return rate(c, unit_id, in, flagged, false, err);
}

int cr_unit_rating_hold(struct cr_conn *c, long long unit_id, const struct cr_rating_input *in,
			int flagged, struct cr_err *err)
{
	return rate(c, unit_id, in, flagged, true, err);
}

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
	return cr_unit_rating_store(c, unit_id, &in, flagged, err);
}

/* cr_unit_rating_refresh_many's units and the counts read for them, by the units' order. */
struct refresh {
	const long long *ids;
	size_t n, at_points, at_hazards;
	struct cr_rating_input *in;
	int *flagged;
};

/* The index of unit_id in r's ids, moving *at forward (both run in id order); -1 when absent. */
static long long find(const struct refresh *r, size_t *at, long long unit_id)
{
	while (*at < r->n && r->ids[*at] < unit_id)
		(*at)++;
	return *at < r->n && r->ids[*at] == unit_id ? (long long)*at : -1;
}

static int take_points(void *ctx, const struct cr_unit_point_counts *pc)
{
	struct refresh *r = ctx;
	long long i = find(r, &r->at_points, pc->unit_id);
	if (i >= 0) {
		for (int g = 1; g <= 4; g++)
			r->in[i].points_by_grade[g] = (int)pc->by_grade[g];
		r->flagged[i] = (int)pc->flagged;
	}
	return 0;
}

static int take_hazards(void *ctx, long long unit_id, int open_major, int overdue_general)
{
	struct refresh *r = ctx;
	long long i = find(r, &r->at_hazards, unit_id);
	if (i >= 0) {
		r->in[i].open_major_hazards = open_major;
		r->in[i].overdue_general_hazards = overdue_general;
	}
	return 0;
}

int cr_unit_rating_refresh_many(struct cr_conn *c, const long long *ids, size_t n,
				struct cr_err *err)
{
	char today[11];
	struct cr_hazard_clock_window clock;
	cr_date_today(time(NULL), today);
	if (cr_hazard_clock_window(today, &clock))
		return cr_err_set(err, 500, "internal", "", "today is not a date");
	struct refresh r = { .ids = ids, .n = n };
	r.in = calloc(n ? n : 1, sizeof *r.in);
	r.flagged = calloc(n ? n : 1, sizeof *r.flagged);
	int rc = -1;
	if (!r.in || !r.flagged) {
		cr_err_set(err, 500, "oom", "", "out of memory");
		goto out;
	}
	if (cr_store_unit_point_counts_each(c, take_points, &r, err))
		goto out;
	if (cr_unit_hazard_counts_each(c, &clock, take_hazards, &r, err))
		goto out;
	for (size_t i = 0; i < n; i++)
		if (cr_unit_rating_store(c, ids[i], &r.in[i], r.flagged[i], err))
			goto out;
	rc = 0;
out:
	free(r.in);
	free(r.flagged);
	return rc;
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
