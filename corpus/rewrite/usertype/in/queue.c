#include "queue.h"

int queue_open(struct queue *q, int *items)
{
	int rc;

	if ((rc = ulock_init(&q->lk, 1)) != 0)
		return rc;
	if (usem_init(&q->ready, 0) != 0) {
		ulock_destroy(&q->lk);
		return -1;
	}
	q->items = items;
	q->n = 0;
	return 0;
}

void queue_close(struct queue *q)
{
	usem_destroy(&q->ready);
	ulock_destroy(&q->lk);
}

int queue_push(struct queue *q, int v)
{
	struct counter c = { 0 };
	struct view w = { &q->lk };

	if (ulock_lock(w.lk) != 0)
		return -1;
	q->items[q->n++] = v;
	c.lk = q->n;
	return ulock_unlock(&q->lk) ? -1 : c.lk;
}

/* A copy: the snapshot gets a lock of its own. */
struct queue queue_snapshot(const struct queue *q)
{
	return *q;
}
