/* dynamic_report.c — 动态上报: field rules, scope checks, the report and its alert written and
 * audited in one transaction, the alert announced after the commit. It must not speak HTTP or
 * build SQL: store/dynamic_reports.c and store/alerts.c hold the SQL. */
#include "service/dynamic_report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/alert_rules.h"
#include "service/alert.h"
#include "service/input.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/dynamic_reports.h"
#include "store/units.h"

static const char *const writable[] = { "unit_id", "kind",  "title", "description", "start",
					"end",     "place", "risks", "measures",    NULL };

static int refuse(struct cr_err *err, const char *field, const char *rule, long long id,
		  const char *what)
{
	cr_err_set(err, 403, "forbidden", field, "%s", what);
	cr_err_param(err, "rule", "%s", rule);
	return cr_err_param(err, "id", "%lld", id);
}

static int validate(const json_t *in, struct cr_dynamic_report_row *r, struct cr_err *err)
{
	r->unit_id = 0;
	if (cr_json_int(in, "unit_id", 1, 1LL << 53, &r->unit_id, err) < 0)
		return -1;
	if (!r->unit_id)
		return cr_err_set(err, 400, "required", "unit_id", "unit_id is required");
	if (cr_input_required_text(in, "kind", 20, &r->kind, err))
		return -1;
	if (!cr_dynamic_kind_cn(r->kind)) {
		cr_err_set(err, 400, "invalid", "kind",
			   "kind must be upgrade, renovation, event, hot_work, shutdown or other");
		return cr_err_param(err, "rule", "dynamic_kind");
	}
	if (cr_input_required_text(in, "title", 100, &r->title, err) ||
	    cr_input_required_text(in, "start", 16, &r->start, err) ||
	    cr_input_required_text(in, "end", 16, &r->end, err) ||
	    cr_input_required_text(in, "place", 200, &r->place, err) ||
	    cr_input_required_lines(in, "risks", 2000, &r->risks, err) ||
	    cr_input_required_lines(in, "measures", 2000, &r->measures, err))
		return -1;
	r->description = "";
	if (cr_json_text(in, "description", 4000, &r->description, err) < 0)
		return -1;
	if (!r->description)
		r->description = "";
	return cr_dynamic_window_check(r->start, r->end, err);
}

/* The alert a report raises: to the unit's district and its supervising department. */
static int raise_alert(struct cr_conn *c, const struct cr_user *u, const json_t *report,
		       const json_t *unit, json_t *raised, struct cr_err *err)
{
	const char *kind = json_string_value(json_object_get(report, "kind"));
	const char *uname = json_string_value(json_object_get(unit, "name"));
	const char *title = json_string_value(json_object_get(report, "title"));
	long long id = json_integer_value(json_object_get(report, "id"));
	long long unit_id = json_integer_value(json_object_get(report, "unit_id"));
	char head[400], why[1200];
	snprintf(head, sizeof head, "%s：%s %s“%s”", cr_alert_rule_cn(CR_ALERT_DYNAMIC_REPORT),
		 uname, cr_dynamic_kind_cn(kind), title);
	snprintf(why, sizeof why, "单位“%s”报告%s“%s”，时间 %s 至 %s，地点：%s。临时风险：%.600s",
		 uname, cr_dynamic_kind_cn(kind), title,
		 json_string_value(json_object_get(report, "start")),
		 json_string_value(json_object_get(report, "end")),
		 json_string_value(json_object_get(report, "place")),
		 json_string_value(json_object_get(report, "risks")));
	json_t *links = json_pack("[oo]", cr_alert_link("dynamic_report", id, title),
				  cr_alert_link("unit", unit_id, uname));
	struct cr_alert_row a = {
		.rule = cr_alert_rule_name(CR_ALERT_DYNAMIC_REPORT),
		.level = cr_alert_level(CR_ALERT_DYNAMIC_REPORT, kind),
		.region = json_string_value(json_object_get(report, "region")),
		.dept = json_string_value(json_object_get(report, "dept")),
		.unit_id = unit_id,
		.title = head,
		.why = why,
		.links = links,
		.entity = "dynamic_report",
		.entity_id = id,
	};
	int rc = cr_alert_raise(c, u, &a, raised, err);
	json_decref(links);
	return rc;
}

