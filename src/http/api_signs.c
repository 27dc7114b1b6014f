/* api_signs.c — GET /api/v1/risks/{id}/sign.pdf (the printable warning sign, 一险一牌) and
 * GET /api/v1/public/risks/{id} (the public summary its QR code opens), for service/sign.c. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "http/api.h"
#include "service/sign.h"

/* The address users reach the server by: --public-url, else the request's Host when it is a
 * plain host[:port] (anything else falls back to the loopback default). */
static void url_base(struct cr_req *r, char *out, size_t cap)
{
	if (r->app->public_url) {
		snprintf(out, cap, "%s", r->app->public_url);
		return;
	}
	const char *host = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, "Host");
	bool ok = host && *host && strlen(host) < 200;
	for (const char *p = host; ok && *p; p++)
		ok = isalnum((unsigned char)*p) || strchr(".-:[]", *p);
	snprintf(out, cap, "http://%s", ok ? host : "127.0.0.1:8080");
}

int cr_api_risk_sign(struct cr_req *r)
{
	long long id;
	char base[256], path[512], utf8[64], ascii[64];
	if (cr_param_id(r, 0, &id))
		return -1;
	url_base(r, base, sizeof base);
	if (cr_temp_file(path, sizeof path, "cityrisk-sign", &r->err))
		return -1;
	if (cr_risk_sign_write(r->db, &r->user, id, base, path, &r->err)) {
		remove(path);
		return -1;
	}
	snprintf(utf8, sizeof utf8, "风险告知卡-%lld.pdf", id);
	snprintf(ascii, sizeof ascii, "sign-%lld.pdf", id);
	return cr_reply_temp_file(r, path, "application/pdf", utf8, ascii);
}

int cr_api_public_risk(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(r, 200, cr_risk_public(r->db, id, &r->err));
}
