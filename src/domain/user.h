/* user.h — who is asking: a user's role and scope, and the pure rules of what each role may see
 * and change (属地 territory, 行业 industry, 企业主体 the unit itself). No I/O here. */
#ifndef CR_USER_H
#define CR_USER_H

#include <stdbool.h>
#include <stddef.h>

struct cr_err;

enum cr_role {
	CR_ROLE_CITY,          /* 市安委办: the whole city */
	CR_ROLE_CITY_DEPT,     /* 市级部门: its industries, city-wide */
	CR_ROLE_DISTRICT,      /* 区/县政府, 开发区: its territory */
	CR_ROLE_DISTRICT_DEPT, /* 区级部门: its industries in its district */
	CR_ROLE_STREET,        /* 街道/镇: its town */
	CR_ROLE_UNIT,          /* 生产经营单位: only itself */
	CR_ROLE_EXPERT,        /* 专家/第三方: read-only */
	CR_ROLE_COUNT
};

struct cr_user {
	long long id;
	char login[64];
	enum cr_role role;
	char region[16]; /* code prefix of the territory; "" = everywhere */
	char dept[16];   /* department code for *_dept roles */
	long long unit_id;
};

int cr_role_parse(const char *s, enum cr_role *out);
const char *cr_role_name(enum cr_role r);

/* Which fields a role must carry: region, dept, unit. */
bool cr_role_needs_region(enum cr_role r);
bool cr_role_needs_dept(enum cr_role r);
bool cr_role_needs_unit(enum cr_role r);

/* True when the region code lies in the user's territory (prefix match). */
bool cr_user_covers_region(const struct cr_user *u, const char *region);

/* Reading a unit: territory, industry and self, by role. */
bool cr_user_can_read_unit(const struct cr_user *u, long long unit_id, const char *region,
			   const char *dept);
/* Creating or archiving a unit (never for unit or expert users). */
bool cr_user_can_manage_unit(const struct cr_user *u, const char *region, const char *dept);
/* Editing a unit's registration: managers in scope, and the unit itself. */
bool cr_user_can_edit_unit(const struct cr_user *u, long long unit_id, const char *region,
			   const char *dept);

/* Administering users: the city office manages every account in its territory (and city-wide
 * ones without a region); a district manages its own departments', streets' and units' accounts.
 * target_region is the account's region, or for a unit account its unit's region. */
bool cr_user_can_admin(const struct cr_user *admin, enum cr_role target_role,
		       const char *target_region);

/* An account as asked for: its role and what it was given, and for a unit account the region of
 * its unit (the unit decides a unit account's territory, never the account). */
struct cr_account {
	enum cr_role role;
	const char *region;      /* as given, "" = none */
	const char *dept;        /* as given, "" = none */
	long long unit_id;       /* 0 = none */
	const char *unit_region; /* the unit's, when unit_id (NULL otherwise) */
};
/* The account's territory prefix: its unit's region for a unit account, else its own region. */
const char *cr_account_region(const struct cr_account *a);
/* May `by` create or manage this account? Its whole territory — region, department and unit —
 * must lie inside by's, and its role be one by administers (cr_user_can_admin). 400 when the
 * account's shape is wrong for its role (a unit_id on any role but unit, field unit_id; a dept on
 * a role without one, field dept; a region other than its unit's, field region), 403 naming the
 * field that reaches outside (unit_id, region, dept or role). */
int cr_user_check_account(const struct cr_user *by, const struct cr_account *a, struct cr_err *err);

/* Catalogues (行业风险目录) are city-wide: only city-level accounts — role city or city_dept with
 * a territory of the whole city (a region of at most 4 digits) — write them; the city office any
 * entry, a city department the entries of its own department (dept NULL: may it write any?). */
bool cr_user_can_write_catalogue(const struct cr_user *u, const char *dept);

/* What part of a list or aggregate a user may see: the requested region prefix narrowed to
 * the user's territory, the department forced for department roles, the unit for unit users. */
struct cr_scope {
	char region[24];   /* effective region prefix ("" = everywhere) */
	const char *dept;  /* effective department (borrowed), NULL/"" = any */
	long long unit_id; /* 0 = any */
};
/* 400 (field "region") for a region that is not a code prefix of digits; 403 when the request
 * reaches outside the scope (field region, dept or unit_id). unit_id: the unit asked for, 0. */
int cr_user_scope(const struct cr_user *u, const char *region, const char *dept, long long unit_id,
		  struct cr_scope *out, struct cr_err *err);

/* Narrows a requested region filter to the user's territory. Writes the effective prefix into
 * out and returns true, or returns false when the two do not overlap. */
bool cr_user_region_filter(const struct cr_user *u, const char *requested, char *out, size_t cap);

#endif
