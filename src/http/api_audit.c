/* api_audit.c — /api/v1/audit: the history of one record, for those who may read the record.
 * HTTP in and out for service/audit_read.c. */
#include "http/api.h"
#include "service/audit_read.h"

int cr_api_audit(struct cr_req *r)
{
	return cr_reply_or_err(
		r, 200,
		cr_audit_read(r->db, &r->user, cr_arg(r, "entity"), cr_arg(r, "id"), &r->err));
}
