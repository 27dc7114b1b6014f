/* installations.h — use cases for installations (生产单元/储存单元) and GB 18218-2018
 * identification: resolve each inventory line's Q and β from the tables, assess S and R, store
 * versioned and audited, and re-grade the unit's risk points (direct determination). */
#ifndef CR_SERVICE_INSTALLATIONS_H
#define CR_SERVICE_INSTALLATIONS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Ownership: every function returning json_t * returns a new reference, or NULL with err filled
 * (a write then rolled back). */

/* POST /api/v1/gb18218/assess: {"inventory":[…],"exposed_500m":N} → {"S","R","alpha",
 * "sum_beta","exposed_500m","major","grade" (1..4 or null when S < 1),"grade_cn","terms",
 * "explain"}; stores nothing. Bad lines are 400 naming "inventory[i].field". */
json_t *cr_installation_assess(struct cr_conn *c, const json_t *body, struct cr_err *err);
/* GET /api/v1/chemicals?q=: Table 1 rows by CAS number or name, and Table 2 categories. */
json_t *cr_chemical_search(struct cr_conn *c, const char *q, struct cr_err *err);

json_t *cr_installation_list_of_unit(struct cr_conn *c, const struct cr_user *u, long long unit_id,
				     struct cr_err *err);
json_t *cr_installation_create(struct cr_conn *c, const struct cr_user *u, long long unit_id,
			       const json_t *body, struct cr_err *err);
json_t *cr_installation_read(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err);
json_t *cr_installation_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			      const json_t *body, struct cr_err *err);
json_t *cr_installation_archive(struct cr_conn *c, const struct cr_user *u, long long id,
				struct cr_err *err);
/* For bulk loaders (the demo city): assesses body (the fields of POST …/installations) for the
 * unit (its record as JSON: id, region, dept, lon, lat) and inserts it with its first version
 * inside the caller's transaction. No authorisation, audit entry or re-grading: the caller
 * re-grades the unit's risk points (cr_risk_regrade_unit) once its installations are in. *id
 * gets the new id and *grade its GB 18218 grade (0: S < 1). 0, or -1 with err. */
int cr_installation_load(struct cr_conn *c, const json_t *unit, const json_t *body,
			 const char *login, long long *id, int *grade, struct cr_err *err);

/* GET /api/v1/map/installations?region=&dept=: the major hazard sources of the user's scope as
 * GeoJSON points with their GB 18218 grade (store/installations.h). */
json_t *cr_installation_map(struct cr_conn *c, const struct cr_user *u, const char *region,
			    const char *dept, struct cr_err *err);

#endif
