/* overview.h — the role-specific parts of the overview (GET /api/v1/stats/overview): the
 * territory's name, hidden hazards and their trend, the ranking of the territory's districts or
 * towns, the chart of industries, and for a unit user its own rating and what it must do next. */
#ifndef CR_SERVICE_OVERVIEW_H
#define CR_SERVICE_OVERVIEW_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"
#include "store/risk_index.h"

/* Adds "territory", "hazards", "ranking", "industries" and, for a unit user, "unit" to out
 * (borrowed, changed in place). s is the caller's scope as cr_user_scope made it; changes is
 * the quarter's cr_risk_changes answer (borrowed). 0, or -1 with err. */
int cr_overview_role_parts(struct cr_conn *c, const struct cr_user *u,
			   const struct cr_risk_scope *s, const json_t *changes, json_t *out,
			   struct cr_err *err);

#endif
