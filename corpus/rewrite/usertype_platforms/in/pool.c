/* The lock type's functions are defined at the end of the file that uses
 * them: the helper header goes where their prototypes are visible (after
 * lk.h), not after the definitions. */
#include "lk.h"

struct pool {
	int n;
	my_lock_t lock;
};

int pool_init(struct pool *p)
{
	p->n = 0;
	return my_lock_init(&p->lock);
}

void pool_fini(struct pool *p)
{
	my_lock_destroy(&p->lock);
}

int my_lock_init(my_lock_t *l)
{
	return pthread_mutex_init(l, NULL);
}

void my_lock_destroy(my_lock_t *l)
{
	pthread_mutex_destroy(l);
}
