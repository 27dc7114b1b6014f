/* sign_render.h — sets a risk point's warning sign (一险一牌 / 风险告知卡) on one A4 page: a band
 * in the grade's colour, the facts in a table and a QR code (libqrencode) of its public page. */
#ifndef CR_SIGN_RENDER_H
#define CR_SIGN_RENDER_H

#include <jansson.h>

#include "core/err.h"

/* sign: {"name","grade","grade_name","unit_name","location","accident_types":[…],"measures":
 * {kind:[…]},"emergency":[…],"owner","phone","control_level","url"} (service/sign.c). Writes
 * the PDF to path: 0, or -1 with err (500). */
int cr_sign_render_pdf(const json_t *sign, const char *path, struct cr_err *err);

#endif
