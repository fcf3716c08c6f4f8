/*
 * marks.h: where each member of a group is in one of its files, for
 * hunks_owner() to tell apart the changes of members with the same name.
 *
 * marks_collect() gives the lines of path (from 1) that belong to each
 * member k of mm[0..n): where the pass's "at" facts (at: facts of any
 * file; cocci/rewrite/15-probe) found it, the line of its declaration,
 * and each line of the definition in text (path's bytes before the pass)
 * of a macro whose body its rules change (mm[k].macros). A fact naming
 * no member, or two (the same type and member twice), marks nothing.
 * Returns the marks (the caller frees them), their number in *count.
 */
#ifndef LOCKPTR_MARKS_H
#define LOCKPTR_MARKS_H

#include <jansson.h>

#include "hunks.h"
#include "util.h"

struct mark_member {
	const char *type, *member;
	const char *decl_file;  /* where its declaration is, and the line */
	long long decl_line;
	const struct strvec *macros;
};

struct hunk_mark *marks_collect(json_t *at, const char *path, const struct buf *text,
				const struct mark_member *mm, size_t n, size_t *count);

#endif
