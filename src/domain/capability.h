/* capability.h — 应急能力评估 (emergency capability assessment): a weighted checklist scored
 * into 0–100, a level and the weak items. The checklist itself is configuration
 * (data/capability-checklist.json, read by service/capability.c). Pure: no I/O. */
#ifndef CR_DOMAIN_CAPABILITY_H
#define CR_DOMAIN_CAPABILITY_H

#include <stdbool.h>
#include <stddef.h>

#define CR_CAPABILITY_MAX_ITEMS 64
#define CR_CAPABILITY_LEVELS 4

/* How an item is answered: CHECK 0 (不符合), 1 (部分符合) or 2 (符合), worth 0, ½ and all of
 * its weight; COUNT a number of times a year (drills), worth count / required, at most 1. */
enum cr_capability_kind { CR_CAPABILITY_CHECK, CR_CAPABILITY_COUNT };

/* Subjects an item applies to (bits). */
enum { CR_CAPABILITY_UNIT = 1, CR_CAPABILITY_DEPT = 2, CR_CAPABILITY_DISTRICT = 4 };

struct cr_capability_item {
	char code[32];
	char area[24]; /* plans, teams, materials, drills, monitoring, communication, training */
	char text[256];
	enum cr_capability_kind kind;
	double weight; /* > 0 */
	int required;  /* COUNT: the count that earns the whole weight (≥ 1) */
	unsigned subjects;
};

struct cr_capability_checklist {
	char version[32];
	struct cr_capability_item items[CR_CAPABILITY_MAX_ITEMS];
	size_t n;
	/* level k (0 = 强 … 3 = 弱) when score ≥ level_min[k]; level_min descending, last 0 */
	double level_min[CR_CAPABILITY_LEVELS];
	double weak_below; /* an item earning less than this share of its weight is weak */
};

/* The subject's bit for "unit", "dept" or "district"; 0 otherwise. */
unsigned cr_capability_subject(const char *s);
/* 强, 较强, 一般, 弱 — and their codes strong, good, fair, weak. */
const char *cr_capability_level_cn(int level);
const char *cr_capability_level_code(int level);
/* The Chinese name of an area of the checklist (预案, 队伍, 物资, 演练, 监测预警, 通信, 培训);
 * the code itself for an area not among the seven. */
const char *cr_capability_area_cn(const char *area);

/* The share (0–1) an answer earns for an item; -1 when the answer is not valid for it (CHECK:
 * not 0, 1 or 2; COUNT: negative or above 366). */
double cr_capability_share(const struct cr_capability_item *it, double answer);

/* One area's part of a result: the same formula over the area's items of the subject. */
struct cr_capability_area_score {
	const char *area; /* borrowed from the checklist's first item of the area */
	double score;     /* 0–100, one decimal */
};

struct cr_capability_result {
	double score; /* 0–100, one decimal */
	int level;
	size_t weak[CR_CAPABILITY_MAX_ITEMS], nweak; /* indexes into items, in checklist order */
	/* 分项得分: by area, in the order areas first appear among the subject's items */
	struct cr_capability_area_score areas[CR_CAPABILITY_MAX_ITEMS];
	size_t nareas;
};
/* Scores answers[i] for every item that applies to subject (others ignored): score =
 * 100 · Σ wᵢ·shareᵢ / Σ wᵢ, rounded to one decimal, overall and over each area's items.
 * -1 with *bad the index of the first invalid answer, else 0. */
int cr_capability_score(const struct cr_capability_checklist *cl, unsigned subject,
			const double *answers, struct cr_capability_result *out, size_t *bad);

/* Checks a checklist read from configuration: at least one item, unique codes, weights > 0,
 * COUNT items with required ≥ 1, levels descending to 0, weak_below in (0, 1]. 0, or -1 with
 * *bad the index of the offending item (n for the levels or weak_below). */
int cr_capability_checklist_check(const struct cr_capability_checklist *cl, size_t *bad);

#endif
