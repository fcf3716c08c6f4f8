/* Several copies on one line are as many copy sites, each at its own
 * column. Near misses on the same lines: pointer arguments, call results. */
#include <pthread.h>

struct s { pthread_mutex_t m; long v; };
long f(struct s x);
long g(const struct s *p);
struct s h(void);
void s_init(struct s *p) { pthread_mutex_init(&p->m, NULL); }
long many(struct s *p, struct s a, int k)
{
	struct s x = *p, y = a, z = k ? x : y; long t = f(x) + f(y) * f(z) + g(&x) + f(h());
	x = y, y = z, z = a; t += f(k ? x : y) + f((struct s){ 0 }) + g(p);
	return t + f(x = *p);
}
