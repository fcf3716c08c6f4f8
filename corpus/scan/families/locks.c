/* One lock member of every built-in family, each initialised, plus near
 * misses that are not lock members: an int named lock, a pointer to a
 * lock, a function that takes the struct by pointer. */
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>

struct all_locks {
	pthread_mutex_t mutex;
	pthread_rwlock_t rw;
	pthread_spinlock_t spin;
	pthread_cond_t cond;
	pthread_barrier_t barrier;
	mtx_t cmtx;
	cnd_t ccnd;
	sem_t sem;
};

struct near_miss {
	int lock;
	pthread_mutex_t *already;
	const char *name;
};

int all_locks_init(struct all_locks *l)
{
	if (pthread_mutex_init(&l->mutex, NULL) != 0)
		return -1;
	pthread_rwlock_init(&l->rw, NULL);
	pthread_spin_init(&l->spin, PTHREAD_PROCESS_PRIVATE);
	pthread_cond_init(&l->cond, NULL);
	pthread_barrier_init(&l->barrier, NULL, 2);
	mtx_init(&l->cmtx, mtx_plain);
	cnd_init(&l->ccnd);
	return sem_init(&l->sem, 0, 1);
}

void use(struct near_miss *n, struct all_locks *l)
{
	n->lock = 1;
	pthread_mutex_lock(n->already);
	pthread_mutex_unlock(n->already);
	pthread_mutex_lock(&l->mutex);
	pthread_mutex_unlock(&l->mutex);
}
