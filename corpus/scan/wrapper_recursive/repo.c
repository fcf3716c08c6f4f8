/* git's init_recursive_mutex(): a void wrapper that makes the mutex
 * recursive. */
#include <pthread.h>

void init_recursive_mutex(pthread_mutex_t *m)
{
	pthread_mutexattr_t a;
	int ret;

	ret = pthread_mutexattr_init(&a);
	if (!ret) {
		ret = pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
		if (!ret)
			ret = pthread_mutex_init(m, &a);
		pthread_mutexattr_destroy(&a);
	}
	if (ret)
		pthread_mutex_init(m, NULL);
}

struct repo {
	pthread_mutex_t obj_lock;
	int objects;
};

void repo_init(struct repo *r)
{
	r->objects = 0;
	init_recursive_mutex(&r->obj_lock);
}
