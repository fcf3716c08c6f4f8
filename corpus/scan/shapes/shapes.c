#include "shapes.h"

static union slot slots[4] = {
	{ .m = PTHREAD_MUTEX_INITIALIZER },
};

void queue_init(queue_t *q)
{
	pthread_cond_init(&q->ready, NULL);
	pthread_spin_init(&q->inner.sl, 0);
	q->inner.n = 0;
}

void table_init(struct table *t)
{
	for (int i = 0; i < 8; i++)
		pthread_rwlock_init(&t->rows[i], NULL);
	pthread_mutex_init(&t->meta, NULL);
	t->nrows = 0;
}

union slot *slot_get(int i)
{
	return &slots[i];
}
