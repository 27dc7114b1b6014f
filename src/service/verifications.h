/* verifications.h — on-site verification (核查) of units' reports by the city, district and town
 * (three levels [S 一]): record with findings, list a unit's, and coverage by region. */
#ifndef CR_SERVICE_VERIFICATIONS_H
#define CR_SERVICE_VERIFICATIONS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Ownership: new references, or NULL with err filled (a write then rolled back). */

/* The level a role verifies at: city (city, city_dept), district (district, district_dept),
 * town (street); NULL for unit and expert accounts, which do not verify. */
const char *cr_verification_level_of(enum cr_role r);

/* POST /api/v1/units/{id}/verifications {"result":"pass|issues","findings","checked_on",
 * "review_id"?}: a regulator in scope records a check; the level follows the role; review_id
 * defaults to the unit's latest report. 201 with the verification. */
json_t *cr_verification_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			       const json_t *body, struct cr_err *err);
/* GET /api/v1/units/{id}/verifications: {"items":[…]} newest check first. */
json_t *cr_verification_list_of_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
				     struct cr_err *err);
/* GET /api/v1/verifications/coverage?region=&by=district|town: per group {key, name, units,
 * verified, rate, by_level:{city, district, town}, verifications} and the totals. */
json_t *cr_verification_coverage(struct cr_conn *c, const struct cr_user *u, const char *region,
				 const char *by, struct cr_err *err);

#endif
