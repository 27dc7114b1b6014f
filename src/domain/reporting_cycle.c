/* reporting_cycle.c — the reports a unit owes and their due dates. It must stay pure: no
 * database, no clock (the caller passes today). */
#include "domain/reporting_cycle.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/date.h"

static const char *const kind_names[CR_REPORTING_KIND_COUNT] = { "initial", "periodic", "change" };
static const char *const kind_cn[CR_REPORTING_KIND_COUNT] = { "首次报告", "定期报告", "变更报告" };

const char *cr_reporting_kind_name(enum cr_reporting_kind k)
{
	return k >= 0 && k < CR_REPORTING_KIND_COUNT ? kind_names[k] : NULL;
}

const char *cr_reporting_kind_cn(enum cr_reporting_kind k)
{
	return k >= 0 && k < CR_REPORTING_KIND_COUNT ? kind_cn[k] : NULL;
}

int cr_reporting_kind_parse(const char *s, enum cr_reporting_kind *out)
{
	for (int i = 0; s && i < CR_REPORTING_KIND_COUNT; i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum cr_reporting_kind)i;
			return 0;
		}
	return -1;
}

static bool has_date(const char *s)
{
	long d;
	return s && cr_date_days(s, &d) == 0;
}

/* a < b as dates (only the first ten characters count) */
static bool before(const char *a, const char *b)
{
	return strncmp(a, b, 10) < 0;
}

static void put(struct cr_reporting_due *o, enum cr_reporting_kind k, const char *due,
		const char *today)
{
	long d, t;
	o->kind = k;
	snprintf(o->due, sizeof o->due, "%.10s", due);
	o->days_late = 0;
	if (cr_date_days(o->due, &d) == 0 && cr_date_days(today, &t) == 0 && t > d)
		o->days_late = t - d;
	o->late = o->days_late > 0;
}

/* The day in China (UTC+8, as `today` is) of a stored UTC time: "2026-12-01T17:03:00.000Z" is
 * 2 December there. A bare date, or "" / NULL, is kept as it is. */
static void local_day(const char *s, char out[11])
{
	long d;
	int h, mi, sec;
	size_t n = s ? strlen(s) : 0;
	snprintf(out, 11, "%.10s", s ? s : "");
	if (n < 19 || s[10] != 'T' || s[n - 1] != 'Z' || cr_date_days(out, &d) ||
	    sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &sec) != 3)
		return;
	cr_date_today((time_t)(d * 86400 + h * 3600 + mi * 60 + sec), out);
}

size_t cr_reporting_owed(const struct cr_reporting_facts *f, const char *today,
			 struct cr_reporting_due out[CR_REPORTING_KIND_COUNT])
{
	char due[11], jan1[11], registered[11], last[11], change[11];
	size_t n = 0;
	local_day(f->registered, registered);
	local_day(f->last_submit, last);
	local_day(f->major_change, change);
	if (!has_date(today) || !has_date(registered))
		return 0;
	if (!has_date(last)) {
		if (cr_date_add(registered, CR_REPORTING_INITIAL_DAYS, due) == 0)
			put(&out[n++], CR_REPORTING_INITIAL, due, today);
		return n;
	}
	snprintf(jan1, sizeof jan1, "%.4s-01-01", today);
	if (before(registered, jan1) && before(last, jan1)) {
		snprintf(due, sizeof due, "%.4s-%s", today, CR_REPORTING_PERIODIC_DUE);
		put(&out[n++], CR_REPORTING_PERIODIC, due, today);
	}
	if (has_date(change) && strcmp(f->last_submit, f->major_change) < 0 &&
	    cr_date_add(change, CR_REPORTING_CHANGE_DAYS, due) == 0)
		put(&out[n++], CR_REPORTING_CHANGE, due, today);
	return n;
}

enum cr_reporting_kind cr_reporting_kind_of_submit(const struct cr_reporting_facts *f,
						   const char *today)
{
	struct cr_reporting_due owed[CR_REPORTING_KIND_COUNT];
	size_t n = cr_reporting_owed(f, today, owed);
	if (!has_date(f->last_submit))
		return CR_REPORTING_INITIAL;
	for (size_t i = 0; i < n; i++)
		if (owed[i].kind == CR_REPORTING_PERIODIC)
			return CR_REPORTING_PERIODIC;
	return CR_REPORTING_CHANGE;
}
