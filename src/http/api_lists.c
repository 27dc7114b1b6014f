/* api_lists.c — /api/v1/lists/{name}: the four lists as JSON, GeoJSON, CSV or XLSX, for
 * service/lists.c. No rules here. */
#include <stdio.h>
#include <string.h>

#include "http/api.h"
#include "service/lists.h"

int cr_api_list(struct cr_req *r)
{
	struct cr_list_query q = {
		.name = r->params[0],
		.region = cr_arg(r, "region"),
		.dept = cr_arg(r, "dept"),
		.format = cr_arg(r, "format"),
		.after = cr_arg(r, "after"),
		.limit = cr_arg(r, "limit"),
	};
	if (q.format && (strcmp(q.format, "csv") == 0 || strcmp(q.format, "xlsx") == 0)) {
		size_t len = 0;
		const char *type;
		char name[64];
		char *data = cr_list_file_bytes(r->db, &r->user, &q, &len, &type, name, &r->err);
		if (data)
			snprintf(r->disposition, sizeof r->disposition,
				 "attachment; filename=\"%s\"", name);
		return cr_reply_raw(r, 200, type, data, len);
	}
	return cr_reply_or_err(r, 200, cr_list_get(r->db, &r->user, &q, &r->err));
}
