/* alert.h — early warning (预警) use cases: raising an alert with its reason and links inside
 * the caller's transaction, announcing it to live listeners after the commit, the rules run
 * now or by a background watcher, the scoped list, acknowledging and closing. */
#ifndef CR_SERVICE_ALERT_H
#define CR_SERVICE_ALERT_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "domain/alert_rules.h"
#include "domain/user.h"
#include "store/alerts.h"
#include "store/db.h"

/* Who hears of new alerts at once (the live stream of http/sse.c). Called after the commit,
 * once per alert, on the committing thread; alert is borrowed for the call. Set once, before
 * serving. */
typedef void (*cr_alert_listener)(const json_t *alert);
void cr_alert_listen(cr_alert_listener fn);
/* Hands every alert of the array `raised` to the listener (none set: nothing) and wakes the
 * webhook worker. */
void cr_alert_announce(const json_t *raised);

/* Inside an open transaction: writes the alert unless one of its rule about the same record is
 * still open, audits it, queues it for the webhooks that take it, and appends the stored alert
 * to raised (an array). 0 (also when it
 * was already open), or -1 with err. by NULL: the system. */
int cr_alert_raise(struct cr_conn *c, const struct cr_user *by, const struct cr_alert_row *a,
		   json_t *raised, struct cr_err *err);

/* A link of an alert to a record: {"entity","id","label"}. New reference. */
json_t *cr_alert_link(const char *entity, long long id, const char *label);

/* Whether u receives and may act on this alert (domain rule cr_alert_reaches). */
bool cr_alert_visible(const struct cr_user *u, const json_t *alert);

struct cr_alert_query {
	const char *region, *state, *rule, *level, *after, *limit;
	const char *subscribed; /* "1": only what u's subscription takes */
};
/* The alerts that reach u, newest first: {"items","next","total"}. New reference. */
json_t *cr_alert_list(struct cr_conn *c, const struct cr_user *u, const struct cr_alert_query *q,
		      struct cr_err *err);
json_t *cr_alert_read(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err);
/* open → acked; open or acked → closed. 409 "illegal_transition" otherwise. New reference. */
json_t *cr_alert_ack(struct cr_conn *c, const struct cr_user *u, long long id, struct cr_err *err);
json_t *cr_alert_close(struct cr_conn *c, const struct cr_user *u, long long id,
		       struct cr_err *err);

/* u's subscription: 0 with *has (false: none, every alert that reaches u), or -1 with err. */
int cr_alert_subscription_load(struct cr_conn *c, const struct cr_user *u,
			       struct cr_alert_subscription *out, bool *has, struct cr_err *err);
/* {"subscription": {"region","rules","min_level","updated_at"} | null}. New reference. */
json_t *cr_alert_subscription_read(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);
/* Sets it from {"region","rules":[names],"min_level"} (region inside u's territory, default
 * all of it; rules default every rule; min_level default blue); audited. Unit and expert
 * accounts, who receive no alerts, get 403. */
json_t *cr_alert_subscription_put(struct cr_conn *c, const struct cr_user *u, const json_t *body,
				  struct cr_err *err);
/* Removes it (back to everything). */
json_t *cr_alert_subscription_clear(struct cr_conn *c, const struct cr_user *u, struct cr_err *err);

/* Runs the early-warning rules the configuration enables (body {"rules":[names]} narrows
 * them; only the city office may) and raises an alert for each record found that has none
 * open: {"raised":N,"by_rule":{name:N}}. New reference. */
json_t *cr_alert_evaluate(struct cr_conn *c, const struct cr_user *u, const json_t *body,
			  struct cr_err *err);

/* A list of rule names (NULL: none) as a mask of 1 << rule; 400 naming "rules" (rule
 * alert_rule, the index) for anything else. */
int cr_alert_rule_list_parse(const json_t *names, unsigned *mask, struct cr_err *err);

/* Makes a pass of the rules in progress stop and roll back (called when the server stops). */
void cr_alert_rules_halt(void);

/* The rules run by themselves: once at start, then every period_s seconds, on a ticker
 * (service/ticker.h; cr_ticker_stop ends it), announcing what they raise. */
struct cr_ticker *cr_alert_watch_start(struct cr_db *db, int period_s);

#endif
