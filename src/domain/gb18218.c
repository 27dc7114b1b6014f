/* gb18218.c — GB 18218-2018 identification (S) and grading (R, α, grade) of major hazard
 * sources (gb18218.h). Pure arithmetic over the standard's Tables 5 and 6; no look-ups, no I/O. */
#include "domain/gb18218.h"

#include <math.h>
#include <string.h>

/* Sums are rounded to 1e-6 before they are compared with 1, 10, 50 and 100, so that a total
 * reached through divisions (0.1 + 0.2) meets a boundary it equals on paper. */
static double round6(double x)
{
	return round(x * 1e6) / 1e6;
}

double cr_gb18218_alpha(long long people)
{
	if (people < 0)
		return -1;
	if (people >= 100)
		return 2.0;
	if (people >= 50)
		return 1.5;
	if (people >= 30)
		return 1.2;
	if (people >= 1)
		return 1.0;
	return 0.5;
}

int cr_gb18218_grade(double R)
{
	if (!isfinite(R) || R < 0)
		return 0;
	if (R >= 100)
		return 1;
	if (R >= 50)
		return 2;
	if (R >= 10)
		return 3;
	return 4;
}

const char *cr_gb18218_grade_cn(int grade)
{
	static const char *const names[] = { "一级", "二级", "三级", "四级" };
	return grade >= 1 && grade <= 4 ? names[grade - 1] : NULL;
}

const char *cr_gb18218_unit_cn(const char *kind)
{
	return kind && strcmp(kind, "storage") == 0 ? "储存" : "生产";
}

int cr_gb18218_assess(struct cr_gb18218_line *lines, size_t n, long long people,
		      struct cr_gb18218_result *out, size_t *bad_line)
{
	if (bad_line)
		*bad_line = n;
	if ((!lines && n) || !out || people < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct cr_gb18218_line *l = &lines[i];
		if (!isfinite(l->q) || !isfinite(l->Q) || !isfinite(l->beta) || l->q < 0 ||
		    l->Q <= 0 || l->beta <= 0) {
			if (bad_line)
				*bad_line = i;
			return -1;
		}
	}
	double S = 0, B = 0;
	for (size_t i = 0; i < n; i++) {
		lines[i].ratio = lines[i].q / lines[i].Q;
		lines[i].weighted = lines[i].beta * lines[i].ratio;
		S += lines[i].ratio;
		B += lines[i].weighted;
	}
	out->S = round6(S);
	out->sum_beta = round6(B);
	out->alpha = cr_gb18218_alpha(people);
	out->R = round6(out->alpha * B);
	out->major = out->S >= 1;
	out->grade = out->major ? cr_gb18218_grade(out->R) : 0;
	return 0;
}
