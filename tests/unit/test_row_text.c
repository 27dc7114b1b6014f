/* test_row_text.c — the COPY text fields and the canonical checksum `cityrisk migrate` compares
 * SQLite and PostgreSQL by: each kind of value rendered, escapes, and digests checked against
 * ones computed separately (Python's hashlib over the text docs/OPERATIONS.md describes). */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "store/row_text.h"
#include "store/sql.h"

static const struct cr_row_value null_v = { .type = CR_SQL_NULL };

static struct cr_row_value int_v(long long i)
{
	return (struct cr_row_value){ .type = CR_SQL_INTEGER, .i = i };
}

static struct cr_row_value real_v(double r)
{
	return (struct cr_row_value){ .type = CR_SQL_FLOAT, .r = r };
}

static struct cr_row_value bytes_v(int type, const void *p, size_t n)
{
	return (struct cr_row_value){ .type = type, .p = p, .n = n };
}

/* The COPY field of v, as a C string (static). */
static const char *field(struct cr_row_value v, bool bytea)
{
	static char out[256];
	struct cr_row_buf b = { 0 };
	OK(cr_copy_field(&b, &v, bytea) == 0);
	snprintf(out, sizeof out, "%.*s", (int)b.n, b.p ? b.p : "");
	cr_row_buf_free(&b);
	return out;
}

TEST(copy_field_numbers_and_null)
{
	STR_EQ(field(null_v, false), "\\N");
	STR_EQ(field(int_v(-42), false), "-42");
	STR_EQ(field(int_v(9007199254740993LL), false), "9007199254740993");
	/* 17 significant digits: PostgreSQL reads back the very same double */
	STR_EQ(field(real_v(0.1), false), "0.10000000000000001");
	STR_EQ(field(real_v(120.955), false), "120.955");
	STR_EQ(field(real_v(3), false), "3");
	STR_EQ(field(real_v(-1.5e-7), false), "-1.4999999999999999e-07");
}

TEST(copy_field_text_escapes)
{
	const char *t = "a\tb\nc\\d\re 危险";
	STR_EQ(field(bytes_v(CR_SQL_TEXT, t, strlen(t)), false), "a\\tb\\nc\\\\d\\re 危险");
	/* only the bytes given, not up to a NUL */
	STR_EQ(field(bytes_v(CR_SQL_TEXT, "abcdef", 3), false), "abc");
	STR_EQ(field(bytes_v(CR_SQL_TEXT, "", 0), false), "");
}

TEST(copy_field_blobs_as_bytea_hex)
{
	const unsigned char blob[] = { 0x00, 0xff, 0x0a, 0x5c };
	/* \\x…: COPY turns the doubled backslash into one, bytea reads \x… as hex */
	STR_EQ(field(bytes_v(CR_SQL_BLOB, blob, sizeof blob), false), "\\\\x00ff0a5c");
	STR_EQ(field(bytes_v(CR_SQL_BLOB, NULL, 0), false), "\\\\x");
	/* text stored in a bytea column goes as its bytes */
	STR_EQ(field(bytes_v(CR_SQL_TEXT, "AB", 2), true), "\\\\x4142");
}

TEST(row_buf_grows_past_its_first_block)
{
	struct cr_row_buf b = { 0 };
	char big[10000];
	memset(big, 'x', sizeof big);
	struct cr_row_value v = bytes_v(CR_SQL_TEXT, big, sizeof big);
	OK(cr_copy_field(&b, &v, false) == 0);
	OK(cr_row_buf_char(&b, '\n') == 0);
	INT_EQ(b.n, sizeof big + 1);
	OK(b.p[0] == 'x' && b.p[b.n - 1] == '\n');
	cr_row_buf_free(&b);
	OK(b.p == NULL && b.n == 0);
}

static void sum_of(const struct cr_row_value *vals, const int *row_len, int rows, char hex[65])
{
	struct cr_row_sum s;
	cr_row_sum_init(&s);
	for (int r = 0, k = 0; r < rows; r++) {
		for (int i = 0; i < row_len[r]; i++)
			cr_row_sum_value(&s, &vals[k++]);
		cr_row_sum_row_end(&s);
	}
	INT_EQ(s.rows, rows);
	cr_row_sum_final(&s, hex);
}

TEST(checksum_of_rows_matches_an_independent_digest)
{
	/* "I1:1T2:abN0:R3:0.5\n" "B2:\x00\xffI2:-3\n" */
	const unsigned char blob[] = { 0x00, 0xff };
	const struct cr_row_value vals[] = {
		int_v(1),    bytes_v(CR_SQL_TEXT, "ab", 2), null_v,
		real_v(0.5), bytes_v(CR_SQL_BLOB, blob, 2), int_v(-3),
	};
	const int len[] = { 4, 2 };
	char hex[65];
	sum_of(vals, len, 2, hex);
	STR_EQ(hex, "3774b92a8aa5ae18c9c45b63d17d134f1503ffc3803e3000fdb80f00468bc4bc");
	/* "R19:0.10000000000000001\n" "R1:3\n": reals as %.17g */
	const struct cr_row_value reals[] = { real_v(0.1), real_v(3.0) };
	const int one[] = { 1, 1 };
	sum_of(reals, one, 2, hex);
	STR_EQ(hex, "d72dfe745683d674a82364887969c1bc8388442e1c28b61e9b81b5a353c4ff9a");
	/* no rows: SHA-256 of nothing */
	sum_of(NULL, NULL, 0, hex);
	STR_EQ(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(checksum_tells_apart_what_text_alone_would_not)
{
	/* the integer 1, the real 1 and the text "1"; a NULL and an empty text; a value split
	 * differently between two columns */
	char a[65], b[65];
	const int one[] = { 1 }, two[] = { 2 };
	struct cr_row_value x[] = { int_v(1) }, y[] = { real_v(1) },
			    z[] = { bytes_v(CR_SQL_TEXT, "1", 1) };
	sum_of(x, one, 1, a);
	sum_of(y, one, 1, b);
	OK(strcmp(a, b) != 0);
	sum_of(z, one, 1, b);
	OK(strcmp(a, b) != 0);
	struct cr_row_value n[] = { null_v }, e[] = { bytes_v(CR_SQL_TEXT, "", 0) };
	sum_of(n, one, 1, a);
	sum_of(e, one, 1, b);
	OK(strcmp(a, b) != 0);
	struct cr_row_value p[] = { bytes_v(CR_SQL_TEXT, "ab", 2), bytes_v(CR_SQL_TEXT, "c", 1) },
			    q[] = { bytes_v(CR_SQL_TEXT, "a", 1), bytes_v(CR_SQL_TEXT, "bc", 2) };
	sum_of(p, two, 1, a);
	sum_of(q, two, 1, b);
	OK(strcmp(a, b) != 0);
}
