/* catalogue.h — use cases for the industry risk catalogues (行业风险目录) and for creating risk
 * points in bulk from templates: from catalogue entries, and by copying points to other units. */
#ifndef CR_SERVICE_CATALOGUE_H
#define CR_SERVICE_CATALOGUE_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* Most risk points one copy call may create (risk_ids × unit_ids); beyond it 413. */
#define CR_COPY_MAX_POINTS 10000
/* Most entries one from-catalogue call may apply. */
#define CR_FROM_CATALOGUE_MAX 200

/* Each returns a new reference, or NULL with err filled. */

/* {"items":[entry…]} of active entries (any logged-in user); sector, dept may be NULL or "".
 * Each entry carries its grade and color under the current method configuration (null when its
 * inputs no longer fit the configured tables). */
json_t *cr_catalogue_list(struct cr_conn *c, const struct cr_user *u, const char *sector,
			  const char *dept, struct cr_err *err);
json_t *cr_catalogue_read(struct cr_conn *c, const struct cr_user *u, long long id,
			  struct cr_err *err);

/* Writes: the city office for every sector, a city or district department only for entries of
 * its own department (the sector's supervising department); everyone else 403. Validated like
 * risk points (method + inputs graded, GB 6441 accident types, measures by kind) and audited
 * (entity "catalogue") in the same transaction. DELETE archives. */
json_t *cr_catalogue_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			    struct cr_err *err);
json_t *cr_catalogue_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			   const json_t *body, struct cr_err *err);
json_t *cr_catalogue_archive(struct cr_conn *c, const struct cr_user *u, long long id,
			     struct cr_err *err);

/* {"entries":[ids]} → {"items":[risk points]}: one point per entry on the unit, graded like
 * cr_risk_create (version action "from_catalogue"); all or nothing. */
json_t *cr_risks_from_catalogue(struct cr_conn *c, const struct cr_user *u, long long unit_id,
				const json_t *body, struct cr_err *err);
/* {"risk_ids":[…],"unit_ids":[…]} → {"created":N}: each point's assessment copied to each unit
 * (version action "copy"); the user must read every source and write every target (403 naming
 * the refused unit ids); at most CR_COPY_MAX_POINTS points; all or nothing. */
json_t *cr_risks_copy(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		      struct cr_err *err);

#endif
