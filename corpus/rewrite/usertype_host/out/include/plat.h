/* The lock type and the struct are defined here; their functions are
 * declared in api.h, the one header that includes this one, after it:
 * the helpers go next to api.h, after those declarations (the second
 * type's below the first's, which the first unit's #include moves down). */
#ifndef PLAT_H
#define PLAT_H
#include <pthread.h>
typedef pthread_mutex_t my_lock_t;
typedef pthread_cond_t my_cond_t;
struct barrier_s {
	my_lock_t *mutex;
	my_cond_t *cond;
	int n;
};
#endif