json_t *cr_dynamic_report_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
				 struct cr_err *err)
{
	struct cr_dynamic_report_row r = { 0 };
	json_t *unit = NULL, *out = NULL, *raised = json_array();
	long long id;
	char idt[24];
	if (cr_json_only(body, writable, err) || validate(body, &r, err))
		goto out;
	if (cr_db_begin(c, err))
		goto out;
	unit = cr_store_unit_get(c, r.unit_id, err);
	if (!unit) {
		snprintf(err->field, sizeof err->field, "unit_id");
		goto fail;
	}
	r.region = json_string_value(json_object_get(unit, "region"));
	r.dept = json_string_value(json_object_get(unit, "dept"));
	if (!cr_user_can_edit_unit(u, r.unit_id, r.region, r.dept)) {
		refuse(err, "unit_id", "unit_scope", r.unit_id, "you may not report for this unit");
		goto fail;
	}
	r.reported_by = u->login;
	if (cr_store_dynamic_report_insert(c, &r, &id, err))
		goto fail;
	out = cr_store_dynamic_report_get(c, id, err);
	if (!out)
		goto fail;
	snprintf(idt, sizeof idt, "%lld", id);
	if (cr_audit_write(c, u, "dynamic_report", idt, "create", NULL, out, err))
		goto fail;
	if (raise_alert(c, u, out, unit, raised, err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	cr_alert_announce(raised);
	json_object_set(out, "alert", json_array_get(raised, 0));
	goto out;
fail:
	cr_db_rollback(c);
	json_decref(out);
	out = NULL;
out:
	json_decref(unit);
	json_decref(raised);
	return out;
}

static bool readable(const struct cr_user *u, const json_t *report)
{
	return cr_user_can_read_unit(u, json_integer_value(json_object_get(report, "unit_id")),
				     json_string_value(json_object_get(report, "region")),
				     json_string_value(json_object_get(report, "dept")));
}

json_t *cr_dynamic_report_read(struct cr_conn *c, const struct cr_user *u, long long id,
			       struct cr_err *err)
{
	json_t *r = cr_store_dynamic_report_get(c, id, err);
	if (r && !readable(u, r)) {
		json_decref(r);
		refuse(err, "id", "dynamic_report_scope", id, "this report is outside your scope");
		return NULL;
	}
	return r;
}

json_t *cr_dynamic_report_list(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_dynamic_report_query *q, struct cr_err *err)
{
	struct cr_scope sc;
	int limit = CR_INPUT_LIMIT_DEFAULT;
	long long after = 0, unit_id = 0;
	if (cr_input_page(q->limit, q->after, &limit, &after, err))
		return NULL;
	if (q->unit_id && *q->unit_id) {
		char *end;
		errno = 0;
		unit_id = strtoll(q->unit_id, &end, 10);
		if (*end || errno || unit_id <= 0)
			return cr_err_set(err, 400, "invalid", "unit_id", "unit_id must be an id"),
			       NULL;
	}
	if (q->kind && *q->kind && !cr_dynamic_kind_cn(q->kind))
		return cr_err_set(err, 400, "invalid", "kind", "no kind '%s'", q->kind),
		       cr_err_param(err, "rule", "dynamic_kind"), NULL;
	if (cr_user_scope(u, q->region, NULL, unit_id, &sc, err))
		return NULL;
	struct cr_dynamic_report_filter f = {
		.region_prefix = sc.region,
		.dept = sc.dept,
		.kind = q->kind,
		.unit_id = sc.unit_id,
		.after = after,
		.limit = limit,
	};
	return cr_store_dynamic_report_list(c, &f, err);
}
