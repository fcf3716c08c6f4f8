#define _GNU_SOURCE
#include "journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "tree.h"

#define MANIFEST "manifest"
#define FORMAT 2  /* 1 was the tab-separated manifest of lockptr 0.x */

static void sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[32];
	unsigned int len = 0;

	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32)
		die(EXIT_USAGE, "SHA-256 failed (libcrypto)");
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int journal_dir(int make, char *err, size_t errlen)
{
	return state_dir("journal", make, err, errlen);
}

static void remove_backups(int jfd)
{
	DIR *d = fdopendir(dup(jfd));
	struct dirent *e;

	/* A dup shares the offset of every earlier read of this directory. */
	if (d)
		rewinddir(d);

	while (d && (e = readdir(d)))
		/* Backups, and temporary files of a run killed while it
		 * wrote one; unlinkat never follows a name out of here. */
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			unlinkat(jfd, e->d_name, 0);
	if (d)
		closedir(d);
}

/* The file's modification time, put back with its bytes by a rollback:
 * a run that keeps nothing leaves no file for make to rebuild. */
static void save_mtime(const char *path, json_t *e)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		json_object_set_new(e, "mtime", json_pack("[I, I]", (json_int_t)st.st_mtim.tv_sec,
							  (json_int_t)st.st_mtim.tv_nsec));
}

/* Sets base's modification time to entry e's "mtime", when it has a well
 * formed one (the manifest may be hostile: only a time is set, on a file
 * in the tree, never through a symbolic link). */
static void restore_mtime(int dirfd, const char *base, json_t *e)
{
	json_t *t = json_object_get(e, "mtime");
	json_int_t sec = json_integer_value(json_array_get(t, 0));
	json_int_t nsec = json_integer_value(json_array_get(t, 1));
	struct timespec times[2] = { { 0, UTIME_OMIT }, { (time_t)sec, (long)nsec } };

	if (json_array_size(t) != 2 || !json_is_integer(json_array_get(t, 0)) ||
	    !json_is_integer(json_array_get(t, 1)) || nsec < 0 || nsec >= 1000000000)
		return;
	(void)utimensat(dirfd, base, times, AT_SYMLINK_NOFOLLOW);
}

int journal_begin(const struct jfile *files, size_t n, char *err, size_t errlen)
{
	json_t *man = json_object(), *list = json_array();
	char *text;
	int jfd = journal_dir(1, err, errlen), rc = 0;

	if (jfd < 0) {
		json_decref(man);
		json_decref(list);
		return -1;
	}
	remove_backups(jfd);
	json_object_set_new(man, "lockptr_journal", json_integer(FORMAT));
	json_object_set_new(man, "tree", json_string(tree_root()));
	for (size_t i = 0; i < n && rc == 0; i++) {
		char *rel = tree_rel(files[i].path), sha[65], nsha[65];
		json_t *e = json_object();

		if (!rel || !*rel) {
			snprintf(err, errlen, "%s: outside the tree", files[i].path);
			rc = -1;
		} else if (files[i].orig) {
			char *bak = xasprintf("%zu.orig", i);

			rc = atomic_replace_at(jfd, bak, bak, files[i].orig->data ? files[i].orig->data : "",
					       files[i].orig->len, 0600, NULL, err, errlen);
			sha256_hex(files[i].orig->data ? files[i].orig->data : "", files[i].orig->len, sha);
			json_object_set_new(e, "orig", json_string(sha));
			free(bak);
			save_mtime(files[i].path, e);
		}
		sha256_hex(files[i].data ? files[i].data : "", files[i].len, nsha);
		json_object_set_new(e, "path", json_string(rel ? rel : ""));
		json_object_set_new(e, "existed", json_boolean(files[i].orig != NULL));
		json_object_set_new(e, "new", json_string(nsha));
		json_array_append_new(list, e);
		free(rel);
	}
	json_object_set_new(man, "files", list);
	/* The manifest is written last and atomically: if it exists, every
	 * backup it names is complete. */
	text = json_dumps(man, JSON_INDENT(1));
	if (rc == 0)
		rc = atomic_replace_at(jfd, MANIFEST, "journal manifest", text, strlen(text), 0600,
				       NULL, err, errlen);
	free(text);
	json_decref(man);
	close(jfd);
	return rc;
}

