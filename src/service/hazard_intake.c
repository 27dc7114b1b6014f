/* hazard_intake.c — what reaches a hazard from outside the loop: attachments (whitelisted by
 * their bytes), public reports (举报), and the escalation of overdue hazards on a timer. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "service/hazards.h"
#include "service/hazard_view.h"
#include "store/audit.h"
#include "store/hazards.h"

#define MAX_ATTACHMENTS 50

/* ===== Attachments ===== */

/* The type of a file from its first bytes; NULL unless JPEG, PNG, WebP or PDF. Executables,
 * archives, HTML and SVG (which can carry script) are all refused by not being listed. */
static const char *sniff(const unsigned char *p, size_t n, const char **ext)
{
	static const struct {
		size_t off, len;
		const char *magic, *type, *ext;
	} kinds[] = {
		{ 0, 3, "\xFF\xD8\xFF", "image/jpeg", "jpg" },
		{ 0, 8, "\x89PNG\r\n\x1a\n", "image/png", "png" },
		{ 8, 4, "WEBP", "image/webp", "webp" }, /* after "RIFF" and the size */
		{ 0, 5, "%PDF-", "application/pdf", "pdf" },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t end = kinds[i].off + kinds[i].len;
		if (n >= end && memcmp(p + kinds[i].off, kinds[i].magic, kinds[i].len) == 0 &&
		    (kinds[i].off == 0 || memcmp(p, "RIFF", 4) == 0)) {
			*ext = kinds[i].ext;
			return kinds[i].type;
		}
	}
	return NULL;
}

