/* Positional static initializers: the lock's place in the list is its
 * place among the members (two declarators on one line count as two, a
 * nested struct as one). */
#include <pthread.h>
#include "lockptr_locks.h"

struct positional {
	int a, b;
	struct {
		int x;
		int y;
	} in;
	pthread_mutex_t *pmu;
	long tail;
};

static struct lockptr_pthread_mutex_box lockptr_first_pmu = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
static struct positional first = { 1, 2, { 3, 4 }, &lockptr_first_pmu.lock,
5 };
static struct lockptr_pthread_mutex_box lockptr_second_pmu = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
struct positional second = { 0, 0, { 0, 0 }, &lockptr_second_pmu.lock };

struct positional positional_copy(void)
{
	pthread_mutex_lock(first.pmu);
	second.tail = first.tail;
	pthread_mutex_unlock(first.pmu);
	return second;
}
