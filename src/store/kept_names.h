/* kept_names.h — names of reference codes (regions, sectors, departments) kept for the process
 * once read. Reading them is each table's file's job (regions.c, catalogue.c, names.c). */
#ifndef CR_STORE_KEPT_NAMES_H
#define CR_STORE_KEPT_NAMES_H

#include <pthread.h>
#include <stddef.h>

#include "core/err.h"
#include "store/sql.h"

/* One kept name. A code or name longer than these is not kept (read each time). */
struct cr_kept_name {
	char code[16];
	char name[64];
};
/* A table of names by a hash of their code (a few probes; past them a name is read again). */
struct cr_kept_names {
	struct cr_kept_name *slot;
	size_t nslots;
	pthread_rwlock_t lock;
};
/* Defines the static table var of n slots (n well above the codes it will hold). */
#define CR_KEPT_NAMES(var, n)                                                                      \
	static struct cr_kept_name var##_slots[n];                                                 \
	static struct cr_kept_names var = { var##_slots, n, PTHREAD_RWLOCK_INITIALIZER }

/* The name of code into name (size bytes): kept in k, or read with sql (one text column, one ?
 * for the code) and kept. 0 found; 1 when sql finds no row (name "", nothing kept); -1 with err
 * on a database error (name ""). */
int cr_kept_names_read(struct cr_kept_names *k, struct cr_conn *c, const char *sql,
		       const char *code, char *name, size_t size, struct cr_err *err);
/* Forgets every name in k (the table was loaded again). */
void cr_kept_names_forget(struct cr_kept_names *k);

#endif
