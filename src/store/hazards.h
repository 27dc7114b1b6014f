/* hazards.h — SQL for hidden hazards (事故隐患): rows to JSON, writes, the step history, the
 * attachments, the filtered list and the statistics. No workflow or permission rules here. */
#ifndef CR_STORE_HAZARDS_H
#define CR_STORE_HAZARDS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct cr_store_rows; /* store/rows.h */
#include "domain/hazard_clock.h"
#include "domain/user.h"

/* Every stored column of a hazard but id, version and the timestamps. Strings are borrowed;
 * NULL writes SQL NULL for the nullable ones and '' for the others. 0 ids write NULL. */
struct cr_hazard_row {
	long long unit_id, risk_id, rectified_by, verified_by, created_by;
	const char *region, *sector, *dept, *source, *grade, *description, *location;
	const char *found_at, *found_by, *state, *deadline, *closed_at, *supervised_by;
	const char *measures, *responsible, *evidence, *rectified_at, *verified_at, *contact;
	const char *escalated_at;
	bool has_coords, has_funds;
	double lon, lat, funds_cny;
	int escalation;
};

/* The stored hazard as JSON (new reference), or NULL with 404. Without the clock (overdue,
 * due_soon, days_left): it depends on the day, so the service adds it. */
json_t *cr_store_hazard_get(struct cr_conn *c, long long id, struct cr_err *err);
/* Fills r from a hazard's JSON (as cr_store_hazard_get returns it); strings borrowed from h. */
void cr_store_hazard_row_from_json(const json_t *h, struct cr_hazard_row *r);
int cr_store_hazard_insert(struct cr_conn *c, const struct cr_hazard_row *r, long long *id,
			   struct cr_err *err);
/* Writes every column and bumps version; 409 "version_conflict" when expect_version (> 0) is
 * not current. */
int cr_store_hazard_update(struct cr_conn *c, long long id, const struct cr_hazard_row *r,
			   long long expect_version, struct cr_err *err);
/* Copies a unit's place (region, sector, dept) onto its hazards after the unit moved, closed
 * ones included, so scope, lists and figures follow the unit. */
int cr_store_hazards_follow_unit(struct cr_conn *c, long long unit_id, struct cr_err *err);

/* One step of the loop; who NULL = "system". */
int cr_store_hazard_event_add(struct cr_conn *c, long long hazard_id, const struct cr_user *who,
			      const char *from, const char *to, const char *comment,
			      struct cr_err *err);
/* [{"at","login","from","to","comment"}], oldest first. New reference. */
json_t *cr_store_hazard_events(struct cr_conn *c, long long hazard_id, struct cr_err *err);

/* Open 重大隐患 linked to a risk point. */
int cr_store_risk_open_major_count(struct cr_conn *c, long long risk_id, int *n,
				   struct cr_err *err);

/* ===== Attachments ===== */

int cr_store_attachment_insert(struct cr_conn *c, long long hazard_id, const char *name,
			       const char *content_type, const void *data, size_t len,
			       const char *sha256_hex, const struct cr_user *who, long long *id,
			       struct cr_err *err);
/* [{"id","name","content_type","size","sha256","login","created_at"}]. New reference. */
json_t *cr_store_attachments(struct cr_conn *c, long long hazard_id, struct cr_err *err);
/* The attachment's metadata (new reference) and a malloc'd copy of its bytes (caller frees),
 * or NULL with 404 when it does not exist or belongs to another hazard. */
json_t *cr_store_attachment_get(struct cr_conn *c, long long hazard_id, long long id, void **data,
				size_t *len, struct cr_err *err);

/* ===== Lists and figures ===== */

/* A new field must also go into the statistics' cache key (hazards.c, stats_key). */
struct cr_hazard_filter {
	const char *region_prefix, *dept, *sector, *state, *grade, *source, *supervised_by, *q;
	const struct cr_hazard_clock_window *clock; /* bounds of overdue / due_soon / figures */
	long long unit_id, risk_id;                 /* 0 = any */
	bool no_unit;                               /* only reports not yet matched to a unit */
	bool listed, open, overdue, due_soon;
	int min_escalation; /* 0 = any */
	long long after;
	int limit;
};
/* {"items":[…],"next","total"}, items as cr_store_hazard_get. New reference. */
json_t *cr_store_hazard_list(struct cr_conn *c, const struct cr_hazard_filter *f,
			     struct cr_err *err);
/* The same rows as the list for f (its after and limit ignored), by id, one at a time, with
 * only the columns named by keys (the column table's JSON keys, in that order; no derived
 * labels): for exports. NULL with err; read and close with store/rows.h. */
struct cr_store_rows *cr_store_hazard_rows(struct cr_conn *c, const struct cr_hazard_filter *f,
					   const char *const *keys, size_t n, struct cr_err *err);

/* by: "district" "dept" "sector" "source" "month". {"by","items":[{key,name,found,closed,
 * open,major,overdue,closure_rate,avg_days_to_close}],"total":{…}}. New reference. */
json_t *cr_store_hazard_stats(struct cr_conn *c, const struct cr_hazard_filter *f, const char *by,
			      struct cr_err *err);

/* Ids of overdue hazards (by the clock's bounds) with escalation < 2. New reference (array of
 * integers). */
json_t *cr_store_hazards_overdue(struct cr_conn *c, const struct cr_hazard_clock_window *clock,
				 struct cr_err *err);

/* The district (level 'district') whose outline holds the point, into out; 404 when none. */
int cr_store_district_at(struct cr_conn *c, double lon, double lat, char out[16],
			 struct cr_err *err);

#endif
