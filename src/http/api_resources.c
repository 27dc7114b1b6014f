/* api_resources.c — /api/v1/resources: HTTP in and out for service/resources.c (the register,
 * its import and export, and the nearest resources). No rules here. */
#include "http/api.h"
#include "service/resources.h"

static struct cr_resource_query list_query(struct cr_req *r)
{
	return (struct cr_resource_query){
		.region = cr_arg(r, "region"),
		.kind = cr_arg(r, "kind"),
		.dept = cr_arg(r, "dept"),
		.unit_id = cr_arg(r, "unit_id"),
		.q = cr_arg(r, "q"),
		.status = cr_arg(r, "status"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
}

int cr_api_resources_list(struct cr_req *r)
{
	struct cr_resource_query q = list_query(r);
	if (cr_api_export_asked(r)) {
		char *data;
		size_t len;
		const char *fmt = cr_arg(r, "format");
		if (cr_resource_export(r->db, &r->user, &q, fmt, &data, &len, &r->err))
			return -1;
		bool xlsx = fmt[0] == 'x';
		cr_reply_attachment(r, xlsx ? "应急资源.xlsx" : "应急资源.csv",
				    xlsx ? "resources.xlsx" : "resources.csv");
		return cr_reply_raw(r, 200,
				    xlsx ? "application/vnd.openxmlformats-officedocument."
					   "spreadsheetml.sheet"
					 : "text/csv; charset=utf-8",
				    data, len);
	}
	return cr_reply_or_err(r, 200, cr_resource_list(r->db, &r->user, &q, &r->err));
}

int cr_api_resources_create(struct cr_req *r)
{
	return cr_reply_body(r, 201, cr_resource_create);
}

int cr_api_resource_get(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_resource_read);
}

int cr_api_resource_patch(struct cr_req *r)
{
	return cr_reply_id_body(r, 200, cr_resource_patch);
}

int cr_api_resource_delete(struct cr_req *r)
{
	return cr_reply_id(r, 200, cr_resource_archive);
}

int cr_api_resources_import(struct cr_req *r)
{
	if (cr_table_body_check(r))
		return -1;
	json_t *rows = NULL;
	json_t *out = cr_resource_import(r->db, &r->user, r->body, r->body_len, cr_arg(r, "coords"),
					 NULL, &rows, &r->err);
	if (!out && rows)
		r->err_extra = json_pack("{so}", "rows", rows);
	return cr_reply_or_err(r, 200, out);
}

int cr_api_resources_nearest(struct cr_req *r)
{
	struct cr_resource_near_query q = {
		.lon = cr_arg(r, "lon"),
		.lat = cr_arg(r, "lat"),
		.risk = cr_arg(r, "risk"),
		.installation = cr_arg(r, "installation"),
		.kind = cr_arg(r, "kind"),
		.n = cr_arg(r, "n"),
		.radius_m = cr_arg(r, "radius_m"),
		.available = cr_arg(r, "available"),
	};
	return cr_reply_or_err(r, 200, cr_resource_nearby(r->db, &r->user, &q, &r->err));
}
