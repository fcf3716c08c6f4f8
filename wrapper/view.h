/*
 * view.h: what spatch 1.1.1 reads instead of a file it would lose parts of.
 *
 * spatch 1.1.1 drops a whole struct body (and every fact in it) for a GNU
 * attribute with arguments on a member (`pthread_mutex_t lock
 * __attribute__((aligned(64)));`), for `_Alignas(64)` and for
 * `_Atomic(T)`; a macro file that defines `__attribute__` away does not
 * help. An identifier that the macro file defines as empty parses in every
 * place such an attribute stands. So the view of a file is its text with
 * each such attribute replaced by a placeholder identifier of the same
 * length (`_LPV3_______...`), unique in the run, `_Atomic(T)` by
 * `        T `, and an X-macro list alone on its line in a struct body
 * (`COUNTERS` between `#define X(f) long f;` and `#undef X`) and a block
 * comment on a #pragma line (after which spatch loses the #includes that
 * follow, and the types they declare) by blanks:
 * every line and column stay those of the file, so facts
 * need no mapping but their file name. Code spatch already parses is never
 * changed (an attribute without arguments, a preprocessor line other than
 * a #pragma's comment, a comment or string are left as they are).
 *
 * view_of() gives the view of a file for this run (made in the run's
 * private temporary directory with a macro file: the run's own, base,
 * followed by a "#define NAME" per placeholder), or NULL when spatch reads
 * the file as it is. It is made again when the file's bytes change.
 * view_find() gives the view last made for path, if any.
 *
 * view_restore() turns spatch's output for a view into bytes for the file:
 * each placeholder becomes its attribute again, each line spatch left as
 * it was becomes the file's line; a placeholder spatch dropped with a
 * declaration it rewrote (`pthread_mutex_t *lock;`) is put back where it
 * stood (before the ';', or before the type). It returns 0, or -1 with a
 * reason when it cannot tell where one goes: the rewrite must not lose it.
 *
 * A file that includes (with "...", next to it) a header with a view gets
 * a view too, a plain copy if it needs nothing else, in the same place
 * under the run's views/ directory, so that spatch reads the header's
 * view when it reads the file's includes for types.
 *
 * view_unmap() renames each view's file to the file's own path in facts
 * and incomplete entries (JSON arrays of objects with "file").
 */
#ifndef LOCKPTR_VIEW_H
#define LOCKPTR_VIEW_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

struct view;

const struct view *view_of(const char *path, const char *base_macros);
const struct view *view_find(const char *path);
const char *view_file(const struct view *v);
const char *view_macros(const struct view *v);

int view_restore(const struct view *v, struct buf *out, char **why);
void view_unmap(json_t *facts, json_t *incomplete);

/* For tests: the view of a text (1 if anything was replaced). */
int view_text(const char *text, size_t len, struct buf *out, struct strvec *names,
	      struct strvec *spellings);

#endif
