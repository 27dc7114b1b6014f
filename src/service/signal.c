/* signal.c — external signal use cases: validate a weather warning or a monitoring event,
 * authorise by territory, find what it endangers (domain/signal_rules.c) among the records the
 * store returns for its area, raise the alerts, audit, commit, announce. It must not speak HTTP
 * nor build SQL (store/signals.c). */
#include "service/signal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/alert_rules.h"
#include "domain/gb18218.h"
#include "domain/signal_rules.h"
#include "service/alert.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/refdata.h"
#include "store/signals.h"
#include "store/units.h"

static const char *const writable[] = { "kind",    "type",    "level",     "title",   "description",
					"source",  "regions", "polygon",   "start",   "end",
					"unit_id", "value",   "threshold", "measure", NULL };

static bool may_post(const struct cr_user *u)
{
	return u->role == CR_ROLE_CITY || u->role == CR_ROLE_CITY_DEPT ||
	       u->role == CR_ROLE_DISTRICT || u->role == CR_ROLE_DISTRICT_DEPT;
}

static int invalid(struct cr_err *err, const char *field, const char *rule, const char *what)
{
	cr_err_set(err, 400, "invalid", field, "%s", what);
	return cr_err_param(err, "rule", "%s", rule);
}

struct signal_in {
	struct cr_signal_row row;
	char region[16];
	json_t *regions; /* owned */
	double *ring;    /* owned: polygon lon/lat pairs */
	size_t nring;
	double box[4];
};

/* regions: codes inside u's territory; or polygon: a ring of 3–200 lon/lat points. */
static int area_of(struct cr_conn *c, const struct cr_user *u, const json_t *in,
		   struct signal_in *s, struct cr_err *err)
{
	const json_t *regions = json_object_get(in, "regions"),
		     *poly = json_object_get(in, "polygon");
	s->regions = json_array();
	s->box[0] = s->box[1] = 1; /* an empty box: minimum above maximum */
	s->box[2] = s->box[3] = 0;
	if (!regions == !poly) {
		cr_err_set(err, 400, "required", "regions",
			   "give the area as regions or a polygon");
		return cr_err_param(err, "rule", "signal_area");
	}
	if (regions) {
		size_t i, n = json_array_size(regions);
		if (!json_is_array(regions) || n == 0 || n > 50)
			return invalid(err, "regions", "signal_regions",
				       "regions is a list of 1 to 50 region codes");
		for (i = 0; i < n; i++) {
			const char *code = json_string_value(json_array_get(regions, i));
			char norm[16];
			if (!code || cr_region_resolve(c, code, "regions", norm, err))
				return code ? -1
					    : invalid(err, "regions", "signal_regions",
						      "regions is a list of region codes");
			if (!cr_user_covers_region(u, norm)) {
				cr_err_set(err, 403, "forbidden", "regions",
					   "region %s is outside your scope", norm);
				cr_err_param(err, "rule", "region_scope");
				return cr_err_param(err, "region", "%s", norm);
			}
			json_array_append_new(s->regions, json_string(norm));
			if (i == 0)
				snprintf(s->region, sizeof s->region, "%s", norm);
		}
		s->row.regions = s->regions;
		return 0;
	}
	size_t n = json_array_size(poly);
	if (n < 3 || n > 200)
		return invalid(err, "polygon", "cap_polygon", "a polygon has 3 to 200 points");
	s->ring = calloc(2 * n, sizeof *s->ring);
	if (!s->ring)
		return cr_err_set(err, 500, "oom", "", "out of memory");
	s->box[0] = s->box[1] = DBL_MAX;
	s->box[2] = s->box[3] = -DBL_MAX;
	for (size_t i = 0; i < n; i++) {
		const json_t *p = json_array_get(poly, i);
		double lon = json_number_value(json_array_get(p, 0)),
		       lat = json_number_value(json_array_get(p, 1));
		if (json_array_size(p) != 2 || !json_is_number(json_array_get(p, 0)) ||
		    !json_is_number(json_array_get(p, 1)) || lon < 73 || lon > 136 || lat < 3 ||
		    lat > 54)
			return invalid(err, "polygon", "cap_polygon",
				       "a polygon's points are lon,lat inside China");
		s->ring[2 * i] = lon;
		s->ring[2 * i + 1] = lat;
		s->box[0] = fmin(s->box[0], lon);
		s->box[1] = fmin(s->box[1], lat);
		s->box[2] = fmax(s->box[2], lon);
		s->box[3] = fmax(s->box[3], lat);
	}
	s->nring = n;
	s->row.polygon = poly;
	snprintf(s->region, sizeof s->region, "%s", u->region);
	return 0;
}

