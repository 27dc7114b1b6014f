/* api_analysis.c — statistics, superposed areas, the risk map, the overview dashboard and the
 * UI's public configuration. Answers are JSON text made (and cached) by service/analysis.c. */
#include "http/api.h"
#include "service/analysis.h"
#include "service/config.h"

static void read_query(struct cr_req *r, struct cr_analysis_query *q)
{
	*q = (struct cr_analysis_query){
		.region = cr_arg(r, "region"),
		.dept = cr_arg(r, "dept"),
		.sector = cr_arg(r, "sector"),
		.grade = cr_arg(r, "grade"),
		.by = cr_arg(r, "by"),
		.level = cr_arg(r, "level"),
		.format = cr_arg(r, "format"),
		.makeup = cr_arg(r, "makeup"),
		.bbox = cr_arg(r, "bbox"),
		.zoom = cr_arg(r, "zoom"),
	};
}

int cr_api_stats_risks(struct cr_req *r)
{
	struct cr_analysis_query q;
	read_query(r, &q);
	return cr_reply_json_text(r, 200, cr_stats_risks_text(r->db, &r->user, &q, &r->err));
}

int cr_api_areas_risk(struct cr_req *r)
{
	struct cr_analysis_query q;
	read_query(r, &q);
	return cr_reply_json_text(r, 200, cr_areas_risk_text(r->db, &r->user, &q, &r->err));
}

int cr_api_map_risks(struct cr_req *r)
{
	struct cr_analysis_query q;
	read_query(r, &q);
	return cr_reply_json_text(r, 200, cr_map_risks_text(r->db, &r->user, &q, &r->err));
}

int cr_api_overview(struct cr_req *r)
{
	return cr_reply_json_text(r, 200, cr_overview_text(r->db, &r->user, &r->err));
}

int cr_api_config(struct cr_req *r)
{
	return cr_reply(r, 200, cr_config_public());
}
