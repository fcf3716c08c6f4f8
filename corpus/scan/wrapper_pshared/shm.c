/* A wrapper that sets PTHREAD_PROCESS_SHARED (fio's mutex_init_pshared),
 * used directly and through another wrapper: both members are refused as
 * process-shared, naming the wrapper, the call and the attribute's line. */
#include <pthread.h>

int mutex_init_shared(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int rc;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	rc = pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return rc;
}

static int sem_lock_init(pthread_mutex_t *m)
{
	return mutex_init_shared(m);
}

struct board {
	pthread_mutex_t lock;
	pthread_mutex_t stats_lock;
	int n;
};

int board_init(struct board *b)
{
	if (mutex_init_shared(&b->lock) != 0)
		return -1;
	return sem_lock_init(&b->stats_lock);
}