static int validate(struct cr_conn *c, const struct cr_user *u, const json_t *in,
		    struct signal_in *s, json_t **unit, struct cr_err *err)
{
	struct cr_signal_row *r = &s->row;
	if (cr_input_required_text(in, "kind", 12, &r->kind, err) ||
	    cr_input_required_text(in, "type", 20, &r->type, err) ||
	    cr_input_required_text(in, "level", 8, &r->level, err) ||
	    cr_input_required_text(in, "title", 100, &r->title, err) ||
	    cr_input_required_text(in, "start", 16, &r->start, err) ||
	    cr_input_optional_text(in, "source", 100, &r->source, err) ||
	    cr_input_optional_text(in, "measure", 20, &r->measure, err))
		return -1;
	bool weather = strcmp(r->kind, "weather") == 0;
	if (!weather && strcmp(r->kind, "monitoring") != 0)
		return invalid(err, "kind", "signal_kind", "kind must be weather or monitoring");
	if (weather ? !cr_signal_type_cn(r->type) : !cr_monitoring_type_cn(r->type))
		return invalid(err, "type", weather ? "weather_type" : "monitoring_type",
			       "no such signal type");
	if (!cr_signal_level_rank(r->level))
		return invalid(err, "level", "signal_level",
			       "level must be blue, yellow, orange or red");
	r->description = "";
	if (cr_json_text(in, "description", 2000, &r->description, err) < 0)
		return -1;
	if (!r->description)
		r->description = "";
	r->end = NULL;
	if (cr_json_str(in, "end", 16, &r->end, err) < 0)
		return -1;
	if (!r->end && weather)
		return cr_err_set(err, 400, "required", "end", "a warning has an end");
	if (!r->end)
		r->end = r->start;
	if (cr_dynamic_window_check(r->start, r->end, err))
		return -1;
	if (weather)
		return area_of(c, u, in, s, err);
	/* a monitoring event: at a unit, with its reading */
	s->regions = json_array();
	r->regions = s->regions;
	if (cr_json_int(in, "unit_id", 1, 1LL << 53, &r->unit_id, err) < 0)
		return -1;
	if (!r->unit_id)
		return cr_err_set(err, 400, "required", "unit_id", "a monitoring event has a unit");
	if (cr_json_num(in, "value", -1e12, 1e12, &r->value, err) < 0 ||
	    cr_json_num(in, "threshold", -1e12, 1e12, &r->threshold, err) < 0)
		return -1;
	r->has_value = json_is_number(json_object_get(in, "value"));
	r->has_threshold = json_is_number(json_object_get(in, "threshold"));
	if (!r->has_value)
		return cr_err_set(err, 400, "required", "value", "a monitoring event has a value");
	*unit = cr_store_unit_get(c, r->unit_id, err);
	if (!*unit) {
		snprintf(err->field, sizeof err->field, "unit_id");
		return -1;
	}
	snprintf(s->region, sizeof s->region, "%s",
		 json_string_value(json_object_get(*unit, "region")));
	return 0;
}

struct weigh {
	struct cr_conn *c;
	const struct cr_user *u;
	const struct signal_in *s;
	long long signal_id;
	json_t *raised;
	struct cr_err *err;
};

/* One record in the area: raise an alert when the warning endangers it. */
static int on_hit(void *ctx, const struct cr_signal_hit *h)
{
	struct weigh *w = ctx;
	const struct cr_signal_row *r = &w->s->row;
	bool report = strcmp(h->entity, "dynamic_report") == 0;
	if (!cr_user_covers_region(w->u, h->region))
		return 0;
	if (w->s->ring &&
	    (!h->has_pos || !cr_ring_contains(w->s->ring, w->s->nring, h->lon, h->lat)))
		return 0;
	if (report ? !cr_signal_endangers_report(r->type, h->kind) ||
			     !cr_windows_overlap(h->start, h->end, r->start, r->end)
		   : !cr_signal_endangers_installation(r->type, h->kind))
		return 0;
	char title[400], why[1200], what[300];
	if (report)
		snprintf(what, sizeof what, "%s“%s”（%s 至 %s）", cr_dynamic_kind_cn(h->kind),
			 h->name, h->start, h->end);
	else
		snprintf(what, sizeof what, "重大危险源“%s”（%s单元）", h->name,
			 cr_gb18218_unit_cn(h->kind));
	snprintf(title, sizeof title, "%s%s预警：%s %s", cr_signal_level_cn(r->level),
		 cr_signal_type_cn(r->type), h->unit_name, what);
	snprintf(why, sizeof why,
		 "%s%s“%s”（%s，%s 至 %s）覆盖单位“%s”的%s；%s预警期间须重点防范%s。", r->source,
		 *r->source ? "发布的" : "", r->title, cr_signal_level_cn(r->level), r->start,
		 r->end, h->unit_name, what, cr_signal_type_cn(r->type),
		 cr_signal_threat_cn(r->type));
	json_t *links = json_array();
	json_array_append_new(links, cr_alert_link("signal", w->signal_id, r->title));
	json_array_append_new(links, cr_alert_link(h->entity, h->id, h->name));
	json_array_append_new(links, cr_alert_link("unit", h->unit_id, h->unit_name));
	struct cr_alert_row a = {
		.rule = cr_alert_rule_name(CR_ALERT_SIGNAL),
		.level = r->level,
		.region = h->region,
		.dept = h->dept,
		.unit_id = h->unit_id,
		.title = title,
		.why = why,
		.links = links,
		.entity = h->entity,
		.entity_id = h->id,
	};
	int rc = cr_alert_raise(w->c, w->u, &a, w->raised, w->err);
	json_decref(links);
	return rc;
}

