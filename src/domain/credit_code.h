/* credit_code.h — the unified social credit code (统一社会信用代码, GB 32100-2015) of a unit:
 * structure and check character. Must not look anything up (registries, region tables). */
#ifndef CR_CREDIT_CODE_H
#define CR_CREDIT_CODE_H

#include <stdbool.h>

struct cr_err;

#define CR_CREDIT_CODE_LEN 18

/* Layout (1-based positions): 1 registration authority (登记管理部门), 2 organisation type
 * (机构类别), 3–8 region code of the registering office (GB/T 2260, digits), 9–17 organisation
 * code (组织机构代码, GB 11714), 18 check character. Alphabet: 0–9 and A–Z without I O Z S V.
 *
 * Validates an upper-case code; NUL-terminated, no surrounding space. Lower case is rejected
 * (services call cr_credit_code_normalize on user input first). Checks: length 18, alphabet,
 * position 1 among the registration authorities in use (1–9, A, N, Y), position 2 a digit
 * 1–9, positions 3–8 digits, and the check character (mandatory). The GB 11714 check digit of
 * positions 9–17 is NOT enforced: it is valid for most codes but registries have issued codes
 * where it is not, and a unit must be able to register with its real code
 * (cr_credit_code_org_code_ok reports it for information).
 * Returns 0, or -1 with err set to 400 "invalid", field "credit_code". */
int cr_credit_code_validate(const char *s, struct cr_err *err);

/* The GB 32100-2015 check character for the first 17 characters, or '\0' if one of them is not
 * in the alphabet. */
char cr_credit_code_check_char(const char first17[17]);

/* Upper-cases s in place and strips leading/trailing ASCII whitespace. */
void cr_credit_code_normalize(char *s);

/* Whether positions 9–17 carry a valid GB 11714-1997 organisation-code check character.
 * Informational; s must already be a valid credit code. */
bool cr_credit_code_org_code_ok(const char *s);

#endif
