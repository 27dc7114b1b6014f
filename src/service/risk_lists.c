/* risk_lists.c — the lists of risk points: the checked filter within the caller's scope (shared
 * with the exports), the list and a unit's list, each row as the API answers it (risk_view.c).
 * It must not build SQL (store/risks.c) or speak HTTP. */
#include "service/risks.h"

#include <string.h>

#include "core/jsonx.h"
#include "domain/grade.h"
#include "service/input.h"
#include "service/risk_view.h"
#include "service/units.h"
#include "store/risks.h"

int cr_risk_list_filter(const struct cr_user *u, const struct cr_risk_query *q,
			struct cr_risk_filter *f, struct cr_scope *sc, struct cr_err *err)
{
	*f = (struct cr_risk_filter){
		.sector = q->sector, .dept = q->dept, .q = q->q, .unit_id = q->unit_id, .limit = 50
	};
	if (cr_user_scope(u, q->region, q->dept, q->unit_id, sc, err))
		return -1;
	f->region_prefix = sc->region;
	f->dept = sc->dept;
	f->unit_id = sc->unit_id;
	if (q->grade && *q->grade && !(f->grade = cr_grade_parse(q->grade)))
		return cr_err_set(err, 400, "invalid", "grade", "grade must be 1–4 or a colour");
	f->flagged = q->flagged && strcmp(q->flagged, "1") == 0;
	if (cr_input_page(q->limit, q->after, &f->limit, &f->after, err))
		return -1;
	return cr_input_search(f->q, err);
}

json_t *cr_risk_list(struct cr_conn *c, const struct cr_user *u, const struct cr_risk_query *q,
		     struct cr_err *err)
{
	struct cr_risk_filter f;
	struct cr_scope sc;
	if (cr_risk_list_filter(u, q, &f, &sc, err))
		return NULL;
	return cr_risk_list_decorate(cr_store_risk_list(c, &f, err));
}

json_t *cr_risk_list_of_unit(struct cr_conn *c, const struct cr_user *u,
			     const struct cr_risk_query *q, struct cr_err *err)
{
	/* The unit itself must be readable: 403/404 rather than an empty list. */
	json_t *unit = cr_unit_read(c, u, q->unit_id, err);
	if (!unit)
		return NULL;
	json_decref(unit);
	return cr_risk_list(c, u, q, err);
}
