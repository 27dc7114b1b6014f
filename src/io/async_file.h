/* async_file.h — a stdio stream whose writes reach a file from a thread of their own, so that
 * the thread producing the bytes does not also pay for the system calls and the copy into the
 * page cache. Reads and seeks wait for the writes first. Used for the temporary sheet files
 * libxlsxwriter writes in constant_memory mode (io/table_write.c). */
#ifndef CR_ASYNC_FILE_H
#define CR_ASYNC_FILE_H

#include <stdio.h>

struct cr_async_file;

/* Takes over file (opened for reading and writing, nothing written yet): returns the wrapper,
 * whose stream (cr_async_file_stream) is used instead of file from then on; fclose of that
 * stream ends the thread and closes file. NULL when it cannot start (file untouched). */
struct cr_async_file *cr_async_file_open(FILE *file);
FILE *cr_async_file_stream(struct cr_async_file *a);

/* Closes the stream if nobody has, and frees a (may be NULL). Returns 0, or the errno of the
 * first write to the file that failed (a full disk), even when the stream's user ignored it. */
int cr_async_file_free(struct cr_async_file *a);

#endif
