/* test_credit_code.c — GB 32100-2015 credit codes: real published codes, every wrong check
 * character, length, alphabet and structure errors. Must not need data files. */
#include <string.h>

#include "core/err.h"
#include "domain/credit_code.h"
#include "harness.h"

/* Codes published by their holders (business licences, annual reports, exchange filings). */
static const char *real_codes[] = {
	"91350100M000100Y43", /* GB 32100-2015's own example */
	"914403001922038216", /* 华为技术有限公司 */
	"91440300708461136T", /* 深圳市腾讯计算机系统有限公司 */
	"91330100716105852F", /* 阿里巴巴（中国）有限公司 */
	"911000001000013428", /* 中国银行股份有限公司 */
	"91100000100003962T", /* 中国工商银行股份有限公司 */
	"911100001000044477", /* 中国建设银行股份有限公司 */
	"91440300100012316L", /* 中国平安保险（集团）股份有限公司 */
	"91110108551385082Q", /* 北京小米科技有限责任公司 */
};

TEST(credit_code_real_codes_pass)
{
	for (size_t i = 0; i < sizeof real_codes / sizeof real_codes[0]; i++) {
		struct cr_err err = { 0 };
		INT_EQ(cr_credit_code_validate(real_codes[i], &err), 0);
		OK(cr_credit_code_check_char(real_codes[i]) == real_codes[i][17]);
		OK(cr_credit_code_org_code_ok(real_codes[i]));
	}
}

TEST(credit_code_every_wrong_check_char_fails)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	for (size_t i = 0; i < sizeof real_codes / sizeof real_codes[0]; i++) {
		int rejected = 0;
		for (const char *c = alphabet; *c; c++) {
			char code[19];
			struct cr_err err = { 0 };
			memcpy(code, real_codes[i], 19);
			if (*c == code[17])
				continue;
			code[17] = *c;
			INT_EQ(cr_credit_code_validate(code, &err), -1);
			INT_EQ(err.status, 400);
			STR_EQ(err.code, "invalid");
			STR_EQ(err.field, "credit_code");
			rejected++;
		}
		INT_EQ(rejected, 30);
	}
	struct cr_err err = { 0 };
	INT_EQ(cr_credit_code_validate("91350100M000100Y4X", &err), -1);
	STR_EQ(err.message, "check character should be 3, not X");
	/* the parts the UI translates (issue 7 #17) */
	STR_EQ(err.params[0].value, "cc_check");
	STR_EQ(err.params[1].key, "expected");
	STR_EQ(err.params[1].value, "3");
	STR_EQ(err.params[2].key, "got");
	STR_EQ(err.params[2].value, "X");
}

TEST(credit_code_single_substitution_is_caught)
{
	/* Weights 3^k mod 31 are units mod 31, so any one-character change moves the sum. */
	static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	const char *base = real_codes[1];
	for (int pos = 8; pos < 17; pos++)
		for (const char *c = alphabet; *c; c++) {
			char code[19];
			memcpy(code, base, 19);
			if (code[pos] == *c)
				continue;
			code[pos] = *c;
			OK(cr_credit_code_validate(code, NULL) == -1);
		}
}

TEST(credit_code_check_char_rule)
{
	/* Σ ≡ 0 (mod 31) gives 31 − 0 = 31, written 0: seventeen zeros. */
	OK(cr_credit_code_check_char("00000000000000000") == '0');
	OK(cr_credit_code_check_char("9135010OM000100Y4") == '\0'); /* letter O */
	OK(cr_credit_code_check_char("91350100M000100y4") == '\0');
}

TEST(credit_code_length_and_alphabet)
{
	struct cr_err err;
	memset(&err, 0, sizeof err);
	INT_EQ(cr_credit_code_validate("", &err), -1);
	STR_EQ(err.field, "credit_code");
	INT_EQ(cr_credit_code_validate(NULL, &err), -1);
	INT_EQ(cr_credit_code_validate("91350100M000100Y4", &err), -1);
	OK(strstr(err.message, "18 characters") != NULL);
	INT_EQ(cr_credit_code_validate("91350100M000100Y433", &err), -1);
	INT_EQ(cr_credit_code_validate("91350100M000100Y43 ", &err), -1);
	static const char forbidden[] = "IOZSV";
	for (const char *f = forbidden; *f; f++) {
		char code[19];
		memcpy(code, "91350100M000100Y43", 19);
		code[8] = *f;
		memset(&err, 0, sizeof err);
		INT_EQ(cr_credit_code_validate(code, &err), -1);
		OK(strstr(err.message, "not used in credit codes") != NULL);
	}
	INT_EQ(cr_credit_code_validate("91350100M000-00Y43", &err), -1);
	OK(strstr(err.message, "character 13") != NULL);
	INT_EQ(cr_credit_code_validate("91350100M000100\xe4\xb8\x80", &err), -1);
	INT_EQ(cr_credit_code_validate("91350100m000100y43", &err), -1);
	OK(strstr(err.message, "upper case") != NULL);
}

TEST(credit_code_structure)
{
	struct cr_err err;
	char code[19];
	/* Recompute the check character so that only the structure is wrong. */
#define WITH(s)                                                                                    \
	(memcpy(code, (s), 18), code[18] = '\0', code[17] = cr_credit_code_check_char(code), code)
	INT_EQ(cr_credit_code_validate(WITH("B1350100M000100Y4?"), &err), -1);
	OK(strstr(err.message, "registration authority") != NULL);
	INT_EQ(cr_credit_code_validate(WITH("90350100M000100Y4?"), &err), -1);
	OK(strstr(err.message, "organisation type") != NULL);
	INT_EQ(cr_credit_code_validate(WITH("9A350100M000100Y4?"), &err), -1);
	INT_EQ(cr_credit_code_validate(WITH("9135A100M000100Y4?"), &err), -1);
	OK(strstr(err.message, "region code") != NULL);
	/* Other authorities and types are fine. */
	INT_EQ(cr_credit_code_validate(WITH("12320583MB1234567?"), &err), 0);
	INT_EQ(cr_credit_code_validate(WITH("52320583MJ0000000?"), &err), 0);
	INT_EQ(cr_credit_code_validate(WITH("Y1320583MB1234567?"), &err), 0);
	INT_EQ(cr_credit_code_validate(WITH("N2320583MF0000000?"), &err), 0);
	/* A wrong GB 11714 digit inside is reported, not rejected. */
	INT_EQ(cr_credit_code_validate(WITH("91350100M000100Y5?"), &err), 0);
	OK(!cr_credit_code_org_code_ok(code));
#undef WITH
}

TEST(credit_code_normalize)
{
	char s[] = "  91350100m000100y43\n";
	cr_credit_code_normalize(s);
	STR_EQ(s, "91350100M000100Y43");
	INT_EQ(cr_credit_code_validate(s, NULL), 0);
	char e[] = " \t ";
	cr_credit_code_normalize(e);
	STR_EQ(e, "");
	cr_credit_code_normalize(NULL);
}
