/* reviews.h — SQL for the review chain of units' risk lists: one row per report (reviews) and
 * its steps (review_steps), a unit's latest report, the queue a reviewer waits on, and the
 * grade counts a submission records. No rule here: domain/review_flow.c decides states and
 * actors, service/review_chain.c authorises. */
#ifndef CR_STORE_REVIEWS_H
#define CR_STORE_REVIEWS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"

/* A report as written. Strings are borrowed. */
struct cr_review_row {
	long long unit_id;
	const char *kind;       /* initial periodic change */
	const char *state;      /* domain/review_flow.h names */
	const char *waiting_on; /* the actor's name ("none" when published) */
	bool public_safety;
	long long risk_count, public_count;
	const char *note;
	const char *submitted_by, *submitted_at;
	const char *published_at; /* NULL until published */
};

json_t *cr_store_review_get(struct cr_conn *c, long long id, struct cr_err *err);
/* The unit's latest report, or JSON null when it has none. New reference, NULL with err. */
json_t *cr_store_review_latest(struct cr_conn *c, long long unit_id, struct cr_err *err);
int cr_store_review_insert(struct cr_conn *c, const struct cr_review_row *r, long long *id,
			   struct cr_err *err);
/* 409 version_conflict when expect_version (> 0) is not current. */
int cr_store_review_update(struct cr_conn *c, long long id, const struct cr_review_row *r,
			   long long expect_version, struct cr_err *err);
/* Fills a row from a stored report's JSON (strings borrowed from j). */
void cr_store_review_row_of(const json_t *j, struct cr_review_row *r);

/* Appends a step: who (user id, login, role), the action, the states and the comment. seq 0
 * takes the report's next number (a read of its steps); a load that writes a new report's steps
 * itself numbers them 1, 2, … (a plain insert, which bulk mode sends by COPY). */
struct cr_review_step {
	long long review_id, user_id, seq;
	const char *login, *role, *action, *from_state, *to_state, *comment;
};
int cr_store_review_step_add(struct cr_conn *c, const struct cr_review_step *s, struct cr_err *err);
/* {"items":[{seq, at, login, role, action, from, to, comment}…]} oldest first. */
json_t *cr_store_review_steps(struct cr_conn *c, long long review_id, struct cr_err *err);

/* Filters of a list of reports; NULL/""/0 = any. latest: only each unit's latest report. */
struct cr_review_filter {
	const char *region; /* the unit's region code prefix */
	const char *dept;   /* the unit's department */
	long long unit_id;
	const char *state;
	const char *waiting_on; /* the actor the report waits on */
	bool latest;
};
/* One cursor page (store/page.h) of reports, newest first. New reference. */
json_t *cr_store_review_page(struct cr_conn *c, const struct cr_review_filter *f, long long after,
			     int limit, struct cr_err *err);

/* The unit's active risk points counted by grade (1..4) and, of those, marked public_impact:
 * by_grade[g], public_by_grade[g] for g in 1..4 (index 0 unused). */
int cr_store_review_grade_counts(struct cr_conn *c, long long unit_id, long long by_grade[5],
				 long long public_by_grade[5], struct cr_err *err);

#endif
