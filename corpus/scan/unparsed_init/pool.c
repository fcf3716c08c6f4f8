/* The only init of the lock is in lines spatch loses (64 KB): the unit is
 * refused, and the reason points at the unparsed file. */
#include <pthread.h>

#include <units.h>  /* from -I sys: not a scanned file */

struct pool {
	pthread_mutex_t mu;
	unsigned size;
};

int pool_init(struct pool *p)
{
	if (pthread_mutex_init(&p->mu, NULL))
		return -1;
	p->size = 64 KB;
	return 0;
}

struct pool pool_copy(struct pool *p)
{
	return *p;
}
