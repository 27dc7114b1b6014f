/* lists.h — the four lists (四单) of the seeds: 重大安全风险清单, 重大隐患清单, 重大危险源清单 and
 * 脆弱性目标清单, for the city, a district, a town or a department, with the seed's columns
 * (所属单位、所处位置、风险（隐患）等级、风险（隐患）特征、主管（监管）单位), as JSON pages,
 * GeoJSON, CSV and XLSX. */
#ifndef CR_SERVICE_LISTS_H
#define CR_SERVICE_LISTS_H

#include <jansson.h>
#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"
#include "domain/user.h"

/* name: major-risks, major-hazards, hazard-sources or targets; format json (default), geojson,
 * csv or xlsx; after/limit page the JSON only. CR_LIST_ALL ("all") names the four together,
 * as one XLSX workbook with a sheet per list (other formats 400). */
#define CR_LIST_ALL "all"
struct cr_list_query {
	const char *name, *region, *dept, *format, *after, *limit;
};

/* json: {"list","title","columns":[…],"items":[…],"next","total","available"[,"note"]}; geojson: a
 * FeatureCollection of every row with coordinates. New reference, or NULL with err (400 for
 * an unknown list or format — csv and xlsx are files, see below). */
json_t *cr_list_get(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
		    struct cr_err *err);

/* Writes the whole list to path in q->format (csv, xlsx, json or geojson). 0 or -1 with err. */
int cr_list_write_file(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
		       const char *path, struct cr_err *err);

/* The whole list as the bytes of a csv or xlsx file (malloc'd), its media type and a file name
 * for Content-Disposition (ASCII). NULL with err. */
char *cr_list_file_bytes(struct cr_conn *c, const struct cr_user *u, const struct cr_list_query *q,
			 size_t *len, const char **type, char filename[64], struct cr_err *err);

#endif
