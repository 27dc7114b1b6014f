/* verifications.h — SQL for on-site verifications (核查) of units' reports: rows to JSON, the
 * insert and a unit's list. Who may verify and at which level is service/verifications.c. */
#ifndef CR_STORE_VERIFICATIONS_H
#define CR_STORE_VERIFICATIONS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

/* A verification as written. Strings are borrowed. */
struct cr_verification_row {
	long long unit_id;
	long long review_id; /* the report checked; 0: none */
	const char *level;   /* city district town */
	const char *result;  /* pass issues */
	const char *findings, *checked_on, *login;
};

json_t *cr_store_verification_get(struct cr_conn *c, long long id, struct cr_err *err);
int cr_store_verification_insert(struct cr_conn *c, const struct cr_verification_row *r,
				 long long *id, struct cr_err *err);
/* {"items":[…]} of the unit's verifications, newest check first. New reference. */
json_t *cr_store_verification_list_unit(struct cr_conn *c, long long unit_id, struct cr_err *err);

#endif
