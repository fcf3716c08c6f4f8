/*
 * atomic.h: replacing a file of the tree so that no reader and no crash
 * ever sees it half-written, and no edit made meanwhile is lost.
 *
 * atomic_replace() writes new contents to a temporary file created with
 * O_EXCL next to the target (reached through tree_parent(): never through
 * a symlink, never outside the tree), gives it the target's mode, owner
 * and group (mode for a new file), fsyncs it and renames it over the
 * target, but only if the target still holds the bytes the caller started
 * from (`was`; a new file must still not exist; NULL: no check). A target
 * that changed meanwhile is left as it is: the return is ATOMIC_CHANGED.
 * A symlink, a non-regular file or one with several hard links is never
 * replaced. With LOCKPTR_TEST_DELAY_MS=N it sleeps N ms between the
 * temporary file and the rename (for the fault tests).
 *
 * atomic_replace_at() is the same in a directory descriptor (the
 * journal's own files). file_read_at() reads a regular file of a
 * directory (of at most max bytes, 0: any) without following a symlink. remove_stray_temps() removes the temporary
 * files of a killed run next to a target.
 *
 * tree_lock() takes .lockptr/lock (flock) at the tree's top, so that two
 * runs on one tree never interleave, from whatever directory they start;
 * the kernel releases it when the process dies.
 * Functions return 0, or -1 with a reason in err.
 */
#ifndef LOCKPTR_ATOMIC_H
#define LOCKPTR_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

#define ATOMIC_CHANGED (-2)

/* What a target held when the caller read it. */
struct was {
	int exists;
	const char *data;
	size_t len;
};

int atomic_replace(const char *path, const void *data, size_t len, mode_t mode,
		   const struct was *was, char *err, size_t errlen);
int atomic_replace_at(int dirfd, const char *base, const char *shown, const void *data,
		      size_t len, mode_t mode, const struct was *was, char *err, size_t errlen);
/* The same without the test delay: lockptr's cache entries. */
int atomic_store_at(int dirfd, const char *base, const void *data, size_t len, char *err,
		    size_t errlen);
int file_read_at(int dirfd, const char *base, size_t max, struct buf *out);
void remove_stray_temps(const char *rel);
void test_delay(void);

int tree_lock(char *err, size_t errlen);

#endif
