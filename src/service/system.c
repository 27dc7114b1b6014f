/* system.c — the 系统运行 page's database parts and the audit chain's check (system.h). It must
 * not count rows itself: the registers' counts are the city dashboard's functions, the chain's
 * check store/audit.c's. */
#include "service/system.h"

#include "core/clock.h"
#include "core/jsonx.h"
#include "service/hazards.h"
#include "store/analysis.h"
#include "store/audit.h"
#include "store/db_url.h"
#include "store/schema.h"

static int city_office_only(const struct cr_user *u, struct cr_err *err)
{
	if (u->role == CR_ROLE_CITY)
		return 0;
	cr_err_set(err, 403, "forbidden", "", "only the city office sees how the system runs");
	return cr_err_param(err, "rule", "system_city_only");
}

static json_t *location(const char *where)
{
	char shown[1024];
	return json_string(cr_db_url_redact(where, shown, sizeof shown));
}

/* Units, risk points and open hidden hazards in the caller's territory (the whole city), each by
 * the function the city dashboard counts it with (service/analysis.c, overview.c): the unit and
 * risk indexes' running totals and the hazards' figures, so the page adds no aggregate of its
 * own and does not pay for the rest of the dashboard. */
static json_t *registers(struct cr_conn *c, const struct cr_user *u, struct cr_err *err)
{
	struct cr_scope us;
	if (cr_user_scope(u, NULL, NULL, 0, &us, err))
		return NULL;
	struct cr_risk_scope s = { .region_prefix = us.region,
				   .dept = us.dept,
				   .unit_id = us.unit_id };
	long long units = 0;
	enum cr_stat_dim grade = CR_DIM_GRADE;
	json_t *ratings = NULL, *risks = NULL, *hazards = NULL, *out = NULL;
	if (!(ratings = cr_store_unit_ratings(c, &s, &units, err)))
		goto out;
	if (!(risks = cr_store_risk_stats(c, &s, &grade, 1, err)))
		goto out;
	if (!(hazards = cr_hazard_stats(c, u, &(struct cr_hazard_query){ 0 }, "source", err)))
		goto out;
	out = json_pack("{sI sO sO}", "units", (json_int_t)units, "risk_points",
			json_object_get(risks, "total"), "open_hazards",
			json_object_get(json_object_get(hazards, "total"), "open"));
	if (!out)
		cr_err_set(err, 500, "internal", "", "a register's count is missing");
out:
	json_decref(ratings);
	json_decref(risks);
	json_decref(hazards);
	return out;
}

json_t *cr_system_status(struct cr_conn *c, const struct cr_user *u, const struct cr_db *db,
			 struct cr_err *err)
{
	if (city_office_only(u, err))
		return NULL;
	int schema = cr_schema_version(c, err);
	if (schema < 0)
		return NULL;
	json_t *regs = registers(c, u, err);
	if (!regs)
		return NULL;
	const struct cr_replica *rep = cr_db_replica(db);
	return json_pack("{s{ss so si so} s{sb so}}", "database", "backend",
			 cr_db_is_pg(db) ? "postgresql" : "sqlite", "location",
			 location(cr_db_path(db)), "schema_version", schema, "registers", regs,
			 "replica", "configured", rep != NULL, "location",
			 rep ? location(cr_replica_url(rep)) : json_null());
}

json_t *cr_system_audit_verify(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			       struct cr_err *err)
{
	static const char *const none[] = { NULL };
	if (city_office_only(u, err))
		return NULL;
	if (cr_json_only(body, none, err))
		return NULL;
	long long entries = 0;
	long long broken = cr_audit_verify(c, &entries, err);
	if (broken < 0)
		return NULL;
	char at[32];
	cr_now_iso(at);
	return json_pack("{sI sb so ss}", "entries", (json_int_t)entries, "intact", broken == 0,
			 "first_broken", broken ? json_integer(broken) : json_null(), "checked_at",
			 at);
}
