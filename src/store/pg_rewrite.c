/* pg_rewrite.c — SQL written for SQLite rewritten for PostgreSQL (store/sql_impl.h): the
 * placeholders, INSERT OR IGNORE, INDEXED BY, IS [NOT] and LIKE. Pure text; it must not parse
 * more than those need. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "store/sql_impl.h"

bool cr_pg_starts_word(const char *p, const char *w)
{
	size_t n = strlen(w);
	return strncasecmp(p, w, n) == 0 && !isalnum((unsigned char)p[n]) && p[n] != '_';
}

struct text {
	char *o;
	size_t j, cap;
};

static void emit(struct text *t, const char *s)
{
	size_t n = strlen(s);
	if (t->j + n < t->cap) {
		memcpy(t->o + t->j, s, n + 1);
		t->j += n;
	}
}

static bool word_at(const char *in, const char *p, const char *w)
{
	return (p == in || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
	       cr_pg_starts_word(p, w);
}

/* SQLite's text to PostgreSQL's: "?" and "?N" become "$N" (a bare ? takes one more than the
 * largest number so far, as in SQLite); "INSERT OR IGNORE" becomes an INSERT that does nothing
 * on a conflict; "INDEXED BY name" goes; "IS [NOT] x" becomes "IS [NOT] DISTINCT FROM x"; LIKE
 * becomes ILIKE. String literals and quoted names pass unchanged. */
int cr_pg_rewrite(const char *in, char **out)
{
	size_t n = strlen(in);
	/* the longest growth: "IS x" gains 18 characters, "?" 2 */
	struct text t = { .cap = n * 6 + 64 };
	if (!(t.o = malloc(t.cap)))
		return -1;
	int max = 0;
	bool ignore = false;
	const char *p = in + strspn(in, " \n\t");
	if (cr_pg_starts_word(p, "INSERT")) {
		const char *q = p + 6 + strspn(p + 6, " ");
		if (cr_pg_starts_word(q, "OR")) {
			q += 2 + strspn(q + 2, " ");
			if (cr_pg_starts_word(q, "IGNORE")) {
				ignore = true;
				emit(&t, "INSERT");
				p = q + 6;
			}
		}
	}
	for (; *p && t.j + 24 < t.cap; p++) {
		if (*p == '\'' || *p == '"') {
			char qch = *p;
			t.o[t.j++] = *p++;
			while (*p && *p != qch && t.j + 2 < t.cap)
				t.o[t.j++] = *p++;
			if (!*p)
				break;
			t.o[t.j++] = *p;
			continue;
		}
		/* SQLite's index hints: PostgreSQL's planner chooses for itself */
		if (word_at(in, p, "INDEXED")) {
			const char *q = p + 7 + strspn(p + 7, " ");
			if (cr_pg_starts_word(q, "BY")) {
				q += 2 + strspn(q + 2, " ");
				while (isalnum((unsigned char)*q) || *q == '_')
					q++;
				p = q + strspn(q, " ") - 1;
				continue;
			}
		}
		/* SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's ILIKE does */
		if (word_at(in, p, "LIKE")) {
			emit(&t, "ILIKE");
			p += 3;
			continue;
		}
		/* SQLite's "a IS b" / "a IS NOT b" for any b; PostgreSQL says DISTINCT FROM */
		if (word_at(in, p, "IS")) {
			const char *q = p + 2 + strspn(p + 2, " ");
			bool neg = cr_pg_starts_word(q, "NOT");
			const char *r = neg ? q + 3 + strspn(q + 3, " ") : q;
			if (!cr_pg_starts_word(r, "NULL") && !cr_pg_starts_word(r, "TRUE") &&
			    !cr_pg_starts_word(r, "FALSE") && !cr_pg_starts_word(r, "DISTINCT")) {
				emit(&t, neg ? "IS DISTINCT FROM " : "IS NOT DISTINCT FROM ");
				p = r - 1;
				continue;
			}
		}
		if (*p == '?') {
			int num = max + 1;
			if (isdigit((unsigned char)p[1])) {
				char *end;
				num = (int)strtol(p + 1, &end, 10);
				p = end - 1;
			}
			if (num > CR_PG_MAX_PARAMS) {
				free(t.o);
				return -1;
			}
			if (num > max)
				max = num;
			char ph[16];
			snprintf(ph, sizeof ph, "$%d", num);
			emit(&t, ph);
			continue;
		}
		t.o[t.j++] = *p;
	}
	t.o[t.j] = 0;
	if (ignore) {
		while (t.j && (t.o[t.j - 1] == ' ' || t.o[t.j - 1] == ';'))
			t.o[--t.j] = 0;
		emit(&t, " ON CONFLICT DO NOTHING");
	}
	*out = t.o;
	return max;
}
