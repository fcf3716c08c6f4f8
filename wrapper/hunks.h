/*
 * hunks.h: one file's change as hunks of lines, each given to the one
 * unit of a group that made it (group.h).
 *
 * hunks_diff() splits the change from old to new into hunks (diff(1),
 * run without a shell on two files of the run's temporary directory);
 * a hunk that replaces as many lines as it removes is split into one
 * hunk a line, so that neighbouring lines of two units stay apart.
 * Returns 0, or -1 when diff fails.
 *
 * hunks_owner() says which of the candidate units (those whose files
 * include this one) made each hunk: the one whose member's last name, or
 * a box lockptr names after it (lockptr_OBJ_LEAF), is a word of the
 * hunk's lines, removed or added. A hunk that names no candidate's
 * member, or several, has no owner (-1): the group cannot be laid out
 * one unit after the other and is split (before the second unit a hunk
 * names, when it names several: hunk.second). With one candidate, it
 * owns every hunk.
 *
 * hunks_apply() gives old with the hunks whose owner is <= upto applied:
 * the file as a run of the units one at a time has it after unit upto.
 */
#ifndef LOCKPTR_HUNKS_H
#define LOCKPTR_HUNKS_H

#include <stddef.h>

#include "util.h"

struct hunk {
	size_t old_at, old_n;  /* lines of old, from 0 */
	size_t new_at, new_n;  /* lines of new */
	long owner;            /* index of the unit, or -1 */
	long second;           /* without an owner: the second unit that
				* the hunk names, or -1 (it names none) */
};

struct hunks {
	struct hunk *v;
	size_t n;
};

int hunks_diff(const struct buf *old, const struct buf *new, struct hunks *out);
/* leaves[k] is candidate k's member's last name, ids[k] its index in the
 * group. Returns the number of hunks without an owner. */
size_t hunks_owner(struct hunks *h, const struct buf *old, const struct buf *new,
		   const char *const *leaves, const long *ids, size_t ncand);
void hunks_apply(const struct hunks *h, const struct buf *old, const struct buf *new,
		 long upto, struct buf *out);
void hunks_free(struct hunks *h);
/* Whether leaf (a member's last name) is a word of text[0, n), itself or
 * in a box lockptr names after it. */
int hunks_names(const char *text, size_t n, const char *leaf);

#endif