static int hex64(json_t *v)
{
	const char *s = json_string_value(v);

	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* Every entry well formed and every backup matching its checksum;
 * backups[i] gets entry i's original bytes. NULL, or why not. */
static char *check_manifest(int jfd, json_t *man, struct buf *backups)
{
	json_t *files = json_object_get(man, "files"), *e;
	size_t i;

	if (!json_is_object(man) ||
	    json_integer_value(json_object_get(man, "lockptr_journal")) != FORMAT ||
	    !json_is_array(files))
		return xstrdup("it is not a journal of this lockptr");
	if (!json_string_value(json_object_get(man, "tree")) ||
	    strcmp(json_string_value(json_object_get(man, "tree")), tree_root()))
		return xasprintf("it was written for another tree (%s)",
				 json_string_value(json_object_get(man, "tree")) ?
				 json_string_value(json_object_get(man, "tree")) : "none named");
	json_array_foreach(files, i, e) {
		const char *path = json_string_value(json_object_get(e, "path"));
		int existed = json_is_true(json_object_get(e, "existed"));
		char *bak, sha[65];

		if (!path || !tree_plain_rel(path) || !json_is_boolean(json_object_get(e, "existed")) ||
		    !hex64(json_object_get(e, "new")) ||
		    (existed && !hex64(json_object_get(e, "orig"))))
			return xasprintf("entry %zu is not a plain path inside the tree with its "
					 "checksums", i);
		if (!existed)
			continue;
		bak = xasprintf("%zu.orig", i);
		if (file_read_at(jfd, bak, 0, &backups[i]) < 0) {
			char *why = xasprintf("the backup %s is missing or not a file", bak);

			free(bak);
			return why;
		}
		free(bak);
		sha256_hex(backups[i].data ? backups[i].data : "", backups[i].len, sha);
		if (strcmp(sha, json_string_value(json_object_get(e, "orig"))))
			return xasprintf("the backup of %s does not match its checksum", path);
	}
	return NULL;
}

/* Puts one entry back: see journal.h. 1 if the file holds someone
 * else's bytes (left as it is). */
static int restore_one(json_t *e, const struct buf *orig, char *err, size_t errlen)
{
	const char *rel = json_string_value(json_object_get(e, "path"));
	int existed = json_is_true(json_object_get(e, "existed"));
	struct buf now = { 0 };
	const char *base;
	char sha[65];
	int dirfd = tree_parent(rel, &base, err, errlen), rc = 0;

	if (dirfd < 0)
		return -1;
	if (file_read_at(dirfd, base, 0, &now) < 0) {
		/* A file lockptr was to make and never made is as it was. */
		rc = errno == ENOENT && !existed ? 0 : 1;
	} else {
		sha256_hex(now.data ? now.data : "", now.len, sha);
		if (existed && !strcmp(sha, json_string_value(json_object_get(e, "orig"))))
			rc = 0;
		else if (strcmp(sha, json_string_value(json_object_get(e, "new"))))
			rc = 1;
		else if (!existed)
			rc = unlinkat(dirfd, base, 0) < 0 ? -1 : 0;
		else {
			struct was w = { 1, now.data, now.len };

			rc = atomic_replace_at(dirfd, base, rel, orig->data ? orig->data : "",
					       orig->len, 0644, &w, err, errlen);
			rc = rc == ATOMIC_CHANGED ? 1 : rc;
			if (rc == 0)
				restore_mtime(dirfd, base, e);
		}
		if (rc < 0 && !*err)
			snprintf(err, errlen, "%s: %s", rel, strerror(errno));
	}
	buf_free(&now);
	close(dirfd);
	remove_stray_temps(rel);
	return rc;
}

static int restore(int jfd, struct strvec *changed, int recovering, char *err, size_t errlen)
{
	struct buf text = { 0 }, *backups;
	json_t *man, *e;
	char *why;
	size_t i, n;
	int rc = 0;

	if (file_read_at(jfd, MANIFEST, 0, &text) < 0) {
		buf_free(&text);
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "%s/.lockptr/journal/" MANIFEST ": %s", tree_root(),
			 strerror(errno));
		return -1;
	}
	man = json_loadb(text.data ? text.data : "", text.len, 0, NULL);
	buf_free(&text);
	n = json_array_size(json_object_get(man, "files"));
	backups = xcalloc(n + 1, sizeof(*backups));
	why = man ? check_manifest(jfd, man, backups) : xstrdup("it is not JSON");
	if (why) {
		snprintf(err, errlen, "%s/.lockptr/journal/" MANIFEST ": %s; nothing was "
			 "restored. %s", tree_root(), why, recovering ?
			 "If no lockptr run was interrupted in this tree, remove "
			 ".lockptr/journal and run again" : "");
		free(why);
		rc = -1;
	}
	json_array_foreach(json_object_get(man, "files"), i, e) {
		int one;

		if (rc < 0)
			break;
		one = restore_one(e, &backups[i], err, errlen);
		if (one < 0)
			rc = -1;
		else if (one > 0)
			strvec_push(changed, json_string_value(json_object_get(e, "path")));
	}
	for (i = 0; i < n; i++)
		buf_free(&backups[i]);
	free(backups);
	json_decref(man);
	return rc;
}

static void commit(int jfd)
{
	/* Removing the manifest first is the commit; the backups are then
	 * only garbage. */
	unlinkat(jfd, MANIFEST, 0);
	fsync(jfd);
	remove_backups(jfd);
}

int journal_restore(struct strvec *changed, char *err, size_t errlen)
{
	int jfd = journal_dir(0, err, errlen), rc;

	if (jfd < 0)
		return -1;
	rc = restore(jfd, changed, 0, err, errlen);
	if (rc == 0)
		commit(jfd);
	close(jfd);
	return rc;
}

void journal_commit(void)
{
	char err[512];
	int jfd = journal_dir(0, err, sizeof(err));

	if (jfd >= 0) {
		commit(jfd);
		close(jfd);
	}
}

int journal_recover(struct strvec *changed, char *err, size_t errlen)
{
	struct stat st;
	int jfd = journal_dir(1, err, errlen), rc;

	if (jfd < 0)
		return -1;
	if (fstatat(jfd, MANIFEST, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		remove_backups(jfd);
		close(jfd);
		return 0;
	}
	rc = restore(jfd, changed, 1, err, errlen);
	if (rc == 0) {
		commit(jfd);
		rc = 1;
	}
	close(jfd);
	return rc;
}
