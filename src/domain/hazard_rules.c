/* hazard_rules.c — who records which source, what each step writes, what a change may touch,
 * and the hazard's dates (hazard_rules.h). It must stay pure: no database, no clock. */
#include "domain/hazard_rules.h"

#include <string.h>

#include "domain/date.h"

int cr_hazard_source_check(const struct cr_user *u, const char *source, struct cr_err *err)
{
	if (strcmp(source, "public_report") == 0)
		return cr_err_set(err, 400, "invalid", "source",
				  "public reports come in through /api/v1/public/reports");
	if (!cr_hazard_source_valid(source))
		return cr_err_set(
			err, 400, "invalid", "source",
			"source must be self_check, inspection, grid_patrol or third_party");
	/* a unit records what it found itself or what its hired checker found */
	if (u->role == CR_ROLE_UNIT && strcmp(source, "self_check") != 0 &&
	    strcmp(source, "third_party") != 0)
		return cr_err_set(err, 403, "forbidden", "source",
				  "a unit records self_check or third_party hazards");
	return 0;
}

unsigned cr_hazard_step_writes(enum cr_hazard_state from, enum cr_hazard_state to, unsigned fields)
{
	bool back = cr_hazard_is_rejection(from, to);
	unsigned w = fields & CR_HF_DEADLINE ? CR_HW_NEW_CLOCK : 0;
	if (!back && to == CR_HZ_RECTIFIED)
		w |= CR_HW_RECTIFIED;
	else if (!back && to == CR_HZ_VERIFIED)
		w |= CR_HW_VERIFIED;
	else if (to == CR_HZ_CLOSED)
		w |= CR_HW_CLOSED;
	else if (back && to == CR_HZ_RECTIFIED)
		w |= CR_HW_CLEAR_VERIFIED;
	else if (back && to == CR_HZ_RECTIFYING)
		w |= CR_HW_CLEAR_RECTIFIED; /* separation of duties starts again */
	return w;
}

unsigned cr_hazard_step_fields(unsigned fields)
{
	return fields & ~(unsigned)CR_HF_COMMENT;
}

int cr_hazard_patch_check(const struct cr_user *u, const struct cr_hazard_facts *h,
			  const char *const *keys, size_t nkeys, unsigned changes,
			  struct cr_err *err)
{
	if (h->state == CR_HZ_CLOSED)
		return cr_err_set(err, 409, "conflict", "state", "the hazard is closed (销号)");
	if (h->state >= CR_HZ_ASSESSED) {
		/* After assessment the record is settled; the supervising level may still move the
		 * deadline. */
		for (size_t i = 0; i < nkeys; i++)
			if (strcmp(keys[i], "deadline") != 0 && strcmp(keys[i], "version") != 0)
				return cr_err_set(err, 409, "conflict", keys[i],
						  "the hazard is %s; only its deadline can change",
						  cr_hazard_state_name(h->state));
		if ((changes & CR_HC_DEADLINE) && !cr_hazard_user_is_supervisor(u, h))
			return cr_err_set(
				err, 403, "forbidden", "deadline",
				"only the supervising regulator may move the deadline now");
	}
	if (cr_hazard_change_check(u, h, changes & (CR_HC_GRADE | CR_HC_UNIT), err))
		return -1;
	if ((changes & CR_HC_UNIT) && (h->state != CR_HZ_FOUND || u->role == CR_ROLE_UNIT))
		return cr_err_set(err, 409, "conflict", "unit_id",
				  "the unit is set by a regulator before registration");
	return 0;
}

int cr_hazard_deadline_check(const char *d, const char *today, struct cr_err *err)
{
	long dd, td;
	if (cr_date_check(d) || cr_date_days(d, &dd))
		return cr_err_set(err, 400, "invalid", "deadline",
				  "deadline must be a date YYYY-MM-DD");
	if (cr_date_days(today, &td) == 0 && dd < td)
		return cr_err_set(err, 400, "invalid", "deadline", "deadline %s is in the past", d);
	return 0;
}

/* 2000-01-01 as days since 1970-01-01. */
#define FOUND_AT_EARLIEST 10957

int cr_hazard_found_at_check(const char *s, const char *today, struct cr_err *err)
{
	long d, td;
	if (strlen(s) > 30 || cr_date_days(s, &d) || (s[10] && s[10] != 'T' && s[10] != ' '))
		return cr_err_set(err, 400, "invalid", "found_at",
				  "found_at must be a date YYYY-MM-DD or an ISO 8601 time");
	if (cr_date_days(today, &td) == 0 && (d > td + 1 || d < FOUND_AT_EARLIEST))
		return cr_err_set(err, 400, "invalid", "found_at",
				  "found_at must lie between 2000 and today");
	return 0;
}
