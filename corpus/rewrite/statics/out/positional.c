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

static pthread_mutex_t lockptr_first_pmu = PTHREAD_MUTEX_INITIALIZER;
static struct positional first = { 1, 2, { 3, 4 }, &lockptr_first_pmu, 5 };
static pthread_mutex_t lockptr_second_pmu = PTHREAD_MUTEX_INITIALIZER;
struct positional second = { 0, 0, { 0, 0 }, &lockptr_second_pmu };

struct positional positional_copy(void)
{
	pthread_mutex_lock(first.pmu);
	second.tail = first.tail;
	pthread_mutex_unlock(first.pmu);
	return second;
}
