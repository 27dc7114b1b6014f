/* installations.h — SQL for installations (生产单元/储存单元) and their versions: rows to JSON,
 * writes, the unit's list and the most severe major-hazard-source grade of a unit. No GB 18218
 * arithmetic or permission rules here (service/installations.c). */
#ifndef CR_STORE_INSTALLATIONS_H
#define CR_STORE_INSTALLATIONS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* An assessed installation as written. JSON members are borrowed and dumped as text. */
struct cr_installation_row {
	long long unit_id;
	const char *region, *dept, *name, *kind;
	long long exposed_500m;    /* the people α was taken from */
	long long exposed_entered; /* the count entered; -1: none (written as NULL) */
	long long exposed_counted, exposed_targets; /* people and targets within 500 m */
	const json_t *inventory, *terms;
	double S, R, alpha;
	bool major;
	int grade; /* 0: not a major hazard source (written as NULL) */
	bool has_coords;
	double lon, lat;
	bool has_radius; /* false: impact_radius_m NULL (the exposure index takes 500 m) */
	double impact_radius_m;
};

json_t *cr_store_installation_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_installation_insert(struct cr_conn *c, const struct cr_installation_row *r,
				 long long *id, struct cr_err *err);
/* 409 version_conflict when expect_version (> 0) is not current. */
int cr_store_installation_update(struct cr_conn *c, long long id,
				 const struct cr_installation_row *r, long long expect_version,
				 struct cr_err *err);
int cr_store_installation_archive(struct cr_conn *c, long long id, struct cr_err *err);
/* {"items":[…]} of the unit's active installations, most severe first. New reference. */
json_t *cr_store_installation_list_unit(struct cr_conn *c, long long unit_id, struct cr_err *err);
/* The most severe GB 18218 grade (1..4) among the unit's active major hazard sources into
 * *grade; 0 when it has none. */
int cr_store_installation_top_grade(struct cr_conn *c, long long unit_id, int *grade,
				    struct cr_err *err);
/* The active major hazard sources (S ≥ 1) with a position, in a region prefix ("" any), of a
 * department and of a unit (NULL/"" and 0: any), as a GeoJSON FeatureCollection of points
 * with properties {id, name, kind, unit_id, unit_name, grade, grade_cn, S, R}, most severe
 * first, at most 5,000. New reference. */
json_t *cr_store_installation_sources(struct cr_conn *c, const char *region_prefix,
				      const char *dept, long long unit_id, struct cr_err *err);
/* The exposure index reads installations through store/lists.h (cr_store_sources_changed). */

#endif
