/* A lock set up through a project wrapper: found as a wrapper; refused,
 * and the reason names the wrapper and the call. */
#include <pthread.h>
static int my_cond_init(pthread_cond_t *c) { return pthread_cond_init(c, NULL); }
struct q { pthread_cond_t cond; int n; };
void q_init(struct q *q) { my_cond_init(&q->cond); }
