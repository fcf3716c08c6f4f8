/* A storage class behind a macro: spatch reads `local` as part of the type.
 * The positional initializer must still be seen and migrated. */
#include <pthread.h>

#define local static

struct gate {
	pthread_mutex_t gm;
	int open;
};

local struct gate main_gate = { PTHREAD_MUTEX_INITIALIZER, 0 };

int gate_open(void)
{
	int open;

	pthread_mutex_lock(&main_gate.gm);
	open = main_gate.open;
	pthread_mutex_unlock(&main_gate.gm);
	return open;
}
