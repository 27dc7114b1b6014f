/* cap.c — CAP 1.2 use cases: validate a draft (CAP's code lists, the area), authorise by
 * territory, publish on another account's approval (audited), and build the public feed. It
 * must not write XML itself (io/cap_xml.c) nor SQL (store/cap_alerts.c). */
#include "service/cap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/jsonx.h"
#include "domain/cap_rules.h"
#include "io/cap_xml.h"
#include "service/config.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/cap_alerts.h"
#include "store/db.h"
#include "store/refdata.h"

static const char *const writable[] = {
	"alert_id",  "event",    "category",    "urgency",     "severity",
	"certainty", "headline", "description", "instruction", "area_desc",
	"polygon",   "circle",   "expires",     "region",      NULL,
};

static bool may_draft(const struct cr_user *u)
{
	return u->role == CR_ROLE_CITY || u->role == CR_ROLE_CITY_DEPT ||
	       u->role == CR_ROLE_DISTRICT || u->role == CR_ROLE_DISTRICT_DEPT;
}

static int code_of(const json_t *in, const char *key, const char *dflt, bool (*ok)(const char *),
		   const char **out, struct cr_err *err)
{
	*out = NULL;
	if (cr_json_str(in, key, 20, out, err) < 0)
		return -1;
	if (!*out)
		*out = dflt;
	if (!ok(*out)) {
		cr_err_set(err, 400, "invalid", key, "%s is not a CAP 1.2 value", key);
		cr_err_param(err, "rule", "cap_code");
		return cr_err_param(err, "value", "%s", *out);
	}
	return 0;
}

struct cap_buf {
	struct cr_cap_alert_row row;
	char region[16], expires[26], area[6000];
};

static int area_of(const json_t *in, struct cap_buf *b, struct cr_err *err)
{
	const json_t *poly = json_object_get(in, "polygon"), *circ = json_object_get(in, "circle");
	if (!poly == !circ) {
		cr_err_set(err, 400, "required", "polygon",
			   "give the area as a polygon or a circle");
		return cr_err_param(err, "rule", "cap_area");
	}
	if (circ) {
		double v[3];
		const char *k[3] = { "lon", "lat", "radius_km" };
		for (int i = 0; i < 3; i++) {
			const json_t *x = json_object_get(circ, k[i]);
			if (!json_is_number(x)) {
				cr_err_set(err, 400, "invalid", "circle",
					   "circle needs lon, lat and radius_km");
				return cr_err_param(err, "rule", "cap_circle");
			}
			v[i] = json_number_value(x);
		}
		b->row.circle = b->area;
		return cr_cap_circle_text(v[0], v[1], v[2], b->area, sizeof b->area, err);
	}
	size_t n = json_array_size(poly);
	double *pts = n ? calloc(n * 2, sizeof *pts) : NULL;
	for (size_t i = 0; i < n && pts; i++) {
		const json_t *p = json_array_get(poly, i);
		if (json_array_size(p) != 2 || !json_is_number(json_array_get(p, 0)) ||
		    !json_is_number(json_array_get(p, 1)))
			n = 0;
		else {
			pts[2 * i] = json_number_value(json_array_get(p, 0));
			pts[2 * i + 1] = json_number_value(json_array_get(p, 1));
		}
	}
	int rc = cr_cap_polygon_text(pts, pts ? n : 0, b->area, sizeof b->area, err);
	free(pts);
	b->row.polygon = b->area;
	return rc;
}

static int validate(struct cr_conn *c, const struct cr_user *u, const json_t *in, struct cap_buf *b,
		    struct cr_err *err)
{
	struct cr_cap_alert_row *r = &b->row;
	const char *region = "", *expires;
	if (cr_input_required_text(in, "event", 100, &r->event, err) ||
	    cr_input_required_text(in, "headline", 160, &r->headline, err) ||
	    cr_input_required_text(in, "area_desc", 200, &r->area_desc, err) ||
	    cr_input_required_text(in, "expires", 16, &expires, err) ||
	    cr_input_optional_text(in, "region", 12, &region, err))
		return -1;
	r->description = r->instruction = "";
	if (cr_json_text(in, "description", 2000, &r->description, err) < 0 ||
	    cr_json_text(in, "instruction", 2000, &r->instruction, err) < 0)
		return -1;
	if (!r->description)
		r->description = "";
	if (!r->instruction)
		r->instruction = "";
	if (code_of(in, "category", "Safety", cr_cap_category_ok, &r->category, err) ||
	    code_of(in, "urgency", "Expected", cr_cap_urgency_ok, &r->urgency, err) ||
	    code_of(in, "severity", "Moderate", cr_cap_severity_ok, &r->severity, err) ||
	    code_of(in, "certainty", "Likely", cr_cap_certainty_ok, &r->certainty, err))
		return -1;
	if (cr_cap_time(expires, b->expires)) {
		cr_err_set(err, 400, "invalid", "expires", "expires must be YYYY-MM-DDTHH:MM");
		return cr_err_param(err, "rule", "datetime");
	}
	r->expires = expires;
	r->alert_id = 0;
	if (cr_json_int(in, "alert_id", 1, 1LL << 53, &r->alert_id, err) < 0)
		return -1;
	if (!*region)
		region = u->region;
	if (cr_region_resolve(c, region, "region", b->region, err))
		return -1;
	r->region = b->region;
	r->dept = cr_role_needs_dept(u->role) ? u->dept : "";
	return area_of(in, b, err);
}

