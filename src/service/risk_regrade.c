/* risk_regrade.c — a risk point graded again because something it depends on changed: a linked
 * major hazard opened or closed, or the unit's installations (its major hazard sources) did.
 * Inside the caller's transaction; it must not build SQL (store/risks.c) or commit. */
#include "service/risk_parts.h"

#include <stdlib.h>
#include <string.h>

#include "service/risk_view.h"
#include "store/installations.h"
#include "store/risks.h"
#include "store/units.h"

/* Grades `before` (a stored point, decorated) again with open_major hazards open; a grading
 * that does not change is left alone unless `always`. Versioned and audited as `who`. */
static int regrade(struct cr_conn *c, const struct cr_user *who, const json_t *before,
		   const json_t *unit, int open_major, bool always, const char *action,
		   struct cr_err *err)
{
	long long id = json_integer_value(json_object_get(before, "id"));
	struct cr_risk_graded b = { 0 };
	json_t *after = NULL;
	int rc = -1;
	if (cr_risk_grade_record(c, before, unit, open_major, &b, err))
		goto out;
	const char *old_rule = json_string_value(json_object_get(before, "direct_rule"));
	if (!always && b.row.grade == json_integer_value(json_object_get(before, "grade")) &&
	    b.row.inherent_grade == json_integer_value(json_object_get(before, "inherent_grade")) &&
	    strcmp(b.row.explain, json_string_value(json_object_get(before, "explain"))) == 0 &&
	    ((!old_rule && !b.row.direct_rule) ||
	     (old_rule && b.row.direct_rule && strcmp(old_rule, b.row.direct_rule) == 0))) {
		rc = 0;
		goto out;
	}
	if (cr_store_risk_update(c, id, &b.row, 0, err))
		goto out;
	if (!(after = cr_risk_record_write(c, who, id, action, before, err)))
		goto out;
	rc = 0;
out:
	cr_risk_graded_free(&b);
	json_decref(after);
	return rc;
}

int cr_risk_set_open_major_hazards(struct cr_conn *c, const struct cr_user *who, long long risk_id,
				   int open, struct cr_err *err)
{
	/* The caller's transaction stays open: the patch path's commit would end it. */
	json_t *before = cr_risk_row_decorate(cr_store_risk_get(c, risk_id, err)), *unit = NULL;
	int rc = -1;
	if (!before)
		goto out;
	unit = cr_store_unit_get(c, json_integer_value(json_object_get(before, "unit_id")), err);
	if (!unit)
		goto out;
	if (regrade(c, who, before, unit, open, true, "hazard", err))
		goto out;
	if (cr_unit_rating_refresh(c, json_integer_value(json_object_get(before, "unit_id")), err))
		goto out;
	rc = 0;
out:
	json_decref(before);
	json_decref(unit);
	return rc;
}

int cr_risk_regrade_unit(struct cr_conn *c, const struct cr_user *who, long long unit_id,
			 const char *action, struct cr_err *err)
{
	json_t *unit = cr_store_unit_get(c, unit_id, err), *points = NULL, *before;
	int rc = -1, mhs = 0;
	/* the unit and all its points read once, not once a point: grading one point again
	 * changes no other */
	if (!unit || !(points = cr_risk_list_decorate(cr_store_unit_risks(c, unit_id, err))) ||
	    cr_store_installation_top_grade(c, unit_id, &mhs, err))
		goto out;
	json_object_set_new(unit, CR_RISK_UNIT_MHS_GRADE, json_integer(mhs));
	size_t i;
	json_array_foreach(json_object_get(points, "items"), i, before) {
		int open = (int)json_integer_value(json_object_get(before, "open_major_hazards"));
		if (regrade(c, who, before, unit, open, false, action, err))
			goto out;
	}
	rc = cr_unit_rating_refresh(c, unit_id, err);
out:
	json_decref(points);
	json_decref(unit);
	return rc;
}
