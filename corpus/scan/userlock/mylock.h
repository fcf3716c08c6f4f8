/* A project's own lock type, declared with
 * --lock-type my_lock_t:my_lock_init:my_lock_destroy */
#include <pthread.h>

typedef struct {
	pthread_mutex_t impl;
} my_lock_t;

int my_lock_init(my_lock_t *l);
void my_lock_destroy(my_lock_t *l);
