/* api_targets.c — /api/v1/targets and /api/v1/exposure: HTTP in and out for service/targets.c
 * and service/exposure.c. No rules here. */
#include "http/api.h"
#include "service/export.h"
#include "service/exposure.h"
#include "service/targets.h"

int cr_api_targets_list(struct cr_req *r)
{
	struct cr_target_query q = {
		.region = cr_arg(r, "region"),
		.kind = cr_arg(r, "kind"),
		.protection_class = cr_arg(r, "protection_class"),
		.dept = cr_arg(r, "dept"),
		.q = cr_arg(r, "q"),
		.status = cr_arg(r, "status"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
	if (cr_api_export_asked(r))
		return cr_api_export(
			r, &(struct cr_export_query){ .kind = CR_EXPORT_TARGETS, .targets = q });
	return cr_reply_or_err(r, 200, cr_target_list(r->db, &r->user, &q, &r->err));
}

int cr_api_targets_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_target_create);
}

int cr_api_target_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_target_read);
}

int cr_api_target_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_target_patch);
}

int cr_api_target_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_target_archive);
}

int cr_api_targets_import(struct cr_req *r)
{
	return cr_reply_table(r, cr_target_import);
}

int cr_api_exposure(struct cr_req *r)
{
	struct cr_exposure_query q = {
		.source = cr_arg(r, "source"),
		.kind = cr_arg(r, "kind"),
		.target = cr_arg(r, "target"),
		.bbox = cr_arg(r, "bbox"),
		.region = cr_arg(r, "region"),
	};
	return cr_reply_or_err(r, 200, cr_exposure_get(r->db, &r->user, &q, &r->err));
}
