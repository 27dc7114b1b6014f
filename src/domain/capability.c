/* capability.c — scoring an emergency capability checklist: shares per answer, the weighted
 * score, its level and the weak items. It must not know where the checklist comes from. */
#include "domain/capability.h"

#include <math.h>
#include <string.h>

unsigned cr_capability_subject(const char *s)
{
	if (!s)
		return 0;
	if (strcmp(s, "unit") == 0)
		return CR_CAPABILITY_UNIT;
	if (strcmp(s, "dept") == 0)
		return CR_CAPABILITY_DEPT;
	return strcmp(s, "district") == 0 ? CR_CAPABILITY_DISTRICT : 0;
}

const char *cr_capability_level_cn(int level)
{
	static const char *const cn[CR_CAPABILITY_LEVELS] = { "强", "较强", "一般", "弱" };
	return level >= 0 && level < CR_CAPABILITY_LEVELS ? cn[level] : "";
}

const char *cr_capability_level_code(int level)
{
	static const char *const code[CR_CAPABILITY_LEVELS] = { "strong", "good", "fair", "weak" };
	return level >= 0 && level < CR_CAPABILITY_LEVELS ? code[level] : "";
}

const char *cr_capability_area_cn(const char *area)
{
	static const char *const names[][2] = {
		{ "plans", "预案" },    { "teams", "队伍" },          { "materials", "物资" },
		{ "drills", "演练" },   { "monitoring", "监测预警" }, { "communication", "通信" },
		{ "training", "培训" },
	};
	for (size_t k = 0; area && k < sizeof names / sizeof names[0]; k++)
		if (strcmp(area, names[k][0]) == 0)
			return names[k][1];
	return area ? area : "";
}

/* The index of area among out's areas, added with its sums at 0 when new. */
static size_t area_slot(struct cr_capability_result *out, const char *area, double *sum,
			double *got)
{
	size_t k = 0;
	while (k < out->nareas && strcmp(out->areas[k].area, area))
		k++;
	if (k == out->nareas) {
		out->areas[out->nareas++] = (struct cr_capability_area_score){ area, 0 };
		sum[k] = got[k] = 0;
	}
	return k;
}

static double tenth(double got, double sum)
{
	return sum > 0 ? round(1000.0 * got / sum) / 10.0 : 0;
}

double cr_capability_share(const struct cr_capability_item *it, double answer)
{
	if (!(answer == floor(answer)))
		return -1;
	if (it->kind == CR_CAPABILITY_CHECK)
		return answer == 0 ? 0 : answer == 1 ? 0.5 : answer == 2 ? 1 : -1;
	if (answer < 0 || answer > 366)
		return -1;
	return answer >= it->required ? 1 : answer / it->required;
}

int cr_capability_score(const struct cr_capability_checklist *cl, unsigned subject,
			const double *answers, struct cr_capability_result *out, size_t *bad)
{
	double sum = 0, got = 0, asum[CR_CAPABILITY_MAX_ITEMS], agot[CR_CAPABILITY_MAX_ITEMS];
	out->nweak = 0;
	out->nareas = 0;
	for (size_t i = 0; i < cl->n && i < CR_CAPABILITY_MAX_ITEMS; i++) {
		const struct cr_capability_item *it = &cl->items[i];
		if (!(it->subjects & subject))
			continue;
		double share = cr_capability_share(it, answers[i]);
		if (share < 0) {
			*bad = i;
			return -1;
		}
		size_t a = area_slot(out, it->area, asum, agot);
		sum += it->weight;
		got += it->weight * share;
		asum[a] += it->weight;
		agot[a] += it->weight * share;
		if (share < cl->weak_below)
			out->weak[out->nweak++] = i;
	}
	for (size_t a = 0; a < out->nareas; a++)
		out->areas[a].score = tenth(agot[a], asum[a]);
	out->score = tenth(got, sum);
	out->level = CR_CAPABILITY_LEVELS - 1;
	for (int k = 0; k < CR_CAPABILITY_LEVELS; k++)
		if (out->score >= cl->level_min[k]) {
			out->level = k;
			break;
		}
	return 0;
}

int cr_capability_checklist_check(const struct cr_capability_checklist *cl, size_t *bad)
{
	*bad = cl->n;
	if (cl->n == 0 || cl->n > CR_CAPABILITY_MAX_ITEMS)
		return -1;
	for (size_t i = 0; i < cl->n; i++) {
		const struct cr_capability_item *it = &cl->items[i];
		*bad = i;
		if (!it->code[0] || !(it->weight > 0) || !it->subjects ||
		    (it->kind == CR_CAPABILITY_COUNT && it->required < 1))
			return -1;
		for (size_t j = 0; j < i; j++)
			if (strcmp(cl->items[j].code, it->code) == 0)
				return -1;
	}
	*bad = cl->n;
	for (int k = 1; k < CR_CAPABILITY_LEVELS; k++)
		if (!(cl->level_min[k] < cl->level_min[k - 1]))
			return -1;
	if (cl->level_min[CR_CAPABILITY_LEVELS - 1] != 0)
		return -1;
	return cl->weak_below > 0 && cl->weak_below <= 1 ? 0 : -1;
}
