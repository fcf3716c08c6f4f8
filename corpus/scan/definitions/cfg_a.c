/* The near miss: the same definition, word for word, in two files (one
 * per configuration) is one definition: no "definition" field, the units
 * are not told apart, as before. */
#include <pthread.h>

struct cfg {
	pthread_rwlock_t rw;
	int level;
};

void cfg_a_init(struct cfg *c)
{
	pthread_rwlock_init(&c->rw, NULL);
	c->level = 0;
}
