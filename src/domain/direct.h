/* direct.h — direct determination (直接判定): rules that make a risk point grade Ⅰ whatever its
 * score, each switchable, and the residual grade. Pure: no I/O, no allocation. */
#ifndef CR_DIRECT_H
#define CR_DIRECT_H

#include <stdbool.h>

/* The rules of risk-methods.md "Direct determination", in the order they are checked. */
enum cr_direct_rule {
	CR_DIRECT_MANDATORY_VIOLATION,         /* violates a mandatory clause of law/standard */
	CR_DIRECT_ACCIDENT_CONDITIONS_PERSIST, /* an accident happened and its conditions remain */
	CR_DIRECT_MAJOR_HAZARD_SOURCE, /* part of a major hazard source 重大危险源 (GB 18218) */
	CR_DIRECT_HAZARDOUS_10PLUS_PEOPLE, /* poisoning/explosion/fire hazard with ≥ 10 people */
	CR_DIRECT_OPEN_MAJOR_HAZARD,       /* an open major hidden hazard 重大隐患 is linked */
};
#define CR_DIRECT_RULE_COUNT 5

struct cr_direct_config {
	bool enabled[CR_DIRECT_RULE_COUNT];
	/* The major-hazard-source rule fires for GB 18218 grades 1..this (一级 highest). Default 4:
	 * every major hazard source (DB37/T 2882 family, DOMAIN.md); 2 limits it to 一级/二级. */
	int major_hazard_source_max_grade;
};

struct cr_direct_facts {
	bool mandatory_violation, accident_conditions_persist, hazardous_10plus_people,
		open_major_hazard;
	int major_hazard_source_grade; /* 0 none, 1..4 GB 18218 一级..四级 */
};

/* Every rule on; major hazard sources of every grade. */
void cr_direct_config_default(struct cr_direct_config *cfg);

/* Machine key ("mandatory_violation", …, also the JSON config key) and English text of a rule;
 * static strings, NULL when out of range. */
const char *cr_direct_rule_key(enum cr_direct_rule rule);
const char *cr_direct_rule_text(enum cr_direct_rule rule);

/* 1 (grade Ⅰ) when an enabled rule holds, with *rule_out (if not NULL) set to the first such
 * rule's English text; 0 when none holds (*rule_out = NULL); -1 for NULL arguments or a
 * major_hazard_source_grade outside 0..4. */
int cr_direct_determine(const struct cr_direct_config *cfg, const struct cr_direct_facts *facts,
			const char **rule_out);

/* Residual grade: a direct grade (1..4) overrides when more severe than the assessed one; 0 as
 * direct_grade means no direct determination. 0 when neither grade is valid. */
int cr_residual_grade(int assessed_grade, int direct_grade);

#endif
