/* webhook_post.h — one signed HTTP POST of a webhook delivery: the body with its HMAC-SHA256
 * signature (libsodium) in X-CityRisk-Signature, over plain HTTP/1.1 to an http:// URL. It
 * knows no alert, no database and no retry policy. */
#ifndef CR_WEBHOOK_POST_H
#define CR_WEBHOOK_POST_H

#include <stddef.h>

/* Whether url is one this client can send to: "http://HOST[:PORT][/PATH]" with a host of at
 * most 253 characters and no user part, spaces or control characters. */
int cr_webhook_url_check(const char *url);

/* "sha256=" and the lowercase hex HMAC-SHA256 of body under secret, into out (72 bytes). */
void cr_webhook_signature(const char *secret, const char *body, size_t len, char out[72]);

/* POSTs body (application/json) to url with the headers X-CityRisk-Signature and
 * X-CityRisk-Delivery: delivery; waits at most timeout_ms for each step. 0 with *status the
 * HTTP status the receiver answered (any), or -1 when none came (the reason in why). */
int cr_webhook_post(const char *url, const char *secret, const char *body, size_t len,
		    long long delivery, int timeout_ms, int *status, char *why, size_t whycap);

#endif
