/* demo.h — the Suzhou demo city generator: units, risk points, hidden hazards and demo accounts,
 * deterministic for a seed. It writes only through the service and store functions. */
#ifndef CR_DEMO_H
#define CR_DEMO_H

#include <sqlite3.h>

#include "core/err.h"
#include "store/db.h"

/* Loads the demo city into an open database (used by `demo` and `serve --demo`). Prints what
 * went wrong on stderr; 0 or -1. */
int cr_demo_load(struct cr_db *db, double scale, unsigned long seed);

/* Risk points for every active unit, from the industry catalogue (demo_risks.c). */
int cr_demo_risks(sqlite3 *c, unsigned long long seed, struct cr_err *err);
/* Hidden hazards in every state, some overdue, majors on risk points (demo_hazards.c). */
int cr_demo_hazards(sqlite3 *c, double scale, unsigned long long seed, struct cr_err *err);

/* Units' risk lists in every state of the review chain, at a pace that differs by district, and
 * on-site verifications of published ones (demo_reviews.c). */
int cr_demo_reviews(sqlite3 *c, unsigned long long seed, struct cr_err *err);

/* Vulnerable targets in every district, inside the outlines (demo_targets.c). */
int cr_demo_targets(sqlite3 *c, double scale, unsigned long long seed, struct cr_err *err);

/* A progress bar on stderr when it is a terminal; silent otherwise (progress.c). */
void cr_progress(const char *what, long long done, long long total);

#endif