/* A display name: the last path segment, at most 100 characters, no control characters. */
static int clean_name(const char *in, const char *ext, char out[256], struct cr_err *err)
{
	if (!in || !*in) {
		snprintf(out, 256, "attachment.%s", ext);
		return 0;
	}
	const char *base = in;
	for (const char *p = in; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	long n = cr_utf8_len(base, strlen(base));
	if (n <= 0 || n > 100)
		return cr_err_set(err, 400, "invalid", "name",
				  "name must be UTF-8 text of 1 to 100 characters");
	for (const char *p = base; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || *p == '"')
			return cr_err_set(err, 400, "invalid", "name",
					  "name must not contain control characters or quotes");
	snprintf(out, 256, "%s", base);
	return 0;
}

json_t *cr_hazard_attach(struct cr_conn *c, const struct cr_user *u, long long id, const char *name,
			 const void *data, size_t len, struct cr_err *err)
{
	const char *ext = NULL, *type;
	char clean[256], hex[2 * crypto_hash_sha256_BYTES + 1], today[11];
	if (!len) {
		cr_err_set(err, 400, "required", "body", "send the file as the request body");
		return NULL;
	}
	if (len > CR_ATTACHMENT_MAX) {
		cr_err_set(err, 413, "too_large", "body", "attachments are limited to 10 MiB");
		return NULL;
	}
	if (!(type = sniff(data, len, &ext))) {
		cr_err_set(err, 415, "unsupported_media_type", "body",
			   "attachments must be JPEG, PNG or WebP photos or PDF documents");
		return NULL;
	}
	if (clean_name(name, ext, clean, err))
		return NULL;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	cr_hazard_today(time(NULL), today);
	if (cr_db_begin(c, err))
		return NULL;
	json_t *hz = cr_hazard_load(c, u, id, true, today, err), *list = NULL, *out = NULL;
	long long aid;
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (!hz)
		goto out;
	if (strcmp(json_string_value(json_object_get(hz, "state")), "closed") == 0) {
		cr_err_set(err, 409, "conflict", "state", "hazard %lld is closed (销号)", id);
		goto out;
	}
	if (!(list = cr_store_attachments(c, id, err)))
		goto out;
	if (json_array_size(list) >= MAX_ATTACHMENTS) {
		cr_err_set(err, 409, "conflict", "body", "a hazard holds at most %d attachments",
			   MAX_ATTACHMENTS);
		goto out;
	}
	if (cr_store_attachment_insert(c, id, clean, type, data, len, hex, u, &aid, err))
		goto out;
	out = json_pack("{sI sI ss ss sI ss}", "id", (json_int_t)aid, "hazard_id", (json_int_t)id,
			"name", clean, "content_type", type, "size", (json_int_t)len, "sha256",
			hex);
	if (cr_audit_write(c, u, "hazard", idt, "attach", NULL, out, err) || cr_db_commit(c, err)) {
		json_decref(out);
		out = NULL;
	}
out:
	if (!out)
		cr_db_rollback(c);
	json_decref(hz);
	json_decref(list);
	return out;
}

json_t *cr_hazard_attachment(struct cr_conn *c, const struct cr_user *u, long long id,
			     long long aid, void **data, size_t *len, struct cr_err *err)
{
	char today[11];
	cr_hazard_today(time(NULL), today);
	json_t *hz = cr_hazard_load(c, u, id, false, today, err);
	if (!hz)
		return NULL;
	json_decref(hz);
	return cr_store_attachment_get(c, id, aid, data, len, err);
}

/* ===== Public reports (举报) ===== */

/* A report's one photo: "photo" (the image in base64, ≤ CR_REPORT_PHOTO_MAX bytes decoded) and
 * "photo_name". JPEG, PNG or WebP by its first bytes; *data NULL when there is none. */
static int report_photo(const json_t *body, unsigned char **data, size_t *len, const char **type,
			char name[256], struct cr_err *err)
{
	const char *b64 = NULL, *given = NULL, *ext = NULL;
	*data = NULL;
	*len = 0;
	size_t cap = CR_REPORT_PHOTO_MAX;
	if (cr_json_str(body, "photo", 2 * cap, &b64, err) < 0 ||
	    cr_json_str(body, "photo_name", 100, &given, err) < 0)
		return -1;
	if (!b64 || !*b64)
		return 0;
	size_t n = strlen(b64);
	if (n > (cap + 2) / 3 * 4)
		return cr_err_set(err, 413, "too_large", "photo",
				  "a report's photo is limited to %zu bytes", cap);
	unsigned char *buf = malloc(n / 4 * 3 + 3);
	if (!buf)
		return cr_err_set(err, 500, "oom", "photo", "out of memory");
	if (sodium_base642bin(buf, n / 4 * 3 + 3, b64, n, "\r\n", len, NULL,
			      sodium_base64_VARIANT_ORIGINAL) != 0) {
		free(buf);
		return cr_err_set(err, 400, "invalid", "photo",
				  "photo must be the image in base64");
	}
	*type = sniff(buf, *len, &ext);
	if (!*type || strcmp(ext, "pdf") == 0) {
		free(buf);
		return cr_err_set(err, 415, "unsupported_media_type", "photo",
				  "a report's photo must be a JPEG, PNG or WebP image");
	}
	if (*len > cap) {
		free(buf);
		return cr_err_set(err, 413, "too_large", "photo",
				  "a report's photo is limited to %zu bytes", cap);
	}
	if (clean_name(given, ext, name, err)) {
		free(buf);
		return -1;
	}
	*data = buf;
	return 0;
}

json_t *cr_hazard_report(struct cr_conn *c, const json_t *body, struct cr_err *err)
{
	static const char *const fields[] = { "description", "address", "lon",        "lat",
					      "contact",     "photo",   "photo_name", NULL };
	static const struct cr_user public_user = { .id = 0,
						    .login = "public",
						    .role = CR_ROLE_EXPERT };
	char now[32], region[16], idt[24];
	cr_now_iso(now);
	struct cr_hazard_row r = { .source = "public_report",
				   .grade = "general",
				   .state = "found",
				   .found_at = now,
				   .found_by = "public",
				   .contact = "" };
	int rc;
	if (cr_json_only(body, fields, err))
		return NULL;
	static const char *const needed[] = { "description", "address" };
	const char **dst[] = { &r.description, &r.location };
	static const size_t max[] = { 1000, 200 };
	for (int i = 0; i < 2; i++) {
		rc = (i ? cr_json_str : cr_json_text)(body, needed[i], max[i], dst[i], err);
		if (rc < 0)
			return NULL;
		if (rc == 1 || !**dst[i]) {
			cr_err_set(err, 400, "required", needed[i], "'%s' is required", needed[i]);
			return NULL;
		}
	}
	if (cr_json_str(body, "contact", 100, &r.contact, err) < 0)
		return NULL;
	for (int i = 0; i < 2; i++) {
		const char *k = i ? "lat" : "lon";
		rc = cr_json_num(body, k, i ? 3 : 73, i ? 54 : 136, i ? &r.lat : &r.lon, err);
		if (rc < 0)
			return NULL;
		if (rc == 1) {
			cr_err_set(err, 400, "required", k,
				   "'%s' is required: mark the place on the map", k);
			return NULL;
		}
	}
	r.has_coords = true;
	if (cr_store_district_at(c, r.lon, r.lat, region, err))
		return NULL;
	r.region = region;
	unsigned char *photo = NULL;
	size_t photo_len = 0;
	const char *photo_type = NULL;
	char photo_name[256];
	if (report_photo(body, &photo, &photo_len, &photo_type, photo_name, err))
		return NULL;
	if (cr_db_begin(c, err)) {
		free(photo);
		return NULL;
	}
	long long id = 0;
	json_t *after = NULL, *att = NULL;
	char today[11];
	cr_hazard_today(time(NULL), today);
	rc = -1;
	if (cr_store_hazard_insert(c, &r, &id, err))
		goto out;
	if (cr_store_hazard_event_add(c, id, &public_user, NULL, "found", "public report", err))
		goto out;
	snprintf(idt, sizeof idt, "%lld", id);
	after = cr_hazard_view_get(c, id, today, err);
	if (!after)
		goto out;
	if (cr_audit_write(c, &public_user, "hazard", idt, "report", NULL, after, err))
		goto out;
	if (photo) {
		unsigned char h[crypto_hash_sha256_BYTES];
		char hex[2 * crypto_hash_sha256_BYTES + 1];
		long long aid;
		crypto_hash_sha256(h, photo, photo_len);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		if (cr_store_attachment_insert(c, id, photo_name, photo_type, photo, photo_len, hex,
					       &public_user, &aid, err))
			goto out;
		att = json_pack("{sI ss ss sI ss}", "id", (json_int_t)aid, "name", photo_name,
				"content_type", photo_type, "size", (json_int_t)photo_len, "sha256",
				hex);
		if (cr_audit_write(c, &public_user, "hazard", idt, "attach", NULL, att, err))
			goto out;
	}
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	free(photo);
	json_decref(att);
	json_decref(after);
	if (rc) {
		cr_db_rollback(c);
		return NULL;
	}
	return json_pack("{sI ss}", "id", (json_int_t)id, "state", "found");
}

/* ===== Escalation ===== */

int cr_hazards_escalate(struct cr_conn *c, struct cr_err *err)
{
	static const struct cr_user system_user = { .id = 0,
						    .login = "system",
						    .role = CR_ROLE_CITY };
	char today[11], now[32];
	cr_hazard_today(time(NULL), today);
	cr_now_iso(now);
	if (cr_db_begin(c, err))
		return -1;
	struct cr_hazard_clock_window clock;
	json_t *ids = cr_hazard_clock_window(today, &clock) == 0
			      ? cr_store_hazards_overdue(c, &clock, err)
			      : (cr_err_set(err, 500, "internal", "", "today is not a date"), NULL);
	int changed = 0, rc = -1;
	json_t *before = NULL, *after = NULL;
	size_t i;
	json_t *v;
	if (!ids)
		goto out;
	json_array_foreach(ids, i, v) {
		long long id = json_integer_value(v);
		before = cr_hazard_view_get(c, id, today, err);
		if (!before)
			goto out;
		struct cr_hazard_facts f;
		cr_hazard_facts_of(before, &f);
		struct cr_hazard_row r;
		cr_store_hazard_row_from_json(before, &r);
		int level = cr_hazard_escalation_level(f.state, r.deadline, today);
		if (level > r.escalation) {
			char idt[24], comment[96];
			snprintf(idt, sizeof idt, "%lld", id);
			snprintf(comment, sizeof comment, "overdue since %s: escalated to the %s",
				 r.deadline, level == 2 ? "city office" : "department");
			r.escalation = level;
			r.escalated_at = now;
			if (cr_store_hazard_update(c, id, &r, 0, err))
				goto out;
			if (cr_store_hazard_event_add(c, id, &system_user, r.state, r.state,
						      comment, err))
				goto out;
			after = cr_hazard_view_get(c, id, today, err);
			if (!after)
				goto out;
			if (cr_audit_write(c, &system_user, "hazard", idt, "escalate", before,
					   after, err))
				goto out;
			changed++;
		}
		json_decref(before);
		json_decref(after);
		before = after = NULL;
	}
	if (cr_db_commit(c, err))
		goto out;
	rc = 0;
out:
	json_decref(before);
	json_decref(after);
	json_decref(ids);
	if (rc) {
		cr_db_rollback(c);
		return -1;
	}
	return changed;
}

static bool escalate(struct cr_conn *c, void *ctx)
{
	(void)ctx;
	struct cr_err err = { 0 };
	if (c && cr_hazards_escalate(c, &err) < 0)
		fprintf(stderr, "cityrisk: hazard escalation: %s\n", err.message);
	return false;
}

struct cr_ticker *cr_escalator_start(struct cr_db *db, int period_s)
{
	return cr_ticker_start(db, period_s > 0 ? period_s : 60, escalate, NULL);
}
