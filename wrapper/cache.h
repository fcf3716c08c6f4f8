/*
 * cache.h: facts of files already parsed, so that a scan of an unchanged
 * tree does not run spatch again.
 *
 * An entry is keyed by the SHA-256 (OpenSSL's libcrypto) of everything the
 * facts of a file depend on: the joined detection patch, the options that
 * change parsing (include directories, macros, macro file, lock types), the
 * contents of every header of the run (a header's types reach every file
 * that includes it) but lockptr's own helper headers (lockptr_*.h: they
 * define no type, and a file that includes one changed itself or
 * includes a header that changed), and the file's own path and contents. It lives in
 * .lockptr/cache/XX/KEY.json under the working directory, written to a
 * temporary file and renamed, so concurrent runs and interrupted writes
 * never leave a torn entry. An entry is checked as a whole before any of
 * it is used: one that is not a regular file of at most 64 MiB, does not
 * parse, or holds a fact or an incomplete entry that schema.h rejects
 * (an "incomplete" without a reason, say) is a miss, and the file is
 * parsed again.
 * Timeouts and spatch failures are never stored. Every function fails
 * silently: without a cache a run is slower, not wrong.
 */
#ifndef LOCKPTR_CACHE_H
#define LOCKPTR_CACHE_H

#include <jansson.h>

#include "util.h"

struct cache {
	int on;
	int readonly;
	unsigned char base[32];  /* digest of patch, options and headers */
};

void cache_init(struct cache *c, int on, const char *patch, const struct strvec *salt,
		char *const *headers, size_t nheaders);
/* The key of a file, as 64 hex digits plus NUL; 0, or -1 if unreadable. */
int cache_key(const struct cache *c, const char *path, char key[65]);
/* On a hit, appends the stored facts and incomplete entries; 1 hit, 0 miss. */
int cache_get(const struct cache *c, const char *key, json_t *facts, json_t *incomplete);
/* The check and the use of an entry's text, without I/O (for tests and
 * fuzzing): 1 and the facts appended if it is a valid entry, else 0 and
 * nothing appended. */
int cache_parse(const char *text, size_t len, json_t *facts, json_t *incomplete);
void cache_put(const struct cache *c, const char *key, json_t *facts, json_t *incomplete);

/* Any entry's text by its key (64 hex digits), with the care above: for
 * the other users of the directory (probecache.h). Read: 0, or -1. */
int cache_read_key(const char *key, struct buf *text);
void cache_write_key(const char *key, const char *text, size_t len);

#endif
