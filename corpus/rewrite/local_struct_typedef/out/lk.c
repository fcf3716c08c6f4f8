#include <pthread.h>
#include <stdlib.h>

#include "lk.h"
#include "lockptr_locks.h"

#define local static

struct lk_s {
	pthread_mutex_t *mutex;
	long value;
};

static struct lockptr_pthread_mutex_box lockptr_all_lk_mutex = LOCKPTR_STATIC_BOX(PTHREAD_MUTEX_INITIALIZER);
/* A positional static initializer through the typedef, behind a storage
 * class macro (spatch reads `local` as static from the builtins lockptr
 * gives it), and destroy calls on allocated ones: the static box is never
 * freed by a destroy. */
local lk all_lk = { &lockptr_all_lk_mutex.lock, 0 };

lk *lk_new(void)
{
	lk *l = malloc(sizeof(*l));

	if (l && lockptr_pthread_mutex_init(&l->mutex, NULL) != 0) {
		free(l);
		return NULL;
	}
	return l;
}

void lk_free(lk *l)
{
	lockptr_pthread_mutex_destroy(&l->mutex);
	free(l);
	pthread_mutex_lock(all_lk.mutex);
	all_lk.value++;
	pthread_mutex_unlock(all_lk.mutex);
}
