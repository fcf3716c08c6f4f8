#ifndef TABLE_H
#define TABLE_H
#include <pthread.h>
#include "vec.h"
#include "lockptr_locks.h"

struct entry {
	int key;
};

MAP_DECLARE(idx, int, struct entry *);

struct table {
	vec_t(struct entry) entries;
	struct idx_map by_key;
	pthread_mutex_t *lock;
};

int table_init(struct table *t);
void table_fini(struct table *t);
#endif
