/* qra_scenarios.h — a major hazard source's QRA scenarios (重大危险源的定量风险评估情景):
 * stored consequence models with their frequencies, read and written under the installation's
 * unit (read: "unit read"; write: "unit edit"), each write audited in its transaction, and
 * their individual-risk contours and F-N curve computed by service/qra.c. */
#ifndef CR_SERVICE_QRA_SCENARIOS_H
#define CR_SERVICE_QRA_SCENARIOS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Ownership: every function returns a new reference, or NULL with err filled (a write then
 * rolled back, nothing written). */

/* GET /installations/{id}/qra-scenarios: {"items":[…]} of its active scenarios, each with the
 * position it is computed at (its own or, "position": "installation", the installation's). */
json_t *cr_qra_scenario_list(struct cr_conn *c, const struct cr_user *u, long long installation_id,
			     struct cr_err *err);
/* POST: {"name","model","inputs","frequency_per_year","lon"?,"lat"?}: the model and inputs are
 * checked as POST /qra/consequence checks them (400 naming "inputs.mass_kg" …); the answer is
 * the stored scenario with "consequence" (that route's answer for it). */
json_t *cr_qra_scenario_create(struct cr_conn *c, const struct cr_user *u,
			       long long installation_id, const json_t *body, struct cr_err *err);
/* PATCH /qra-scenarios/{id}: any of the fields above and "version" (409 when stale). */
json_t *cr_qra_scenario_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			      const json_t *body, struct cr_err *err);
/* DELETE /qra-scenarios/{id}: archives it (409 when it is already). */
json_t *cr_qra_scenario_archive(struct cr_conn *c, const struct cr_user *u, long long id,
				struct cr_err *err);
/* GET /installations/{id}/qra-risk?cell_m=: the risk of its active scenarios (POST /qra/risk's
 * answer, one neutral weather class, the registry's targets u reads as the population — none
 * for a unit account) with "installation" {id, name, lon, lat} and "scenarios" (the list).
 * cell_m NULL: 10 m. 409 when it has no scenario or no position for one. */
json_t *cr_qra_installation_risk(struct cr_conn *c, const struct cr_user *u,
				 long long installation_id, const char *cell_m, struct cr_err *err);

#endif
