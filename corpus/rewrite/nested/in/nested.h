/* Locks in nested structs: a tagged struct defined inside another (its
 * own type, struct inner), an anonymous struct member (outer.anon.rw), and
 * an anonymous union inside an untagged typedef'd struct (slot_t.u.mu). */
#ifndef NESTED_H
#define NESTED_H

#include <pthread.h>

struct outer {
	int id;
	struct inner {
		pthread_mutex_t m;
		int v;
	} in;
	struct {
		pthread_rwlock_t rw;
		long n;
	} anon;
};

typedef struct {
	int kind;
	union {
		pthread_mutex_t mu;
		char pad[64];
	} u;
} slot_t;

int outer_init(struct outer *o);
void outer_fini(struct outer *o);
long outer_get(struct outer *o);
int slot_init(slot_t *s);
int slot_fini(slot_t *s);

#endif
