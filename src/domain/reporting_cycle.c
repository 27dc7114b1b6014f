/* reporting_cycle.c — the reports a unit owes and their due dates. It must stay pure: no
 * database, no clock (the caller passes today). */
#include "domain/reporting_cycle.h"

#include <stdio.h>
#include <string.h>

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

/* The day of a stored instant in China, as today is ("2026-12-01T17:00:00.000Z" is 2026-12-02);
 * a plain date stays as it is. */
static const char *china_day(const char *ts, char out[17])
{
	if (cr_date_china_time(ts, out) == 0) {
		out[10] = 0;
		return out;
	}
	snprintf(out, 11, "%.10s", ts);
	return out;
}

/* a < b as China's days */
static bool before(const char *a, const char *b)
{
	char x[17], y[17];
	return strcmp(china_day(a, x), china_day(b, y)) < 0;
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

size_t cr_reporting_owed(const struct cr_reporting_facts *f, const char *today,
			 struct cr_reporting_due out[CR_REPORTING_KIND_COUNT])
{
	char due[11], jan1[11], day[17];
	size_t n = 0;
	if (!has_date(today) || !has_date(f->registered))
		return 0;
	if (!has_date(f->last_submit)) {
		if (cr_date_add(china_day(f->registered, day), CR_REPORTING_INITIAL_DAYS, due) == 0)
			put(&out[n++], CR_REPORTING_INITIAL, due, today);
		return n;
	}
	snprintf(jan1, sizeof jan1, "%.4s-01-01", today);
	if (before(f->registered, jan1) && before(f->last_submit, jan1)) {
		snprintf(due, sizeof due, "%.4s-%s", today, CR_REPORTING_PERIODIC_DUE);
		put(&out[n++], CR_REPORTING_PERIODIC, due, today);
	}
	if (has_date(f->major_change) && strcmp(f->last_submit, f->major_change) < 0 &&
	    cr_date_add(china_day(f->major_change, day), CR_REPORTING_CHANGE_DAYS, due) == 0)
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
