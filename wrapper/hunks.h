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
 * owns every hunk. marks (may be none) say where the rules found a
 * candidate's member, by line of old (from 1): in a hunk with the mark of
 * a candidate, the candidates with the same last name and no mark there
 * are not named (two types' `mutex` in one file). Lines added together
 * that name different candidates, one each, become a hunk each.
 *
 * hunks_mid() gives hunk j (lines without an owner, that name two
 * units) the lines as they are after the first of them, from mid: the
 * file as the units up to that first one make it. 0, or -1 when mid's
 * change there does not cover the same lines of old. hunks_chain() does
 * the same for a hunk that names more units, one step of its chain at a
 * time.
 *
 * hunks_apply() gives old with the hunks whose owner is <= upto applied
 * (a mid line when only its mid_owner is, a chain's text after the last
 * of its units <= upto): the file as a run of the units one at a time
 * has it after unit upto.
 */
#ifndef LOCKPTR_HUNKS_H
#define LOCKPTR_HUNKS_H

#include <stddef.h>

#include "util.h"

struct hunk {
	size_t old_at, old_n;  /* lines of old, from 0 */
	size_t new_at, new_n;  /* lines of new */
	long owner;            /* index of the unit, or -1 */
	/* Without an owner: the first and second unit the hunk names (or
	 * -1), and how many it names. */
	long first, second;
	size_t names;
	/* A line two units change in turn (cond_wait(&s->c, &s->m)): the
	 * line after the first (mid_owner) of them, the owner being the
	 * second; no data otherwise. */
	struct buf mid;
	long mid_owner;
	/* A change three or more units make in turn (the initializer of a
	 * static object whose type holds several of them): the units it
	 * names, in the group's order (named, nnamed, when names > 2), and
	 * the text after each but the last (chain, from hunks_chain()); the
	 * owner is the last once every one is known. */
	long *named;
	size_t nnamed;
	struct buf *chain;
};

struct hunk_mark {
	size_t line;  /* of old, from 1 */
	long id;      /* the candidate's index in the group */
};

struct hunks {
	struct hunk *v;
	size_t n;
};

int hunks_diff(const struct buf *old, const struct buf *new, struct hunks *out);
/* leaves[k] is candidate k's member's last name, ids[k] its index in the
 * group; boxes (or NULL) boxes[k] the names of the boxes lockptr gives
 * candidate k's own static objects (lockptr_OBJ_LEAF): such a word names
 * that candidate alone, not every member with that last name. Returns the
 * number of hunks without an owner. */
size_t hunks_owner(struct hunks *h, const struct buf *old, const struct buf *new,
		   const char *const *leaves, const struct strvec *boxes, const long *ids,
		   size_t ncand, const struct hunk_mark *marks, size_t nmarks);
int hunks_mid(struct hunks *h, size_t j, const struct buf *old, const struct buf *new,
	      const struct buf *mid);
/* The same for hunk j of a chain: mid is the file as the units up to its
 * unit upto make it. When the text after every unit of the chain but the
 * last is known, the last owns the hunk. 0, or -1 as hunks_mid(). */
int hunks_chain(struct hunks *h, size_t j, const struct buf *old, const struct buf *mid,
		long upto);
void hunks_apply(const struct hunks *h, const struct buf *old, const struct buf *new,
		 long upto, struct buf *out);
/* old with the hunks of the units in [from, to) applied, and no other:
 * the file as the pass of those units alone makes it (a group's part,
 * laid out from the pass of the group it came from). 0, or -1 when a
 * hunk's text for them is not known (an unowned change that names one of
 * them, or a line whose first unit is not among them but whose second is). */
int hunks_range(const struct hunks *h, const struct buf *old, const struct buf *new, long from,
		long to, struct buf *out);
void hunks_free(struct hunks *h);
/* Whether leaf (a member's last name) is a word of text[0, n), itself or
 * in a box lockptr names after it. */
int hunks_names(const char *text, size_t n, const char *leaf);

#endif
