/* dynamic_reports.h — SQL for 动态上报 (dynamic reports of coming works and events): rows as
 * JSON, the insert and the scoped paged list. No permission or field rules here. */
#ifndef CR_STORE_DYNAMIC_REPORTS_H
#define CR_STORE_DYNAMIC_REPORTS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* A validated report as it is written. Strings are borrowed. */
struct cr_dynamic_report_row {
	long long unit_id;
	const char *region, *dept, *kind, *title, *description, *start, *end, *place, *risks,
		*measures, *reported_by;
};

/* The report as JSON (new reference), or NULL with 404. */
json_t *cr_store_dynamic_report_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_dynamic_report_insert(struct cr_conn *c, const struct cr_dynamic_report_row *r,
				   long long *id, struct cr_err *err);

struct cr_dynamic_report_filter {
	const char *region_prefix; /* "" = any */
	const char *dept, *kind;   /* NULL/"" = any */
	long long unit_id;         /* 0 = any */
	long long after;
	int limit;
};
/* {"items":[…],"next":…,"total":N}, newest last. New reference. */
json_t *cr_store_dynamic_report_list(struct cr_conn *c, const struct cr_dynamic_report_filter *f,
				     struct cr_err *err);

#endif
