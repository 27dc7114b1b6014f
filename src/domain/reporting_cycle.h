/* reporting_cycle.h — which reports a unit owes and by when (Jiangsu practice): the initial
 * report on registration, the periodic report every first quarter, and a change report after a
 * grade Ⅱ+ point is added or changes grade. Pure: the caller passes the dates and today. */
#ifndef CR_REPORTING_CYCLE_H
#define CR_REPORTING_CYCLE_H

#include <stdbool.h>
#include <stddef.h>

/* The defaults (docs/METHODS.md "Reporting cycles"): no seed fixes the days, so they are
 * configuration constants here. The periodic report falls due at the end of the first quarter
 * (31 March) [B 四(四) 每季度更新; Jiangsu: 每年第一季度]. */
#define CR_REPORTING_INITIAL_DAYS 30 /* after registration */
#define CR_REPORTING_CHANGE_DAYS 15  /* after the change */
#define CR_REPORTING_PERIODIC_DUE "03-31"

enum cr_reporting_kind {
	CR_REPORTING_INITIAL,  /* 首次报告 */
	CR_REPORTING_PERIODIC, /* 定期报告 (年度, 第一季度) */
	CR_REPORTING_CHANGE,   /* 变更报告 */
	CR_REPORTING_KIND_COUNT
};

/* A unit's dates, "YYYY-MM-DD" or stored UTC times "YYYY-MM-DDTHH:MM:SS…Z" (counted on their
 * day in China, UTC+8, as today is), "" or NULL when there is none. Borrowed. */
struct cr_reporting_facts {
	const char *registered;   /* the unit's registration */
	const char *last_submit;  /* its latest submission of any kind */
	const char *major_change; /* the latest day a grade Ⅱ+ point was added or changed grade */
};

struct cr_reporting_due {
	enum cr_reporting_kind kind;
	char due[11];   /* YYYY-MM-DD */
	bool late;      /* today is past due */
	long days_late; /* 0 when not late */
};

const char *cr_reporting_kind_name(enum cr_reporting_kind k); /* "initial" "periodic" "change" */
const char *cr_reporting_kind_cn(enum cr_reporting_kind k);
int cr_reporting_kind_parse(const char *s, enum cr_reporting_kind *out);

/* The reports the unit owes on `today` (YYYY-MM-DD), at most one of each kind, in the order
 * initial, periodic, change; returns how many were written to out (at most
 * CR_REPORTING_KIND_COUNT). A unit that never reported owes only the initial report; a periodic
 * report is owed by a unit registered before this year that has not reported since 1 January;
 * a change report when a grade Ⅱ+ change came after the latest report. */
size_t cr_reporting_owed(const struct cr_reporting_facts *f, const char *today,
			 struct cr_reporting_due out[CR_REPORTING_KIND_COUNT]);

/* The kind a submission on `today` counts as: initial when the unit never reported, else
 * periodic when one is owed, else change. */
enum cr_reporting_kind cr_reporting_kind_of_submit(const struct cr_reporting_facts *f,
						   const char *today);

#endif
