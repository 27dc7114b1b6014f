/* qra_targets.h — the registry's vulnerable targets as population points of a QRA request. */
#ifndef CR_SERVICE_QRA_TARGETS_H
#define CR_SERVICE_QRA_TARGETS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* A copy of a QRA request body without its "targets" flag; when the flag is true, every active
 * target u may read is appended to "population" as {lon, lat, people, protection_class, name,
 * target_id} (people: the larger of day and night, 0 when unknown; class per
 * cr_qra_target_class). New reference, or NULL with err (400 "targets" not a boolean, 403 for
 * an account that reads no targets). */
json_t *cr_qra_with_targets(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			    struct cr_err *err);

#endif
