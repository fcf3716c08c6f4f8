/*
 * defs.h: one tag, several definitions.
 *
 * A struct or union tag (or a typedef name) may be defined differently in
 * several files: once per platform file (git's ipc-unix-socket.c and
 * ipc-win32.c), or in a header and again in a test program (fio's
 * struct thread_data). Each different definition is a type of its own: a
 * unit is one lock member of one definition, migrated only in the files
 * that see that definition, and copies count for the definition their
 * file sees. Identical definitions (the same members with the same types,
 * in the same order, in several files) are one definition.
 *
 * A file sees a definition when it is one of the definition's files, or
 * includes one (directly or through other headers, includes.h). A file
 * may see two (one per #if branch); it sees none when the graph cannot
 * tell (a header included with <...>).
 *
 * defs_find() is pure: model_build() calls it to group the def facts into
 * m->defs and to name each unit's definition (unit.def). defs_attribute()
 * then needs the include graph: it names the definition each copy's file
 * sees (copy_site.def, .sees), drops the copies of definitions that hold
 * no lock, and judges each unit's copied and refused from the copies and
 * facts of the files that see its definition. defs_resolve() builds that
 * graph over the scanned files (defs_resolve_facts(): over the files the
 * facts name, for merge) and calls it; it reads files only when some type
 * has several definitions.
 */
#ifndef LOCKPTR_DEFS_H
#define LOCKPTR_DEFS_H

#include <jansson.h>

#include "files.h"
#include "includes.h"
#include "model.h"
#include "options.h"

void defs_find(struct model *m, json_t *facts);
void defs_free(struct model *m);

/* The definitions of type in m->defs: *n of them from the one returned;
 * NULL and 0 for a type with one definition. The definition named name. */
const struct definition *defs_of(const struct model *m, const char *type, size_t *n);
const struct definition *defs_named(const struct model *m, const char *type,
				    const char *name);

/* How a file sees unit u's definition: the unit's type has one
 * definition or the file sees none of them (DEF_NONE), only u's
 * (DEF_THIS), only others (DEF_OTHER), or u's and another (DEF_BOTH). */
enum def_view { DEF_NONE, DEF_THIS, DEF_OTHER, DEF_BOTH };
enum def_view defs_view(const struct model *m, const struct includes *g,
			const struct unit *u, const char *file);

/* The facts of the files that see unit u's definition, or none of its
 * type's (a fact of a file that sees only another definition is that
 * definition's); a new array. */
json_t *defs_facts(const struct model *m, json_t *facts, const struct includes *g,
		   const struct unit *u);

/* Whether file defines type (a struct or union tag) again on a line after
 * from and before to (one definition per #if branch of one file). */
int defs_redefined_between(const char *file, const char *type, long from, long to);

void defs_attribute(struct model *m, json_t *facts, const struct options *o,
		    const struct includes *g);
void defs_resolve(struct model *m, json_t *facts, const struct options *o,
		  const struct filelist *files);
void defs_resolve_facts(struct model *m, json_t *facts, const struct options *o);

/* Whether copy c copies unit u's lock: c's type holds u's type and, when
 * that type has several definitions, c's file sees u's (or none). */
int defs_copies(const struct model *m, const struct copy_site *c, const struct unit *u);

/* Whether u and v are one definition's (both NULL for a type with one). */
int defs_same(const struct unit *u, const struct unit *v);

#endif
