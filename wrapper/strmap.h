/*
 * strmap.h: a map from strings to pointers, and a set of strings, that
 * remember the order in which their keys were first added.
 *
 * The order is part of the contract: iterating a map (strmap_foreach)
 * visits the entries in the order their keys were first put, and putting
 * a key again replaces its value where it stands. Output that comes from
 * a map (the spellings of a type, the conflicts) is therefore as stable
 * as the facts it was built from.
 *
 * Keys are copied (a NULL key is in no map: looking it up finds nothing); values are the caller's (strmap_clear() takes a
 * function to free them, or NULL). Lookups are by hash: a table of
 * indexes into the ordered entries, twice as large as the entries at
 * least. Nothing is ever removed but all at once.
 */
#ifndef LOCKPTR_STRMAP_H
#define LOCKPTR_STRMAP_H

#include <stddef.h>

struct strmap_entry {
	char *key;
	void *value;
};

struct strmap {
	struct strmap_entry *v;  /* in the order keys were first put */
	size_t n, cap;
	size_t *slot;            /* index + 1 into v; 0 is empty */
	size_t nslot;
};

/* An empty map has no array: e starts NULL and the loop never runs. */
#define strmap_foreach(m, e) for ((e) = (m)->v; (e) && (e) < (m)->v + (m)->n; (e)++)

void *strmap_get(const struct strmap *m, const char *key);
int strmap_has(const struct strmap *m, const char *key);
/* Sets key's value; returns the value it replaces, or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *value);
void strmap_clear(struct strmap *m, void (*free_value)(void *));

/* A set is a map whose values do not matter. */
struct strset {
	struct strmap m;
};

#define strset_foreach(s, e) strmap_foreach(&(s)->m, e)

/* 1 if key was not in the set yet. */
int strset_add(struct strset *s, const char *key);
int strset_has(const struct strset *s, const char *key);
void strset_clear(struct strset *s);

#endif
