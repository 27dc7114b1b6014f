/* grade.h — risk grades Ⅰ–Ⅳ, their names and the project's one colour table, control levels and
 * owner ranks. Pure lookups over static tables: no I/O, no allocation, no other module's state. */
#ifndef CR_GRADE_H
#define CR_GRADE_H

#include <stdbool.h>

/* Risk grade (风险等级), DOMAIN.md "Grades and colours", Kunshan seed 000 附 (术语解释):
 * Ⅰ 重大风险 red, Ⅱ 较大风险 orange, Ⅲ 一般风险 yellow, Ⅳ 低风险 blue. 0 means "no grade". */
enum cr_grade {
	CR_GRADE_NONE = 0,
	CR_GRADE_I = 1,
	CR_GRADE_II = 2,
	CR_GRADE_III = 3,
	CR_GRADE_IV = 4,
};
#define CR_GRADE_MIN 1
#define CR_GRADE_MAX 4

bool cr_grade_valid(int grade);

/* All of these return static strings (never free them), or NULL for an invalid grade. */
const char *cr_grade_color(int grade);     /* "red", "orange", "yellow", "blue" */
const char *cr_grade_color_cn(int grade);  /* "红", "橙", "黄", "蓝" */
const char *cr_grade_color_hex(int grade); /* "#e60012", ... — the one RGB of each colour */
const char *cr_grade_name_cn(int grade); /* "重大", "较大", "一般", "低" (+"风险" = full name) */
const char *cr_grade_name_en(int grade); /* "major", "significant", "general", "low" */
const char *cr_grade_roman(int grade);   /* "Ⅰ", "Ⅱ", "Ⅲ", "Ⅳ" (U+2160…U+2163) */

/* The grade a group of points shows (a map cluster): the highest of Ⅰ–Ⅲ among counts[1..3],
 * else Ⅳ. counts is indexed by grade, counts[0] unused. */
int cr_grade_top(const long long counts[5]);

/* Grade of a colour name ("red" … "blue"); 0 for NULL or anything else (also "unassessed"). */
int cr_grade_from_color(const char *color);

/* Grade from any of "1".."4", "I".."IV", "Ⅰ".."Ⅳ", a colour name or a Chinese name
 * ("重大", "重大风险", …); 0 when not recognised. */
int cr_grade_parse(const char *s);

/* Control level (管控层级) by grade, risk-methods.md "Control level by grade" (default):
 * Ⅰ "unit" 公司级, Ⅱ "department" 部门级, Ⅲ "workshop" 车间级, Ⅳ "team" 班组/岗位级.
 * Static strings; NULL for an invalid grade. */
const char *cr_control_level(int grade);
const char *cr_control_level_cn(int grade);

/* Rank of a risk's responsible person (包保责任人), low to high. 0 is "no rank". */
enum cr_owner_rank {
	CR_RANK_NONE = 0,
	CR_RANK_STAFF = 1,      /* staff 员工 */
	CR_RANK_TEAM_LEADER,    /* team_leader 班组长 */
	CR_RANK_WORKSHOP_HEAD,  /* workshop_head 车间主任 */
	CR_RANK_MIDDLE_MANAGER, /* middle_manager 中层 */
	CR_RANK_DEPUTY_GM,      /* deputy_gm 副总级 */
	CR_RANK_GM,             /* gm 总经理/法定代表人 */
};
#define CR_RANK_MAX CR_RANK_GM

/* Rank of "staff" … "gm"; 0 for NULL or an unknown name. */
int cr_owner_rank_parse(const char *name);
/* Static strings; NULL for an invalid rank. */
const char *cr_owner_rank_name(int rank);
const char *cr_owner_rank_name_cn(int rank);

/* Lowest rank allowed to own a risk of this grade ("one risk one person", Suzhou seed 001 三(一)):
 * Ⅰ deputy_gm, Ⅱ middle_manager, Ⅲ and Ⅳ staff. 0 for an invalid grade. */
int cr_owner_rank_required(int grade);
/* True when rank is a valid rank at or above cr_owner_rank_required(grade). */
bool cr_owner_rank_sufficient(int grade, int rank);

#endif
