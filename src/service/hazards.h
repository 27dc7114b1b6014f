/* hazards.h — use cases for hidden hazards (事故隐患): record and change (hazard_record.c), move
 * through the closed loop (hazard_loop.c), list and count (hazard_lists.c), attach files, take
 * public reports (举报) and escalate overdue ones (hazard_intake.c). */
#ifndef CR_SERVICE_HAZARDS_H
#define CR_SERVICE_HAZARDS_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/hazard_flow.h"
#include "domain/user.h"
#include "store/db.h"
#include "service/ticker.h"
#include "store/hazards.h" /* struct cr_hazard_filter */

/* Each returns a new reference, or NULL with err filled; every write and its audit entry are
 * one transaction. docs/HAZARDS.md has the rules. */
/* Files a hazard. An optional client_id (a UUID made by an offline client) makes the call
 * idempotent: a repeat answers the hazard filed the first time, with *existed set. */
json_t *cr_hazard_create(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			 bool *existed, struct cr_err *err);
/* The hazard with "events" (its steps) and "attachments" (metadata). */
json_t *cr_hazard_read(struct cr_conn *c, const struct cr_user *u, long long id,
		       struct cr_err *err);
json_t *cr_hazard_patch(struct cr_conn *c, const struct cr_user *u, long long id,
			const json_t *body, struct cr_err *err);
/* {"to":STATE, comment, deadline, measures, responsible, funds_cny, evidence, supervised_by,
 * version}: 409 "illegal_transition", 403, or 400 naming the missing field. */
json_t *cr_hazard_transition(struct cr_conn *c, const struct cr_user *u, long long id,
			     const json_t *body, struct cr_err *err);

/* Query-string arguments as received (NULL = absent). */
struct cr_hazard_query {
	const char *region, *dept, *sector, *state, *grade, *source, *supervised_by, *listed, *open,
		*overdue, *due_soon, *escalation, *unit_id, *risk_id, *q, *after, *limit;
};
json_t *cr_hazard_list(struct cr_conn *c, const struct cr_user *u, const struct cr_hazard_query *q,
		       struct cr_err *err);
/* The list's checked filter for q within u's scope (the list, its figures and the exports share
 * it); region_buf, today and clock hold what f points to. 0, or -1 with err. */
int cr_hazard_list_filter(const struct cr_user *u, const struct cr_hazard_query *q,
			  struct cr_hazard_filter *f, char region_buf[24], char today[11],
			  struct cr_hazard_clock_window *clock, struct cr_err *err);
/* Figures by district, dept, sector, source or month, within the caller's scope. */
json_t *cr_hazard_stats(struct cr_conn *c, const struct cr_user *u, const struct cr_hazard_query *q,
			const char *by, struct cr_err *err);

/* Shared by the hazard modules (hazard_record.c): the facts of a hazard's JSON (strings
 * borrowed), and a hazard the user may read (write: may also change) as JSON, a new reference,
 * else NULL with 403/404. today: "YYYY-MM-DD". */
void cr_hazard_facts_of(const json_t *h, struct cr_hazard_facts *f);
json_t *cr_hazard_load(struct cr_conn *c, const struct cr_user *u, long long id, bool write,
		       const char *today, struct cr_err *err);
/* Drops what u may not see (the reporter's contact for units and experts) from h, in place;
 * returns h. */
json_t *cr_hazard_scrub(const struct cr_user *u, json_t *h);
/* Ends a hazard write inside its open transaction: audits `action` (before may be NULL),
 * re-grades the risk points and rates the units touched before and after, commits, and returns
 * the hazard as it now is (new reference, scrubbed for u). NULL with err after a rollback. */
json_t *cr_hazard_commit(struct cr_conn *c, const struct cr_user *u, long long id,
			 const char *action, const json_t *before, const char *today,
			 struct cr_err *err);

/* ===== hazard_intake.c ===== */

#define CR_ATTACHMENT_MAX (10u << 20)
/* A public report (举报) carries at most one photo of this size, sent in base64 with the report. */
#define CR_REPORT_PHOTO_MAX (2u << 20)
/* Stores a photo or document (JPEG, PNG, WebP, PDF by magic bytes; 415 otherwise). name may be
 * NULL. Returns the attachment's metadata. */
json_t *cr_hazard_attach(struct cr_conn *c, const struct cr_user *u, long long id, const char *name,
			 const void *data, size_t len, struct cr_err *err);
/* Metadata of an attachment the user may read, and a malloc'd copy of its bytes. */
json_t *cr_hazard_attachment(struct cr_conn *c, const struct cr_user *u, long long id,
			     long long aid, void **data, size_t *len, struct cr_err *err);

/* A public report (举报), no log-in: {description, address, lon, lat, contact?} becomes a
 * hazard in state found, source public_report, without a unit, in the district holding the
 * point. Returns {"id","state"} only. */
json_t *cr_hazard_report(struct cr_conn *c, const json_t *body, struct cr_err *err);

/* Raises the escalation level of every overdue open hazard (audited as "system"). Returns how
 * many changed, or -1 with err. */
int cr_hazards_escalate(struct cr_conn *c, struct cr_err *err);

/* A background thread (service/ticker.h) that escalates once at start and then every period_s
 * seconds on its own connection; cr_ticker_stop ends it. */
struct cr_ticker *cr_escalator_start(struct cr_db *db, int period_s);

#endif
