/* async_file.c — see async_file.h. Bytes go into one of NCHUNK chunks of CHUNK bytes; a full
 * chunk is passed to the writing thread (io/relay.c), which writes it to the file's
 * descriptor. At most NCHUNK chunks are held: the producer waits when the disk is slower. */
#include "io/async_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/relay.h"

#define CHUNK (1u << 20)
#define NCHUNK 4

struct cr_async_file {
	FILE *file, *stream;
	int fd;
	char *chunk[NCHUNK];
	size_t len[NCHUNK];
	struct cr_relay relay;
	bool closed;
	int err;    /* errno of the first failed write */
	char *sbuf; /* the stream's stdio buffer */
};

/* On the writing thread. */
static void write_chunk(void *ctx, size_t i)
{
	struct cr_async_file *a = ctx;
	for (size_t off = 0; off < a->len[i] && !a->err;) {
		ssize_t k = write(a->fd, a->chunk[i] + off, a->len[i] - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			a->err = k < 0 ? errno : EIO;
		else
			off += (size_t)k;
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

static ssize_t on_read(void *cookie, char *buf, size_t size)
{
	struct cr_async_file *a = cookie;
	drain(a);
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

struct cr_async_file *cr_async_file_open(FILE *file)
{
	struct cr_async_file *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->file = file;
	a->fd = fileno(file);
	cr_relay_init(&a->relay, NCHUNK, write_chunk, a);
	bool ok = a->fd >= 0 && (a->sbuf = malloc(CHUNK));
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
	for (size_t i = 0; i < NCHUNK; i++)
		free(a->chunk[i]);
	free(a->sbuf);
	free(a);
	return err;
}
