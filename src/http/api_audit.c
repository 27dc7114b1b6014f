/* api_audit.c — /api/v1/audit: the history of one record, for those who may read the record. */
#include <stdlib.h>
#include <string.h>

#include "http/api.h"
#include "service/units.h"
#include "store/audit.h"

int cr_api_audit(struct cr_req *r)
{
	const char *entity = cr_arg(r, "entity"), *id = cr_arg(r, "id");
	if (!entity || !*entity)
		return cr_err_set(&r->err, 400, "required", "entity", "'entity' is required");
	if (!id || !*id || strspn(id, "0123456789") != strlen(id) || strlen(id) > 18)
		return cr_err_set(&r->err, 400, "invalid", "id", "'id' must be a record id");
	if (strcmp(entity, "unit") == 0) {
		/* Reading the history needs the right to read the unit. */
		json_t *unit = cr_unit_read(r->db, &r->user, strtoll(id, NULL, 10), &r->err);
		if (!unit)
			return -1;
		json_decref(unit);
	} else if (r->user.role != CR_ROLE_CITY) {
		return cr_err_set(&r->err, 403, "forbidden", "entity",
				  "only the city office reads the history of '%s'", entity);
	}
	return cr_reply_or_err(r, 200, cr_audit_history(r->db, entity, id, &r->err));
}
