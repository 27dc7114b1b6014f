/* sign.h — the warning sign of a risk point (一险一牌 / 风险告知卡: name, grade in its colour,
 * location, accident types, measures, emergency actions, responsible person, emergency phone and
 * a QR code), and the public summary that QR code opens, which holds no personal data. */
#ifndef CR_SERVICE_SIGN_H
#define CR_SERVICE_SIGN_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"

/* The public summary of an active risk point, for anyone: {"id","name","unit_name","place",
 * "region_name","grade","grade_name","color","accident_types":[names],"measures":{kind:[…]},
 * "emergency":[…],"control_level"} — no person's name or phone. New reference, or NULL with
 * 404 (unknown or archived). */
json_t *cr_risk_public(struct cr_conn *c, long long id, struct cr_err *err);

/* Writes the risk point's A4 sign as PDF to path, its QR code linking to url_base +
 * "/risk-public.html?id=ID". The user must be able to read the point (403/404). 0 or -1. */
int cr_risk_sign_write(struct cr_conn *c, const struct cr_user *u, long long id,
		       const char *url_base, const char *path, struct cr_err *err);

#endif
