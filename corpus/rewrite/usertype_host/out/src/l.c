#include "api.h"
int my_lock_init(my_lock_t *l) { return pthread_mutex_init(l, NULL); }
void my_lock_destroy(my_lock_t *l) { pthread_mutex_destroy(l); }
