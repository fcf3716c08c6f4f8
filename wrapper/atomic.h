/*
 * atomic.h: replacing files so that no reader and no crash ever sees a
 * half-written one, and a journal that makes a unit's writes all or nothing.
 *
 * atomic_write() writes new contents to a temporary file created with
 * O_EXCL next to the target (same directory, so rename is atomic), gives it
 * the target's mode, fsyncs it and renames it over the target. It refuses a
 * target that is a symlink. With LOCKPTR_TEST_DELAY_MS=N it sleeps N ms
 * between the temporary file and the rename (for the fault tests).
 *
 * The journal lives in .lockptr/journal under the tree being migrated:
 *   journal_begin()   copies the original bytes of every file a unit will
 *                     touch (or notes that it does not exist yet), then
 *                     writes the manifest; from then on a crash is undone
 *                     by journal_recover()
 *   journal_restore() puts every original back (and removes created files)
 *   journal_commit()  drops the journal: the unit's writes are kept
 *   journal_recover() at start-up: if a manifest is there, an earlier run
 *                     died in the middle of a unit; restore it
 * tree_lock() takes .lockptr/lock (flock), so that two runs on one tree
 * never interleave; the kernel releases it when the process dies.
 * Functions return 0, or -1 with a reason in err.
 */
#ifndef LOCKPTR_ATOMIC_H
#define LOCKPTR_ATOMIC_H

#include <stddef.h>
#include <sys/types.h>

int atomic_write(const char *path, const void *data, size_t len, mode_t mode,
		 char *err, size_t errlen);
void test_delay(void);

/* Makes .lockptr/ (run state: journal, cache) with a .gitignore of "*",
 * so that it never shows in git status. */
void make_state_dir(void);

int tree_lock(char *err, size_t errlen);
int journal_begin(char *const *paths, size_t n, char *err, size_t errlen);
int journal_restore(char *err, size_t errlen);
void journal_commit(void);
/* 1 if an interrupted unit was restored, 0 if there was none, -1 on error. */
int journal_recover(char *err, size_t errlen);

#endif
