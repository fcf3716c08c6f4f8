#include <pthread.h>
#include <stdlib.h>

#include "lk.h"

#define local static

struct lk_s {
	pthread_mutex_t mutex;
	long value;
};

/* A positional static initializer through the typedef, behind a storage
 * class macro (spatch reads `local` as static from the builtins lockptr
 * gives it), and destroy calls on allocated ones: the static box is never
 * freed by a destroy. */
local lk all_lk = { PTHREAD_MUTEX_INITIALIZER, 0 };

lk *lk_new(void)
{
	lk *l = malloc(sizeof(*l));

	if (l && pthread_mutex_init(&l->mutex, NULL) != 0) {
		free(l);
		return NULL;
	}
	return l;
}

void lk_free(lk *l)
{
	pthread_mutex_destroy(&l->mutex);
	free(l);
	pthread_mutex_lock(&all_lk.mutex);
	all_lk.value++;
	pthread_mutex_unlock(&all_lk.mutex);
}