static int monitoring_alert(struct weigh *w, const json_t *unit)
{
	const struct cr_signal_row *r = &w->s->row;
	const char *uname = json_string_value(json_object_get(unit, "name"));
	char title[400], why[1200], limit[64] = "";
	if (r->has_threshold)
		snprintf(limit, sizeof limit, "（报警阈值 %g%s）", r->threshold, r->measure);
	snprintf(title, sizeof title, "监测报警：%s %s %g%s", uname, cr_monitoring_type_cn(r->type),
		 r->value, r->measure);
	snprintf(why, sizeof why, "单位“%s”%s于 %s 监测到%s %g%s%s：%s", uname,
		 *r->source ? r->source : "", r->start, cr_monitoring_type_cn(r->type), r->value,
		 r->measure, limit, r->title);
	json_t *links = json_array();
	json_array_append_new(links, cr_alert_link("signal", w->signal_id, r->title));
	json_array_append_new(links, cr_alert_link("unit", r->unit_id, uname));
	struct cr_alert_row a = {
		.rule = cr_alert_rule_name(CR_ALERT_MONITORING),
		.level = r->level,
		.region = json_string_value(json_object_get(unit, "region")),
		.dept = json_string_value(json_object_get(unit, "dept")),
		.unit_id = r->unit_id,
		.title = title,
		.why = why,
		.links = links,
		.entity = "signal",
		.entity_id = w->signal_id,
	};
	int rc = cr_alert_raise(w->c, w->u, &a, w->raised, w->err);
	json_decref(links);
	return rc;
}

json_t *cr_signal_post(struct cr_conn *c, const struct cr_user *u, const json_t *body,
		       struct cr_err *err)
{
	struct signal_in s = { 0 };
	json_t *unit = NULL, *out = NULL, *raised = json_array();
	long long id;
	char idt[24];
	if (cr_json_only(body, writable, err) || validate(c, u, body, &s, &unit, err))
		goto out;
	if (!may_post(u) || !cr_user_covers_region(u, s.region)) {
		cr_err_set(err, 403, "forbidden", unit ? "unit_id" : "regions",
			   "signals are posted by regulators, in their territory");
		cr_err_param(err, "rule", "signal_scope");
		goto out;
	}
	s.row.region = s.region;
	s.row.created_by = u->login;
	if (cr_db_begin(c, err))
		goto out;
	if (cr_store_signal_insert(c, &s.row, &id, err))
		goto fail;
	struct weigh w = { c, u, &s, id, raised, err };
	if (unit ? monitoring_alert(&w, unit) : 0)
		goto fail;
	if (!unit) {
		char *regions = cr_json_dump(s.regions);
		int rc = regions ? cr_store_signal_area(c, regions, s.box, s.row.start, s.row.end,
							on_hit, &w, err)
				 : cr_err_set(err, 500, "oom", "", "out of memory");
		free(regions);
		if (rc)
			goto fail;
	}
	if (cr_store_signal_set_raised(c, id, (long long)json_array_size(raised), err))
		goto fail;
	out = cr_store_signal_get(c, id, err);
	snprintf(idt, sizeof idt, "%lld", id);
	if (!out || cr_audit_write(c, u, "signal", idt, "create", NULL, out, err) ||
	    cr_db_commit(c, err))
		goto fail;
	cr_alert_announce(raised);
	json_object_set(out, "alerts", raised);
	goto out;
fail:
	cr_db_rollback(c);
	json_decref(out);
	out = NULL;
out:
	json_decref(unit);
	json_decref(raised);
	json_decref(s.regions);
	free(s.ring);
	return out;
}

json_t *cr_signal_list(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	if (!may_post(u))
		return json_pack("{s[]}", "items");
	return cr_store_signal_list(c, u->region, 200, err);
}
