/* report_scope.h — which risk assessment report (风险评估报告) a user may have, and the territory
 * it covers: the city's, a district's, or an industry's within the user's own territory. Pure
 * rules over the user and the codes asked for; no I/O. */
#ifndef CR_REPORT_SCOPE_H
#define CR_REPORT_SCOPE_H

#include "core/err.h"
#include "domain/user.h"

enum cr_report_kind {
	CR_REPORT_CITY,     /* 城市安全风险评估报告 */
	CR_REPORT_DISTRICT, /* 区县 */
	CR_REPORT_INDUSTRY, /* 行业 */
};

/* "city", "district", "industry"; 0, or -1 with err 400 (field "kind"). */
int cr_report_kind_parse(const char *s, enum cr_report_kind *out, struct cr_err *err);
const char *cr_report_kind_name(enum cr_report_kind k);

/* The territory (region code prefix, into region[16]) of the report of kind for code (a
 * district's six-digit code, an industry's sector code, none for the city), as u may have it:
 * - a unit account has no report (403 forbidden);
 * - the city's report needs a territory of the whole city (403 otherwise, field "kind");
 * - a district's report needs a six-digit code of the city (400 field "code") inside u's
 *   territory (403 field "code");
 * - an industry's report covers u's own territory (the city when u has none); its code must be
 *   non-empty, at most 15 letters and digits (400 field "code").
 * Department accounts' reports are further narrowed to their department by the caller's scope. */
int cr_report_scope(const struct cr_user *u, const char *city, enum cr_report_kind kind,
		    const char *code, char region[16], struct cr_err *err);

#endif
