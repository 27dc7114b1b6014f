/* versions.h — the version tables of graded records (risk_versions, installation_versions): one
 * row per change, with the grade before and after and the changed fields. No rules here. */
#ifndef CR_STORE_VERSIONS_H
#define CR_STORE_VERSIONS_H

#include <jansson.h>
#include "store/sql.h"

#include "core/err.h"

enum cr_versions_of { CR_VERSIONS_RISK, CR_VERSIONS_INSTALLATION };

/* Records version `version` of record id: who, what action, the grades before and after (0:
 * none, stored as NULL) and diff ({field: [old, new]}, NULL: {}). */
int cr_store_version_add(struct cr_conn *c, enum cr_versions_of of, long long id, long long version,
			 const char *login, const char *action, int old_grade, int new_grade,
			 const json_t *diff, struct cr_err *err);

#endif
