/*
 * opaque.h: typedefs of structs and unions that a header only names
 * (`typedef struct lock_s lock;`, the struct being defined in a .c file).
 *
 * The scan reads a header with spatch only when it names a lock or a type
 * that headers define; such a header names neither, yet its typedef is how
 * the .c file and its users spell the type. opaque_facts() reads these
 * one-line typedefs from the text of a header and appends a fact {"k":
 * "typedef", "file", "line", "col", "name", "of": "struct TAG", "text":
 * true} for each. Every header is read, in every shard alike, so that
 * --shard runs and a single run see the same facts.
 */
#ifndef LOCKPTR_OPAQUE_H
#define LOCKPTR_OPAQUE_H

#include <jansson.h>
#include <stddef.h>

void opaque_facts(const char *path, const char *text, size_t len, json_t *facts);

#endif
