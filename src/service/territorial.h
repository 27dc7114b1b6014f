/* territorial.h — the use cases every territorial register with versions shares (vulnerable
 * targets, emergency resources): read within scope, create, change and archive, each write
 * checked, authorised and audited in one transaction. The register says its own rules through
 * the hooks of struct cr_territorial; the steps and their order are here once. No SQL. */
#ifndef CR_SERVICE_TERRITORIAL_H
#define CR_SERVICE_TERRITORIAL_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>

#include "core/err.h"
#include "domain/geo.h"
#include "domain/user.h"

struct cr_territorial {
	const char *entity;          /* the audit trail's entity and the messages' noun: "target" */
	const char *scope_rule;      /* the rule a refused read names: "target_scope" */
	const char *change_rule;     /* the rule a refused change or archive names */
	const char *const *writable; /* a new record's fields (NULL-ended) */
	const char *const *patchable; /* a change's fields (NULL-ended), "version" among them */
	/* The stored record (new reference), or NULL with err (404). */
	json_t *(*get)(struct cr_conn *c, long long id, struct cr_err *err);
	int (*set_status)(struct cr_conn *c, long long id, const char *status, struct cr_err *err);
	bool (*readable)(const struct cr_user *u, const json_t *rec);
	bool (*changeable)(const struct cr_user *u, const json_t *rec);
	/* Takes from the merged record what the change in body voids (a new kind's defaults…);
	 * NULL: nothing. */
	void (*merge)(json_t *merged, const json_t *body);
	/* Checks a whole record (rec, coordinates in sys), that u may write it, and writes it: an
	 * insert when *id is 0 (*id set), else an update of *id at version expect (0: any).
	 * 0 or -1 with err. */
	int (*write)(struct cr_conn *c, const struct cr_user *u, const json_t *rec,
		     enum cr_coords sys, long long *id, long long expect, struct cr_err *err);
};

/* Each returns the record as written or read (new reference), or NULL with err; a failed write
 * leaves nothing behind. */
json_t *cr_territorial_create(struct cr_conn *c, const struct cr_user *u,
			      const struct cr_territorial *t, const json_t *body,
			      struct cr_err *err);
json_t *cr_territorial_read(struct cr_conn *c, const struct cr_user *u,
			    const struct cr_territorial *t, long long id, struct cr_err *err);
json_t *cr_territorial_patch(struct cr_conn *c, const struct cr_user *u,
			     const struct cr_territorial *t, long long id, const json_t *body,
			     struct cr_err *err);
json_t *cr_territorial_archive(struct cr_conn *c, const struct cr_user *u,
			       const struct cr_territorial *t, long long id, struct cr_err *err);

/* A record's position: "lon" and "lat" (both or neither, cr_input_lonlat) in the coordinate
 * system sys, converted to WGS84 and inside the outline of region (else 400 "outside_region"
 * naming lon). need: the 400 "required" message when the record must have a position (NULL: it
 * may have none). 0 with *has set, or -1 with err. Units, targets and resources share it. */
int cr_territorial_place(struct cr_conn *c, const json_t *in, enum cr_coords sys,
			 const char *region, const char *need, double *lon, double *lat, bool *has,
			 struct cr_err *err);

/* 403 "forbidden" on field with params rule (and id when not 0). Returns -1. */
int cr_territorial_refuse(struct cr_err *err, const char *field, const char *rule, long long id,
			  const char *what);

#endif
