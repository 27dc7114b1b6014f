/* hazard_sync.h — the client ids that make an offline capture's resend idempotent: a hazard
 * filed from a phone carries the UUID the phone gave it, unique per author. */
#ifndef CR_STORE_HAZARD_SYNC_H
#define CR_STORE_HAZARD_SYNC_H

#include "store/sql.h"

#include "core/err.h"

/* The hazard user_id already filed under client_id, 0 when none, -1 with err on failure. */
long long cr_store_hazard_by_client_id(struct cr_conn *c, long long user_id, const char *client_id,
				       struct cr_err *err);
/* Records client_id on hazard id; inside the caller's transaction. 0 or -1 with err. */
int cr_store_hazard_set_client_id(struct cr_conn *c, long long id, const char *client_id,
				  struct cr_err *err);

#endif
