/* periodic.h — the one periodic background thread: run a step, wait for the period, a kick or
 * the stop, run it again. The tickers of service/ticker.h and the read replica's watcher are
 * each one. It knows no job and no database. */
#ifndef CR_PERIODIC_H
#define CR_PERIODIC_H

#include <stdbool.h>

/* One run of the step, on the thread; true asks for another run at once (work is left). */
typedef bool (*cr_periodic_fn)(void *ctx);
/* Runs on the thread once it has stopped (its resources: connections, …). */
typedef void (*cr_periodic_end_fn)(void *ctx);

struct cr_periodic;
/* Starts the thread, which runs step at once and then every period_ms (at least 1); end may be
 * NULL. ctx is borrowed until cr_periodic_stop. NULL when the thread cannot start. */
struct cr_periodic *cr_periodic_start(int period_ms, cr_periodic_fn step, cr_periodic_end_fn end,
				      void *ctx);
/* Runs the step again now (after the run in progress, if any). NULL: nothing. */
void cr_periodic_kick(struct cr_periodic *p);
/* Stops the thread after its run in progress, runs end there, joins it and frees p. NULL:
 * nothing. */
void cr_periodic_stop(struct cr_periodic *p);

#endif
