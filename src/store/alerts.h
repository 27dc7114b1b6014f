/* alerts.h — SQL for early-warning alerts (预警): rows as JSON, the insert, state changes, the
 * scoped paged list (newest first), and the queries behind each rule (the records a rule
 * finds). No permission or rule logic here: which rows count is the caller's filter. */
#ifndef CR_STORE_ALERTS_H
#define CR_STORE_ALERTS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* An alert as it is written. Strings are borrowed; links is borrowed JSON (an array of
 * {"entity","id","label"}). */
struct cr_alert_row {
	const char *rule, *level, *region, *dept;
	long long unit_id; /* 0 = none */
	const char *title, *why;
	const json_t *links;
	const char *entity;
	long long entity_id;
};

json_t *cr_store_alert_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_alert_insert(struct cr_conn *c, const struct cr_alert_row *a, long long *id,
			  struct cr_err *err);
/* Whether an alert of rule about (entity, entity_id) is open or acknowledged (not closed). */
int cr_store_alert_exists(struct cr_conn *c, const char *rule, const char *entity,
			  long long entity_id, bool *yes, struct cr_err *err);
/* Moves the alert to state "acked" or "closed", recording who and when. */
int cr_store_alert_set_state(struct cr_conn *c, long long id, const char *state, const char *login,
			     struct cr_err *err);

struct cr_alert_filter {
	const char *region_prefix;               /* "" = any */
	const char *dept, *state, *rule, *level; /* NULL/"" = any */
	const char *rules;                       /* a JSON array of rule names; NULL = any */
	int min_level;                           /* 1 blue … 4 red; 0 = any */
	long long after;                         /* cursor: the last id seen (newest first) */
	int limit;
};
/* {"items":[…],"next":…,"total":N}, newest first. New reference. */
json_t *cr_store_alert_list(struct cr_conn *c, const struct cr_alert_filter *f, struct cr_err *err);

/* A record a rule found. Strings are borrowed for the call only. */
struct cr_alert_hit {
	const char *entity; /* "unit", "risk", "hazard" */
	long long entity_id, unit_id;
	const char *unit_name, *region, *dept, *name; /* name: the risk's or hazard's, or "" */
	long long grade;                              /* a risk's grade, 0 otherwise */
	const char *detail;                           /* owner rank, deadline… */
	long long count; /* the records behind a hit about a unit (review_overdue), 0 otherwise */
};
typedef int (*cr_alert_hit_fn)(void *ctx, const struct cr_alert_hit *h);

/* Active units with no active risk point (零风险单位), by id. */
int cr_store_alert_zero_risk(struct cr_conn *c, cr_alert_hit_fn fn, void *ctx, struct cr_err *err);
/* Active risk points of grade ≤ max_grade whose owner's rank is below what their grade needs
 * (owner_ok = 0, set by the grading rules of service/risks.c). */
int cr_store_alert_owner_rank(struct cr_conn *c, int max_grade, cr_alert_hit_fn fn, void *ctx,
			      struct cr_err *err);
/* Major hidden hazards whose clock runs (state in states, a JSON array text) with a deadline
 * before overdue_before. */
int cr_store_alert_overdue_major(struct cr_conn *c, const char *states, const char *overdue_before,
				 cr_alert_hit_fn fn, void *ctx, struct cr_err *err);
/* Active risk points now of grade Ⅰ that were created or raised to Ⅰ at or after since. */
int cr_store_alert_new_grade1(struct cr_conn *c, const char *since, cr_alert_hit_fn fn, void *ctx,
			      struct cr_err *err);
/* Active units holding active risk points last reviewed before cutoff (a UTC instant, from
 * cr_alert_review_cutoff) or never: one hit per unit, by id, with count = those points, grade =
 * the most severe of them and detail = the oldest review ("" when none was ever recorded). */
int cr_store_alert_review_overdue(struct cr_conn *c, const char *cutoff, cr_alert_hit_fn fn,
				  void *ctx, struct cr_err *err);

#endif
