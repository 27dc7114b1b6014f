/* api_units.c — /api/v1/units: HTTP in and out for the unit use cases in service/units.c. */
#include "http/api.h"
#include "service/export.h"
#include "service/units.h"

int cr_api_units_list(struct cr_req *r)
{
	struct cr_unit_query q = {
		.region = cr_arg(r, "region"),
		.sector = cr_arg(r, "sector"),
		.dept = cr_arg(r, "dept"),
		.size_class = cr_arg(r, "size_class"),
		.q = cr_arg(r, "q"),
		.status = cr_arg(r, "status"),
		.rating = cr_arg(r, "rating"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
	if (cr_api_export_asked(r))
		return cr_api_export(
			r, &(struct cr_export_query){ .kind = CR_EXPORT_UNITS, .units = q });
	return cr_reply_json_text(r, 200, cr_unit_list(r->db, &r->user, &q, &r->err));
}

int cr_api_units_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_unit_create);
}

int cr_api_unit_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_unit_read);
}

int cr_api_unit_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_unit_patch);
}

int cr_api_unit_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_unit_archive);
}

int cr_api_units_import(struct cr_req *r)
{
	return cr_reply_table(r, cr_unit_import);
}
