/*
 * macros.h: macros that take a member's address.
 *
 * spatch does not rewrite macro bodies (and matches a typed rule in none),
 * so a lock member whose address a macro takes cannot be migrated safely.
 * macro_facts() reads the #define lines of a file (with their backslash
 * continuations) and appends a fact {"k": "macro_addr", "file", "line",
 * "col", "macro", "member"} for every "&" whose operand ends in "->m" or
 * ".m". It cannot tell which struct "m" belongs to: the model refuses every
 * unit whose member has that name, which is the safe way to be wrong.
 */
#ifndef LOCKPTR_MACROS_H
#define LOCKPTR_MACROS_H

#include <jansson.h>
#include <stddef.h>

void macro_facts(const char *path, const char *text, size_t len, json_t *facts);

#endif
