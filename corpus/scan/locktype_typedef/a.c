/* A --lock-type that is a typedef of a built-in lock stays the user type, with its own init. */
#include <pthread.h>
typedef pthread_mutex_t my_mutex_t;
int my_mutex_init(my_mutex_t *m);
struct q { my_mutex_t lock; int n; };
void q_init(struct q *q) { my_mutex_init(&q->lock); }
void q_use(struct q q) { (void)q; }
