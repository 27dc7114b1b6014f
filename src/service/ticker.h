/* ticker.h — a background job on a thread of its own: it runs once at start, then every period
 * or at once when kicked, on its own database connection, until stopped. The hazard escalator,
 * the early-warning rules and the webhook worker are each one. */
#ifndef CR_SERVICE_TICKER_H
#define CR_SERVICE_TICKER_H

#include <stdbool.h>

#include "store/db.h"

/* One run of the job on the ticker's connection (NULL when it could not be opened). true asks
 * for another run at once (work is left). */
typedef bool (*cr_ticker_fn)(struct cr_conn *c, void *ctx);

struct cr_ticker;
/* Starts the thread; NULL when it cannot start. ctx is borrowed until cr_ticker_stop. job names
 * it across servers: with several on one PostgreSQL database, one of them runs it (the first to
 * take its lock, until that server stops). */
struct cr_ticker *cr_ticker_start(struct cr_db *db, const char *job, int period_s, cr_ticker_fn fn,
				  void *ctx);
/* The same with the period in milliseconds; job NULL: every server runs it (it leads nothing,
 * such as a watch on what the others wrote). */
struct cr_ticker *cr_ticker_start_ms(struct cr_db *db, const char *job, int period_ms,
				     cr_ticker_fn fn, void *ctx);
/* Runs the job again now (after the run in progress, if any). NULL: nothing. */
void cr_ticker_kick(struct cr_ticker *t);
/* Stops the thread after its run in progress and frees the ticker. NULL: nothing. */
void cr_ticker_stop(struct cr_ticker *t);

#endif
