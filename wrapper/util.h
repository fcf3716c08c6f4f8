/*
 * util.h: messages, checked allocation and small growable buffers.
 *
 * Every message starts with "lockptr: ". A format ending in ':' gets
 * strerror(errno) appended, as in sbase, so callers write
 * die("open %s:", path) and never format errno themselves.
 * die() exits with the given status; error() and warn() return.
 * Allocation failures are fatal (status 2): nothing useful can follow.
 */
#ifndef LOCKPTR_UTIL_H
#define LOCKPTR_UTIL_H

#include <stddef.h>

enum {
	EXIT_CLEAN = 0,
	EXIT_FINDINGS = 1,
	EXIT_USAGE = 2,
	EXIT_INCOMPLETE = 3,
};

void die(int status, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable byte buffer, always NUL-terminated when len > 0 or after use. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_append(struct buf *b, const void *p, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(struct buf *b);

/* A growable NULL-terminated vector of owned strings (an argv). */
struct strvec {
	char **v;
	size_t n, cap;
};
void strvec_push(struct strvec *sv, const char *s);
void strvec_pushf(struct strvec *sv, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strvec_free(struct strvec *sv);
int strvec_has(const struct strvec *sv, const char *s);

/* Reads a whole file; returns 0, or -1 with errno set. */
int read_file(const char *path, struct buf *out);

/* Reads path (relative to dirfd; no symlink followed with nofollow) if it
 * is a regular file of at most max bytes, opened without blocking (a FIFO
 * never hangs); 0, or -1 with errno (EISDIR, EINVAL: not a regular file,
 * EFBIG: too large). out is NUL-terminated. */
int read_regular_at(int dirfd, const char *path, int nofollow, size_t max, struct buf *out);

/* Writes all of n bytes, retrying short writes and EINTR. */
int write_all(int fd, const void *p, size_t n);

/* Milliseconds on the monotonic clock. */
long long now_ms(void);

#endif

/*
 * The run's private temporary directory (mkdtemp under $TMPDIR or /tmp),
 * made on first use. tmpdir_file() names a file in it and remembers it;
 * tmpdir_cleanup() removes those files and the directory. It runs at exit
 * and, through tmpdir_signals(), on SIGINT, SIGTERM and SIGHUP before the
 * signal takes its default effect. Only async-signal-safe calls are made
 * there.
 */
char *tmpdir_file(const char *name);
/* Remembers a file or directory made under the temporary directory by
 * other means, for tmpdir_cleanup(). */
void tmpdir_track(const char *path);
const char *tmpdir_path(void);
void tmpdir_cleanup(void);
void tmpdir_signals(void);
