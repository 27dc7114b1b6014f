/* audit_read.h — reading the audit trail (痕迹管理) of one record, for those who may read the
 * record: a unit's history for anyone who reads the unit, other entities' for the city office. */
#ifndef CR_SERVICE_AUDIT_READ_H
#define CR_SERVICE_AUDIT_READ_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* The history of entity/id, oldest first, as {"items":[…]}: a new reference, or NULL with err
 * (400 for a missing entity or an id that is not a record id, 403/404 as reading the record). */
json_t *cr_audit_read(struct cr_conn *c, const struct cr_user *u, const char *entity,
		      const char *id, struct cr_err *err);

#endif
