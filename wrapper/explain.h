/*
 * explain.h: lockptr explain TYPE.MEMBER [PATH...], everything lockptr
 * knows of one unit, for the person who decides what to do with it.
 *
 * For each definition of the unit (a tag defined differently in several
 * files has one unit each), on stdout: where it is declared, the types
 * that hold it, every init, destroy and static initializer (a call
 * through a lock wrapper names the wrapper), the facts that decide a
 * refusal (process-shared attributes, shared memory, macros that take
 * the member's address, zeroed static objects), every copy site, then
 * the decision the way diff and apply take it (kept, refused with the
 * reason, or migratable: the files the rewrite would read and change,
 * where the helper header goes, the translation units verification
 * would compile) and the next step. It writes nothing, not even the fact
 * cache, and runs no rewrite: diff shows the migration itself.
 *
 * explain_subject() takes the unit's name from the first operand into
 * o->subject; -1 with o->error set when there is none or it is no
 * TYPE.MEMBER. cmd_explain() exits 0 when the unit was explained, 2 when
 * no unit has that name (the message lists those of the same type or
 * member), 3 when a file could not be scanned in full.
 */
#ifndef LOCKPTR_EXPLAIN_H
#define LOCKPTR_EXPLAIN_H

#include "options.h"

int explain_subject(struct options *o);
int cmd_explain(const struct options *o);

#endif
