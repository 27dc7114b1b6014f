/* report_advice.h — the recommendations (工作建议) of a risk assessment report, derived from its
 * figures by fixed rules (docs/METHODS.md "Report recommendations"). Pure: no I/O. */
#ifndef CR_REPORT_ADVICE_H
#define CR_REPORT_ADVICE_H

#include <stddef.h>

#define CR_ADVICE_LEN 480
#define CR_ADVICE_MAX 8

/* One district (or town) of the report's territory. Strings borrowed. */
struct cr_advice_area {
	const char *name;
	const char *color; /* its superposed colour: "red", "orange", "yellow", "blue" */
	long grade1;       /* grade Ⅰ risk points */
	long overdue;      /* hidden hazards past their deadline */
	long units_red;    /* units rated red */
};

struct cr_advice_input {
	const struct cr_advice_area *areas;
	size_t nareas;
	long units_red;          /* units rated red */
	long flagged_owners;     /* points whose responsible person's rank is too low; -1 unknown */
	long hazards_found;      /* hidden hazards recorded */
	long hazards_overdue;    /* open and past their deadline */
	long hazards_major_open; /* open major hazards */
	double closure_rate;     /* closed / found, 0..1 */
	long sources_without_plan; /* major hazard sources without a plan; -1 when not known */
	long plans_overdue; /* plans past their evaluation or drill (domain/plan.h); ≤ 0: none */
};

/* Writes the recommendations that apply, most urgent first, at most CR_ADVICE_MAX, each a
 * Chinese sentence; returns how many. Never "全市": areas are named. */
size_t cr_report_advice(const struct cr_advice_input *in, char out[][CR_ADVICE_LEN]);

#endif
