#include <pthread.h>
struct ctx { pthread_mutex_t m; int fd; };
void a_init(struct ctx *c) { pthread_mutex_init(&c->m, NULL); }
