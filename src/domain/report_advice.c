/* report_advice.c — recommendation rules of the risk assessment report. Each rule cites the
 * seed clause it puts into practice; thresholds are named constants. Must not do I/O. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/report_advice.h"

/* A closure rate below this is called out (project default, docs/METHODS.md). */
#define LOW_CLOSURE_RATE 0.6
/* How many areas a sentence names at most. */
#define NAMED 3

/* Appends "A（3 个）、B（2 个）" for the top areas by the count fn picks; returns how many. */
static size_t name_top(const struct cr_advice_input *in,
		       long (*count)(const struct cr_advice_area *), const char *unit, char *buf,
		       size_t cap)
{
	bool used[64] = { 0 };
	size_t named = 0, len = 0;
	buf[0] = '\0';
	for (; named < NAMED; named++) {
		long best = 0;
		size_t at = 0;
		for (size_t i = 0; i < in->nareas && i < 64; i++) {
			long v = count(&in->areas[i]);
			if (!used[i] && v > best)
				best = v, at = i;
		}
		if (best <= 0)
			break;
		used[at] = true;
		int n = snprintf(buf + len, cap - len, "%s%s（%ld %s）", named ? "、" : "",
				 in->areas[at].name, best, unit);
		if (n < 0 || (size_t)n >= cap - len)
			break;
		len += (size_t)n;
	}
	return named;
}

static long grade1_of(const struct cr_advice_area *a)
{
	return a->grade1;
}

static long overdue_of(const struct cr_advice_area *a)
{
	return a->overdue;
}

static long units_red_of(const struct cr_advice_area *a)
{
	return a->units_red;
}

size_t cr_report_advice(const struct cr_advice_input *in, char out[][CR_ADVICE_LEN])
{
	size_t n = 0;
	char names[256];
	/* Superposition [H 三(一)4], differentiated supervision of the worst areas [S 三(二)]. */
	size_t len = 0, reds = 0;
	names[0] = '\0';
	for (size_t i = 0; i < in->nareas; i++) {
		if (!in->areas[i].color || strcmp(in->areas[i].color, "red") != 0)
			continue;
		int w = snprintf(names + len, sizeof names - len, "%s%s", reds ? "、" : "",
				 in->areas[i].name);
		if (w < 0 || (size_t)w >= sizeof names - len)
			break;
		len += (size_t)w, reds++;
	}
	if (reds)
		snprintf(out[n++], CR_ADVICE_LEN,
			 "%s在风险叠加四色图上为红色：列为重点管控区域，提高执法检查频次，"
			 "优先安排专家会诊和隐患排查（差异化监管）。",
			 names);
	/* One risk, one plan, one person for every major risk [S 三(一)]. */
	if (name_top(in, grade1_of, "个", names, sizeof names))
		snprintf(out[n++], CR_ADVICE_LEN,
			 "重大风险点最多的是%s：逐一核实一险一策、一险一人，由单位分管负责人及以上"
			 "包保，并纳入属地和行业部门的重点监管清单。",
			 names);
	/* Overdue hidden hazards are listed for supervision (挂牌督办) [J 三(二)2 四]. */
	if (in->hazards_overdue > 0) {
		size_t k = name_top(in, overdue_of, "项", names, sizeof names);
		snprintf(out[n++], CR_ADVICE_LEN,
			 "有 %ld 项隐患逾期未整改%s%s：对逾期隐患挂牌督办，明确责任人和整改时限，"
			 "逾期重大隐患提级督办。",
			 in->hazards_overdue, k ? "，集中在" : "", k ? names : "");
	}
	if (in->hazards_major_open > 0 && n < CR_ADVICE_MAX)
		snprintf(out[n++], CR_ADVICE_LEN,
			 "尚有 %ld 项重大隐患未销号：落实治理责任、措施、资金、时限和预案"
			 "（五落实），治理完成后组织评估销号。",
			 in->hazards_major_open);
	/* The closed loop of hidden hazards [K 第二阶段 1]. */
	if (in->hazards_found > 0 && in->closure_rate < LOW_CLOSURE_RATE && n < CR_ADVICE_MAX)
		snprintf(
			out[n++], CR_ADVICE_LEN,
			"隐患整改率为 %.1f%%，低于 %.0f%%：督促单位按排查、登记、评估、报告、监控、"
			"治理、销号的闭环加快整改。",
			100 * in->closure_rate, 100 * LOW_CLOSURE_RATE);
	if (in->flagged_owners > 0 && n < CR_ADVICE_MAX)
		snprintf(out[n++], CR_ADVICE_LEN,
			 "%ld 个风险点的责任人层级不符合一险一人要求（较大风险需中层及以上，"
			 "重大风险需副总及以上）：督促单位调整包保责任人。",
			 in->flagged_owners);
	if (in->units_red > 0 && n < CR_ADVICE_MAX) {
		size_t k = name_top(in, units_red_of, "家", names, sizeof names);
		snprintf(
			out[n++], CR_ADVICE_LEN,
			"红色单位 %ld 家%s%s：列为重点监管对象，提高检查频次，督促其降低风险等级。",
			in->units_red, k ? "，最多的是" : "", k ? names : "");
	}
	/* One plan for each major hazard source, "一对一" [B 二(五)]; plans evaluated and drilled
	 * on time (应急管理部令第 2 号 第三十三、三十五条). */
	char late[160] = "";
	if (in->plans_overdue > 0)
		snprintf(late, sizeof late,
			 "%ld 份应急预案逾期未评估或未演练：督促单位限期评估、组织演练",
			 in->plans_overdue);
	if (in->sources_without_plan > 0 && n < CR_ADVICE_MAX)
		snprintf(out[n++], CR_ADVICE_LEN,
			 "%ld 个重大危险源尚无应急预案：按一对一要求限期编制并组织演练%s%s。",
			 in->sources_without_plan, *late ? "；" : "", late);
	else if (*late && n < CR_ADVICE_MAX)
		snprintf(out[n++], CR_ADVICE_LEN, "%s。", late);
	if (n == 0)
		snprintf(
			out[n++], CR_ADVICE_LEN,
			"未发现需要特别关注的问题：继续按季度动态更新风险清单，保持隐患闭环管理。");
	return n;
}
