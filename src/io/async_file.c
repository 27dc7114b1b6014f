/* async_file.c — see async_file.h. Bytes go into one of NCHUNK chunks of CHUNK bytes; a full
 * chunk is handed to the writing thread, which writes it to the file's descriptor. At most
 * NCHUNK chunks are held: the producer waits when the disk is slower than it. */
#include "io/async_file.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1u << 20)
#define NCHUNK 4

struct cr_async_file {
	FILE *file, *stream;
	int fd;
	char *chunk[NCHUNK];
	size_t len[NCHUNK];
	size_t filled, written; /* chunks handed over and chunks written; under mu */
	bool stop, closed;
	int err; /* errno of the first failed write */
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t work, space;
	char *sbuf; /* the stream's stdio buffer */
};

static void *writer(void *arg)
{
	struct cr_async_file *a = arg;
	pthread_mutex_lock(&a->mu);
	for (;;) {
		while (a->written == a->filled && !a->stop)
			pthread_cond_wait(&a->work, &a->mu);
		if (a->written == a->filled)
			break;
		size_t i = a->written % NCHUNK;
		pthread_mutex_unlock(&a->mu);
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
		pthread_mutex_lock(&a->mu);
		a->written++;
		pthread_cond_signal(&a->space);
	}
	pthread_mutex_unlock(&a->mu);
	return NULL;
}

/* Hands the chunk being filled over (if it holds anything) and waits for a free one. */
static void hand_over(struct cr_async_file *a)
{
	pthread_mutex_lock(&a->mu);
	if (a->len[a->filled % NCHUNK]) {
		a->filled++;
		pthread_cond_signal(&a->work);
	}
	while (a->filled - a->written >= NCHUNK)
		pthread_cond_wait(&a->space, &a->mu);
	pthread_mutex_unlock(&a->mu);
}

/* Every byte given so far is in the file (or has failed). */
static void drain(struct cr_async_file *a)
{
	hand_over(a);
	pthread_mutex_lock(&a->mu);
	while (a->written != a->filled)
		pthread_cond_wait(&a->space, &a->mu);
	pthread_mutex_unlock(&a->mu);
}

static ssize_t on_write(void *cookie, const char *buf, size_t size)
{
	struct cr_async_file *a = cookie;
	for (size_t done = 0; done < size;) {
		size_t i = a->filled % NCHUNK, k = CHUNK - a->len[i];
		if (k > size - done)
			k = size - done;
		memcpy(a->chunk[i] + a->len[i], buf + done, k);
		a->len[i] += k, done += k;
		if (a->len[i] == CHUNK)
			hand_over(a);
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
	pthread_mutex_lock(&a->mu);
	a->stop = true;
	pthread_cond_signal(&a->work);
	pthread_mutex_unlock(&a->mu);
	pthread_join(a->thread, NULL);
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
	bool ok = a->fd >= 0 && (a->sbuf = malloc(CHUNK));
	for (size_t i = 0; ok && i < NCHUNK; i++)
		ok = (a->chunk[i] = malloc(CHUNK)) != NULL;
	pthread_mutex_init(&a->mu, NULL);
	pthread_cond_init(&a->work, NULL);
	pthread_cond_init(&a->space, NULL);
	cookie_io_functions_t io = {
		.read = on_read, .write = on_write, .seek = on_seek, .close = on_close
	};
	if (ok && pthread_create(&a->thread, NULL, writer, a) == 0) {
		a->stream = fopencookie(a, "w+", io);
		if (a->stream) {
			setvbuf(a->stream, a->sbuf, _IOFBF, CHUNK); /* else stdio's own buffer */
			return a;
		}
		pthread_mutex_lock(&a->mu);
		a->stop = true;
		pthread_cond_signal(&a->work);
		pthread_mutex_unlock(&a->mu);
		pthread_join(a->thread, NULL);
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
	int err = a->err;
	for (size_t i = 0; i < NCHUNK; i++)
		free(a->chunk[i]);
	free(a->sbuf);
	pthread_mutex_destroy(&a->mu);
	pthread_cond_destroy(&a->work);
	pthread_cond_destroy(&a->space);
	free(a);
	return err;
}
