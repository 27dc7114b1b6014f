/* harness.h — the unit-test harness: tests register themselves, one runner prints the tally.
 * Each test file defines TEST(name) { ... } blocks; tests/unit/main.c runs them all. */
#ifndef CR_TEST_HARNESS_H
#define CR_TEST_HARNESS_H
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef void (*cr_test_fn)(void);
void cr_test_register(const char *name, const char *file, cr_test_fn fn);
void cr_test_fail(const char *file, int line, const char *what);
extern int cr_test_current_failed;

#define TEST(name)                                                                                 \
	static void test_##name(void);                                                             \
	__attribute__((constructor)) static void register_##name(void)                             \
	{                                                                                          \
		cr_test_register(#name, __FILE__, test_##name);                                    \
	}                                                                                          \
	static void test_##name(void)

#define OK(cond)                                                                                   \
	do {                                                                                       \
		if (!(cond))                                                                       \
			cr_test_fail(__FILE__, __LINE__, #cond);                                   \
	} while (0)

#define INT_EQ(a, b)                                                                               \
	do {                                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                                \
		if (a_ != b_) {                                                                    \
			char m_[256];                                                              \
			snprintf(m_, sizeof m_, "%s == %s (%lld != %lld)", #a, #b, a_, b_);        \
			cr_test_fail(__FILE__, __LINE__, m_);                                      \
		}                                                                                  \
	} while (0)

#define DBL_NEAR(a, b, eps)                                                                        \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		if (!(fabs(a_ - b_) <= (eps))) {                                                   \
			char m_[256];                                                              \
			snprintf(m_, sizeof m_, "%s ~= %s (%.9g != %.9g)", #a, #b, a_, b_);        \
			cr_test_fail(__FILE__, __LINE__, m_);                                      \
		}                                                                                  \
	} while (0)

#define STR_EQ(a, b)                                                                               \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                                           \
			char m_[512];                                                              \
			snprintf(m_, sizeof m_, "%s == %s (\"%s\" != \"%s\")", #a, #b,             \
				 a_ ? a_ : "(null)", b_ ? b_ : "(null)");                          \
			cr_test_fail(__FILE__, __LINE__, m_);                                      \
		}                                                                                  \
	} while (0)
#endif
