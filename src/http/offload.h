/* offload.h — a few worker threads for slow answers (offload.c says why). */
#ifndef CR_HTTP_OFFLOAD_H
#define CR_HTTP_OFFLOAD_H

/* Slow answers made at once; more wait in a queue of at most CR_OFFLOAD_QUEUE (their clients
 * wait, nobody else does). Two reports and two workbooks run side by side. */
#define CR_OFFLOAD_WORKERS 4u
#define CR_OFFLOAD_QUEUE 64u

/* Starts the workers: 0, or -1 when a thread cannot be made (none are left running). */
int cr_offload_start(void);
/* Queues fn(arg) for a worker: 0, or -1 when the queue is full or stopping (fn is not called). */
int cr_offload_submit(void (*fn)(void *), void *arg);
/* Refuses new tasks, lets the workers finish every queued one, and joins them. */
void cr_offload_stop(void);
/* Tasks being run and waiting now (for /metrics). */
void cr_offload_load(unsigned *running, unsigned *queued);

#endif