static int refuse(struct cr_err *err, const char *field, long long id)
{
	cr_err_set(err, 403, "forbidden", field, "this warning is outside your scope");
	cr_err_param(err, "rule", "cap_scope");
	return cr_err_param(err, "id", "%lld", id);
}

json_t *cr_cap_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		      struct cr_err *err)
{
	struct cap_buf b = { 0 };
	long long id;
	char idt[24];
	json_t *out = NULL;
	if (cr_json_only(body, writable, err) || validate(c, u, body, &b, err))
		return NULL;
	if (!may_draft(u) || !cr_user_covers_region(u, b.row.region)) {
		refuse(err, "region", 0);
		return NULL;
	}
	b.row.author = u->login;
	b.row.author_id = u->id;
	if (cr_db_begin(c, err))
		return NULL;
	if (cr_store_cap_alert_insert(c, &b.row, &id, err))
		goto fail;
	out = cr_store_cap_alert_get(c, id, err);
	snprintf(idt, sizeof idt, "%lld", id);
	if (!out || cr_audit_write(c, u, "cap_alert", idt, "draft", NULL, out, err) ||
	    cr_db_commit(c, err))
		goto fail;
	return out;
fail:
	cr_db_rollback(c);
	json_decref(out);
	return NULL;
}

json_t *cr_cap_list(struct cr_conn *c, const struct cr_user *u, const char *state,
		    struct cr_err *err)
{
	if (state && *state && strcmp(state, "draft") && strcmp(state, "published"))
		return cr_err_set(err, 400, "invalid", "state", "state must be draft or published"),
		       NULL;
	if (!may_draft(u))
		return json_pack("{s[]}", "items");
	return cr_store_cap_alert_list(c, u->region, cr_role_needs_dept(u->role) ? u->dept : "",
				       state, 200, err);
}

json_t *cr_cap_approve(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err)
{
	json_t *before = NULL, *after = NULL;
	char sent[26], idt[24];
	if (cr_db_begin(c, err))
		return NULL;
	before = cr_store_cap_alert_get(c, id, err);
	if (!before)
		goto fail;
	if ((u->role != CR_ROLE_CITY && u->role != CR_ROLE_DISTRICT) ||
	    !cr_user_covers_region(u, json_string_value(json_object_get(before, "region")))) {
		refuse(err, "id", id);
		goto fail;
	}
	if (strcmp(json_string_value(json_object_get(before, "state")), "draft") != 0) {
		cr_err_set(err, 409, "illegal_transition", "state", "warning %lld is published",
			   id);
		goto fail;
	}
	if (!cr_cap_may_approve(json_integer_value(json_object_get(before, "author_id")), u->id)) {
		cr_err_set(err, 409, "separation_of_duties", "id",
			   "a warning is approved by someone other than its author");
		cr_err_param(err, "rule", "cap_approver");
		goto fail;
	}
	cr_cap_time_at(time(NULL), sent);
	if (cr_store_cap_alert_publish(c, id, u->login, u->id, sent, err))
		goto fail;
	after = cr_store_cap_alert_get(c, id, err);
	snprintf(idt, sizeof idt, "%lld", id);
	if (!after || cr_audit_write(c, u, "cap_alert", idt, "approve", before, after, err) ||
	    cr_db_commit(c, err))
		goto fail;
	json_decref(before);
	return after;
fail:
	cr_db_rollback(c);
	json_decref(before);
	json_decref(after);
	return NULL;
}

char *cr_cap_feed(struct cr_conn *c, size_t *len, struct cr_err *err)
{
	const char *city = cr_config()->city;
	char now_cap[26], now_local[17], updated[26], feed_id[64], sender[64], ident[96];
	time_t now = time(NULL);
	cr_cap_time_at(now, now_cap);
	memcpy(now_local, now_cap, 16); /* "YYYY-MM-DDTHH:MM" in China time, as expires is */
	now_local[16] = 0;
	json_t *all = cr_store_cap_alert_list(c, "", "", "published", 100, err);
	if (!all)
		return NULL;
	json_t *items = json_array(), *a;
	size_t i;
	snprintf(updated, sizeof updated, "%s", now_cap);
	json_array_foreach(json_object_get(all, "items"), i, a) {
		char exp[26];
		const char *e = json_string_value(json_object_get(a, "expires"));
		if (!e || strcmp(e, now_local) < 0 || cr_cap_time(e, exp))
			continue;
		snprintf(ident, sizeof ident, "cityrisk.%s.cap.%lld", city,
			 (long long)json_integer_value(json_object_get(a, "id")));
		json_object_set_new(a, "identifier", json_string(ident));
		json_object_set_new(a, "expires_cap", json_string(exp));
		json_array_append(items, a);
	}
	snprintf(feed_id, sizeof feed_id, "urn:cityrisk:%s:cap", city);
	snprintf(sender, sizeof sender, "cityrisk.%s", city);
	struct cr_cap_feed f = { feed_id, "城市安全风险公共预警 (CAP 1.2)", updated, sender,
				 "城市安全风险综合监管平台" };
	char *xml = cr_cap_feed_xml(&f, items, len);
	json_decref(items);
	json_decref(all);
	if (!xml)
		cr_err_set(err, 500, "internal", "", "the CAP feed could not be written");
	return xml;
}
