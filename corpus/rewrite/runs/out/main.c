/* Four threads push into one queue, each through its own by-value copy
 * of it, bump a static and a heap counter, and register in a zeroed
 * static registry. Before the migration each copy locks a mutex of its
 * own: a data race (ThreadSanitizer reports it, and the totals may come
 * out short); after it every copy shares one lock. */
#include <stdio.h>
#include <stdlib.h>

#include "compat.h"
#include "queue.h"

static struct lockptr_pthread_mutex_box lockptr_total_lock = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
static struct counter total = { .lock = &lockptr_total_lock.lock, .value = 0 };
static struct lockptr_pthread_mutex_box lockptr_reg_guard;
static struct registry reg = {
	.guard = &lockptr_reg_guard.lock,
};
static struct lockptr_pthread_mutex_box lockptr_q_mu;
static struct lockptr_pthread_cond_box lockptr_q_ready;
static struct queue q = {
	.mu = &lockptr_q_mu.lock,
	.ready = &lockptr_q_ready.lock,
};

int queue_init(struct queue *qu, int *items)
{
	if ((lockptr_pthread_mutex_alloc(&qu->mu) ? lockptr_pthread_mutex_after_init(&qu->mu, q_mutex_init(qu->mu)) : lockptr_pthread_mutex_oom(ENOMEM)) != 0)
		return -1;
	if (lockptr_pthread_cond_alloc(&qu->ready))
		q_cond_init(qu->ready);
	qu->items = items;
	qu->n = 0;
	return 0;
}

void queue_fini(struct queue *qu)
{
	q_cond_fini(qu->ready);
	lockptr_pthread_cond_release(&qu->ready);
	if (lockptr_pthread_mutex_after_destroy(&qu->mu, q_mutex_destroy(qu->mu)) != 0)
		abort();
}

struct queue queue_snapshot(struct queue *qu)
{
	return *qu;
}

static struct counter *counter_new(void)
{
	struct counter *c = malloc(sizeof(*c));

	if (!c || lockptr_pthread_mutex_init(&c->lock, NULL) != 0)
		abort();
	c->value = 0;
	return c;
}

static void counter_free(struct counter *c)
{
	lockptr_pthread_mutex_destroy(&c->lock);
	free(c);
}

static void registry_init(struct registry *r)
{
	lockptr_pthread_mutex_init(&r->guard, NULL);
}

static struct counter *heap;

static void *worker(void *arg)
{
	struct queue *snap_p = arg, snap = *snap_p;
	int k;

	for (k = 0; k < 1000; k++) {
		pthread_mutex_lock(snap.mu);
		snap.items[q.n % 64]++;
		q.n++;
		pthread_cond_signal(snap.ready);
		pthread_mutex_unlock(snap.mu);
		pthread_mutex_lock(total.lock);
		total.value++;
		pthread_mutex_unlock(total.lock);
		pthread_mutex_lock(heap->lock);
		heap->value += 2;
		pthread_mutex_unlock(heap->lock);
	}
	pthread_mutex_lock(reg.guard);
	reg.entries++;
	pthread_mutex_unlock(reg.guard);
	return NULL;
}

int main(void)
{
	static int items[64];
	struct queue snaps[4];
	pthread_t t[4];
	int i;

	/* Before its init, the registry's lock is a zeroed one. */
	pthread_mutex_lock(reg.guard);
	reg.entries = 0;
	pthread_mutex_unlock(reg.guard);
	registry_init(&reg);
	if (queue_init(&q, items) != 0)
		return 1;
	heap = counter_new();
	/* Each worker gets a copy of the queue, made before it starts. */
	for (i = 0; i < 4; i++)
		snaps[i] = queue_snapshot(&q);
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, &snaps[i]);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("queue %d total %ld heap %ld registry %d\n", q.n, total.value, heap->value,
	       reg.entries);
	counter_free(heap);
	queue_fini(&q);
	return 0;
}
