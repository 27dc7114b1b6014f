/* relay.h — a producer and one thread of its own passing a ring of n slots round in order: the
 * producer fills slot cr_relay_slot() and passes it; the thread consumes the slots in the order
 * passed. At most n slots are in hand: the producer waits for the thread when it is behind.
 * Used to overlap the XLSX rows with the library's XML printing (io/table_write.c) and that
 * XML with its writes to disk (io/async_file.c). */
#ifndef CR_RELAY_H
#define CR_RELAY_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

struct cr_relay {
	size_t n;
	void (*consume)(void *ctx, size_t slot);
	void *ctx;
	size_t passed, done; /* under mu */
	bool started, stop;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, space;
};

void cr_relay_init(struct cr_relay *r, size_t n, void (*consume)(void *ctx, size_t slot),
		   void *ctx);
/* Starts the thread: 0, or -1 when it cannot (then the producer consumes its slots itself). */
int cr_relay_start(struct cr_relay *r);
/* The slot to fill. */
size_t cr_relay_slot(const struct cr_relay *r);
/* Passes the slot filled to the thread (or consumes it here when no thread runs) and waits
 * until the next one is free. */
void cr_relay_pass(struct cr_relay *r);
/* Waits until every slot passed is consumed. */
void cr_relay_wait(struct cr_relay *r);
/* Waits, ends the thread and frees what init took (r may be reused after init again). */
void cr_relay_end(struct cr_relay *r);

#endif
