#include "api.h"
int my_lock_init(my_lock_t *l) { return pthread_mutex_init(l, NULL); }
void my_lock_destroy(my_lock_t *l) { pthread_mutex_destroy(l); }
int my_cond_init(my_cond_t *c) { return pthread_cond_init(c, NULL); }
void my_cond_destroy(my_cond_t *c) { pthread_cond_destroy(c); }
