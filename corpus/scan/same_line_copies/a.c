/* Three copies on one line are three copy sites. */
#include <pthread.h>
struct s { pthread_mutex_t m; int v; };
void s_init(struct s *p) { pthread_mutex_init(&p->m, NULL); }
void swap(struct s *a, struct s *b) { struct s t = *a; *a = *b; *b = t; }
