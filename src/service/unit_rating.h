/* unit_rating.h — a unit's four-colour rating (四色): recomputed from its risk points and open
 * hazards after every change that moves it, and read with the counts behind it. */
#ifndef CR_SERVICE_UNIT_RATING_H
#define CR_SERVICE_UNIT_RATING_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/rating.h"
#include "domain/user.h"

/* Recomputes and stores a unit's four-colour rating; call inside the writing transaction. */
int cr_unit_rating_refresh(struct cr_conn *c, long long unit_id, struct cr_err *err);
/* The same for the n units of ids (ascending), their counts read in one pass over all units
 * rather than a read each (a bulk load's re-rating). */
int cr_unit_rating_refresh_many(struct cr_conn *c, const long long *ids, size_t n,
				struct cr_err *err);
/* The same from counts the caller already holds (in, and flagged: active points whose owner's
 * rank is too low), as cr_unit_rating_refresh would read them: a bulk load that has just written
 * a new unit's points need not read them back. */
int cr_unit_rating_store(struct cr_conn *c, long long unit_id, const struct cr_rating_input *in,
			 int flagged, struct cr_err *err);
/* The same held for one UPDATE of all (cr_store_unit_rating_hold, between
 * cr_store_unit_ratings_begin and _apply): a load that rates every unit it has written. */
int cr_unit_rating_hold(struct cr_conn *c, long long unit_id, const struct cr_rating_input *in,
			int flagged, struct cr_err *err);
/* {"color","reason","reason_cn","owner_flags","points_by_grade"} of a unit the user may read.
 * New reference, or NULL with err. */
json_t *cr_unit_rating(struct cr_conn *c, const struct cr_user *u, long long unit_id,
		       struct cr_err *err);

#endif
