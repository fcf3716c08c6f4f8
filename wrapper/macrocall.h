/*
 * macrocall.h: by-value "arguments" that are a macro's, not a function's.
 *
 * spatch reads `RACECHK_IGNORE(t->slot[i]);` as a call, and reports the
 * object as a by-value argument; but a function-like macro copies only
 * what its body copies. macrocall_filter() drops an "arg" copy fact whose
 * call, read from the source line at the fact's place, names a
 * function-like macro that the scanned files define
 * (rescue_project_defines()), when that macro's
 * body never uses the parameter as a whole value: not at all (`do { }
 * while (0)`), or only behind '&', '.', '->', '[', '#', sizeof or typeof.
 * A parameter the body passes on, assigns or returns keeps the fact. A
 * macro defined several ways keeps it when any definition copies.
 */
#ifndef LOCKPTR_MACROCALL_H
#define LOCKPTR_MACROCALL_H

#include <jansson.h>

#include "scan.h"

/* Filters s->facts; the model is the caller's to build again. */
void macrocall_filter(struct scan *s);

/* For tests: whether parameter index i of the #define at text copies
 * its argument (1), does not (0), or text is no such macro (-1). */
int macrocall_copies(const char *define, size_t i);

#endif
