/* A storage class behind a macro: spatch reads `local` as part of the type.
 * The positional initializer must still be seen and migrated. */
#include <pthread.h>
#include "lockptr_locks.h"

#define local static

struct gate {
	pthread_mutex_t *gm;
	int open;
};

static struct lockptr_pthread_mutex_box lockptr_main_gate_gm = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
local struct gate main_gate = { &lockptr_main_gate_gm.lock, 0 };

int gate_open(void)
{
	int open;

	pthread_mutex_lock(main_gate.gm);
	open = main_gate.open;
	pthread_mutex_unlock(main_gate.gm);
	return open;
}
