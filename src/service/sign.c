/* sign.c — what a risk point's warning sign and its public summary show, read through the risk
 * and unit services (so the sign follows the reader's scope). The public summary is built from
 * an allow-list of fields: nothing that names or reaches a person leaves here. No drawing. */
#include <stdio.h>
#include <string.h>

#include "domain/grade.h"
#include "io/sign_render.h"
#include "service/risks.h"
#include "service/sign.h"
#include "service/units.h"
#include "store/refdata.h"
#include "store/regions.h"

/* The accident types' names in the point's edition. New reference. */
static json_t *accident_names(struct cr_conn *c, const json_t *risk, struct cr_err *err)
{
	json_int_t edition = json_integer_value(json_object_get(risk, "accident_edition"));
	json_t *ref = cr_store_accident_type_list(c, edition ? (int)edition : 1986, err);
	if (!ref)
		return NULL;
	json_t *out = json_array();
	size_t i, k;
	json_t *code, *r;
	json_array_foreach(json_object_get(risk, "accident_types"), i, code)
		json_array_foreach(json_object_get(ref, "items"), k, r)
			if (json_integer_value(json_object_get(r, "code")) ==
			    json_integer_value(code))
				json_array_append(out, json_object_get(r, "name_cn"));
	json_decref(ref);
	return out;
}

/* The fields both the sign and the public summary show. New reference, or NULL with err. */
static json_t *common(struct cr_conn *c, const json_t *risk, struct cr_err *err)
{
	int g = (int)json_integer_value(json_object_get(risk, "grade"));
	char region_name[96] = "", grade_name[32] = "未评估";
	const char *region = json_string_value(json_object_get(risk, "region"));
	if (region && cr_store_region_name(c, region, region_name, sizeof region_name, err) < 0)
		return NULL;
	if (cr_grade_valid(g))
		snprintf(grade_name, sizeof grade_name, "%s风险（%s级）", cr_grade_name_cn(g),
			 cr_grade_roman(g));
	json_t *names = accident_names(c, risk, err);
	if (!names)
		return NULL;
	json_t *measures = json_deep_copy(json_object_get(risk, "measures"));
	json_t *emergency = json_object_get(measures, "emergency");
	emergency = emergency ? json_incref(emergency) : json_array();
	json_t *out =
		json_pack("{s:O, s:O, s:O, s:O, s:s, s:i, s:s, s:s?, s:o, s:o, s:s?}", "id",
			  json_object_get(risk, "id"), "name", json_object_get(risk, "name"),
			  "unit_name", json_object_get(risk, "unit_name"), "place",
			  json_object_get(risk, "place"), "region_name", region_name, "grade", g,
			  "grade_name", grade_name, "color", cr_grade_color(g), "accident_types",
			  names, "emergency", emergency, "control_level", cr_control_level_cn(g));
	json_object_del(measures, "emergency");
	json_object_set_new(out, "measures", measures ? measures : json_object());
	return out;
}

json_t *cr_risk_public(struct cr_conn *c, long long id, struct cr_err *err)
{
	/* Read as the whole city: the summary is public, the id is all the caller gives. */
	struct cr_user city = { .login = "public", .role = CR_ROLE_CITY };
	json_t *risk = cr_risk_read(c, &city, id, err), *out = NULL;
	if (!risk)
		return NULL;
	const char *status = json_string_value(json_object_get(risk, "status"));
	if (!status || strcmp(status, "active") != 0)
		cr_err_set(err, 404, "not_found", "id", "no risk point %lld", id);
	else
		out = common(c, risk, err);
	json_decref(risk);
	return out;
}

int cr_risk_sign_write(struct cr_conn *c, const struct cr_user *u, long long id,
		       const char *url_base, const char *path, struct cr_err *err)
{
	json_t *risk = cr_risk_read(c, u, id, err), *unit = NULL, *sign = NULL;
	int rc = -1;
	if (!risk)
		goto out;
	if (!(unit = cr_unit_read(c, u, json_integer_value(json_object_get(risk, "unit_id")), err)))
		goto out;
	if (!(sign = common(c, risk, err)))
		goto out;
	const char *rank = cr_owner_rank_name_cn(
		cr_owner_rank_parse(json_string_value(json_object_get(risk, "owner_rank"))));
	char owner[160], url[512], location[512];
	snprintf(owner, sizeof owner, "%s%s%s%s",
		 json_string_value(json_object_get(risk, "owner_name"))
			 ? json_string_value(json_object_get(risk, "owner_name"))
			 : "",
		 rank ? "（" : "", rank ? rank : "", rank ? "）" : "");
	snprintf(url, sizeof url, "%s/risk-public.html?id=%lld", url_base, id);
	snprintf(location, sizeof location, "%s %s %s",
		 json_string_value(json_object_get(sign, "region_name")),
		 json_string_value(json_object_get(unit, "address"))
			 ? json_string_value(json_object_get(unit, "address"))
			 : "",
		 json_string_value(json_object_get(risk, "place"))
			 ? json_string_value(json_object_get(risk, "place"))
			 : "");
	json_object_set_new(sign, "owner", json_string(owner));
	json_object_set(sign, "phone", json_object_get(unit, "contact_phone"));
	json_object_set_new(sign, "location", json_string(location));
	json_object_set_new(sign, "url", json_string(url));
	rc = cr_sign_render_pdf(sign, path, err);
out:
	json_decref(risk);
	json_decref(unit);
	json_decref(sign);
	return rc;
}
