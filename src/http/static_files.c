/* static_files.c — sends files of the web UI and of a fixed list of npm packages. It must never
 * serve anything outside those folders: paths with "..", hidden files or other packages get 404. */
#include "http/static_files.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"

static const char *const vendor_packages[] = {
	"leaflet", "preact", "htm", "echarts", "supercluster", "kdbush", NULL,
};

static const struct {
	const char *ext, *type;
} types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".mjs", "text/javascript; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".json", "application/json; charset=utf-8" },
	{ ".webmanifest", "application/manifest+json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
	{ ".map", "application/json" },
};

static const char *content_type(const char *path)
{
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return "application/octet-stream";
}

static bool safe_path(const char *p)
{
	if (strstr(p, "..") || strstr(p, "//") || strchr(p, '\\'))
		return false;
	for (const char *s = p; (s = strchr(s, '/')); s++)
		if (s[1] == '.')
			return false;
	return true;
}

static enum MHD_Result send_file(struct cr_app *app, struct MHD_Connection *conn, const char *path,
				 bool cache)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		if (fd >= 0)
			close(fd);
		static const char msg[] = "not found";
		struct MHD_Response *r = MHD_create_response_from_buffer(
			sizeof msg - 1, (void *)msg, MHD_RESPMEM_PERSISTENT);
		enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_NOT_FOUND, r);
		MHD_destroy_response(r);
		return ret;
	}
	struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd);
	MHD_add_response_header(r, "Content-Type", content_type(path));
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cache-Control", cache ? "public, max-age=3600" : "no-cache");
	/* The UI loads only its own scripts; map tiles may come from a configured tile server. */
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data: blob: https: http:; "
				"style-src 'self' 'unsafe-inline'; object-src 'none'; "
				"frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
	if (app->https)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	enum MHD_Result ret = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

enum MHD_Result cr_static_serve(struct cr_app *app, struct MHD_Connection *conn, const char *url)
{
	char path[1024];
	if (!safe_path(url))
		return send_file(app, conn, "", false);
	if (strncmp(url, "/vendor/", 8) == 0) {
		const char *pkg = url + 8, *slash = strchr(pkg, '/');
		size_t n = slash ? (size_t)(slash - pkg) : 0;
		for (const char *const *v = vendor_packages; *v && n; v++)
			if (strlen(*v) == n && strncmp(*v, pkg, n) == 0) {
				snprintf(path, sizeof path, "%s/%s", app->vendordir, pkg);
				return send_file(app, conn, path, true);
			}
		return send_file(app, conn, "", false);
	}
	/* Known files are served as they are; any other path is a client-side route. */
	snprintf(path, sizeof path, "%s%s", app->webdir, url);
	struct stat sb;
	if (strcmp(url, "/") == 0 || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		const char *last = strrchr(url, '/');
		if (last && strchr(last, '.')) /* a missing asset, not a route */
			return send_file(app, conn, "", false);
		snprintf(path, sizeof path, "%s/index.html", app->webdir);
	}
	return send_file(app, conn, path, false);
}
