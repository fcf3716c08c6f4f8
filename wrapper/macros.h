/*
 * macros.h: macros that take a member's address, and macros that name a type.
 *
 * Typed rules match in no macro body, so a macro that takes a lock
 * member's address needs a rule of its own (35-macro-body-macro), and is
 * safe only where it hands the address to a lock call. macro_facts()
 * reads the #define lines of a file (with their backslash continuations)
 * and appends a fact {"k": "macro_addr", "file", "line", "col", "macro",
 * "member", "path", "callee"} for every "&" whose operand ends in "->m" or
 * ".m"; path lists the member names met on the way (a->b.c.m: ["b", "c",
 * "m"]); callee is the function the address is an argument of, absent
 * when it is none. Types are not known inside a macro: the model takes the
 * struct from the member before m when that names a member it knows, and
 * otherwise concerns every unit whose member is named m.
 *
 * It also appends {"k": "typedef", "name", "of", "macro": true} for an
 * object-like macro whose body spells a type (`#define my_mutex_t
 * pthread_mutex_t`): such a macro is a typedef to the model.
 *
 * And the facts of a lock wrapper macro, which wrappers.cocci prints for
 * functions (typed rules do not match in macro bodies): for a
 * function-like macro that hands its first parameter on as the first
 * argument of a call, {"k": "wcall", "func": macro, "fn": callee,
 * "ptype": null, "ret": "void" for a do/while or braced body else "",
 * "macro": true} with {"k": "init_arg", "arg"} (the call's second
 * argument) at the same place, and {"k": "wret", "var": null} when the
 * body is that call alone; "pshared" and "recursive" facts for attribute
 * calls in the body. "line" is the #define's, "col" the callee's offset
 * from the parameter list: a key that ties these facts together. The
 * model decides which callees make the macro a wrapper.
 */
#ifndef LOCKPTR_MACROS_H
#define LOCKPTR_MACROS_H

#include <jansson.h>
#include <stddef.h>

#include "util.h"

void macro_facts(const char *path, const char *text, size_t len, json_t *facts);

/* The name of the macro whose body (a continuation line of its #define)
 * holds line, or NULL. */
char *macro_around(const char *text, size_t len, long line);

/* Drops the '&' of each &E->leaf and &(E->leaf) in the bodies of macro's
 * #defines in text (the lock is now a pointer): for bodies spatch cannot
 * parse (a `goto` in a do/while), which 35-macro-body-macro leaves as
 * they are. The number of addresses dropped. */
int macro_unaddress(struct buf *text, const char *macro, const char *leaf);

#endif
