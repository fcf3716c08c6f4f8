/* Static objects whose locks are zeroed memory until an init runs: scan
 * finds them; apply points them at zeroed static boxes (vec, declared with
 * its struct, is refused there).
 * A struct defined in the declaration of its object is still a struct
 * whose members are found. A designated static initializer of the lock
 * (table h) is no zeroed lock. */
#include <pthread.h>

static struct vec {
	int nr;
	pthread_mutex_t vmutex;
} vec;

struct map {
	int size;
	pthread_mutex_t mmutex;
};

static struct map g = { .size = 8 };

struct table {
	int rows;
	pthread_rwlock_t rw;
};

static struct table h = { .rw = PTHREAD_RWLOCK_INITIALIZER };

void start(void)
{
	pthread_mutex_init(&vec.vmutex, NULL);
	pthread_mutex_init(&g.mmutex, NULL);
	vec.nr = g.size + h.rows;
}
