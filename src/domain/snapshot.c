/* snapshot.c — the change of a risk point between two snapshots and the tallies of a group.
 * It must not know how snapshots are stored. */
#include "domain/snapshot.h"

enum cr_snapshot_change cr_snapshot_classify(int grade_a, int grade_b)
{
	if (!grade_a)
		return grade_b ? CR_SNAPSHOT_NEW : CR_SNAPSHOT_SAME;
	if (!grade_b)
		return CR_SNAPSHOT_REMOVED;
	if (grade_b < grade_a)
		return CR_SNAPSHOT_RAISED;
	return grade_b > grade_a ? CR_SNAPSHOT_LOWERED : CR_SNAPSHOT_SAME;
}

const char *cr_snapshot_change_name(enum cr_snapshot_change ch)
{
	static const char *const names[CR_SNAPSHOT_CHANGES] = { "same", "new", "removed", "raised",
								"lowered" };
	return (unsigned)ch < CR_SNAPSHOT_CHANGES ? names[ch] : "";
}

void cr_snapshot_count(struct cr_snapshot_tally *t, int grade_a, int grade_b)
{
	if (!grade_a && !grade_b)
		return;
	t->a += grade_a != 0;
	t->b += grade_b != 0;
	t->a_major += grade_a == 1;
	t->b_major += grade_b == 1;
	t->n[cr_snapshot_classify(grade_a, grade_b)]++;
}
