/* credit_code.c — GB 32100-2015 unified social credit code: structure and check character.
 * Must stay pure (no I/O, no allocation) and must not reject a code the standard allows. */
#include "domain/credit_code.h"

#include <ctype.h>
#include <string.h>

#include "core/err.h"

/* GB 32100-2015 §4.2 (Table 2): the 31 code characters and their values 0–30. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 32100-2015 §5 and Appendix B: weights W_i = 3^(i−1) mod 31 for positions 1–17. */
static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

/* Registration authorities: GB 32100-2015 Table 1 (1 机构编制, 5 民政, 9 工商, Y 其他) and the
 * codes assigned since by the national code centre (2 外交, 3 司法行政, 4 文化, 6 旅游, 7 宗教,
 * 8 工会, A 中央军委改革和编制办公室, N 农业). */
static const char authorities[] = "123456789ANY";

static int char_value(char c)
{
	const char *p = c ? strchr(alphabet, c) : NULL;
	return p ? (int)(p - alphabet) : -1;
}

char cr_credit_code_check_char(const char first17[17])
{
	int sum = 0;
	for (int i = 0; i < 17; i++) {
		int v = char_value(first17[i]);
		if (v < 0)
			return '\0';
		sum += v * weights[i];
	}
	/* C18 = 31 − (Σ C_i·W_i mod 31); a result of 31 is written as 0. */
	return alphabet[(31 - sum % 31) % 31];
}

void cr_credit_code_normalize(char *s)
{
	size_t n, start = 0;
	if (!s)
		return;
	n = strlen(s);
	while (start < n && isspace((unsigned char)s[start]))
		start++;
	while (n > start && isspace((unsigned char)s[n - 1]))
		n--;
	memmove(s, s + start, n - start);
	s[n - start] = '\0';
	for (char *p = s; *p; p++)
		*p = (char)toupper((unsigned char)*p);
}

int cr_credit_code_validate(const char *s, struct cr_err *err)
{
	const char *f = "credit_code";
	size_t n;
	char check;
	if (!s || !*s)
		return cr_err_set(err, 400, "invalid", f, "credit code is required"),
		       cr_err_param(err, "rule", "empty");
	n = strlen(s);
	if (n != CR_CREDIT_CODE_LEN)
		return cr_err_set(err, 400, "invalid", f,
				  "credit code must be 18 characters, got %zu", n),
		       cr_err_param(err, "rule", "cc_length"), cr_err_param(err, "got", "%zu", n);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c))
			return cr_err_set(err, 400, "invalid", f,
					  "character %zu ('%c') must be upper case", i + 1, c),
			       cr_err_param(err, "rule", "cc_lower"),
			       cr_err_param(err, "pos", "%zu", i + 1),
			       cr_err_param(err, "char", "%c", c);
		if (char_value((char)c) < 0) {
			if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
				return cr_err_set(
					       err, 400, "invalid", f,
					       "character %zu ('%c') is not used in credit codes "
					       "(I, O, Z, S and V are excluded)",
					       i + 1, c),
				       cr_err_param(err, "rule", "cc_excluded"),
				       cr_err_param(err, "pos", "%zu", i + 1),
				       cr_err_param(err, "char", "%c", c);
			if (isprint(c))
				return cr_err_set(err, 400, "invalid", f,
						  "character %zu ('%c') is not a digit or letter",
						  i + 1, c),
				       cr_err_param(err, "rule", "cc_char"),
				       cr_err_param(err, "pos", "%zu", i + 1),
				       cr_err_param(err, "char", "%c", c);
			return cr_err_set(err, 400, "invalid", f,
					  "character %zu (byte 0x%02x) is not a digit or letter",
					  i + 1, c),
			       cr_err_param(err, "rule", "cc_char"),
			       cr_err_param(err, "pos", "%zu", i + 1),
			       cr_err_param(err, "char", "0x%02x", c);
		}
	}
	if (!strchr(authorities, s[0]))
		return cr_err_set(err, 400, "invalid", f,
				  "registration authority '%c' (character 1) is not assigned",
				  s[0]),
		       cr_err_param(err, "rule", "cc_authority"),
		       cr_err_param(err, "char", "%c", s[0]);
	if (s[1] < '1' || s[1] > '9')
		return cr_err_set(err, 400, "invalid", f,
				  "organisation type (character 2) must be a digit 1-9, got '%c'",
				  s[1]),
		       cr_err_param(err, "rule", "cc_org_type"),
		       cr_err_param(err, "char", "%c", s[1]);
	for (int i = 2; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return cr_err_set(err, 400, "invalid", f,
					  "region code (characters 3-8) must be digits, got '%c' "
					  "at %d",
					  s[i], i + 1),
			       cr_err_param(err, "rule", "cc_region"),
			       cr_err_param(err, "pos", "%d", i + 1),
			       cr_err_param(err, "char", "%c", s[i]);
	check = cr_credit_code_check_char(s);
	if (s[17] != check)
		return cr_err_set(err, 400, "invalid", f, "check character should be %c, not %c",
				  check, s[17]),
		       cr_err_param(err, "rule", "cc_check"),
		       cr_err_param(err, "expected", "%c", check),
		       cr_err_param(err, "got", "%c", s[17]);
	return 0;
}

/* GB 11714-1997 §4: organisation code = 8 body characters (0–9 → 0–9, A–Z → 10–35) and a check
 * character C9 = 11 − (Σ C_i·W_i mod 11), W = 3,7,9,10,5,8,4,2; 10 is written X, 11 is 0. */
bool cr_credit_code_org_code_ok(const char *s)
{
	static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
	const char *o = s + 8;
	int sum = 0, c;
	for (int i = 0; i < 8; i++) {
		int v;
		if (isdigit((unsigned char)o[i]))
			v = o[i] - '0';
		else if (isupper((unsigned char)o[i]))
			v = o[i] - 'A' + 10;
		else
			return false;
		sum += v * w[i];
	}
	c = 11 - sum % 11;
	return o[8] == (c == 10 ? 'X' : c == 11 ? '0' : (char)('0' + c));
}
