/*
 * schema.h: what a fact and an "incomplete" entry must look like before the
 * rest of lockptr reads them.
 *
 * Facts reach lockptr from outside its control: spatch's output (printed
 * by our python rules, but through a program and a pipe that can fail or
 * differ), the cache in .lockptr/cache (any process may write there, a
 * full disk may truncate it) and the facts files given to `lockptr merge`.
 * model.c, migrate.c and the reports read fields without checking them, so
 * every fact and entry must pass these checks where it enters the program:
 * a bad one from spatch or a merge file is an internal error naming the
 * file (exit 2); a bad cache entry is a miss.
 *
 * A fact is a JSON object with
 *   "k"     a string naming one of the kinds of schema.c's table (one per
 *           emitting rule of the patches in cocci/detect, macros.c and opaque.c),
 *   "file"  a non-empty string,
 *   "line", "col"  integers from 0 to INT_MAX,
 *   "func"  a string, optional,
 * plus the fields of its kind, each of a fixed JSON type (string, integer,
 * boolean, string or null, array of strings), required or optional.
 * Fields that the table does not list are allowed and ignored: a newer
 * patch may print more. An unknown kind is an error: its fields are not
 * known, and the model would silently drop it.
 *
 * An incomplete entry is an object with a non-empty string "file" and a
 * string "reason".
 *
 * The functions are pure (no I/O, no exit). They return 0 when the value
 * conforms, else -1 with a one-line reason in why (the field and what was
 * expected, e.g. `"member" fact without "type" (a string)`; for the array
 * forms prefixed with the array's name and the index from 0:
 * `facts[3]: ...`, `incomplete[0]: entry without "reason" (a string)`).
 * why may be NULL.
 */
#ifndef LOCKPTR_SCHEMA_H
#define LOCKPTR_SCHEMA_H

#include <jansson.h>
#include <stddef.h>

int schema_fact(json_t *fact, char *why, size_t whylen);
int schema_incomplete(json_t *entry, char *why, size_t whylen);

/* Every element of an array; -1 if arr is not an array. */
int schema_facts(json_t *arr, char *why, size_t whylen);
int schema_incompletes(json_t *arr, char *why, size_t whylen);

#endif
