/* async_file.c — see async_file.h. Bytes go into one of NCHUNK chunks of CHUNK bytes; a full
 * chunk is passed to the writing thread (io/relay.c), which writes it to the file's
 * descriptor, or deflates it and writes what deflate gives. At most NCHUNK chunks are held:
 * the producer waits when the disk (or deflate) is slower. */
#include "io/async_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "io/relay.h"
#include "io/xlsx_deflate.h"

#define CHUNK (1u << 20)
#define NCHUNK 4
#define ZOUT (256u << 10) /* deflate's output buffer */

struct cr_async_file {
	FILE *file, *stream;
	int fd;
	char *chunk[NCHUNK];
	size_t len[NCHUNK];
	struct cr_relay relay;
	bool closed;
	int err;    /* errno of the first failed write */
	char *sbuf; /* the stream's stdio buffer */

	/* deflated (cr_async_file_open_deflated): the stream so far, its CRC-32 and sizes */
	bool deflated, zinit, offered;
	z_stream z;
	unsigned char *zout;
	struct cr_xlsx_part part; /* part.fd is a dup of fd once offered */
};

static void write_all(struct cr_async_file *a, const void *p, size_t n)
{
	for (size_t off = 0; off < n && !a->err;) {
		ssize_t k = write(a->fd, (const char *)p + off, n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			a->err = k < 0 ? errno : EIO;
		else
			off += (size_t)k;
	}
}

/* Deflates what is in a->z's input with flush, writing the output. */
static void deflate_out(struct cr_async_file *a, int flush)
{
	do {
		a->z.next_out = a->zout;
		a->z.avail_out = ZOUT;
		if (deflate(&a->z, flush) == Z_STREAM_ERROR && !a->err)
			a->err = EIO;
		size_t n = ZOUT - a->z.avail_out;
		write_all(a, a->zout, n);
		a->part.csize += n;
	} while (a->z.avail_out == 0 && !a->err);
}

/* On the writing thread. */
static void write_chunk(void *ctx, size_t i)
{
	struct cr_async_file *a = ctx;
	if (!a->deflated) {
		write_all(a, a->chunk[i], a->len[i]);
	} else if (!a->err) {
		a->part.crc =
			(uint32_t)crc32(a->part.crc, (const Bytef *)a->chunk[i], (uInt)a->len[i]);
		a->part.usize += a->len[i];
		a->z.next_in = (Bytef *)a->chunk[i];
		a->z.avail_in = (uInt)a->len[i];
		deflate_out(a, Z_NO_FLUSH);
	}
	a->len[i] = 0;
}

/* Every byte given so far is in the file (or has failed). */
static void drain(struct cr_async_file *a)
{
	if (a->len[cr_relay_slot(&a->relay)])
		cr_relay_pass(&a->relay);
	cr_relay_wait(&a->relay);
}

static ssize_t on_write(void *cookie, const char *buf, size_t size)
{
	struct cr_async_file *a = cookie;
	for (size_t done = 0; done < size;) {
		size_t i = cr_relay_slot(&a->relay), k = CHUNK - a->len[i];
		if (k > size - done)
			k = size - done;
		memcpy(a->chunk[i] + a->len[i], buf + done, k);
		a->len[i] += k, done += k;
		if (a->len[i] == CHUNK)
			cr_relay_pass(&a->relay);
	}
	return (ssize_t)size; /* a failed write is reported by cr_async_file_free */
}

/* Deflated: ends the stream on a byte boundary (a sync flush, not the last block) and offers
 * it to the zip entry libxlsxwriter opens next on this thread (io/xlsx_deflate.c). */
static void offer(struct cr_async_file *a)
{
	if (a->offered)
		return;
	a->offered = true;
	a->z.next_in = NULL;
	a->z.avail_in = 0;
	if (!a->err)
		deflate_out(a, Z_SYNC_FLUSH);
	a->part.fd = a->err ? -1 : dup(a->fd);
	if (a->part.fd < 0 && !a->err)
		a->err = errno;
	if (a->part.fd >= 0)
		cr_xlsx_deflate_offer(&a->part);
}

static ssize_t on_read(void *cookie, char *buf, size_t size)
{
	struct cr_async_file *a = cookie;
	drain(a);
	if (a->deflated) {
		/* libxlsxwriter reads the rows back to copy them into the sheet: they are
		 * in the zip already, so there is nothing to copy */
		offer(a);
		return 0;
	}
	ssize_t k;
	do
		k = read(a->fd, buf, size);
	while (k < 0 && errno == EINTR);
	return k;
}

static int on_seek(void *cookie, off64_t *pos, int whence)
{
	struct cr_async_file *a = cookie;
	drain(a);
	if (a->deflated) {
		/* only the rewind before the read back (and ftell) have a meaning */
		if (*pos != 0 || whence == SEEK_END) {
			errno = ESPIPE;
			return -1;
		}
		if (whence == SEEK_CUR)
			*pos = (off64_t)a->part.usize;
		return 0;
	}
	off_t r = lseek(a->fd, (off_t)*pos, whence);
	if (r < 0)
		return -1;
	*pos = r;
	return 0;
}

static int on_close(void *cookie)
{
	struct cr_async_file *a = cookie;
	drain(a);
	a->closed = true;
	return fclose(a->file) == 0 && !a->err ? 0 : -1;
}

static struct cr_async_file *open_file(FILE *file, int level)
{
	struct cr_async_file *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->file = file;
	a->fd = fileno(file);
	a->part.fd = -1;
	cr_relay_init(&a->relay, NCHUNK, write_chunk, a);
	bool ok = a->fd >= 0 && (a->sbuf = malloc(CHUNK));
	if (ok && level >= 0) {
		a->deflated = true;
		a->part.crc = (uint32_t)crc32(0, NULL, 0);
		ok = (a->zout = malloc(ZOUT)) &&
		     (a->zinit = deflateInit2(&a->z, level, Z_DEFLATED, -MAX_WBITS, 8,
					      Z_DEFAULT_STRATEGY) == Z_OK);
	}
	for (size_t i = 0; ok && i < NCHUNK; i++)
		ok = (a->chunk[i] = malloc(CHUNK)) != NULL;
	cookie_io_functions_t io = {
		.read = on_read, .write = on_write, .seek = on_seek, .close = on_close
	};
	if (ok && cr_relay_start(&a->relay) == 0 && (a->stream = fopencookie(a, "w+", io))) {
		setvbuf(a->stream, a->sbuf, _IOFBF, CHUNK); /* else stdio's own buffer */
		return a;
	}
	cr_async_file_free(a); /* file untouched */
	return NULL;
}

struct cr_async_file *cr_async_file_open(FILE *file)
{
	return open_file(file, -1);
}

struct cr_async_file *cr_async_file_open_deflated(FILE *file, int level)
{
	return open_file(file, level < 0 ? 0 : level > 9 ? 9 : level);
}

FILE *cr_async_file_stream(struct cr_async_file *a)
{
	return a->stream;
}

int cr_async_file_free(struct cr_async_file *a)
{
	if (!a)
		return 0;
	if (a->stream && !a->closed)
		fclose(a->stream);
	cr_relay_end(&a->relay);
	int err = a->err;
	if (a->offered) {
		cr_xlsx_deflate_withdraw(&a->part);
		if (!a->part.spliced && !err)
			err = EIO; /* the rows never reached the zip */
	}
	if (a->part.fd >= 0)
		close(a->part.fd);
	if (a->zinit)
		deflateEnd(&a->z);
	free(a->zout);
	for (size_t i = 0; i < NCHUNK; i++)
		free(a->chunk[i]);
	free(a->sbuf);
	free(a);
	return err;
}
