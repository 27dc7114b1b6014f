/* kept_names.c — names of reference codes kept for the process once read. Reference data is
 * written only by init before servers start (store/query_cache.h), and refdata.c forgets the
 * names when it loads it again; this file reads with the SQL it is given and writes nothing. */
#include "store/kept_names.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"

#define PROBES 8

static size_t slot_of(const struct cr_kept_names *k, const char *code)
{
	size_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)code; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h % k->nslots;
}

/* The kept name of code into name: true when there is one. */
static bool kept_name(struct cr_kept_names *k, const char *code, char *name, size_t size)
{
	bool found = false;
	pthread_rwlock_rdlock(&k->lock);
	for (size_t i = 0, at = slot_of(k, code); i < PROBES && !found && k->slot[at].code[0];
	     i++, at = (at + 1) % k->nslots)
		if (strcmp(k->slot[at].code, code) == 0) {
			snprintf(name, size, "%s", k->slot[at].name);
			found = true;
		}
	pthread_rwlock_unlock(&k->lock);
	return found;
}

static void keep_name(struct cr_kept_names *k, const char *code, const char *name)
{
	if (!code[0] || strlen(code) >= sizeof k->slot[0].code ||
	    strlen(name) >= sizeof k->slot[0].name)
		return;
	pthread_rwlock_wrlock(&k->lock);
	for (size_t i = 0, at = slot_of(k, code); i < PROBES; i++, at = (at + 1) % k->nslots)
		if (!k->slot[at].code[0] || strcmp(k->slot[at].code, code) == 0) {
			snprintf(k->slot[at].code, sizeof k->slot[at].code, "%s", code);
			snprintf(k->slot[at].name, sizeof k->slot[at].name, "%s", name);
			break;
		}
	pthread_rwlock_unlock(&k->lock);
}

void cr_kept_names_forget(struct cr_kept_names *k)
{
	pthread_rwlock_wrlock(&k->lock);
	memset(k->slot, 0, k->nslots * sizeof k->slot[0]);
	pthread_rwlock_unlock(&k->lock);
}

int cr_kept_names_read(struct cr_kept_names *k, struct cr_conn *c, const char *sql,
		       const char *code, char *name, size_t size, struct cr_err *err)
{
	if (kept_name(k, code, name, size))
		return 0;
	struct cr_stmt *s = cr_db_stmt(c, sql);
	cr_stmt_bind_text(s, 1, code, -1, CR_SQL_STATIC);
	int rc = cr_stmt_step(s), out = 0;
	if (rc == CR_SQL_ROW) {
		snprintf(name, size, "%s", cr_col_text(s, 0));
		keep_name(k, code, cr_col_text(s, 0));
	} else if (rc == CR_SQL_DONE) {
		out = 1;
	} else
		out = cr_db_fail(c, err);
	if (out && size)
		name[0] = 0;
	cr_stmt_reset(s);
	return out;
}
