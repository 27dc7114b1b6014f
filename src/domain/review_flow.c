/* review_flow.c — the review chain of a unit's risk list: its table of steps and who takes them.
 * It must stay pure: no database, no clock. */
#include "domain/review_flow.h"

#include <string.h>

static const char *const state_names[CR_RV_STATE_COUNT] = {
	"draft", "submitted", "street_checked", "dept_reviewed", "published", "returned",
};
static const char *const state_cn[CR_RV_STATE_COUNT] = {
	"未提交", "已提交待核查", "街道已核查", "区级部门已审核", "已发布", "已退回",
};
static const char *const actor_names[CR_RA_COUNT] = {
	"none", "unit", "street", "district", "district_dept", "city_dept",
};
static const char *const actor_cn[CR_RA_COUNT] = {
	"无", "本单位", "街道（镇）", "区（县）政府", "区级行业部门", "市级行业部门",
};

const char *cr_review_state_name(enum cr_review_state s)
{
	return s >= 0 && s < CR_RV_STATE_COUNT ? state_names[s] : NULL;
}

const char *cr_review_state_cn(enum cr_review_state s)
{
	return s >= 0 && s < CR_RV_STATE_COUNT ? state_cn[s] : NULL;
}

int cr_review_state_parse(const char *s, enum cr_review_state *out)
{
	for (int i = 0; s && i < CR_RV_STATE_COUNT; i++)
		if (strcmp(s, state_names[i]) == 0) {
			*out = (enum cr_review_state)i;
			return 0;
		}
	return -1;
}

const char *cr_review_actor_name(enum cr_review_actor a)
{
	return a >= 0 && a < CR_RA_COUNT ? actor_names[a] : NULL;
}

const char *cr_review_actor_cn(enum cr_review_actor a)
{
	return a >= 0 && a < CR_RA_COUNT ? actor_cn[a] : NULL;
}

bool cr_review_point_public(int grade, bool public_impact)
{
	return public_impact || (grade >= 1 && grade <= 2);
}

/* A town is a 9-digit statistical code; a unit registered at district level has 6 digits. */
static bool has_town(const char *region)
{
	return region && strlen(region) >= 9;
}

enum cr_review_actor cr_review_waiting_on(const struct cr_review_facts *f)
{
	switch (f->state) {
	case CR_RV_DRAFT:
	case CR_RV_RETURNED:
		return CR_RA_UNIT;
	case CR_RV_SUBMITTED:
		return has_town(f->region) ? CR_RA_STREET : CR_RA_DISTRICT;
	case CR_RV_STREET_CHECKED:
		return CR_RA_DISTRICT_DEPT;
	case CR_RV_DEPT_REVIEWED:
		return CR_RA_CITY_DEPT;
	default:
		return CR_RA_NONE;
	}
}

static const enum cr_role actor_role[CR_RA_COUNT] = {
	[CR_RA_NONE] = CR_ROLE_COUNT,
	[CR_RA_UNIT] = CR_ROLE_UNIT,
	[CR_RA_STREET] = CR_ROLE_STREET,
	[CR_RA_DISTRICT] = CR_ROLE_DISTRICT,
	[CR_RA_DISTRICT_DEPT] = CR_ROLE_DISTRICT_DEPT,
	[CR_RA_CITY_DEPT] = CR_ROLE_CITY_DEPT,
};

bool cr_review_user_is_next(const struct cr_review_facts *f, const struct cr_user *u)
{
	enum cr_review_actor a = cr_review_waiting_on(f);
	if (a == CR_RA_NONE || u->role != actor_role[a])
		return false;
	if (a == CR_RA_UNIT)
		return f->unit_id > 0 && u->unit_id == f->unit_id;
	return cr_user_can_manage_unit(u, f->region ? f->region : "", f->dept ? f->dept : "");
}

static int not_actor(struct cr_err *err, const char *field, const struct cr_review_facts *f)
{
	enum cr_review_actor a = cr_review_waiting_on(f);
	cr_err_set(err, 403, "forbidden", field, "the list waits on %s (%s), not on you",
		   cr_review_actor_name(a), cr_review_state_name(f->state));
	cr_err_param(err, "rule", "review_actor");
	cr_err_param(err, "actor", "%s", cr_review_actor_name(a));
	return -1;
}

int cr_review_submit_check(const struct cr_review_facts *f, const struct cr_user *u,
			   struct cr_err *err)
{
	bool own = u->role == CR_ROLE_UNIT && f->unit_id > 0 && u->unit_id == f->unit_id;
	if (!own) {
		cr_err_set(err, 403, "forbidden", "unit_id",
			   "only the unit itself submits its risk list");
		cr_err_param(err, "rule", "review_actor");
		cr_err_param(err, "actor", "unit");
		return -1;
	}
	if (f->state == CR_RV_DRAFT || f->state == CR_RV_RETURNED || f->state == CR_RV_PUBLISHED)
		return 0;
	cr_err_set(err, 409, "conflict", "state", "the list is already with %s (%s)",
		   cr_review_actor_name(cr_review_waiting_on(f)), cr_review_state_name(f->state));
	cr_err_param(err, "rule", "review_pending");
	cr_err_param(err, "actor", "%s", cr_review_actor_name(cr_review_waiting_on(f)));
	return -1;
}

int cr_review_decide_check(const struct cr_review_facts *f, const struct cr_user *u,
			   const char *decision, const char *comment, enum cr_review_state *to,
			   struct cr_err *err)
{
	bool approve = decision && strcmp(decision, "approve") == 0;
	if (!approve && !(decision && strcmp(decision, "return") == 0))
		return cr_err_set(err, 400, decision ? "invalid" : "required", "decision",
				  "decision must be approve or return");
	enum cr_review_actor a = cr_review_waiting_on(f);
	if (a == CR_RA_NONE || a == CR_RA_UNIT) {
		cr_err_set(err, 409, "conflict", "state", "a %s list waits on no reviewer",
			   cr_review_state_name(f->state));
		cr_err_param(err, "rule", "review_not_pending");
		return -1;
	}
	if (!cr_review_user_is_next(f, u))
		return not_actor(err, "decision", f);
	if (!approve) {
		if (!comment || !*comment)
			return cr_err_set(err, 400, "required", "comment",
					  "a returned list needs a comment saying why");
		*to = CR_RV_RETURNED;
		return 0;
	}
	switch (f->state) {
	case CR_RV_SUBMITTED:
		*to = CR_RV_STREET_CHECKED;
		break;
	case CR_RV_STREET_CHECKED:
		*to = f->public_safety ? CR_RV_DEPT_REVIEWED : CR_RV_PUBLISHED;
		break;
	default:
		*to = CR_RV_PUBLISHED;
		break;
	}
	return 0;
}
