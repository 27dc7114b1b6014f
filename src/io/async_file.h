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
/* The same for libxlsxwriter's temporary sheet file in constant_memory mode: the thread
 * deflates the bytes (raw deflate at level 0-9, with their CRC-32) and writes the deflated
 * bytes to file. The stream then reads back as empty: the first read (the library copying the
 * rows into the sheet part at workbook_close) ends the deflate stream and offers it to the zip
 * entry of the sheet (io/xlsx_deflate.h), which the same thread opens next. */
struct cr_async_file *cr_async_file_open_deflated(FILE *file, int level);
FILE *cr_async_file_stream(struct cr_async_file *a);

/* Closes the stream if nobody has, and frees a (may be NULL). Returns 0, or the errno of the
 * first write to the file that failed (a full disk), even when the stream's user ignored it,
 * or EIO when deflated rows were offered and no zip entry took them. */
int cr_async_file_free(struct cr_async_file *a);

#endif
