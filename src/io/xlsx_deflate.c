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
 * into each member's header say which level was used (`unzip -v` shows Defl:S for level 1). */
#include <dlfcn.h>
#include <stdlib.h>

#include <xlsxwriter.h>
#include <xlsxwriter/packager.h>

#include "io/table_write.h"

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

/* minizip's own function; two threads may both look it up, and find the same */
static zip_open4_fn real_open(void)
{
	static void *real;
	void *p = __atomic_load_n(&real, __ATOMIC_ACQUIRE);
	if (!p) {
		p = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
		__atomic_store_n(&real, p, __ATOMIC_RELEASE);
	}
	zip_open4_fn f;
	*(void **)&f = p;
	return f;
}

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
			    const void *extrafield_local, uInt size_extrafield_local,
			    const void *extrafield_global, uInt size_extrafield_global,
			    const char *comment, int method, int level, int raw, int windowBits,
			    int memLevel, int strategy, const char *password, uLong crcForCrypting,
			    uLong versionMadeBy, uLong flagBase, int zip64)
{
	zip_open4_fn real = real_open();
	if (!real)
		return ZIP_INTERNALERROR; /* reported by libxlsxwriter as a zip error */
	if (method == Z_DEFLATED && level == Z_DEFAULT_COMPRESSION)
		level = cr_xlsx_deflate_level();
	return real(file, filename, zipfi, extrafield_local, size_extrafield_local,
		    extrafield_global, size_extrafield_global, comment, method, level, raw,
		    windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
		    flagBase, zip64);
}
