/* system.h — the parts of the 系统运行 (system status) page the database answers, for the city
 * office only: which database the server runs on, where, at which schema version and what its
 * main registers hold; and the audit trail's hash chain (痕迹管理) recomputed on demand. The
 * server's own figures (memory, traffic, sizes, the replica's state) are http/figures.h's. */
#ifndef CR_SERVICE_SYSTEM_H
#define CR_SERVICE_SYSTEM_H

#include <jansson.h>

#include "core/err.h"
#include "domain/user.h"
#include "store/db.h"

/* {"database":{"backend":"sqlite"|"postgresql","location","schema_version","registers":
 * {"units","risk_points","open_hazards"}},"replica":{"configured","location"}} with every
 * password taken out of the locations; c is the caller's connection to db. A new reference, or
 * NULL with err: 403 for any role but the city office. */
json_t *cr_system_status(struct cr_conn *c, const struct cr_user *u, const struct cr_db *db,
			 struct cr_err *err);

/* Recomputes the audit chain as `cityrisk audit verify` does, writing nothing: body must be an
 * object without members. {"entries","intact","first_broken":id|null,"checked_at"}: a new
 * reference, or NULL with err (403 for any role but the city office, 400 naming a member). */
json_t *cr_system_audit_verify(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			       struct cr_err *err);

#endif
