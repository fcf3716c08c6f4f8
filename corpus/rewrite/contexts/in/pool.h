/* Every lock family, initialised and destroyed in every context: as a
 * statement, in a condition, assigned, returned. Near misses: another
 * struct with a member of the same name, an int member, a member that is
 * already a pointer, a function that takes the struct by pointer. */
#ifndef POOL_H
#define POOL_H
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>

struct pool {
	pthread_mutex_t mu;
	pthread_rwlock_t rw;
	pthread_spinlock_t spin;
	pthread_cond_t cv;
	pthread_barrier_t bar;
	mtx_t cmu;
	cnd_t ccv;
	sem_t sem;
	int lock;
	pthread_mutex_t *already;
};

struct other {
	pthread_mutex_t mu;
};

int pool_init(struct pool *p, pthread_mutex_t *shared);
int pool_fini(struct pool *p);
struct pool pool_snapshot(const struct pool *p);
void other_use(struct other *o);
#endif
