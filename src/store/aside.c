/* aside.c — secondary indexes and foreign keys set aside for a bulk load and made again after it
 * (store/aside.h), read from each database's own catalogue so a migration's new index is set
 * aside with the rest. It must not drop what it cannot make again. */
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "store/aside.h"
#include "store/db.h"

/* Rows: the statement that drops, the one that makes again, the table. Indexes before keys. */
static const char pg_sql[] =
	"SELECT format('DROP INDEX %I', c.relname), pg_get_indexdef(i.indexrelid), t.relname, 1"
	" FROM pg_index i JOIN pg_class c ON c.oid=i.indexrelid JOIN pg_class t ON"
	" t.oid=i.indrelid WHERE c.relnamespace=CAST('public' AS regnamespace) AND NOT"
	" i.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE"
	" k.conindid=i.indexrelid)"
	" UNION ALL SELECT format('ALTER TABLE %I DROP CONSTRAINT %I', t.relname, k.conname),"
	" format('ALTER TABLE %I ADD CONSTRAINT %I %s', t.relname, k.conname,"
	" pg_get_constraintdef(k.oid)), t.relname, 2 FROM pg_constraint k JOIN pg_class t ON"
	" t.oid=k.conrelid WHERE k.contype='f' AND k.connamespace=CAST('public' AS regnamespace)"
	" ORDER BY 4, 1";
/* SQLite's own indexes (a unique constraint's) have no SQL and stay. */
static const char lite_sql[] = "SELECT 'DROP INDEX ' || name, sql, tbl_name, 1 FROM sqlite_master"
			       " WHERE type='index' AND sql IS NOT NULL ORDER BY 1";

static bool named(const char *const *tables, const char *t)
{
	if (!tables)
		return true;
	for (; *tables; tables++)
		if (!strcmp(*tables, t))
			return true;
	return false;
}

static int set_aside(struct cr_conn *c, const char *const *tables, bool keys_only,
		     struct cr_aside *a, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c, cr_conn_is_pg(c) ? pg_sql : lite_sql, err);
	if (!s)
		return -1;
	/* read whole first: a DROP between two steps would change what is being read */
	char **drop = NULL;
	size_t n = 0, cap = 0, have = a->n, remake_cap = a->n;
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		if (!named(tables, cr_col_text(s, 2)) ||
		    (keys_only && cr_stmt_column_int(s, 3) != 2))
			continue;
		if (CR_GROW(drop, cap, n + 1) || CR_GROW(a->remake, remake_cap, have + n + 1))
			goto oom;
		if (!(drop[n] = strdup(cr_col_text(s, 0))))
			goto oom;
		if (!(a->remake[have + n] = strdup(cr_col_text(s, 1)))) {
			free(drop[n]);
			goto oom;
		}
		n++;
	}
	if (cr_db_done(c, rc, err))
		goto fail;
	cr_stmt_finalize(s);
	s = NULL;
	rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (!rc && cr_db_exec(c, drop[i], err))
			rc = -1;
		if (!rc)
			a->n++;
		else
			free(a->remake[have + i]);
		free(drop[i]);
	}
	free(drop);
	return rc;
oom:
	cr_err_set(err, 500, "oom", "", "out of memory");
fail:
	cr_stmt_finalize(s);
	for (size_t i = 0; i < n; i++) {
		free(drop[i]);
		free(a->remake[have + i]);
	}
	free(drop);
	return -1;
}

int cr_aside_set(struct cr_conn *c, const char *const *tables, struct cr_aside *a,
		 struct cr_err *err)
{
	return set_aside(c, tables, false, a, err);
}

int cr_aside_set_keys(struct cr_conn *c, const char *const *tables, struct cr_aside *a,
		      struct cr_err *err)
{
	return set_aside(c, tables, true, a, err);
}

/* PostgreSQL sorts a table to build each index in maintenance_work_mem, 64 MB by default: a
 * province's five million risk points then spill to temporary files and merge. The builds get
 * 512 MB for this transaction only (set_config's true), never less than the server is set to. */
#define SORT_MEMORY_KB "524288"

int cr_aside_remake(struct cr_conn *c, struct cr_aside *a, struct cr_err *err)
{
	int rc = 0;
	if (a->n && cr_conn_is_pg(c) &&
	    cr_db_exec(c,
		       "SELECT set_config('maintenance_work_mem', "
		       "greatest(setting::bigint, " SORT_MEMORY_KB
		       ")::text || 'kB', true) FROM pg_settings WHERE name='maintenance_work_mem'",
		       err))
		rc = -1;
	for (size_t i = 0; i < a->n && !rc; i++)
		if (cr_db_exec(c, a->remake[i], err))
			rc = -1;
	cr_aside_free(a);
	return rc;
}

void cr_aside_free(struct cr_aside *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->remake[i]);
	free(a->remake);
	a->remake = NULL;
	a->n = 0;
}
