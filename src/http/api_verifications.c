/* api_verifications.c — /api/v1/units/{id}/verifications and /api/v1/verifications/coverage:
 * HTTP in and out for service/verifications.c. */
#include "http/api.h"
#include "service/verifications.h"

int cr_api_unit_verifications_list(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_verification_list_of_unit);
}

int cr_api_unit_verifications_create(struct cr_req *r)
{
	return cr_reply_id_body(r, 201, cr_verification_create);
}

int cr_api_verification_coverage(struct cr_req *r)
{
	return cr_reply_or_err(r, 200,
			       cr_verification_coverage(r->db, &r->user, cr_arg(r, "region"),
							cr_arg(r, "by"), &r->err));
}
