/* Compound literals of constants reset an object: they are not copies. */
#include <pthread.h>
struct s { pthread_mutex_t m; int v; };
void s_init(struct s *p) { pthread_mutex_init(&p->m, NULL); }
void reset(struct s *p) { *p = (struct s){0}; }
void reset2(struct s *p) { *p = (struct s){ .m = PTHREAD_MUTEX_INITIALIZER, .v = 0 }; }
