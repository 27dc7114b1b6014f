/* xlsx_deflate.c — the deflate level of the XLSX files libxlsxwriter writes.
 *
 * libxlsxwriter has no option for it: its packager opens every part of the zip with minizip's
 * zipOpenNewFileInZip4_64(..., Z_DEFLATED, Z_DEFAULT_COMPRESSION, ...), i.e. zlib level 6 (in
 * Debian's 1.1.4 and in the newest release alike), and Debian builds it against the system's
 * libminizip.so.1 (`ldd /usr/lib/x86_64-linux-gnu/libxlsxwriter.so.4`). At level 6 deflating
 * the 555 MB sheet of a whole-city risk export is 40 % of the export's CPU; level 1 takes a
 * quarter of that for a file 16 % larger, which every XLSX reader opens alike.
 *
 * So the program defines the same symbol: the dynamic linker binds libxlsxwriter's call to the
 * first definition in load order, the executable's, and this one passes the call on to
 * minizip's own (dlsym RTLD_NEXT) with the level changed. Only libxlsxwriter calls minizip in
 * this program (libzip, which reads archives, is a library of its own). The level is 1, or
 * CITYRISK_XLSX_DEFLATE_LEVEL (0-9; 6 is the library's own). The flag bits minizip writes
 * into each member's header say which level was used (`unzip -v` shows Defl:S for level 1).
 *
 * The sheet's rows are deflated before the close (xlsx_deflate.h). In constant_memory mode
 * libxlsxwriter 1.1.4 closes a worksheet part like this (src/packager.c,
 * _write_worksheet_files and _add_file_to_zip; src/worksheet.c,
 * _worksheet_write_optimized_sheet_data): it writes the part's XML to a new temporary file —
 * the head, "<sheetData>", a copy of the rows' temporary file, "</sheetData>", the tail — and
 * then opens "xl/worksheets/sheetN.xml" in the zip, writes the file into it in 16 KiB calls of
 * zipWriteInFileInZip and closes it with zipCloseFileInZip. With the rows deflated already,
 * their temporary file reads back as empty (io/async_file.c), and this file defines those two
 * functions too: for that one entry on the offering thread it opens the entry raw, deflates the
 * library's bytes itself, and right after "<sheetData>" (a full flush, so that nothing after
 * refers back) copies in the rows' deflated bytes; the CRC-32 and size of the whole come from
 * the pieces' (crc32_combine), given to minizip's zipCloseFileInZipRaw64. Every other entry,
 * and every other zip, goes straight to minizip. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <xlsxwriter/packager.h>
#include <zlib.h>

#include "io/table_write.h"
#include "io/xlsx_deflate.h"

#define SHEET_PART "xl/worksheets/sheet"
#define MARK "<sheetData>"
#define COPY (256u << 10) /* the splice's buffer: deflate's output, the rows' copy */

int cr_xlsx_deflate_level(void)
{
	const char *s = getenv("CITYRISK_XLSX_DEFLATE_LEVEL");
	if (s && s[0] >= '0' && s[0] <= '9' && !s[1])
		return s[0] - '0';
	return 1;
}

typedef int (*zip_open4_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
			    const void *, uInt, const char *, int, int, int, int, int, int,
			    const char *, uLong, uLong, uLong, int);

typedef int (*zip_write_fn)(zipFile, const void *, unsigned);
typedef int (*zip_close_fn)(zipFile);
typedef int (*zip_close_raw_fn)(zipFile, ZPOS64_T, uLong);

/* minizip's own function name; two threads may both look it up, and find the same */
static void *real_fn(void **slot, const char *name)
{
	void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	if (!p) {
		p = dlsym(RTLD_NEXT, name);
		__atomic_store_n(slot, p, __ATOMIC_RELEASE);
	}
	return p;
}

