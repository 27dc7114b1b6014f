/* hazard_links.h — which risk points and units the hazards point at, for re-rating them after a
 * bulk load. Reads only. */
#ifndef CR_STORE_HAZARD_LINKS_H
#define CR_STORE_HAZARD_LINKS_H

#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"

/* Risk points with an open 重大隐患 linked to them, by id. *ids is malloc'd (the caller frees
 * it), *n its length; -1 with err. */
int cr_store_risks_with_open_major(struct cr_conn *c, long long **ids, size_t *n,
				   struct cr_err *err);
/* Units that have any hazard, by id. *ids is malloc'd (the caller frees it), *n its length. */
int cr_store_units_with_hazards(struct cr_conn *c, long long **ids, size_t *n, struct cr_err *err);

#endif
