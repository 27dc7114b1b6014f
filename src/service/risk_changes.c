/* risk_changes.c — the quarterly dynamic-update view: parses the quarter, narrows the query to the
 * user's scope (as cr_risk_list does) and reads store/risk_changes.c. It must not write. */
#include "service/risk_changes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"
#include "domain/quarter.h"
#include "service/config.h"
#include "store/risk_changes.h"

static const char *const lists[] = { "new", "raised", "lowered", "overdue_review" };

/* The page asked for: list (NULL = every list), offset ≥ 0 and limit 1–200. */
static int read_page(const struct cr_changes_query *q, struct cr_change_filter *f,
		     struct cr_err *err)
{
	if (q->list && *q->list) {
		size_t i = 0;
		while (i < sizeof lists / sizeof lists[0] && strcmp(lists[i], q->list) != 0)
			i++;
		if (i == sizeof lists / sizeof lists[0])
			return cr_err_set(err, 400, "invalid", "list",
					  "list must be new, raised, lowered or overdue_review");
		f->only = lists[i];
	}
	char *end;
	if (q->offset && *q->offset) {
		long long v = strtoll(q->offset, &end, 10);
		if (*end || v < 0 || v > 100000000)
			return cr_err_set(err, 400, "invalid", "offset",
					  "offset must be a whole number ≥ 0");
		f->offset = v;
	}
	if (q->limit && *q->limit) {
		long long v = strtoll(q->limit, &end, 10);
		if (*end || v < 1 || v > CR_CHANGES_LIST_MAX)
			return cr_err_set(err, 400, "invalid", "limit", "limit must be 1–200");
		f->limit = (int)v;
	}
	return 0;
}

int cr_risk_changes_filter(const struct cr_user *u, const struct cr_changes_query *q,
			   struct cr_change_filter *f, struct cr_scope *sc, struct cr_quarter *qt,
			   char cutoff[11], struct cr_err *err)
{
	if (q->quarter && *q->quarter) {
		if (cr_quarter_parse(q->quarter, qt))
			return cr_err_set(
				err, 400, "invalid", "quarter",
				"quarter must be YYYYQn, e.g. 2026Q4 (n 1–4, year 1990–2100)");
	} else {
		cr_quarter_of(time(NULL), qt);
	}
	*f = (struct cr_change_filter){ .dept = q->dept,
					.since_utc = qt->since_utc,
					.until_utc = qt->until_utc,
					.limit = CR_CHANGES_LIST_MAX };
	if (read_page(q, f, err))
		return -1;
	if (q->dept && strlen(q->dept) > 15)
		return cr_err_set(err, 400, "invalid", "dept", "dept must be a department code");
	if (cr_user_scope(u, q->region, q->dept, 0, sc, err))
		return -1;
	f->region_prefix = sc->region;
	f->dept = sc->dept;
	f->unit_id = sc->unit_id;
	/* Overdue for review: not reviewed within review_days before the quarter's end. */
	if (cr_date_add(qt->until, -(long)cr_config()->review_days, cutoff))
		return cr_err_set(err, 500, "internal", "", "bad review window");
	f->review_cutoff = cutoff;
	return 0;
}

json_t *cr_risk_changes(struct cr_conn *c, const struct cr_user *u,
			const struct cr_changes_query *q, struct cr_err *err)
{
	struct cr_quarter qt;
	struct cr_change_filter f;
	struct cr_scope sc;
	char cutoff[11];
	if (cr_risk_changes_filter(u, q, &f, &sc, &qt, cutoff, err))
		return NULL;
	json_t *out = cr_store_risk_changes(c, &f, err);
	if (!out)
		return NULL;
	json_object_set_new(out, "quarter", json_string(qt.name));
	json_object_set_new(out, "since", json_string(qt.since));
	json_object_set_new(out, "until", json_string(qt.until));
	json_object_set_new(out, "review_days", json_integer(cr_config()->review_days));
	json_object_set_new(out, "review_cutoff", json_string(cutoff));
	json_object_set_new(out, "offset", json_integer(f.offset));
	json_object_set_new(out, "limit", json_integer(f.limit));
	return out;
}
