/* test_async_file.c — the stream whose writes go to disk from a thread of their own
 * (io/async_file.c): what is written, in many chunks' worth, reads back the same after a
 * rewind; a write that fails on the way (a full disk) is reported even though stdio's caller
 * never sees it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "io/async_file.h"

TEST(async_file_reads_back_what_was_written_after_a_rewind)
{
	FILE *f = tmpfile();
	OK(f != NULL);
	struct cr_async_file *a = f ? cr_async_file_open(f) : NULL;
	OK(a != NULL);
	if (!a)
		return;
	FILE *s = cr_async_file_stream(a);
	size_t n = 0;
	for (int i = 0; i < 400000; i++) /* 6.6 MB: more than the 4 chunks of 1 MiB */
		n += (size_t)fprintf(s, "<c r=\"A%d\"><v>%d</v></c>", i, i * 7);
	fflush(s);
	rewind(s);
	char line[64];
	size_t got = 0;
	int bad = 0;
	for (int i = 0; i < 400000; i++) {
		int k = snprintf(line, sizeof line, "<c r=\"A%d\"><v>%d</v></c>", i, i * 7);
		char back[64];
		size_t r = fread(back, 1, (size_t)k, s);
		got += r;
		bad += r != (size_t)k || memcmp(back, line, (size_t)k) != 0;
	}
	INT_EQ(got, n);
	INT_EQ(bad, 0);
	OK(fread(line, 1, 1, s) == 0 && feof(s));
	fclose(s);
	INT_EQ(cr_async_file_free(a), 0);
}

TEST(async_file_reports_a_failed_write)
{
	FILE *f = fopen("/dev/full", "w+");
	if (!f)
		return; /* no /dev/full here */
	struct cr_async_file *a = cr_async_file_open(f);
	OK(a != NULL);
	if (!a) {
		fclose(f);
		return;
	}
	FILE *s = cr_async_file_stream(a);
	for (int i = 0; i < 100000; i++)
		fputs("0123456789abcdef0123456789abcdef", s);
	/* not closed by its user: free closes it */
	INT_EQ(cr_async_file_free(a), ENOSPC);
}
