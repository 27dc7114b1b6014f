/* api_snapshots.c — /api/v1/snapshots: HTTP in and out for service/snapshots.c. No rules here. */
#include "http/api.h"
#include "service/snapshots.h"

int cr_api_snapshots_list(struct cr_req *r)
{
	return cr_reply_or_err(r, 200, cr_snapshot_list(r->db, &r->user, &r->err));
}

int cr_api_snapshots_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_snapshot_take);
}

int cr_api_snapshots_compare(struct cr_req *r)
{
	return cr_reply_or_err(r, 200,
			       cr_snapshot_compare(r->db, &r->user, cr_arg(r, "a"), cr_arg(r, "b"),
						   cr_arg(r, "region"), &r->err));
}
