/* api_signs.c — GET /api/v1/risks/{id}/sign.pdf (the printable warning sign, 一险一牌) and
 * GET /api/v1/public/risks/{id} (the public summary its QR code opens), for service/sign.c. */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	const char *dir = getenv("TMPDIR") && *getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	snprintf(path, sizeof path, "%s/cityrisk-sign-XXXXXX", dir);
	int fd = mkstemp(path), rc = -1;
	if (fd < 0)
		return cr_err_set(&r->err, 500, "internal", "", "cannot create a temporary file");
	close(fd);
	if (cr_risk_sign_write(r->db, &r->user, id, base, path, &r->err))
		goto out;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	snprintf(utf8, sizeof utf8, "风险告知卡-%lld.pdf", id);
	snprintf(ascii, sizeof ascii, "sign-%lld.pdf", id);
	cr_reply_attachment(r, utf8, ascii);
	rc = cr_reply_file(r, 200, "application/pdf", fd);
out:
	remove(path);
	return rc;
}

int cr_api_public_risk(struct cr_req *r)
{
	long long id;
	if (cr_param_id(r, 0, &id))
		return -1;
	return cr_reply_or_err(r, 200, cr_risk_public(r->db, id, &r->err));
}
