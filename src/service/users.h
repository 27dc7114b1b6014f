/* users.h — account administration over the API: the city office for its territory, a district
 * for its departments, streets and units; every change audited with the account's scope. */
#ifndef CR_SERVICE_USERS_H
#define CR_SERVICE_USERS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Each returns a new reference (the caller decrefs it), or NULL with err. */

/* {"items":[users the caller administers, with "disabled"]}. */
json_t *cr_users_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);
/* {"login","role","region"?,"dept"?,"unit_id"?,"password"} → the new user (201). */
json_t *cr_users_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			struct cr_err *err);
/* {"disabled"?: bool, "password"?: text} → the user; disabling ends the account's sessions. */
json_t *cr_users_patch(struct cr_conn *c, const struct cr_user *u, long long id, const json_t *body,
		       struct cr_err *err);

#endif
