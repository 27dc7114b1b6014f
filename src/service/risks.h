/* risks.h — use cases for risk points (风险点): grade with the configured method and direct rules,
 * check the owner's rank, version every change, keep the unit's four-colour rating current. */
#ifndef CR_SERVICE_RISKS_H
#define CR_SERVICE_RISKS_H

#include <jansson.h>
#include <sqlite3.h>

#include "core/err.h"
#include "domain/user.h"

json_t *cr_risk_create(sqlite3 *c, const struct cr_user *u, long long unit_id, const json_t *body,
		       struct cr_err *err);
json_t *cr_risk_read(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err);
json_t *cr_risk_patch(sqlite3 *c, const struct cr_user *u, long long id, const json_t *body,
		      struct cr_err *err);
json_t *cr_risk_archive(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err);
json_t *cr_risk_history(sqlite3 *c, const struct cr_user *u, long long id, struct cr_err *err);

struct cr_risk_query {
	const char *region, *sector, *dept, *grade, *q, *flagged, *after, *limit;
	long long unit_id;
};
json_t *cr_risk_list(sqlite3 *c, const struct cr_user *u, const struct cr_risk_query *q,
		     struct cr_err *err);

/* Grades without storing: {"method","inputs"} → {"score","grade","color","explain"}. */
json_t *cr_assess_preview(const json_t *body, struct cr_err *err);

/* Recomputes and stores a unit's four-colour rating; call inside the writing transaction. */
int cr_unit_rating_refresh(sqlite3 *c, long long unit_id, struct cr_err *err);
/* {"color","reason","reason_cn","owner_flags","points_by_grade"} of a unit the user may read. */
json_t *cr_unit_rating(sqlite3 *c, const struct cr_user *u, long long unit_id, struct cr_err *err);

/* Re-grades a risk point after a linked major hazard opened or closed (open = count now open).
 * Versioned and audited as `who`; call inside the writing transaction. */
int cr_risk_set_open_major_hazards(sqlite3 *c, const struct cr_user *who, long long risk_id,
				   int open, struct cr_err *err);

#endif
