/* Units that must never be migrated, each with its reason, next to one
 * that may: a process-shared mutex (its attribute), a process-shared
 * semaphore, a struct placed in mmap'd memory, a lock never initialised
 * (it relies on zeroed memory). */
#include <pthread.h>
#include <semaphore.h>
#include <sys/mman.h>

struct shared_counter {
	pthread_mutex_t lock;
	long value;
};

struct ipc_queue {
	sem_t items;
	int head, tail;
};

struct ring {
	pthread_spinlock_t spin;
	int slots[16];
};

struct lazy {
	pthread_mutex_t mu;            /* never initialised */
	int state;
};

struct normal {
	pthread_mutex_t mu;            /* initialised: may be migrated */
	int state;
};

int counter_init(struct shared_counter *c)
{
	pthread_mutexattr_t attr;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
	return pthread_mutex_init(&c->lock, &attr);
}

int queue_init(struct ipc_queue *q)
{
	q->head = q->tail = 0;
	return sem_init(&q->items, 1, 0);
}

struct ring *ring_map(void)
{
	struct ring *r = mmap(0, sizeof(*r), PROT_READ | PROT_WRITE,
			      MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	pthread_spin_init(&r->spin, PTHREAD_PROCESS_SHARED);
	return r;
}

void lazy_use(struct lazy *l)
{
	pthread_mutex_lock(&l->mu);
	l->state++;
	pthread_mutex_unlock(&l->mu);
}

void normal_init(struct normal *n)
{
	pthread_mutex_init(&n->mu, NULL);
	n->state = 0;
}