#define REAL(type, name)                                                                           \
	static type real_##name(void)                                                              \
	{                                                                                          \
		static void *slot;                                                                 \
		type f;                                                                            \
		*(void **)&f = real_fn(&slot, #name);                                              \
		return f;                                                                          \
	}

REAL(zip_open4_fn, zipOpenNewFileInZip4_64)
REAL(zip_write_fn, zipWriteInFileInZip)
REAL(zip_close_fn, zipCloseFileInZip)
REAL(zip_close_raw_fn, zipCloseFileInZipRaw64)

/* The rows on offer on this thread, and the entry being spliced (zf NULL when none). */
static _Thread_local struct cr_xlsx_part *offered;
static _Thread_local struct splice {
	zipFile zf;
	struct cr_xlsx_part *rows; /* until they are copied in; then NULL */
	size_t matched;            /* bytes of MARK matched at the end of what came so far */
	z_stream z;
	uLong crc;
	uint64_t size;
	unsigned char *buf;
	int err;
} sp;

void cr_xlsx_deflate_offer(struct cr_xlsx_part *part)
{
	offered = part;
}

void cr_xlsx_deflate_withdraw(const struct cr_xlsx_part *part)
{
	if (offered == part)
		offered = NULL;
	if (sp.rows == part)
		sp.rows = NULL;
}

static void splice_end(void)
{
	deflateEnd(&sp.z);
	free(sp.buf);
	sp = (struct splice){ 0 };
}

/* Deflates n bytes at p with flush into the entry. */
static void splice_deflate(const void *p, size_t n, int flush)
{
	zip_write_fn write = real_zipWriteInFileInZip();
	if (n)
		sp.crc = crc32(sp.crc, p, (uInt)n);
	sp.size += n;
	sp.z.next_in = (Bytef *)p;
	sp.z.avail_in = (uInt)n;
	do {
		sp.z.next_out = sp.buf;
		sp.z.avail_out = COPY;
		if (deflate(&sp.z, flush) == Z_STREAM_ERROR)
			sp.err = ZIP_INTERNALERROR;
		unsigned k = COPY - sp.z.avail_out;
		if (k && !sp.err && write(sp.zf, sp.buf, k) != ZIP_OK)
			sp.err = ZIP_ERRNO;
	} while (sp.z.avail_out == 0 && !sp.err);
}

/* The rows' deflated bytes into the entry as they are. */
static void splice_rows(void)
{
	struct cr_xlsx_part *r = sp.rows;
	zip_write_fn write = real_zipWriteInFileInZip();
	for (uint64_t off = 0; off < r->csize && !sp.err;) {
		size_t want = r->csize - off < COPY ? (size_t)(r->csize - off) : COPY;
		ssize_t k = pread(r->fd, sp.buf, want, (off_t)off);
		if (k <= 0 || write(sp.zf, sp.buf, (unsigned)k) != ZIP_OK)
			sp.err = ZIP_ERRNO;
		else
			off += (uint64_t)k;
	}
	sp.crc = crc32_combine(sp.crc, r->crc, (z_off_t)r->usize);
	sp.size += r->usize;
	r->spliced = !sp.err;
	sp.rows = NULL;
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
			    const void *extrafield_local, uInt size_extrafield_local,
			    const void *extrafield_global, uInt size_extrafield_global,
			    const char *comment, int method, int level, int raw, int windowBits,
			    int memLevel, int strategy, const char *password, uLong crcForCrypting,
			    uLong versionMadeBy, uLong flagBase, int zip64)
{
	zip_open4_fn real = real_zipOpenNewFileInZip4_64();
	if (!real)
		return ZIP_INTERNALERROR; /* reported by libxlsxwriter as a zip error */
	if (method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION)
		level = cr_xlsx_deflate_level();
	bool splice = offered && method == Z_DEFLATED && !raw && !password && filename &&
		      strncmp(filename, SHEET_PART, strlen(SHEET_PART)) == 0;
	if (splice) {
		if (sp.zf)
			splice_end(); /* an entry left open by a failure */
		sp.rows = offered;
		offered = NULL;
		sp.crc = crc32(0, NULL, 0);
		if (!(sp.buf = malloc(COPY)) || deflateInit2(&sp.z, level, Z_DEFLATED, -MAX_WBITS,
							     8, Z_DEFAULT_STRATEGY) != Z_OK) {
			free(sp.buf);
			sp = (struct splice){ 0 };
			return ZIP_INTERNALERROR;
		}
		raw = 1;
	}
	int rc = real(file, filename, zipfi, extrafield_local, size_extrafield_local,
		      extrafield_global, size_extrafield_global, comment, method, level, raw,
		      windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
		      flagBase, zip64);
	if (splice && rc == ZIP_OK)
		sp.zf = file;
	else if (splice)
		splice_end();
	return rc;
}

int zipWriteInFileInZip(zipFile file, const void *buf, unsigned len)
{
	if (!file || file != sp.zf)
		return real_zipWriteInFileInZip()(file, buf, len);
	const unsigned char *p = buf;
	while (len && sp.rows && !sp.err) {
		/* up to the end of "<sheetData>", then the rows */
		size_t i = 0;
		while (i < len && sp.matched < strlen(MARK)) {
			unsigned char c = p[i++];
			sp.matched = c == (unsigned char)MARK[sp.matched] ? sp.matched + 1
				     : c == '<'                           ? 1
									  : 0;
		}
		bool found = sp.matched == strlen(MARK);
		splice_deflate(p, i, found ? Z_FULL_FLUSH : Z_NO_FLUSH);
		if (found && !sp.err)
			splice_rows();
		p += i, len -= (unsigned)i;
	}
	if (len && !sp.err)
		splice_deflate(p, len, Z_NO_FLUSH);
	return sp.err;
}

int zipCloseFileInZip(zipFile file)
{
	if (!file || file != sp.zf)
		return real_zipCloseFileInZip()(file);
	if (sp.rows && sp.rows->usize)
		sp.err = ZIP_INTERNALERROR; /* no "<sheetData>": the rows had nowhere to go */
	else if (sp.rows)
		sp.rows->spliced = true; /* nothing to put in */
	if (!sp.err)
		splice_deflate(NULL, 0, Z_FINISH);
	int rc = sp.err;
	ZPOS64_T size = sp.size;
	uLong crc = sp.crc;
	splice_end();
	if (rc)
		return rc;
	return real_zipCloseFileInZipRaw64()(file, size, crc);
}
