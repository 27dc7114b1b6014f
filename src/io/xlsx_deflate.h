/* xlsx_deflate.h — a worksheet's rows deflated while they are written (io/async_file.c), put
 * into the zip entry libxlsxwriter opens for the sheet at workbook_close (io/xlsx_deflate.c)
 * instead of being copied and deflated there. */
#ifndef CR_XLSX_DEFLATE_H
#define CR_XLSX_DEFLATE_H

#include <stdbool.h>
#include <stdint.h>

/* A raw deflate stream (no zlib or gzip wrapper) that ends on a byte boundary in a block that
 * is not the last, so that more deflate data may follow it; its bytes are the first csize of
 * the file fd (read with pread, not consumed). crc is the CRC-32 of the usize bytes it
 * inflates to. */
struct cr_xlsx_part {
	int fd;
	uint64_t csize, usize;
	uint32_t crc;
	bool spliced; /* set on the offering thread once the bytes are in the entry */
};

/* The calling thread's next worksheet entry ("xl/worksheets/sheetN.xml") takes part's bytes
 * for what libxlsxwriter writes between <sheetData> and </sheetData>: the library's own bytes
 * around them are deflated there as before, the part's are copied as they are. part must stay
 * valid until that entry is closed or cr_xlsx_deflate_withdraw(part) is called. */
void cr_xlsx_deflate_offer(struct cr_xlsx_part *part);
/* Forgets part if it is still on offer on this thread (an entry that never came). */
void cr_xlsx_deflate_withdraw(const struct cr_xlsx_part *part);

#endif
