#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void vmessage(const char *prefix, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fputs("lockptr: ", stderr);
	if (prefix)
		fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	if (n > 0 && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
	errno = saved;
}

void die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
	exit(status);
}

void error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, fmt, ap);
	va_end(ap);
}

void warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage("warning: ", fmt, ap);
	va_end(ap);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		die(EXIT_USAGE, "out of memory");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die(EXIT_USAGE, "out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die(EXIT_USAGE, "out of memory");
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

static char *xvasprintf(const char *fmt, va_list ap)
{
	va_list cp;
	int n;
	char *s;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die(EXIT_USAGE, "bad format string");
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_puts(b, s);
	free(s);
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void strvec_push(struct strvec *sv, const char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 16;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = xstrdup(s);
	sv->v[sv->n] = NULL;
}

void strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	strvec_push(sv, s);
	free(s);
}

void strvec_free(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

int strvec_has(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

int read_file(const char *path, struct buf *out)
{
	char chunk[65536];
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int saved = errno;

			close(fd);
			errno = saved;
			return -1;
		}
		if (n == 0)
			break;
		buf_append(out, chunk, (size_t)n);
	}
	if (!out->data)
		buf_append(out, "", 0);
	close(fd);
	return 0;
}

int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = write(fd, c, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#include <signal.h>

static char *tmp_dir;
/* Grown outside signal context only: the new array is complete before it
 * is published, and the count follows it. */
static char **volatile tmp_files;
static volatile sig_atomic_t tmp_nfiles;
static size_t tmp_cap;

static void tmp_make(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl;

	if (!base || !*base)
		base = "/tmp";
	tmpl = xasprintf("%s/lockptr.XXXXXX", base);
	if (!mkdtemp(tmpl))
		die(EXIT_USAGE, "cannot create a temporary directory in %s:", base);
	tmp_dir = tmpl;
	atexit(tmpdir_cleanup);
}

void tmpdir_track(const char *path)
{
	if ((size_t)tmp_nfiles == tmp_cap) {
		size_t cap = tmp_cap ? 2 * tmp_cap : 64;
		char **grown = xcalloc(cap, sizeof(*grown));

		for (size_t i = 0; i < tmp_cap; i++)
			grown[i] = tmp_files[i];
		/* The old array is kept: a signal may be reading it. */
		tmp_files = grown;
		tmp_cap = cap;
	}
	tmp_files[tmp_nfiles] = xstrdup(path);
	tmp_nfiles = tmp_nfiles + 1;
}

char *tmpdir_file(const char *name)
{
	char *p;

	if (!tmp_dir)
		tmp_make();
	p = xasprintf("%s/%s", tmp_dir, name);
	tmpdir_track(p);
	return p;
}

const char *tmpdir_path(void)
{
	if (!tmp_dir)
		tmp_make();
	return tmp_dir;
}

void tmpdir_cleanup(void)
{
	/* Newest first: a directory goes after what was made in it. */
	for (int i = tmp_nfiles; i-- > 0;)
		if (unlink(tmp_files[i]) < 0)
			rmdir(tmp_files[i]);
	if (tmp_dir)
		rmdir(tmp_dir);
}

static void tmp_on_signal(int sig)
{
	tmpdir_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

void tmpdir_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = tmp_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int read_regular_at(int dirfd, const char *path, int nofollow, size_t max, struct buf *out)
{
	char chunk[65536];
	struct stat st;
	size_t total = 0;
	int fd = openat(dirfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC |
			(nofollow ? O_NOFOLLOW : 0)), saved;

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if ((uintmax_t)st.st_size > max) {
		errno = EFBIG;
		goto fail;
	}
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		/* It may grow after fstat. */
		total += (size_t)n;
		if (total > max) {
			errno = EFBIG;
			goto fail;
		}
		buf_append(out, chunk, (size_t)n);
	}
	buf_append(out, "", 0);
	close(fd);
	return 0;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}
