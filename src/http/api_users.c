/* api_users.c — /api/v1/users: account administration for the city office and districts. */
#include "http/api.h"
#include "service/users.h"

int cr_api_users_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_users_list(r->db, &r->user, &r->err));
}

int cr_api_users_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_users_create);
}

int cr_api_user_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_users_patch);
}
