/* fuzz_credit_code.c — libFuzzer target: user text as a unified social credit code through
 * cr_credit_code_normalize and cr_credit_code_validate, as the unit services call them. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/err.h"
#include "domain/credit_code.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0'; /* the text up to the first NUL, as a C string from JSON would be */
	struct cr_err err = { 0 };
	int raw = cr_credit_code_validate(s, &err);
	cr_credit_code_normalize(s);
	size_t n = strlen(s);
	if (n && (isspace((unsigned char)s[0]) || isspace((unsigned char)s[n - 1])))
		__builtin_trap();
	if (cr_credit_code_validate(s, &err) == 0) {
		if (n != CR_CREDIT_CODE_LEN || cr_credit_code_check_char(s) != s[17])
			__builtin_trap();
		cr_credit_code_org_code_ok(s);
	} else if (raw == 0 || err.status != 400) {
		__builtin_trap(); /* a valid code stays valid after normalising */
	}
	free(s);
	return 0;
}
