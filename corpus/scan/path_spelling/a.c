/* One file named three ways is one file, shown relative to the working directory. */
#include <pthread.h>
struct s { pthread_mutex_t m; };
void init(struct s *p) { pthread_mutex_init(&p->m, 0); }
