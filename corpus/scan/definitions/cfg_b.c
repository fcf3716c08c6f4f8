/* The same definition as cfg_a.c. */
#include <pthread.h>

struct cfg {
	pthread_rwlock_t rw;
	int level;
};

void cfg_b_init(struct cfg *c)
{
	pthread_rwlock_init(&c->rw, NULL);
	c->level = 0;
}
