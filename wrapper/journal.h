/*
 * journal.h: a unit's writes, all or nothing, across crashes and kills,
 * and never over a user's edit.
 *
 * The journal lives in .lockptr/journal at the tree's top (state_dir()):
 *   journal_begin()   saves the bytes each file of the unit started from
 *                     (N.orig), then writes the manifest: JSON naming the
 *                     tree, and per file its tree-relative path, whether
 *                     it existed, and the SHA-256 of its original and of
 *                     what the unit writes. From then on a crash is undone
 *                     by journal_recover().
 *   journal_restore() puts each original back (with its modification
 *                     time, so that a run that keeps nothing makes make
 *                     rebuild nothing), but only over the bytes the unit
 *                     wrote (a file still as it was needs
 *                     nothing); a file holding anything else was edited
 *                     by someone while lockptr ran: it is left as it is
 *                     and its path goes to *changed
 *   journal_commit()  drops the journal: the unit's writes are kept
 *   journal_recover() at start-up: if a manifest is there, an earlier run
 *                     died in the middle of a unit; restore it (1)
 * The manifest is lockptr's own data and hostile until proven otherwise
 * (a repository or tarball can ship one): it must parse, name this tree,
 * give plain paths inside it, and every backup must match its checksum,
 * or nothing is restored and journal_recover() fails with a reason that
 * tells the user what to do. Paths never share a line with anything, so
 * a file name cannot forge an entry.
 * Functions return 0 (journal_recover: 0 or 1), or -1 with a reason in err.
 */
#ifndef LOCKPTR_JOURNAL_H
#define LOCKPTR_JOURNAL_H

#include <stddef.h>

#include "util.h"

struct jfile {
	const char *path;        /* as the run spells it */
	const struct buf *orig;  /* the bytes the unit started from; NULL: new */
	const void *data;        /* what the unit writes */
	size_t len;
};

int journal_begin(const struct jfile *files, size_t n, char *err, size_t errlen);
int journal_restore(struct strvec *changed, char *err, size_t errlen);
void journal_commit(void);
int journal_recover(struct strvec *changed, char *err, size_t errlen);

#endif
