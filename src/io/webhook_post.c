/* webhook_post.c — a minimal HTTP/1.1 client for webhook deliveries: resolve, connect with a
 * deadline, send the signed request, read the status line. It must not follow redirects nor
 * read more of the answer than its status: a receiver's body is not ours to hold. */
#include "io/webhook_post.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct url {
	char host[254], port[8];
	const char *path;
};

static int parse(const char *url, struct url *u)
{
	if (strncmp(url, "http://", 7) != 0)
		return -1;
	const char *h = url + 7, *end = h + strcspn(h, ":/");
	size_t n = (size_t)(end - h);
	if (n == 0 || n >= sizeof u->host || strlen(url) > 2000)
		return -1;
	for (const char *p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '@' || *p == 127)
			return -1;
	memcpy(u->host, h, n);
	u->host[n] = 0;
	snprintf(u->port, sizeof u->port, "80");
	if (*end == ':') {
		const char *p = end + 1;
		size_t pn = strspn(p, "0123456789");
		long port = pn && pn < 6 ? strtol(p, NULL, 10) : 0;
		if (port < 1 || port > 65535 || (p[pn] && p[pn] != '/'))
			return -1;
		snprintf(u->port, sizeof u->port, "%ld", port);
		end = p + pn;
	}
	u->path = *end ? end : "/";
	return 0;
}

int cr_webhook_url_check(const char *url)
{
	struct url u;
	return url ? parse(url, &u) : -1;
}

void cr_webhook_signature(const char *secret, const char *body, size_t len, char out[72])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, (const unsigned char *)secret, strlen(secret));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, len);
	crypto_auth_hmacsha256_final(&st, mac);
	memcpy(out, "sha256=", 7);
	sodium_bin2hex(out + 7, 65, mac, sizeof mac);
}

static int wait_fd(int fd, short ev, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = ev };
	int rc;
	do
		rc = poll(&p, 1, timeout_ms);
	while (rc < 0 && errno == EINTR);
	return rc == 1 ? 0 : -1;
}

static int connect_to(const struct url *u, int timeout_ms, char *why, size_t whycap)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM }, *res, *ai;
	int rc = getaddrinfo(u->host, u->port, &hints, &res);
	if (rc) {
		snprintf(why, whycap, "cannot resolve %s: %s", u->host, gai_strerror(rc));
		return -1;
	}
	int fd = -1;
	for (ai = res; ai && fd < 0; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			    ai->ai_protocol);
		if (fd < 0)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		int soerr = errno;
		socklen_t sl = sizeof soerr;
		if (soerr != EINPROGRESS || wait_fd(fd, POLLOUT, timeout_ms) ||
		    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) || soerr) {
			snprintf(why, whycap, "cannot connect to %s:%s: %s", u->host, u->port,
				 strerror(soerr ? soerr : ETIMEDOUT));
			close(fd);
			fd = -1;
		}
	}
	freeaddrinfo(res);
	return fd;
}

static int send_all(int fd, const char *p, size_t n, int timeout_ms)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
			if (wait_fd(fd, POLLOUT, timeout_ms))
				return -1;
			continue;
		}
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Reads until the status line is complete: "HTTP/1.x NNN". */
static int read_status(int fd, int timeout_ms, int *status)
{
	char buf[256];
	size_t n = 0;
	while (n < sizeof buf - 1) {
		if (wait_fd(fd, POLLIN, timeout_ms))
			return -1;
		ssize_t r = recv(fd, buf + n, sizeof buf - 1 - n, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		buf[n] = 0;
		if (strchr(buf, '\n'))
			break;
	}
	buf[n] = 0;
	if (strncmp(buf, "HTTP/1.", 7) != 0 || n < 12 || buf[8] != ' ')
		return -1;
	char *end;
	long s = strtol(buf + 9, &end, 10);
	if (end != buf + 12 || s < 100 || s > 599)
		return -1;
	*status = (int)s;
	return 0;
}

int cr_webhook_post(const char *url, const char *secret, const char *body, size_t len,
		    long long delivery, int timeout_ms, int *status, char *why, size_t whycap)
{
	struct url u;
	char sig[72], head[2600];
	if (parse(url, &u)) {
		snprintf(why, whycap, "not an http:// URL");
		return -1;
	}
	int fd = connect_to(&u, timeout_ms, why, whycap);
	if (fd < 0)
		return -1;
	cr_webhook_signature(secret, body, len, sig);
	int hn = snprintf(head, sizeof head,
			  "POST %s HTTP/1.1\r\nHost: %s:%s\r\nUser-Agent: CityRisk-Webhook/1\r\n"
			  "Content-Type: application/json; charset=utf-8\r\nContent-Length: %zu\r\n"
			  "X-CityRisk-Signature: %s\r\nX-CityRisk-Delivery: %lld\r\n"
			  "Connection: close\r\n\r\n",
			  u.path, u.host, u.port, len, sig, delivery);
	int rc = -1;
	if (hn < 0 || (size_t)hn >= sizeof head)
		snprintf(why, whycap, "URL too long");
	else if (send_all(fd, head, (size_t)hn, timeout_ms) || send_all(fd, body, len, timeout_ms))
		snprintf(why, whycap, "sending failed: %s", strerror(errno));
	else if (read_status(fd, timeout_ms, status))
		snprintf(why, whycap, "no HTTP answer within %d ms", timeout_ms);
	else
		rc = 0;
	close(fd);
	return rc;
}
