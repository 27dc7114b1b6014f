/* snapshot.h — comparing two frozen registers (snapshots) point by point: a risk point is new,
 * removed, raised, lowered or the same. Pure: no I/O, no SQL. */
#ifndef CR_DOMAIN_SNAPSHOT_H
#define CR_DOMAIN_SNAPSHOT_H

/* What became of a risk point between snapshot a (earlier) and b (later). Grades are 1 (Ⅰ
 * 重大, the highest) to 4 (Ⅳ 低); 0 = not in that snapshot. */
enum cr_snapshot_change {
	CR_SNAPSHOT_SAME,
	CR_SNAPSHOT_NEW,     /* only in b */
	CR_SNAPSHOT_REMOVED, /* only in a */
	CR_SNAPSHOT_RAISED,  /* in both, b's grade higher (a smaller number) */
	CR_SNAPSHOT_LOWERED, /* in both, b's grade lower */
};
#define CR_SNAPSHOT_CHANGES 5

enum cr_snapshot_change cr_snapshot_classify(int grade_a, int grade_b);
/* "same", "new", "removed", "raised", "lowered". */
const char *cr_snapshot_change_name(enum cr_snapshot_change ch);

/* The counts of one group (a district or a sector): points in a and in b, and each change. */
struct cr_snapshot_tally {
	long long a, b;
	long long n[CR_SNAPSHOT_CHANGES];
	long long a_major, b_major; /* grade Ⅰ points */
};
/* Counts one point into t (grades as for cr_snapshot_classify). */
void cr_snapshot_count(struct cr_snapshot_tally *t, int grade_a, int grade_b);

#endif
