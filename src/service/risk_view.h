/* risk_view.h — a risk point as the API answers it: the stored row (store/risks.h) and the labels
 * the domain derives from it (domain/grade.h). No SQL and no permission rules here. */
#ifndef CR_SERVICE_RISK_VIEW_H
#define CR_SERVICE_RISK_VIEW_H

#include <jansson.h>

/* Adds "color" (the grade's colour, "" when ungraded) after "grade" to a stored risk row, in
 * place; returns row (NULL stays NULL), so a store read can be wrapped: every list, read,
 * audit and export of a risk point goes through it. */
json_t *cr_risk_row_decorate(json_t *row);
/* The same for every item of a list answer {"items":[…]}, in place; returns list. */
json_t *cr_risk_list_decorate(json_t *list);

#endif
