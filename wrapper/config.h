/*
 * config.h: which lines of the tree the build compiles.
 *
 * spatch reads every #if branch of a file; the compiler sees one branch per
 * compile entry. With a compilation database, config_filter() keeps only
 * the facts on lines that some entry compiles (DESIGN.md: a fact holds for
 * the configurations that compile its line).
 *
 * How: each entry's file is preprocessed (`cc -E` with the entry's flags,
 * so includes resolve as the compiler resolves them), and the line markers
 * of the output (# N "file") tell which lines of which file came out with
 * tokens. A line counts by its group: the lines between two conditional
 * directives (#if ... #else ... #endif) are compiled together or not at
 * all, so a line with no token of its own in the output (the second line
 * of a macro call, a comment) is judged by its neighbours. A group of
 * directives only (#define X ... in each branch) gives no token to judge
 * by: it counts as compiled wherever its file is reached.
 *
 * A copy of a type is a lock copy only in the configurations that compile
 * the copy and a lock member the type holds: config_filter_copies().
 *
 * Nothing is dropped on a guess: a file whose every entry failed to
 * preprocess keeps all its facts, and so does a header that no entry
 * reached when some entry failed (a .c file that is no entry's own and
 * that no entry reached is outside the build all the same). A file no entry reaches when all of them
 * preprocessed is outside the build: its facts go, and its path is added
 * to not_built (a JSON array of strings). A line a failing entry might
 * compile is judged by the entries that did not fail.
 */
#ifndef LOCKPTR_CONFIG_H
#define LOCKPTR_CONFIG_H

#include <jansson.h>

#include "compdb.h"
#include "files.h"
#include "options.h"

struct config;

struct config *config_probe(const struct compdb *db, const struct options *o,
			    const struct filelist *files);
void config_free(struct config *c);

/* Whether files->v[i] is a .c file outside the build: no entry's own,
 * and no entry's preprocessor reached it. Its facts would all be dropped
 * (config_filter_lines()), so the scan does not parse it. */
int config_unbuilt(const struct config *c, size_t i);

/* Drops facts on lines no entry compiles; names unbuilt files. */
void config_filter_lines(const struct config *c, json_t *facts, json_t *not_built);

/* Drops copy facts of a type that holds locks, where no entry compiles
 * both the copy and one of those lock members (the lock is under an #if
 * that the copy's configurations leave out), and member and copy facts
 * spelled with a typedef or macro alias that every configuration compiling
 * them defines as a pointer. m: the model of facts. */
struct model;
void config_filter_copies(const struct config *c, const struct model *m, json_t *facts);

/* 1 if some entry compiles both lines, or if no entry can tell. */
int config_together(const struct config *c, const char *file1, long line1,
		    const char *file2, long line2);

/* The group of each line 1..nlines of a text (seg[line]): a conditional
 * directive ends a group and starts the next. code (NULL, or a bit per
 * group, zeroed, room for nlines + 1 groups) gets the groups that hold a
 * token other than a directive's. Returns the number of groups. */
size_t config_segments(const char *text, size_t len, unsigned *seg, size_t nlines,
		       unsigned char *code);

#endif
