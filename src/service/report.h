/* report.h — the risk assessment report (风险评估报告) of the city, a district or an industry:
 * its figures gathered from the aggregates (never the risk points one by one), written as HTML
 * or PDF (io/report_render.h), with progress for the background jobs (report_jobs.h). */
#ifndef CR_SERVICE_REPORT_H
#define CR_SERVICE_REPORT_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* As received: kind city|district|industry, code (district or sector code; none for the
 * city), format html|pdf (NULL: pdf). */
struct cr_report_query {
	const char *kind, *code, *format;
};

/* Progress of a long report: percent 0..100 and the step's key (static): overview, industries,
 * areas, hazards, lists, measures, layout, done; the UI names them (web/js/i18n/reports.js). */
typedef void (*cr_report_progress)(void *ctx, int percent, const char *step);

/* Checks q and the user's right to it (domain/report_scope.h) and that the district or
 * industry exists (404); territory (may be NULL) gets the name of the report's territory.
 * 0, or -1 with err. */
int cr_report_check(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
		    char territory[96], struct cr_err *err);

/* The report's content: {"kind","code","title","territory","generated_at","overview",
 * "by_grade","by_rating","by_sector","by_accident","areas","map","hazards","lists",
 * "main_risks","emergency","advice"}. New reference, or NULL with err. fn may be NULL. */
json_t *cr_report_model(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
			cr_report_progress fn, void *ctx, struct cr_err *err);

/* Builds the report and writes it to path in q->format. 0, or -1 with err. */
int cr_report_write(struct cr_conn *c, const struct cr_user *u, const struct cr_report_query *q,
		    const char *path, cr_report_progress fn, void *ctx, struct cr_err *err);

/* The download's names: "风险评估报告-昆山市.pdf" style (utf8) and "report-district-320583.pdf"
 * (ascii); its media type (static). */
void cr_report_names(const struct cr_report_query *q, const char *territory, char utf8[160],
		     char ascii[64]);
const char *cr_report_media_type(const struct cr_report_query *q);

#endif
