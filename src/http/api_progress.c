/* api_progress.c — /api/v1/progress: the progress board (挂图作战) as JSON, or with
 * ?format=xlsx|csv as a download, for service/progress.c. */
#include <stdio.h>

#include "http/api.h"
#include "service/progress.h"

int cr_api_progress(struct cr_req *r)
{
	const char *by = cr_arg(r, "by"), *region = cr_arg(r, "region");
	if (!cr_api_export_asked(r))
		return cr_reply_or_err(r, 200,
				       cr_progress_board(r->db, &r->user, by, region, &r->err));
	enum cr_export_format fmt;
	char path[512], name[128], ascii[128];
	if (cr_export_format_parse(cr_arg(r, "format"), &fmt, &r->err) ||
	    cr_temp_file(path, sizeof path, "cityrisk-progress", &r->err))
		return -1;
	if (cr_progress_export(r->db, &r->user, by, region, fmt, path, name, ascii, &r->err)) {
		remove(path);
		return -1;
	}
	return cr_reply_temp_file(r, path,
				  fmt == CR_EXPORT_CSV
					  ? "text/csv; charset=utf-8"
					  : "application/vnd.openxmlformats-officedocument"
					    ".spreadsheetml.sheet",
				  name, ascii);
}
