/* ticker.h — a background job on a thread of its own: it runs once at start, then every period
 * or at once when kicked, on its own database connection, until stopped. The hazard escalator,
 * the early-warning rules and the webhook worker are each one. */
#ifndef CR_SERVICE_TICKER_H
#define CR_SERVICE_TICKER_H

#include "store/sql.h"
#include <stdbool.h>

#include "store/db.h"

/* One run of the job on the ticker's connection (NULL when it could not be opened). true asks
 * for another run at once (work is left). */
typedef bool (*cr_ticker_fn)(struct cr_conn *c, void *ctx);

struct cr_ticker;
/* Starts the thread; NULL when it cannot start. ctx is borrowed until cr_ticker_stop. */
struct cr_ticker *cr_ticker_start(struct cr_db *db, int period_s, cr_ticker_fn fn, void *ctx);
/* Runs the job again now (after the run in progress, if any). NULL: nothing. */
void cr_ticker_kick(struct cr_ticker *t);
/* Stops the thread after its run in progress and frees the ticker. NULL: nothing. */
void cr_ticker_stop(struct cr_ticker *t);

#endif
