/* risk_view.c — the labels of a risk point derived from its stored row, added beside their
 * source field. It must not read the database or restate a rule: the domain holds the colours. */
#include "service/risk_view.h"

#include "core/jsonx.h"
#include "domain/grade.h"

json_t *cr_risk_row_decorate(json_t *row)
{
	if (!row)
		return NULL;
	const char *color = cr_grade_color((int)json_integer_value(json_object_get(row, "grade")));
	cr_json_set_after(row, "grade", "color", json_string(color ? color : ""));
	return row;
}

json_t *cr_risk_list_decorate(json_t *list)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(list, "items"), i, r)
		cr_risk_row_decorate(r);
	return list;
}
