/* fuzz_assess.c — libFuzzer target: an assess body {"method","inputs"} graded by cr_assess as
 * service/risks.c does, optionally on a "config" override (cr_method_config_from_json), plus the
 * date and quarter helpers on "deadline", "today", "days" and "quarter" strings. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/jsonx.h"
#include "domain/date.h"
#include "domain/hazard_clock.h"
#include "domain/hazard_flow.h"
#include "domain/methods.h"
#include "domain/quarter.h"
#include "service/method_config.h"

static void grade(const json_t *body)
{
	struct cr_methods_config mc;
	struct cr_direct_config dc;
	struct cr_rating_config rc;
	struct cr_superpose_config sc;
	struct cr_err err = { 0 };
	/* an override that fails its checks leaves the defaults in mc, as config.c relies on */
	cr_method_config_from_json(json_object_get(body, "config"), &mc, &dc, &rc, &sc, &err);

	enum cr_method m;
	if (cr_method_parse(json_string_value(json_object_get(body, "method")), &m))
		return;
	const json_t *inputs = json_object_get(body, "inputs");
	struct cr_factor f[8];
	size_t nf = 0;
	const char *k;
	json_t *v;
	if (!json_is_object(inputs))
		return;
	json_object_foreach((json_t *)inputs, k, v) {
		if (nf == 8 || !json_is_number(v))
			return;
		f[nf].name = k;
		f[nf++].value = json_number_value(v);
	}
	struct cr_assessment a;
	if (cr_assess(&mc, m, f, nf, &a, &err) == 0 &&
	    (a.grade < 1 || a.grade > 4 || !memchr(a.explain, '\0', sizeof a.explain)))
		__builtin_trap();
}

static void dates(const json_t *body)
{
	const char *deadline = json_string_value(json_object_get(body, "deadline"));
	const char *today = json_string_value(json_object_get(body, "today"));
	json_int_t days = json_integer_value(json_object_get(body, "days"));
	char out[11];
	long z;
	struct cr_quarter q;
	if (today) {
		cr_date_days(today, &z);
		/* callers add at most a review window or a deadline span */
		if (days >= -100000 && days <= 100000)
			cr_date_add(today, (long)days, out);
	}
	if (deadline && today)
		for (int s = 0; s < CR_HZ_STATE_COUNT; s++) {
			struct cr_hazard_due d;
			cr_hazard_due((enum cr_hazard_state)s, deadline, today, &d);
			cr_hazard_escalation_level((enum cr_hazard_state)s, deadline, today);
		}
	cr_quarter_parse(json_string_value(json_object_get(body, "quarter")), &q);
	enum cr_hazard_state st;
	cr_hazard_state_parse(json_string_value(json_object_get(body, "state")), &st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cr_err err = { 0 };
	json_t *body = cr_json_parse_object((const char *)data, size, &err);
	if (!body)
		return 0;
	grade(body);
	dates(body);
	json_decref(body);
	return 0;
}
