/* analysis.h — read-only aggregate queries over risk points: grouped counts, per-area counts by
 * grade with their make-up, and map points or server-side clusters in a box. */
#ifndef CR_STORE_ANALYSIS_H
#define CR_STORE_ANALYSIS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "store/risk_index.h"

/* Ownership: every function returning json_t * returns a new reference the caller releases
 * with json_decref, or NULL with err filled; arrays returned through out-parameters are
 * malloc'd and the caller frees them (as said at each). Names (cr_stat_dim_name) are static. */

enum cr_stat_dim {
	CR_DIM_GRADE,
	CR_DIM_DISTRICT,
	CR_DIM_TOWN,
	CR_DIM_SECTOR,
	CR_DIM_SECTION,
	CR_DIM_DEPT,
	CR_DIM_ACCIDENT_TYPE,
	CR_DIM_QUARTER,
	CR_DIM_COUNT
};
int cr_stat_dim_parse(const char *name, enum cr_stat_dim *out);
const char *cr_stat_dim_name(enum cr_stat_dim d);

/* {"rows":[{dim: value, …, "count": n}], "total": n}; district/town rows carry "<dim>_name". */
json_t *cr_store_risk_stats(struct cr_conn *c, const struct cr_risk_scope *s,
			    const enum cr_stat_dim *dims, int ndims, struct cr_err *err);

enum cr_area_level { CR_AREA_DISTRICT, CR_AREA_TOWN, CR_AREA_GRID };

/* One area's counts; `code` is a region code or "x:y" for a grid cell. */
struct cr_area_count {
	char code[24];
	long counts[5]; /* index 1..4 */
	long cell_x, cell_y;
	double lon, lat; /* mean position of its points (has_centre: at least one has one) */
	bool has_centre;
};
/* Counts by area and grade. *out is malloc'd (caller frees), *n its length. */
int cr_store_area_counts(struct cr_conn *c, const struct cr_risk_scope *s, enum cr_area_level level,
			 struct cr_area_count **out, size_t *n, struct cr_err *err);
/* Top-k make-up of every area: {code: {"by_sector":[…],"by_accident_type":[…]}}. */
json_t *cr_store_area_makeup(struct cr_conn *c, const struct cr_risk_scope *s,
			     enum cr_area_level level, int k, struct cr_err *err);

/* Points in a box: when more than max_points fall in it (or cell_deg > 0 is asked for), grid
 * clusters of cell_deg degrees ({"cluster":true,"count","counts":{"1".."4"}}); otherwise the
 * points ({"id","name","unit_id","unit_name","grade","impact_radius_m","place"}). A GeoJSON
 * FeatureCollection of stored numbers: no colour, no cluster grade (the service adds them). */
json_t *cr_store_map_risks(struct cr_conn *c, const struct cr_risk_scope *s, const double bbox[4],
			   double cell_deg, long max_points, struct cr_err *err);

/* Units in scope by four-colour rating: {"red":n,…,"unassessed":n}, and the total in *total. */
json_t *cr_store_unit_ratings(struct cr_conn *c, const struct cr_risk_scope *s, long long *total,
			      struct cr_err *err);
/* Up to limit red units in scope: [{"id","name","region","region_name","reason","reason_cn"}]. */
json_t *cr_store_red_units(struct cr_conn *c, const struct cr_risk_scope *s, int limit,
			   struct cr_err *err);
/* Risk points in scope whose owner rank is below what their grade needs. */
long long cr_store_flagged_owners(struct cr_conn *c, const struct cr_risk_scope *s,
				  struct cr_err *err);

/* Sets "name_cn" and "name_en" of a sector on into (borrowed, changed in place), the names the
 * overview's top sectors carry: 0; 1 when there is no such sector; -1 with err. */
int cr_store_sector_names(struct cr_conn *c, const char *sector, json_t *into, struct cr_err *err);

/* Red units in scope counted by the first code_len digits of their region (6: districts,
 * 9: towns): {"320583": n, …}. */
json_t *cr_store_red_units_by_area(struct cr_conn *c, const struct cr_risk_scope *s, int code_len,
				   struct cr_err *err);
/* One unit's name, place and rating: {"id","name","region","region_name","sector","rating",
 * "reason","reason_cn"}, or NULL with 404. */
json_t *cr_store_unit_brief(struct cr_conn *c, long long id, struct cr_err *err);
/* Like cr_store_sector_names, for a department. */
int cr_store_dept_names(struct cr_conn *c, const char *dept, json_t *into, struct cr_err *err);

#endif
