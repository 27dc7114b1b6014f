/* direct.c — direct determination rules (直接判定) and the residual grade (direct.h).
 * Pure: no I/O, no allocation; the rule list itself is configuration held by the caller. */
#include "domain/direct.h"

#include <stddef.h>

#include "domain/grade.h"

/* Rules of the kind used in provincial dual-prevention standards such as Shandong's
 * DB37/T 2882, as listed in risk-methods.md "Direct determination" (rules 1–5, same order).
 * Rule 4 ties in with Kunshan seed 000's survey of posts with 10+ people; rule 3 holds for a
 * major hazard source of any grade by default (the DB37/T 2882 family's "涉及重大危险源的";
 * DOMAIN.md "Grades and colours": "any major hazard source makes a risk 重大"). */
static const struct {
	const char *key, *text;
} rules[CR_DIRECT_RULE_COUNT] = {
	[CR_DIRECT_MANDATORY_VIOLATION] = { "mandatory_violation",
					    "violates a mandatory clause of a law, regulation or "
					    "national standard" },
	[CR_DIRECT_ACCIDENT_CONDITIONS_PERSIST] = { "accident_conditions_persist",
						    "a death, serious injury, occupational disease "
						    "or major loss happened here and "
						    "its conditions still exist" },
	[CR_DIRECT_MAJOR_HAZARD_SOURCE] = { "major_hazard_source",
					    "belongs to a major hazard source (GB 18218)" },
	[CR_DIRECT_HAZARDOUS_10PLUS_PEOPLE] = { "hazardous_10plus_people",
						"a place with poisoning, explosion or fire hazard "
						"where 10 or more people work "
						"at once" },
	[CR_DIRECT_OPEN_MAJOR_HAZARD] = { "open_major_hazard",
					  "an open major hidden hazard is linked to it" },
};

void cr_direct_config_default(struct cr_direct_config *cfg)
{
	for (int i = 0; i < CR_DIRECT_RULE_COUNT; i++)
		cfg->enabled[i] = true;
	cfg->major_hazard_source_max_grade = 4;
}

const char *cr_direct_rule_key(enum cr_direct_rule rule)
{
	return (unsigned)rule < CR_DIRECT_RULE_COUNT ? rules[rule].key : NULL;
}

const char *cr_direct_rule_text(enum cr_direct_rule rule)
{
	return (unsigned)rule < CR_DIRECT_RULE_COUNT ? rules[rule].text : NULL;
}

int cr_direct_determine(const struct cr_direct_config *cfg, const struct cr_direct_facts *facts,
			const char **rule_out)
{
	if (rule_out)
		*rule_out = NULL;
	if (!cfg || !facts || facts->major_hazard_source_grade < 0 ||
	    facts->major_hazard_source_grade > 4)
		return -1;

	const bool holds[CR_DIRECT_RULE_COUNT] = {
		[CR_DIRECT_MANDATORY_VIOLATION] = facts->mandatory_violation,
		[CR_DIRECT_ACCIDENT_CONDITIONS_PERSIST] = facts->accident_conditions_persist,
		[CR_DIRECT_MAJOR_HAZARD_SOURCE] =
			facts->major_hazard_source_grade >= 1 &&
			facts->major_hazard_source_grade <= cfg->major_hazard_source_max_grade,
		[CR_DIRECT_HAZARDOUS_10PLUS_PEOPLE] = facts->hazardous_10plus_people,
		[CR_DIRECT_OPEN_MAJOR_HAZARD] = facts->open_major_hazard,
	};
	for (int i = 0; i < CR_DIRECT_RULE_COUNT; i++) {
		if (cfg->enabled[i] && holds[i]) {
			if (rule_out)
				*rule_out = rules[i].text;
			return 1;
		}
	}
	return 0;
}

int cr_residual_grade(int assessed_grade, int direct_grade)
{
	bool a = cr_grade_valid(assessed_grade), d = cr_grade_valid(direct_grade);
	if (a && d)
		return direct_grade < assessed_grade ? direct_grade : assessed_grade;
	if (d)
		return direct_grade;
	return a ? assessed_grade : 0;
}
