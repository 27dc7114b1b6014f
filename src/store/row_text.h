/* row_text.h — a row's values as text, two ways and with no database in sight: PostgreSQL's COPY
 * text format, for bulk loads, and the canonical form a table's checksum is taken over, so a copy
 * can be compared with its source whichever database holds each (docs/OPERATIONS.md "Moving a
 * city to PostgreSQL"). Pure: the caller reads the values and owns every buffer. */
#ifndef CR_ROW_TEXT_H
#define CR_ROW_TEXT_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

/* One value. type is CR_SQL_NULL, _INTEGER, _FLOAT, _TEXT or _BLOB (store/sql.h); i holds an
 * integer, r a real, p and n the bytes of a text or a blob (p need not end with a NUL). */
struct cr_row_value {
	int type;
	long long i;
	double r;
	const void *p;
	size_t n;
};

/* A growing text (malloc'd, freed by cr_row_buf_free); n bytes used, not NUL-terminated. */
struct cr_row_buf {
	char *p;
	size_t n, cap;
};
void cr_row_buf_free(struct cr_row_buf *b);
/* Appends one character (the tab between two fields, the newline after a row). 0, or -1 when
 * memory ran out. */
int cr_row_buf_char(struct cr_row_buf *b, char ch);

/* Appends v as one field of COPY's text format: \N for NULL, an integer in decimal, a real with
 * 17 significant digits (%.17g, which reads back as the same double), text with backslash, tab,
 * newline and carriage return escaped (\\ \t \n \r), a blob as bytea's hex form (\\x0aff…).
 * bytea: the column is bytea, so a text value goes as the hex of its bytes too. 0, or -1 when
 * memory ran out. */
int cr_copy_field(struct cr_row_buf *b, const struct cr_row_value *v, bool bytea);

/* A table's checksum: SHA-256 over its rows in the order given (primary-key order), each value
 * written as one letter for its type (N null, I integer, R real, T text, B blob), the length of
 * its text in decimal, a colon and the text itself — an integer in decimal, a real as %.17g,
 * text and blobs as their bytes, nothing for null — and each row ended by a newline. So
 * (1, 'ab', NULL, 0.5) is "I1:1T2:abN0:R3:0.5\n". */
struct cr_row_sum {
	crypto_hash_sha256_state st;
	long long rows;
};
void cr_row_sum_init(struct cr_row_sum *s);
void cr_row_sum_value(struct cr_row_sum *s, const struct cr_row_value *v);
void cr_row_sum_row_end(struct cr_row_sum *s);
/* The checksum in lower-case hex. */
void cr_row_sum_final(struct cr_row_sum *s, char hex[65]);

#endif
