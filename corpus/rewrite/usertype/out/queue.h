#ifndef QUEUE_H
#define QUEUE_H

#include "ulock.h"
#include "lockptr_ulock_t.h"

struct queue {
	ulock_t *lk;
	usem_t ready;
	int *items; /* shared by every copy */
	int n;
};

/* Near misses: an int of the same name, and a member already a pointer. */
struct counter {
	int lk;
};

struct view {
	ulock_t *lk;
};

int queue_open(struct queue *q, int *items);
void queue_close(struct queue *q);
int queue_push(struct queue *q, int v);
struct queue queue_snapshot(const struct queue *q);

#endif
