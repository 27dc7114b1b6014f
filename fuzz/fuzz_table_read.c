/* fuzz_table_read.c — libFuzzer target: an upload through cr_table_read (CSV or XLSX by its first
 * bytes). The row callback reads every cell and traps when the reader breaks its contract. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/jsonx.h"
#include "io/table_read.h"

struct seen {
	size_t last_row; /* rowno of the previous row, 0 before the first */
	size_t stop_at;  /* row that returns 7 to stop reading, 0 never */
	size_t bytes;
};

static int touch_row(void *ctx, size_t rowno, const char *const *cells, size_t ncells,
		     struct cr_err *err)
{
	struct seen *s = ctx;
	bool any = false;
	if (rowno <= s->last_row || rowno > CR_TABLE_MAX_ROWS || ncells == 0 ||
	    ncells > CR_TABLE_MAX_COLS)
		__builtin_trap();
	s->last_row = rowno;
	for (size_t i = 0; i < ncells; i++) {
		size_t n = strlen(cells[i]);
		if (n > CR_TABLE_MAX_CELL || cr_utf8_len(cells[i], n) < 0)
			__builtin_trap();
		any |= n > 0;
		s->bytes += n;
	}
	if (!any)
		__builtin_trap(); /* rows without a value are never passed on */
	return rowno == s->stop_at ? 7 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* One input in seven stops at its second row, to exercise the early-exit paths. */
	struct seen s = { .stop_at = size % 7 == 0 ? 2 : 0 };
	struct cr_err err = { 0 };
	int rc = cr_table_read(data, size, touch_row, &s, &err);
	if (rc != 0 && rc != -1 && rc != 7)
		__builtin_trap();
	if (rc == 7 && s.last_row != 2)
		__builtin_trap();
	if (rc == -1 && (err.status < 400 || !err.code[0]))
		__builtin_trap();
	return 0;
}
