/* plans.h — SQL for emergency plans (应急预案): rows as JSON, writes, the links from a plan to
 * the major hazard sources it covers, and the two gap lists (sources without a plan, plans past
 * their review or drill cut-off). No rules here: the cut-offs come from domain/plan.c. */
#ifndef CR_STORE_PLANS_H
#define CR_STORE_PLANS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* A validated plan as written. Strings and JSON borrowed; dates NULL when never. */
struct cr_plan_row {
	long long unit_id;
	const char *region, *dept, *name, *type;
	const json_t *risk_ids, *installation_ids;
	const char *issued_on, *reviewed_on, *drilled_on;
};

json_t *cr_store_plan_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_plan_insert(struct cr_conn *c, const struct cr_plan_row *p, long long *id,
			 struct cr_err *err);
int cr_store_plan_update(struct cr_conn *c, long long id, const struct cr_plan_row *p,
			 long long expect_version, struct cr_err *err);
int cr_store_plan_set_status(struct cr_conn *c, long long id, const char *status,
			     struct cr_err *err);
/* Makes the plan cover exactly these installation ids (none when archived). */
int cr_store_plan_link(struct cr_conn *c, long long id, const json_t *installation_ids,
		       struct cr_err *err);
/* {"items":[…]}: the unit's active plans by id. */
json_t *cr_store_plan_list_unit(struct cr_conn *c, long long unit_id, struct cr_err *err);
/* 1 when id is an active row of table ("risks" or "installations") of the unit, 0 when not,
 * -1 with err. */
int cr_store_plan_owns(struct cr_conn *c, const char *table, long long unit_id, long long id,
		       struct cr_err *err);

/* Which part of the city a gap list covers. */
struct cr_plan_scope {
	const char *region_prefix; /* "" = all */
	const char *dept;          /* NULL/"" = any */
	long long unit_id;         /* 0 = any */
};
/* {"items":[{"id","name","unit_id","unit_name","region","grade"}]}: active major hazard sources
 * (installations with major) that no active plan covers; at most 1000. */
json_t *cr_store_sources_without_plan(struct cr_conn *c, const struct cr_plan_scope *s,
				      struct cr_err *err);
/* {"items":[plan…]}: active plans whose last review (or issue) is before review_cut, or whose
 * last drill (or issue) is before drill_cut[key][type] (type: comprehensive, special, onsite;
 * key 1 when the plan's unit's sector is one of the nkey key_sectors, else 0); at most 1000. */
json_t *cr_store_plans_overdue(struct cr_conn *c, const struct cr_plan_scope *s,
			       const char *review_cut, const char *const drill_cut[2][3],
			       const char *const *key_sectors, int nkey, struct cr_err *err);

#endif
