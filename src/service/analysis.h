/* analysis.h — the city's picture: statistics, four-colour areas by superposition (风险叠加), the
 * risk map with server-side clusters, and the overview dashboard, each within the caller's scope
 * and cached until the next write. */
#ifndef CR_SERVICE_ANALYSIS_H
#define CR_SERVICE_ANALYSIS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

struct cr_analysis_query {
	const char *region, *dept, *sector, *grade;
	const char *by;          /* stats: comma-separated dimensions */
	const char *level;       /* areas: district | town | grid */
	const char *format;      /* areas: json | geojson */
	const char *makeup;      /* areas: "1" to include grid cells' make-up */
	const char *bbox, *zoom; /* map */
};

/* Each answers a new reference to the JSON text's value, or NULL with err. The text forms
 * (…_text) return malloc'd JSON for the server to send as is (cache hits cost no parsing). */
char *cr_stats_risks_text(struct cr_conn *c, const struct cr_user *u,
			  const struct cr_analysis_query *q, struct cr_err *err);
char *cr_areas_risk_text(struct cr_conn *c, const struct cr_user *u,
			 const struct cr_analysis_query *q, struct cr_err *err);
char *cr_map_risks_text(struct cr_conn *c, const struct cr_user *u,
			const struct cr_analysis_query *q, struct cr_err *err);
char *cr_overview_text(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);

#endif
