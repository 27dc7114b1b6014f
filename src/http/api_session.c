/* api_session.c — log-in (throttled by service/auth.c cr_login_wait), log-out and "who am I". Sets the
 * HttpOnly, SameSite=Strict cookie; the CSRF token travels in the JSON body and comes back in
 * the X-CSRF-Token header. */
#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "http/api.h"
#include "service/auth.h"

int cr_api_session_create(struct cr_req *r)
{
	static const char *const fields[] = { "login", "password", NULL };
	json_t *body = cr_body_json(r);
	const char *login, *password;
	int rc = -1;
	if (!body || cr_json_only(body, fields, &r->err))
		goto out;
	int a = cr_json_str(body, "login", 63, &login, &r->err);
	if (a == 1)
		cr_err_set(&r->err, 400, "required", "login", "'login' is required");
	if (a)
		goto out;
	a = cr_json_str(body, "password", 128, &password, &r->err);
	if (a == 1)
		cr_err_set(&r->err, 400, "required", "password", "'password' is required");
	if (a)
		goto out;
	/* After a few failures the login (or the address) waits, and the password is not even
	 * checked until the wait is over. */
	int wait;
	if (cr_login_wait(r->db, login, r->client, &wait, &r->err))
		goto out;
	if (wait) {
		r->retry_after = wait;
		cr_err_set(&r->err, 429, "rate_limited", "password",
			   "too many failed log-ins; try again in %d s", wait);
		goto out;
	}
	char token[CR_TOKEN_LEN], csrf[CR_TOKEN_LEN];
	struct cr_user u;
	if (cr_session_open(r->db, login, password, r->client, token, csrf, &u, &r->err)) {
		if (r->err.status == 503)
			r->retry_after = 1;
		goto out;
	}
	cr_session_cookie(r, token, 43200);
	rc = cr_reply(r, 200, json_pack("{ss so}", "csrf", csrf, "user", cr_user_to_json(&u)));
out:
	json_decref(body);
	return rc;
}

int cr_api_session_get(struct cr_req *r)
{
	return cr_reply(r, 200,
			json_pack("{ss so}", "csrf", r->csrf, "user", cr_user_to_json(&r->user)));
}

int cr_api_session_delete(struct cr_req *r)
{
	cr_session_close(r->db, r->session_token);
	cr_session_cookie(r, "", 0);
	return cr_reply(r, 200, json_pack("{sb}", "ok", 1));
}
