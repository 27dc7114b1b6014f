/* user.c — roles and scopes as pure rules. It must not read the database: callers pass the
 * unit's region and department. */
#include "domain/user.h"

#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include <string.h>

static const char *const role_names[CR_ROLE_COUNT] = {
	"city", "city_dept", "district", "district_dept", "street", "unit", "expert",
};

int cr_role_parse(const char *s, enum cr_role *out)
{
	for (int i = 0; s && i < CR_ROLE_COUNT; i++)
		if (strcmp(s, role_names[i]) == 0) {
			*out = (enum cr_role)i;
			return 0;
		}
	return -1;
}

const char *cr_role_name(enum cr_role r)
{
	return (r >= 0 && r < CR_ROLE_COUNT) ? role_names[r] : "?";
}

bool cr_role_needs_region(enum cr_role r)
{
	return r == CR_ROLE_DISTRICT || r == CR_ROLE_DISTRICT_DEPT || r == CR_ROLE_STREET;
}

bool cr_role_needs_dept(enum cr_role r)
{
	return r == CR_ROLE_CITY_DEPT || r == CR_ROLE_DISTRICT_DEPT;
}

bool cr_role_needs_unit(enum cr_role r)
{
	return r == CR_ROLE_UNIT;
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool cr_user_covers_region(const struct cr_user *u, const char *region)
{
	return region && has_prefix(region, u->region);
}

static bool covers_dept(const struct cr_user *u, const char *dept)
{
	return !cr_role_needs_dept(u->role) || (dept && strcmp(dept, u->dept) == 0);
}

bool cr_user_can_read_unit(const struct cr_user *u, long long unit_id, const char *region,
			   const char *dept)
{
	if (u->role == CR_ROLE_UNIT)
		return unit_id == u->unit_id;
	return cr_user_covers_region(u, region) && covers_dept(u, dept);
}

bool cr_user_can_manage_unit(const struct cr_user *u, const char *region, const char *dept)
{
	if (u->role == CR_ROLE_UNIT || u->role == CR_ROLE_EXPERT)
		return false;
	return cr_user_covers_region(u, region) && covers_dept(u, dept);
}

bool cr_user_can_edit_unit(const struct cr_user *u, long long unit_id, const char *region,
			   const char *dept)
{
	if (u->role == CR_ROLE_UNIT)
		return unit_id == u->unit_id;
	return cr_user_can_manage_unit(u, region, dept);
}

/* Which roles an administrator may create and manage at all. */
static bool administers_role(const struct cr_user *admin, enum cr_role target_role)
{
	if (admin->role == CR_ROLE_CITY)
		return true;
	return admin->role == CR_ROLE_DISTRICT &&
	       (target_role == CR_ROLE_DISTRICT_DEPT || target_role == CR_ROLE_STREET ||
		target_role == CR_ROLE_UNIT);
}

bool cr_user_can_admin(const struct cr_user *admin, enum cr_role target_role,
		       const char *target_region)
{
	const char *r = target_region ? target_region : "";
	if (!administers_role(admin, target_role))
		return false;
	if (admin->role == CR_ROLE_CITY)
		return !*r || cr_user_covers_region(admin, r);
	return *r && cr_user_covers_region(admin, r);
}

const char *cr_account_region(const struct cr_account *a)
{
	if (a->role == CR_ROLE_UNIT)
		return a->unit_region ? a->unit_region : "";
	return a->region ? a->region : "";
}

int cr_user_check_account(const struct cr_user *by, const struct cr_account *a, struct cr_err *err)
{
	const char *region = a->region ? a->region : "", *dept = a->dept ? a->dept : "";
	if (a->unit_id && a->role != CR_ROLE_UNIT)
		return cr_err_set(err, 400, "invalid", "unit_id",
				  "only a unit account has a unit_id");
	if (*dept && !cr_role_needs_dept(a->role))
		return cr_err_set(err, 400, "invalid", "dept", "a %s account has no department",
				  cr_role_name(a->role));
	if (a->role == CR_ROLE_UNIT && !a->unit_region)
		return cr_err_set(err, 400, "required", "unit_id", "a unit account needs its unit");
	const char *territory = cr_account_region(a);
	/* The role first: a district never makes a city-level account, wherever it says it is. */
	if (!administers_role(by, a->role))
		return cr_err_set(err, 403, "forbidden", "role", "you may not create a %s account",
				  cr_role_name(a->role));
	/* Only the city office and districts administer, and neither is narrowed by department or
	 * unit: the territory is the region (for a unit account, its unit's), department included. */
	if (!cr_user_can_admin(by, a->role, territory))
		return cr_err_set(err, 403, "forbidden",
				  a->role == CR_ROLE_UNIT ? "unit_id" : "region",
				  "the %s lies outside your territory",
				  a->role == CR_ROLE_UNIT ? "unit" : "region");
	if (a->role == CR_ROLE_UNIT && *region && strcmp(region, territory) != 0)
		return cr_err_set(err, 400, "invalid", "region",
				  "a unit account's region is its unit's (%s)", territory);
	return 0;
}

bool cr_user_can_write_catalogue(const struct cr_user *u, const char *dept)
{
	if (strlen(u->region) > 4)
		return false;
	if (u->role == CR_ROLE_CITY)
		return true;
	return u->role == CR_ROLE_CITY_DEPT && dept && strcmp(dept, u->dept) == 0;
}

int cr_user_scope(const struct cr_user *u, const char *region, const char *dept, long long unit_id,
		  struct cr_scope *out, struct cr_err *err)
{
	out->dept = dept;
	out->unit_id = unit_id;
	if (region && (strlen(region) > 12 || strspn(region, "0123456789") != strlen(region)))
		return cr_err_set(err, 400, "invalid", "region",
				  "region must be a code prefix of digits");
	if (!cr_user_region_filter(u, region, out->region, sizeof out->region))
		return cr_err_set(err, 403, "forbidden", "region",
				  "region %s is outside your scope", region),
		       cr_err_param(err, "rule", "region_scope"),
		       cr_err_param(err, "region", "%s", region);
	if (cr_role_needs_dept(u->role)) {
		if (dept && *dept && strcmp(dept, u->dept) != 0)
			return cr_err_set(err, 403, "forbidden", "dept",
					  "department %s is outside your scope", dept),
			       cr_err_param(err, "rule", "dept_scope"),
			       cr_err_param(err, "dept", "%s", dept);
		out->dept = u->dept;
	}
	if (u->role == CR_ROLE_UNIT) {
		if (unit_id && unit_id != u->unit_id)
			return cr_err_set(err, 403, "forbidden", "unit_id",
					  "unit %lld is outside your scope", unit_id),
			       cr_err_param(err, "rule", "unit_scope"),
			       cr_err_param(err, "id", "%lld", unit_id);
		out->unit_id = u->unit_id;
	}
	return 0;
}

bool cr_user_region_filter(const struct cr_user *u, const char *requested, char *out, size_t cap)
{
	const char *req = requested ? requested : "";
	if (has_prefix(req, u->region)) {
		snprintf(out, cap, "%s", req);
		return true;
	}
	if (has_prefix(u->region, req)) {
		snprintf(out, cap, "%s", u->region);
		return true;
	}
	return false;
}
