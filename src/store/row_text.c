/* row_text.c — values as COPY text fields and as the canonical text of a table's checksum
 * (row_text.h). It must not read or write a database: the caller hands it the values. */
#include "store/row_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "store/sql.h"

void cr_row_buf_free(struct cr_row_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->n = b->cap = 0;
}

static int reserve(struct cr_row_buf *b, size_t more)
{
	return CR_GROW(b->p, b->cap, b->n + more);
}

static int put(struct cr_row_buf *b, const void *p, size_t n)
{
	if (reserve(b, n))
		return -1;
	memcpy(b->p + b->n, p, n);
	b->n += n;
	return 0;
}

int cr_row_buf_char(struct cr_row_buf *b, char ch)
{
	return put(b, &ch, 1);
}

/* An integer or a real as the text both forms use. */
static size_t number_text(const struct cr_row_value *v, char out[32])
{
	int n = v->type == CR_SQL_INTEGER ? snprintf(out, 32, "%lld", v->i)
					  : snprintf(out, 32, "%.17g", v->r);
	return (size_t)n;
}

static int put_hex(struct cr_row_buf *b, const unsigned char *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	if (put(b, "\\\\x", 3) || reserve(b, 2 * n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		b->p[b->n++] = digits[p[i] >> 4];
		b->p[b->n++] = digits[p[i] & 15];
	}
	return 0;
}

static int put_escaped(struct cr_row_buf *b, const unsigned char *p, size_t n)
{
	/* at most two bytes for each one */
	if (reserve(b, 2 * n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		char e = p[i] == '\\'   ? '\\'
			 : p[i] == '\t' ? 't'
			 : p[i] == '\n' ? 'n'
			 : p[i] == '\r' ? 'r'
					: 0;
		if (e) {
			b->p[b->n++] = '\\';
			b->p[b->n++] = e;
		} else {
			b->p[b->n++] = (char)p[i];
		}
	}
	return 0;
}

int cr_copy_field(struct cr_row_buf *b, const struct cr_row_value *v, bool bytea)
{
	char num[32];
	switch (v->type) {
	case CR_SQL_NULL:
		return put(b, "\\N", 2);
	case CR_SQL_INTEGER:
	case CR_SQL_FLOAT:
		return put(b, num, number_text(v, num));
	default:
		if (bytea || v->type == CR_SQL_BLOB)
			return put_hex(b, v->p, v->n);
		return put_escaped(b, v->p, v->n);
	}
}

void cr_row_sum_init(struct cr_row_sum *s)
{
	crypto_hash_sha256_init(&s->st);
	s->rows = 0;
}

void cr_row_sum_value(struct cr_row_sum *s, const struct cr_row_value *v)
{
	static const char letter[] = { [CR_SQL_INTEGER] = 'I',
				       [CR_SQL_FLOAT] = 'R',
				       [CR_SQL_TEXT] = 'T',
				       [CR_SQL_BLOB] = 'B',
				       [CR_SQL_NULL] = 'N' };
	char num[32], head[40];
	const void *body = v->p;
	size_t n = v->n;
	if (v->type == CR_SQL_NULL) {
		n = 0;
	} else if (v->type == CR_SQL_INTEGER || v->type == CR_SQL_FLOAT) {
		n = number_text(v, num);
		body = num;
	}
	int h = snprintf(head, sizeof head, "%c%zu:", letter[v->type], n);
	crypto_hash_sha256_update(&s->st, (const unsigned char *)head, (unsigned long long)h);
	if (n)
		crypto_hash_sha256_update(&s->st, body, n);
}

void cr_row_sum_row_end(struct cr_row_sum *s)
{
	crypto_hash_sha256_update(&s->st, (const unsigned char *)"\n", 1);
	s->rows++;
}

void cr_row_sum_final(struct cr_row_sum *s, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(&s->st, h);
	sodium_bin2hex(hex, 65, h, sizeof h);
}
