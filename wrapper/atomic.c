#define _GNU_SOURCE
#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define JDIR ".lockptr/journal"
#define MANIFEST JDIR "/manifest"

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

static int fsync_dir(const char *path)
{
	char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path ? slash - path : 1)) : xstrdup(".");
	int fd = open(dir ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	if (fd >= 0) {
		rc = fsync(fd);
		close(fd);
	}
	free(dir);
	return rc;
}

int atomic_write(const char *path, const void *data, size_t len, mode_t mode,
		 char *err, size_t errlen)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	char *tmp;
	int fd;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		snprintf(err, errlen, "%s: is a symbolic link; not written", path);
		return -1;
	}
	tmp = slash ? xasprintf("%.*s/.%s.lockptr-XXXXXX", (int)(slash - path), path, slash + 1)
		    : xasprintf(".%s.lockptr-XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create a temporary file: %s", path,
			 strerror(errno));
		free(tmp);
		return -1;
	}
	if (write_all(fd, data, len) < 0 || fchmod(fd, mode & 07777) < 0 ||
	    fsync(fd) < 0 || close(fd) < 0) {
		snprintf(err, errlen, "%s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	test_delay();
	if (rename(tmp, path) < 0) {
		snprintf(err, errlen, "%s: cannot replace: %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	fsync_dir(path);
	return 0;
}

void make_state_dir(void)
{
	int fd;

	if (mkdir(".lockptr", 0755) < 0)
		return;
	fd = open(".lockptr/.gitignore", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd >= 0) {
		write_all(fd, "*\n", 2);
		close(fd);
	}
}

int tree_lock(char *err, size_t errlen)
{
	int fd;

	make_state_dir();
	fd = open(".lockptr/lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		snprintf(err, errlen, ".lockptr/lock: %s", strerror(errno));
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		snprintf(err, errlen, ".lockptr/lock: another lockptr run is "
			 "migrating this tree");
		close(fd);
		return -1;
	}
	return 0; /* held until exit */
}

static int copy_to(const char *from, const char *to, char *err, size_t errlen)
{
	struct buf b = { 0 };
	struct stat st;
	int rc;

	if (read_file(from, &b) < 0 || stat(from, &st) < 0) {
		snprintf(err, errlen, "%s: %s", from, strerror(errno));
		buf_free(&b);
		return -1;
	}
	rc = atomic_write(to, b.data, b.len, st.st_mode, err, errlen);
	buf_free(&b);
	return rc;
}

int journal_begin(char *const *paths, size_t n, char *err, size_t errlen)
{
	struct buf man = { 0 };
	int rc;

	make_state_dir();
	mkdir(JDIR, 0755);
	for (size_t i = 0; i < n; i++) {
		struct stat st;

		if (lstat(paths[i], &st) == 0) {
			char *bak = xasprintf(JDIR "/%zu.orig", i);

			rc = copy_to(paths[i], bak, err, errlen);
			free(bak);
			if (rc < 0)
				return -1;
			buf_printf(&man, "%zu\tkeep\t%s\n", i, paths[i]);
		} else {
			buf_printf(&man, "%zu\tnew\t%s\n", i, paths[i]);
		}
	}
	/* The manifest is written last and atomically: if it exists, every
	 * backup it names is complete. */
	rc = atomic_write(MANIFEST, man.data ? man.data : "", man.len, 0644, err, errlen);
	buf_free(&man);
	return rc;
}

static void remove_backups(void)
{
	DIR *d = opendir(JDIR);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		/* Backups, and temporary files of a run killed while it
		 * wrote one. */
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			char *p = xasprintf(JDIR "/%s", e->d_name);

			unlink(p);
			free(p);
		}
	}
	closedir(d);
}

/* Temporary files of ours that a killed run left next to a target. */
static void remove_stray_temps(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path)) : xstrdup(".");
	char *prefix = xasprintf(".%s.lockptr-", slash ? slash + 1 : path);
	DIR *d = opendir(dir ? dir : ".");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (!strncmp(e->d_name, prefix, strlen(prefix)) &&
		    strlen(e->d_name) == strlen(prefix) + 6) {
			char *p = xasprintf("%s/%s", dir, e->d_name);

			unlink(p);
			free(p);
		}
	}
	if (d)
		closedir(d);
	free(prefix);
	free(dir);
}

int journal_restore(char *err, size_t errlen)
{
	struct buf man = { 0 };
	const char *p;
	int rc = 0;

	if (read_file(MANIFEST, &man) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, MANIFEST ": %s", strerror(errno));
		return -1;
	}
	for (p = man.data; p && *p;) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n);
		char *t1 = line ? strchr(line, '\t') : NULL;
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

		if (t2) {
			const char *path = t2 + 1;

			*t2 = '\0';
			if (!strcmp(t1 + 1, "new")) {
				if (unlink(path) < 0 && errno != ENOENT)
					rc = -1;
			} else {
				char *bak = xasprintf(JDIR "/%.*s.orig", (int)(t1 - line), line);
				struct stat st;

				/* A symlink was never written through: nothing to
				 * put back. */
				if (!(lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) &&
				    copy_to(bak, path, err, errlen) < 0)
					rc = -1;
				free(bak);
			}
			remove_stray_temps(path);
		}
		free(line);
		p += n + (p[n] == '\n');
	}
	buf_free(&man);
	if (rc == 0)
		journal_commit();
	return rc;
}

void journal_commit(void)
{
	/* Removing the manifest first is the commit; the backups are then
	 * only garbage. */
	unlink(MANIFEST);
	fsync_dir(MANIFEST);
	remove_backups();
}

int journal_recover(char *err, size_t errlen)
{
	struct stat st;

	if (stat(MANIFEST, &st) < 0) {
		remove_backups();
		return 0;
	}
	if (journal_restore(err, errlen) < 0)
		return -1;
	return 1;
}
