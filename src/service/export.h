/* export.h — the registers (台账) as files people take away: units, risk points, hazards and
 * vulnerable targets,
 * filtered and scoped exactly as their lists, written as XLSX or CSV row by row. */
#ifndef CR_SERVICE_EXPORT_H
#define CR_SERVICE_EXPORT_H

#include <jansson.h>
#include "store/sql.h"
#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "domain/user.h"
#include "service/hazards.h"
#include "service/risk_changes.h"
#include "service/risks.h"
#include "service/targets.h"
#include "service/units.h"

/* CHANGES: the quarter's changes (/risks/changes), its four lists as one sheet. */
/* TARGETS: the vulnerable targets register (/targets). */
enum cr_export_kind {
	CR_EXPORT_UNITS,
	CR_EXPORT_RISKS,
	CR_EXPORT_HAZARDS,
	CR_EXPORT_CHANGES,
	CR_EXPORT_TARGETS
};
enum cr_export_format { CR_EXPORT_CSV = 1, CR_EXPORT_XLSX = 2 };

/* What to export: the kind and that list's query (its after and limit are ignored: an export
 * holds the whole filtered list). Strings are borrowed until cr_export_close. */
struct cr_export_query {
	enum cr_export_kind kind;
	struct cr_unit_query units;
	struct cr_risk_query risks;
	struct cr_hazard_query hazards;
	struct cr_changes_query changes; /* its list, offset and limit are ignored */
	struct cr_target_query targets;
};

/* "csv" or "xlsx" (case as given) into *out; 400 "invalid" naming `format` otherwise. */
int cr_export_format_parse(const char *s, enum cr_export_format *out, struct cr_err *err);
/* "units" "risks" "hazards" "targets" into *out; 400 naming `what` otherwise. */
int cr_export_kind_parse(const char *s, enum cr_export_kind *out, struct cr_err *err);

struct cr_export;

/* Checks q as the list does (same 400/403), reads the labels (region, department and sector
 * names) on c, writes the audit entry (who exported what with which filters; ledgers leave
 * the building) on c, and opens the row cursor on rows_c — c itself, or a connection of its
 * own when the rows are read after the request (a streamed answer). NULL with err. The caller
 * frees it with cr_export_close, before closing rows_c. */
struct cr_export *cr_export_open(struct cr_conn *c, struct cr_conn *rows_c, const struct cr_user *u,
				 const struct cr_export_query *q, enum cr_export_format fmt,
				 struct cr_err *err);
void cr_export_close(struct cr_export *x);
/* The audit entry of an export (entity "<what>_export", id "0", action "export", after: what
 * was exported), in a transaction of its own on c. Any export of a register writes one. */
int cr_export_audit(struct cr_conn *c, const struct cr_user *u, const char *what,
		    const json_t *after, struct cr_err *err);

/* The download's name: "风险点台账-20250501.csv" (UTF-8) and an ASCII fallback
 * "risks-20250501.csv". Static for the life of x. */
const char *cr_export_filename(const struct cr_export *x);
const char *cr_export_filename_ascii(const struct cr_export *x);
/* The rows the export will hold (the list's total for the same filters): for progress. */
int cr_export_count(const struct cr_export *x, struct cr_conn *c, long long *total,
		    struct cr_err *err);

/* CSV streamed: fills buf with up to cap bytes (the BOM and header first, then whole or split
 * records) and sets *n. 0 with *n > 0 while there is more, 0 with *n == 0 at the end, -1 with
 * err on a database error. */
int cr_export_csv_read(struct cr_export *x, char *buf, size_t cap, size_t *n, struct cr_err *err);

/* Writes the whole export to path in its format (XLSX: constant memory, rows flushed to disk as
 * they come). progress, when not NULL, is called every 10,000 rows and at the end. 0, or -1
 * with err (the file is removed). */
int cr_export_write_file(struct cr_export *x, const char *path,
			 void (*progress)(void *ctx, long long rows), void *ctx,
			 struct cr_err *err);

#endif
