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
	if (!r->body_len)
		return cr_err_set(&r->err, 400, "invalid", "",
				  "send the CSV or XLSX file as the body");
	if (!cr_content_type_is(r, "text/csv") &&
	    !cr_content_type_is(r, "application/octet-stream") &&
	    !cr_content_type_is(
		    r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
		return cr_err_set(&r->err, 415, "unsupported_media_type", "Content-Type",
				  "send the file as text/csv or as an .xlsx workbook");
	json_t *rows = NULL;
	json_t *out = cr_unit_import(r->db, &r->user, r->body, r->body_len, cr_arg(r, "coords"),
				     &rows, &r->err);
	if (!out && rows)
		r->err_extra = json_pack("{so}", "rows", rows);
	return cr_reply_or_err(r, 200, out);
}
