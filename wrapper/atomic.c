#define _GNU_SOURCE
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tree.h"

void test_delay(void)
{
	const char *ms = getenv("LOCKPTR_TEST_DELAY_MS");
	long n = ms ? strtol(ms, NULL, 10) : 0;
	struct timespec ts;

	if (n <= 0)
		return;
	ts.tv_sec = n / 1000;
	ts.tv_nsec = (n % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int file_read_at(int dirfd, const char *base, size_t max, struct buf *out)
{
	return read_regular_at(dirfd, base, 1, max ? max : SIZE_MAX, out);
}

/* Whether base in dirfd holds what `was` says (no check without one). */
static int still_as_read(int dirfd, const char *base, const struct was *was)
{
	struct buf now = { 0 };
	int same;

	if (!was)
		return 1;
	if (file_read_at(dirfd, base, 0, &now) < 0) {
		buf_free(&now);
		return !was->exists && errno == ENOENT;
	}
	same = was->exists && now.len == was->len &&
	       (!now.len || !memcmp(now.data, was->data, now.len));
	buf_free(&now);
	return same;
}

/* A temporary file next to base, ".BASE.lockptr-XXXXXX", O_EXCL. */
static int make_temp(int dirfd, const char *base, char **name)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[6];
		char suffix[7];
		int fd;

		if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
			return -1;
		for (int i = 0; i < 6; i++)
			suffix[i] = set[r[i] % (sizeof(set) - 1)];
		suffix[6] = '\0';
		*name = xasprintf(".%s.lockptr-%s", base, suffix);
		fd = openat(dirfd, *name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		free(*name);
		*name = NULL;
	}
	errno = EEXIST;
	return -1;
}

static int replace_at(int dirfd, const char *base, const char *shown, const void *data,
		      size_t len, mode_t mode, const struct was *was, int delay, char *err,
		      size_t errlen)
{
	struct stat st;
	char *tmp = NULL;
	int fd, exists = fstatat(dirfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0;

	if (exists && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: %s; not written", shown,
			 S_ISLNK(st.st_mode) ? "is a symbolic link" : "is not a regular file");
		return -1;
	}
	if (exists && st.st_nlink > 1) {
		snprintf(err, errlen, "%s: has %lu hard links; replacing it would split them",
			 shown, (unsigned long)st.st_nlink);
		return -1;
	}
	fd = make_temp(dirfd, base, &tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", shown,
			 strerror(errno));
		free(tmp);
		return -1;
	}
	/* The owner and group go first: fchown clears set-id mode bits. A
	 * user who is not root cannot give the file away: then it is not
	 * written, rather than written with another owner. */
	if (exists && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(fd, st.st_uid, st.st_gid) < 0) {
		snprintf(err, errlen, "%s: cannot keep its owner and group (uid %lu, gid %lu): "
			 "%s; not written", shown, (unsigned long)st.st_uid,
			 (unsigned long)st.st_gid, strerror(errno));
		close(fd);
		unlinkat(dirfd, tmp, 0);
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) < 0 ||
	    fchmod(fd, (exists ? st.st_mode : mode) & 07777) < 0 || fsync(fd) < 0) {
		snprintf(err, errlen, "%s: %s", shown, strerror(errno));
		close(fd);
		unlinkat(dirfd, tmp, 0);
		free(tmp);
		return -1;
	}
	close(fd);
	if (delay)
		test_delay();
	if (!still_as_read(dirfd, base, was)) {
		unlinkat(dirfd, tmp, 0);
		free(tmp);
		snprintf(err, errlen, "%s changed while lockptr ran", shown);
		return ATOMIC_CHANGED;
	}
	if ((was && !was->exists ? renameat2(dirfd, tmp, dirfd, base, RENAME_NOREPLACE)
				 : renameat(dirfd, tmp, dirfd, base)) < 0) {
		int e = errno;

		unlinkat(dirfd, tmp, 0);
		free(tmp);
		if (e == EEXIST) {
			snprintf(err, errlen, "%s changed while lockptr ran", shown);
			return ATOMIC_CHANGED;
		}
		snprintf(err, errlen, "%s: cannot replace: %s", shown, strerror(e));
		return -1;
	}
	free(tmp);
	fsync(dirfd);
	return 0;
}

int atomic_replace_at(int dirfd, const char *base, const char *shown, const void *data,
		      size_t len, mode_t mode, const struct was *was, char *err, size_t errlen)
{
	return replace_at(dirfd, base, shown, data, len, mode, was, 1, err, errlen);
}

int atomic_store_at(int dirfd, const char *base, const void *data, size_t len, char *err,
		    size_t errlen)
{
	return replace_at(dirfd, base, base, data, len, 0644, NULL, 0, err, errlen);
}

int atomic_replace(const char *path, const void *data, size_t len, mode_t mode,
		   const struct was *was, char *err, size_t errlen)
{
	char *rel = tree_rel(path);
	const char *base;
	int dirfd, rc;

	if (!rel || !*rel) {
		snprintf(err, errlen, "%s: outside the tree (%s); not written", path, tree_root());
		free(rel);
		return -1;
	}
	dirfd = tree_parent(rel, &base, err, errlen);
	if (dirfd < 0) {
		free(rel);
		return -1;
	}
	rc = replace_at(dirfd, base, path, data, len, mode, was, 1, err, errlen);
	close(dirfd);
	free(rel);
	return rc;
}

void remove_stray_temps(const char *rel)
{
	char err[512];
	const char *base;
	int dirfd = tree_parent(rel, &base, err, sizeof(err));
	char *prefix;
	DIR *d;
	struct dirent *e;

	if (dirfd < 0)
		return;
	prefix = xasprintf(".%s.lockptr-", base);
	d = fdopendir(dup(dirfd));

	/* A dup shares the offset of every earlier read of this directory. */
	if (d)
		rewinddir(d);
	while (d && (e = readdir(d))) {
		if (!strncmp(e->d_name, prefix, strlen(prefix)) &&
		    strlen(e->d_name) == strlen(prefix) + 6)
			unlinkat(dirfd, e->d_name, 0);
	}
	if (d)
		closedir(d);
	free(prefix);
	close(dirfd);
}

int tree_lock(char *err, size_t errlen)
{
	int dfd = state_dir(NULL, 1, err, errlen), fd;

	if (dfd < 0)
		return -1;
	fd = openat(dfd, "lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	close(dfd);
	if (fd < 0) {
		snprintf(err, errlen, "%s/.lockptr/lock: %s", tree_root(), strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		snprintf(err, errlen, "%s/.lockptr/lock: another lockptr run is "
			 "migrating this tree", tree_root());
		close(fd);
		return -1;
	}
	return 0; /* held until exit */
}
