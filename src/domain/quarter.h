/* quarter.h — calendar quarters (季度) for the quarterly dynamic update (动态更新, seed 003 四(四)):
 * "2026Q4" ↔ its first day and the next quarter's, in China Standard Time. Pure: no I/O. */
#ifndef CR_QUARTER_H
#define CR_QUARTER_H

#include <time.h>

/* A quarter [since, until): local (UTC+8) dates, and the same instants as UTC ISO 8601 texts in
 * the format of stored timestamps (cr_now_iso), so they compare with created_at and at. */
struct cr_quarter {
	int year, q;        /* q 1..4 */
	char name[8];       /* "2026Q4" */
	char since[11];     /* "2026-10-01" */
	char until[11];     /* "2027-01-01" */
	char since_utc[25]; /* "2026-09-30T16:00:00.000Z" */
	char until_utc[25]; /* "2026-12-31T16:00:00.000Z" */
};

/* Parses "YYYYQn" (Q or q, n 1–4, year 1990–2100) into out. 0, or -1 when s is anything else
 * (out then untouched). */
int cr_quarter_parse(const char *s, struct cr_quarter *out);
/* The quarter holding the instant now, in China Standard Time. */
void cr_quarter_of(time_t now, struct cr_quarter *out);
/* The quarter year/q (q 1..4, year 1990–2100); -1 outside that range. */
int cr_quarter_make(int year, int q, struct cr_quarter *out);

#endif
