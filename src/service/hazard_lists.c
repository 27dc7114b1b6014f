/* hazard_lists.c — lists and figures of hidden hazards within the caller's scope: query
 * arguments checked and turned into one filter. It must not write; no SQL here. */
#include "service/hazards.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/hazard_clock.h"
#include "service/hazard_view.h"
#include "service/input.h"
#include "store/hazards.h"

static int flag_arg(const char *v, const char *name, bool *out, struct cr_err *err)
{
	if (!v || !*v || strcmp(v, "0") == 0 || strcmp(v, "false") == 0) {
		*out = false;
		return 0;
	}
	if (strcmp(v, "1") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return 0;
	}
	return cr_err_set(err, 400, "invalid", name, "%s must be 1 or 0", name);
}

static int id_arg(const char *v, const char *name, long long *out, struct cr_err *err)
{
	if (!v || !*v)
		return 0;
	char *end;
	*out = strtoll(v, &end, 10);
	if (*end || *out <= 0)
		return cr_err_set(err, 400, "invalid", name, "%s must be an id", name);
	return 0;
}

int cr_hazard_list_filter(const struct cr_user *u, const struct cr_hazard_query *q,
			  struct cr_hazard_filter *f, char region_buf[24], char today[11],
			  struct cr_hazard_clock_window *clock, struct cr_err *err)
{
	cr_date_today(time(NULL), today);
	if (cr_hazard_clock_window(today, clock))
		return cr_err_set(err, 500, "internal", "", "today is not a date");
	*f = (struct cr_hazard_filter){ .dept = q->dept,
					.sector = q->sector,
					.state = q->state,
					.grade = q->grade,
					.source = q->source,
					.supervised_by = q->supervised_by,
					.q = q->q,
					.clock = clock,
					.limit = CR_INPUT_LIMIT_DEFAULT };
	/* The unit of unit users is settled below, where unit_id=none is known. */
	struct cr_scope sc;
	if (cr_user_scope(u, q->region, q->dept, 0, &sc, err))
		return -1;
	snprintf(region_buf, 24, "%s", sc.region);
	f->region_prefix = region_buf;
	f->dept = sc.dept;
	enum cr_hazard_state st;
	if (q->state && *q->state && cr_hazard_state_parse(q->state, &st))
		return cr_err_set(err, 400, "invalid", "state", "unknown state '%s'", q->state);
	if (q->grade && *q->grade && !cr_hazard_grade_valid(q->grade))
		return cr_err_set(err, 400, "invalid", "grade", "grade must be general or major");
	if (q->source && *q->source && !cr_hazard_source_valid(q->source))
		return cr_err_set(err, 400, "invalid", "source", "unknown source '%s'", q->source);
	if (q->supervised_by && strlen(q->supervised_by) > 15)
		return cr_err_set(err, 400, "invalid", "supervised_by",
				  "supervised_by is a department code or AWB");
	if (flag_arg(q->listed, "listed", &f->listed, err) ||
	    flag_arg(q->open, "open", &f->open, err) ||
	    flag_arg(q->overdue, "overdue", &f->overdue, err) ||
	    flag_arg(q->due_soon, "due_soon", &f->due_soon, err))
		return -1;
	if (q->escalation && *q->escalation) {
		if (strcmp(q->escalation, "department") == 0)
			f->min_escalation = 1;
		else if (strcmp(q->escalation, "city") == 0)
			f->min_escalation = 2;
		else
			return cr_err_set(err, 400, "invalid", "escalation",
					  "escalation must be department or city");
	}
	if (q->unit_id && strcmp(q->unit_id, "none") == 0)
		f->no_unit = true;
	else if (id_arg(q->unit_id, "unit_id", &f->unit_id, err))
		return -1;
	if (id_arg(q->risk_id, "risk_id", &f->risk_id, err))
		return -1;
	if (u->role == CR_ROLE_UNIT) {
		if ((f->unit_id && f->unit_id != u->unit_id) || f->no_unit)
			return cr_err_set(err, 403, "forbidden", "unit_id",
					  "unit %s is outside your scope", q->unit_id);
		f->unit_id = u->unit_id;
		f->region_prefix = "";
	}
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	return cr_input_search(f->q, err);
}

json_t *cr_hazard_list(struct cr_conn *c, const struct cr_user *u, const struct cr_hazard_query *q,
		       struct cr_err *err)
{
	struct cr_hazard_filter f;
	struct cr_hazard_clock_window clock;
	char region[24], today[11];
	if (cr_hazard_list_filter(u, q, &f, region, today, &clock, err))
		return NULL;
	json_t *out = cr_store_hazard_list(c, &f, err);
	size_t i;
	json_t *h;
	cr_hazard_view_items(out, today);
	if (out)
		json_array_foreach(json_object_get(out, "items"), i, h)
			cr_hazard_scrub(u, h);
	return out;
}

json_t *cr_hazard_stats(struct cr_conn *c, const struct cr_user *u, const struct cr_hazard_query *q,
			const char *by, struct cr_err *err)
{
	struct cr_hazard_filter f;
	struct cr_hazard_clock_window clock;
	char region[24], today[11];
	if (cr_hazard_list_filter(u, q, &f, region, today, &clock, err))
		return NULL;
	return cr_store_hazard_stats(c, &f, by, err);
}
