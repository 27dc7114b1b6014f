/* risk_parts.h — what the risk point use cases share among themselves (risk_grade.c,
 * risk_record.c, risk_regrade.c): a record graded into the row the store writes, and a written
 * point read back, versioned and audited. The public use cases are in service/risks.h. */
#ifndef CR_SERVICE_RISK_PARTS_H
#define CR_SERVICE_RISK_PARTS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"
#include "service/risks.h"
#include "store/risks.h"

/* A graded record: the row borrows from the record it was graded from and from explain and
 * direct (owned; cr_risk_graded_free releases it). */
struct cr_risk_graded {
	struct cr_risk_row row;
	char explain[512];
	json_t *direct;
};

/* Checks and grades rec (the API's record) for the unit it belongs to (its place, position and
 * installations) with open_major linked major hazards open. 0, or -1 with err naming the field.
 * The unit's grade of major hazard source (its installations' most severe, 0 for none) is read,
 * unless unit carries it under CR_RISK_UNIT_MHS_GRADE (a caller grading all of a unit's points
 * reads it once). */
#define CR_RISK_UNIT_MHS_GRADE "installation_top_grade"

int cr_risk_grade_record(struct cr_conn *c, const json_t *rec, const json_t *unit, int open_major,
			 struct cr_risk_graded *g, struct cr_err *err);
void cr_risk_graded_free(struct cr_risk_graded *g);

/* Reads the written point back (decorated), records its version (the changed fields against
 * `before`, NULL for a new point) and its audit entry with `action`, inside the caller's
 * transaction. New reference, or NULL with err. */
json_t *cr_risk_record_write(struct cr_conn *c, const struct cr_user *u, long long id,
			     const char *action, const json_t *before, struct cr_err *err);

#endif
