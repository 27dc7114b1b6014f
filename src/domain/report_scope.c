/* report_scope.c — who may have which risk assessment report, as pure rules. Must not read the
 * database: whether a district or an industry exists is the caller's question. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain/report_scope.h"

static const char *const kinds[] = { "city", "district", "industry" };

int cr_report_kind_parse(const char *s, enum cr_report_kind *out, struct cr_err *err)
{
	for (int k = 0; s && k < 3; k++) {
		if (strcmp(s, kinds[k]) == 0) {
			*out = (enum cr_report_kind)k;
			return 0;
		}
	}
	cr_err_set(err, 400, "invalid", "kind", "kind must be city, district or industry");
	return cr_err_param(err, "rule", "one_of");
}

const char *cr_report_kind_name(enum cr_report_kind k)
{
	return (unsigned)k < 3 ? kinds[k] : "";
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static bool sector_code(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 15)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]))
			return false;
	return true;
}

int cr_report_scope(const struct cr_user *u, const char *city, enum cr_report_kind kind,
		    const char *code, char region[16], struct cr_err *err)
{
	region[0] = '\0';
	if (u->role == CR_ROLE_UNIT)
		return cr_err_set(err, 403, "forbidden", "kind",
				  "a unit account has no risk assessment report");
	switch (kind) {
	case CR_REPORT_CITY:
		if (!cr_user_covers_region(u, city))
			return cr_err_set(err, 403, "forbidden", "kind",
					  "the city's report is for city-wide accounts");
		snprintf(region, 16, "%s", city);
		return 0;
	case CR_REPORT_DISTRICT:
		if (!code || !all_digits(code, 6) || strncmp(code, city, strlen(city)) != 0)
			return cr_err_set(err, 400, "invalid", "code",
					  "code must be a district of the city (6 digits)");
		if (!cr_user_covers_region(u, code))
			return cr_err_set(err, 403, "forbidden", "code",
					  "district %s is outside your territory", code);
		snprintf(region, 16, "%s", code);
		return 0;
	case CR_REPORT_INDUSTRY:
		if (!sector_code(code))
			return cr_err_set(err, 400, "invalid", "code",
					  "code must be an industry code (letters and digits)");
		snprintf(region, 16, "%s", *u->region ? u->region : city);
		return 0;
	}
	return cr_err_set(err, 400, "invalid", "kind", "kind must be city, district or industry");
}
