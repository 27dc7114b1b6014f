/* audit_read.c — who may read which record's history (audit_read.h), then store/audit.c reads
 * it. It must not write. */
#include "service/audit_read.h"

#include <stdlib.h>
#include <string.h>

#include "service/units.h"
#include "store/audit.h"

json_t *cr_audit_read(struct cr_conn *c, const struct cr_user *u, const char *entity,
		      const char *id, struct cr_err *err)
{
	if (!entity || !*entity) {
		cr_err_set(err, 400, "required", "entity", "'entity' is required");
		return NULL;
	}
	if (!id || !*id || strspn(id, "0123456789") != strlen(id) || strlen(id) > 18) {
		cr_err_set(err, 400, "invalid", "id", "'id' must be a record id");
		return NULL;
	}
	if (strcmp(entity, "unit") == 0) {
		/* Reading the history needs the right to read the unit. */
		json_t *unit = cr_unit_read(c, u, strtoll(id, NULL, 10), err);
		if (!unit)
			return NULL;
		json_decref(unit);
	} else if (u->role != CR_ROLE_CITY) {
		cr_err_set(err, 403, "forbidden", "entity",
			   "only the city office reads the history of '%s'", entity);
		return NULL;
	}
	return cr_audit_history(c, entity, id, err);
}
