/* audit.c — writes and reads the hash-chained audit trail. It must not decide whether a change
 * is allowed; the service layer does that before calling here. */
#include "store/audit.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/jsonx.h"
#include "store/db.h"

static void chain_hash(const char *prev, const char *at, const char *login, const char *entity,
		       const char *id, const char *action, const char *before, const char *after,
		       char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	const char *parts[] = { prev, at, login, entity, id, action, before, after };
	crypto_hash_sha256_init(&st);
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		const char *p = parts[i] ? parts[i] : "";
		crypto_hash_sha256_update(&st, (const unsigned char *)p, strlen(p) + 1);
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}

static void last_hash(struct cr_conn *c, char out[65])
{
	struct cr_stmt *s = cr_db_stmt(c, "SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
	snprintf(out, 65, "%s", cr_stmt_step(s) == CR_SQL_ROW ? cr_col_text(s, 0) : "");
	cr_stmt_reset(s);
}

int cr_audit_write(struct cr_conn *c, const struct cr_user *who, const char *entity,
		   const char *entity_id, const char *action, const json_t *before,
		   const json_t *after, struct cr_err *err)
{
	char at[32], prev[65], hash[65];
	cr_now_iso(at);
	char *memo = cr_db_bulk_audit_hash(c);
	if (memo && *memo)
		snprintf(prev, sizeof prev, "%s", memo);
	else
		last_hash(c, prev);
	char *b = before ? cr_json_dump(before) : NULL;
	char *a = after ? cr_json_dump(after) : NULL;
	const char *login = who ? who->login : "system";
	chain_hash(prev, at, login, entity, entity_id, action, b, a, hash);
	struct cr_stmt *s =
		cr_db_stmt(c, "INSERT INTO audit(at, user_id, login, entity, entity_id,"
			      " action, before, after, hash) VALUES (?,?,?,?,?,?,?,?,?)");
	cr_stmt_bind_text(s, 1, at, -1, CR_SQL_STATIC);
	if (who && who->id)
		cr_stmt_bind_int64(s, 2, who->id);
	cr_stmt_bind_text(s, 3, login, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 4, entity, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 5, entity_id, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 6, action, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 7, b, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 8, a, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 9, hash, -1, CR_SQL_STATIC);
	int rc = cr_db_run(c, s, err);
	if (!rc && memo)
		snprintf(memo, 65, "%s", hash);
	free(b);
	free(a);
	return rc;
}

static json_t *parse_or_null(const char *text)
{
	if (!text || !*text)
		return json_null();
	json_t *v = json_loads(text, 0, NULL);
	return v ? v : json_string(text);
}

json_t *cr_audit_history(struct cr_conn *c, const char *entity, const char *entity_id,
			 struct cr_err *err)
{
	/* A unit made by a bulk import is covered by the import's one entry (entity unit_import,
	 * after.first_id..after.last_id). */
	struct cr_stmt *s = cr_db_stmt(
		c, "SELECT id, at, user_id, login, action, before, after, hash,"
		   " entity, entity_id FROM audit WHERE (entity=?1 AND entity_id=?2) OR (?1='unit'"
		   " AND entity='unit_import' AND cast(?2 AS integer) BETWEEN"
		   " cast(json_extract(after,'$.first_id') AS integer) AND"
		   " cast(json_extract(after,'$.last_id') AS integer))"
		   " ORDER BY id");
	cr_stmt_bind_text(s, 1, entity, -1, CR_SQL_STATIC);
	cr_stmt_bind_text(s, 2, entity_id, -1, CR_SQL_STATIC);
	json_t *items = json_array();
	int rc;
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		json_array_append_new(
			items,
			json_pack("{sI ss so ss ss ss ss so so ss}", "id",
				  cr_stmt_column_int64(s, 0), "at", cr_col_text(s, 1), "user",
				  cr_stmt_column_type(s, 2) == CR_SQL_NULL
					  ? json_null()
					  : json_integer(cr_stmt_column_int64(s, 2)),
				  "login", cr_col_text(s, 3), "entity", cr_col_text(s, 8),
				  "entity_id", cr_col_text(s, 9), "action", cr_col_text(s, 4),
				  "before", parse_or_null((const char *)cr_stmt_column_text(s, 5)),
				  "after", parse_or_null((const char *)cr_stmt_column_text(s, 6)),
				  "hash", cr_col_text(s, 7)));
	}
	cr_stmt_reset(s);
	if (rc != CR_SQL_DONE) {
		json_decref(items);
		cr_db_fail(c, err);
		return NULL;
	}
	return json_pack("{so}", "items", items);
}

long long cr_audit_verify(struct cr_conn *c, long long *entries, struct cr_err *err)
{
	struct cr_stmt *s = cr_db_prepare(c,
					  "SELECT id, at, login, entity, entity_id, action, before,"
					  " after, hash FROM audit ORDER BY id",
					  err);
	if (!s)
		return -1;
	/* A province's chain is gigabytes of before/after texts: on PostgreSQL a cursor hands them
	 * over a batch at a time, so checking it from the server holds no more than a batch. */
	cr_stmt_stream(s);
	char prev[65] = "", hash[65];
	long long broken = 0, n = 0;
	int rc;
	/* Past the first broken entry the rest are only counted: their hashes chain to it. */
	while ((rc = cr_stmt_step(s)) == CR_SQL_ROW) {
		n++;
		if (broken)
			continue;
		chain_hash(prev, cr_col_text(s, 1), cr_col_text(s, 2), cr_col_text(s, 3),
			   cr_col_text(s, 4), cr_col_text(s, 5),
			   (const char *)cr_stmt_column_text(s, 6),
			   (const char *)cr_stmt_column_text(s, 7), hash);
		if (strcmp(hash, cr_col_text(s, 8)) != 0)
			broken = cr_stmt_column_int64(s, 0);
		snprintf(prev, sizeof prev, "%s", hash);
	}
	/* A read that stopped on an error must not pass for an intact chain. */
	if (cr_db_loop_end(c, s, true, rc, err))
		return -1;
	if (entries)
		*entries = n;
	return broken;
}

json_t *cr_audit_commit(struct cr_conn *c, const struct cr_user *who, const char *entity,
			long long id, const char *action, const json_t *before, json_t *after,
			struct cr_err *err)
{
	char idt[24];
	snprintf(idt, sizeof idt, "%lld", id);
	if (!after)
		goto fail;
	if (cr_audit_write(c, who, entity, idt, action, before, after, err))
		goto fail;
	if (cr_db_commit(c, err))
		goto fail;
	return after;
fail:
	cr_db_rollback(c);
	json_decref(after);
	return NULL;
}
