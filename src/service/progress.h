/* progress.h — the progress board (挂图作战): per district, town, department or sector, how
 * many units are registered, have reported, have a published list and were verified, their
 * rates, a completion rate and the ranking; the same table as an XLSX or CSV file. */
#ifndef CR_SERVICE_PROGRESS_H
#define CR_SERVICE_PROGRESS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"
#include "service/export.h"
#include "store/progress_counts.h"

/* n / d rounded to four places; 0 when d is 0. */
double cr_progress_rate(long long n, long long d);
/* "district" "town" "dept" "sector" (NULL or "": district) into *out; 400 naming `by`. */
int cr_progress_group_parse(const char *s, enum cr_progress_group *out, struct cr_err *err);
/* The store's counts (store/progress_counts.h) in u's scope; unit accounts are refused (403
 * rule unit_scope). New reference. */
json_t *cr_progress_scoped_counts(struct cr_conn *c, const struct cr_user *u,
				  enum cr_progress_group g, const char *region, struct cr_err *err);

/* GET /api/v1/progress?by=&region=: {"by", "items":[{rank, key, name, units, reported, reviewed,
 * verified, reported_rate, reviewed_rate, verified_rate, completion}…], "total":{…}}, ranked by
 * completion (the mean of the three rates), best first. New reference. */
json_t *cr_progress_board(struct cr_conn *c, const struct cr_user *u, const char *by,
			  const char *region, struct cr_err *err);

/* The board written to path as XLSX or CSV (a printable sheet with its title and the date),
 * audited as entity progress_export. name/ascii get the download's names ("填报进度-district-
 * 20261201.xlsx", "progress-district-20261201.xlsx"). 0, or -1 with err (path may be left). */
int cr_progress_export(struct cr_conn *c, const struct cr_user *u, const char *by,
		       const char *region, enum cr_export_format fmt, const char *path,
		       char name[128], char ascii[128], struct cr_err *err);

#endif
