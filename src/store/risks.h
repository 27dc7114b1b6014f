/* risks.h — SQL for risk points (风险点): rows to JSON, writes, the versions read back
 * (store/versions.c writes them), the filtered list, and the counts that feed a unit's rating.
 * No grading or permission rules here. */
#ifndef CR_STORE_RISKS_H
#define CR_STORE_RISKS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

struct cr_store_rows; /* store/rows.h */

/* A graded risk point as written. JSON members are borrowed and dumped as text. */
struct cr_risk_row {
	long long unit_id;
	const char *region, *sector, *dept;
	const char *name, *place, *consequences, *method, *explain, *control_level;
	const char *owner_name, *owner_rank, *direct_rule, *reviewed_at;
	const json_t *accident_types, *inputs, *inherent_inputs, *direct, *measures;
	double score;
	int assessed_grade, inherent_grade, grade, open_major_hazards;
	int accident_edition; /* GB 6441 edition of accident_types (0: 1986) */
	bool owner_ok, public_impact, has_coords;
	double impact_radius_m, lon, lat; /* impact_radius_m < 0: unknown */
	long long exposed_people;         /* < 0: unknown */
	long cell_x, cell_y;
};

json_t *cr_store_risk_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_risk_insert(struct cr_conn *c, const struct cr_risk_row *r, long long *id,
			 struct cr_err *err);
int cr_store_risk_update(struct cr_conn *c, long long id, const struct cr_risk_row *r,
			 long long expect_version, struct cr_err *err);
int cr_store_risk_archive(struct cr_conn *c, long long id, struct cr_err *err);
/* {"items":[{version, at, login, action, old_grade, new_grade, diff}]}. New reference. */
json_t *cr_store_risk_versions(struct cr_conn *c, long long risk_id, struct cr_err *err);

struct cr_risk_filter {
	const char *region_prefix, *sector, *dept, *q;
	int grade;         /* 0 = any */
	long long unit_id; /* 0 = any */
	bool flagged;      /* only points whose owner rank is too low */
	long long after;
	int limit;
};
json_t *cr_store_risk_list(struct cr_conn *c, const struct cr_risk_filter *f, struct cr_err *err);
/* The same rows as the list for f (its after and limit ignored), by id, one at a time, with
 * only the columns named by keys (the column table's JSON keys, in that order; no derived
 * labels): for exports. NULL with err; read and close with store/rows.h. */
struct cr_store_rows *cr_store_risk_rows(struct cr_conn *c, const struct cr_risk_filter *f,
					 const char *const *keys, size_t n, struct cr_err *err);

/* Active points of a unit by grade (index 1..4) and those breaking the owner-rank rule. */
/* A unit's active risk points counted by grade (1..4; index 0 unused), those of each grade
 * marked public_impact, and those whose owner's rank is short of the rule (owner_ok=0). */
struct cr_unit_point_counts {
	long long unit_id;
	long long by_grade[5], public_by_grade[5];
	long long flagged;
};
typedef int (*cr_unit_point_counts_fn)(void *ctx, const struct cr_unit_point_counts *pc);
/* The counts of every unit with active risk points, in one pass over them (a bulk load's, not a
 * read a unit): fn once per such unit, in id order. 0, fn's -1, or -1 with err. */
int cr_store_unit_point_counts_each(struct cr_conn *c, cr_unit_point_counts_fn fn, void *ctx,
				    struct cr_err *err);
int cr_store_unit_risk_counts(struct cr_conn *c, long long unit_id, int by_grade[5], int *flagged,
			      struct cr_err *err);
int cr_store_unit_set_rating(struct cr_conn *c, long long unit_id, const char *color,
			     const char *reason, const char *reason_cn, int owner_flags,
			     struct cr_err *err);
/* A bulk load's ratings, one a unit: on PostgreSQL held in a temporary table (its rows go by
 * COPY in bulk mode) and set by one UPDATE at cr_store_unit_ratings_apply, rather than an UPDATE
 * a unit; on SQLite set at once (cr_store_unit_set_rating). Each unit once between begin and
 * apply, inside the load's transaction. */
int cr_store_unit_ratings_begin(struct cr_conn *c, struct cr_err *err);
int cr_store_unit_rating_hold(struct cr_conn *c, long long unit_id, const char *color,
			      const char *reason, const char *reason_cn, int owner_flags,
			      struct cr_err *err);
int cr_store_unit_ratings_apply(struct cr_conn *c, struct cr_err *err);
/* A unit's active risk points, in id order, as cr_store_risk_get gives each: {"items": […]}. */
json_t *cr_store_unit_risks(struct cr_conn *c, long long unit_id, struct cr_err *err);
/* Copies a unit's place (region, sector, dept) onto its risk points after the unit moved. */
int cr_store_risks_follow_unit(struct cr_conn *c, long long unit_id, struct cr_err *err);

#endif
