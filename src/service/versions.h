/* versions.h — the one step after a write to a graded record (a risk point, an installation):
 * read it back as the API answers it, record its version (the changed fields and the grades)
 * and its audit entry, inside the writing transaction. No SQL here. */
#ifndef CR_SERVICE_VERSIONS_H
#define CR_SERVICE_VERSIONS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"
#include "domain/user.h"
#include "store/versions.h"

struct cr_versioned {
	enum cr_versions_of table;
	const char *entity;         /* the audit trail's entity: "risk", "installation" */
	const char *const *tracked; /* the fields a version records when they change (NULL-ended) */
	/* The record as the API answers it (new reference), or NULL with err. */
	json_t *(*read)(struct cr_conn *c, long long id, struct cr_err *err);
};

/* Reads record id back, versions it against `before` (NULL for a new record; the grades are
 * each side's "grade") and audits it with `action` as u. New reference (the record), or NULL
 * with err; the caller rolls back. */
json_t *cr_version_record(struct cr_conn *c, const struct cr_user *u, const struct cr_versioned *v,
			  long long id, const char *action, const json_t *before,
			  struct cr_err *err);

#endif
