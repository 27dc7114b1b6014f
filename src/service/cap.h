/* cap.h — public warnings in CAP 1.2: a regulator drafts one (event, urgency, severity,
 * certainty, headline, texts, area as a polygon or circle, expiry), another account approves it,
 * and only then does it appear in the public CAP feed GET /api/v1/alerts.cap. */
#ifndef CR_SERVICE_CAP_H
#define CR_SERVICE_CAP_H

#include <jansson.h>
#include "store/sql.h"
#include <stddef.h>

#include "core/err.h"
#include "domain/user.h"

/* Each returns a new reference, or NULL with err filled. */
json_t *cr_cap_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		      struct cr_err *err);
json_t *cr_cap_list(struct cr_conn *c, const struct cr_user *u, const char *state,
		    struct cr_err *err);
/* 409 "separation_of_duties" (rule cap_approver) when u drafted it; 409 "illegal_transition"
 * when it is published already; 403 outside u's territory or role (city, district). */
json_t *cr_cap_approve(struct cr_conn *c, const struct cr_user *u, long long id,
		       struct cr_err *err);

/* The feed of published warnings not yet expired, newest first: malloc'd XML with *len. */
char *cr_cap_feed(struct cr_conn *c, size_t *len, struct cr_err *err);

#endif
