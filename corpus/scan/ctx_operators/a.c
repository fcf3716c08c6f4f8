/* By-value arguments of calls inside operators: binary, compound
 * assignment, unary, a cast to void, a conditional, a comma expression,
 * an array element. Near misses: a pointer argument, a call's result,
 * sizeof. */
#include <pthread.h>

struct conn {
	pthread_mutex_t lock;
	long bytes;
};

long conn_bytes(struct conn c);
long conn_peek(const struct conn *c);
struct conn conn_get(void);

void conn_init(struct conn *c)
{
	pthread_mutex_init(&c->lock, NULL);
}

long totals(struct conn *c, struct conn a, struct conn b, int k, long *v)
{
	long t = 0;

	t += conn_bytes(*c);                            /* arg */
	t = conn_bytes(a) + conn_bytes(b);              /* arg, arg */
	t = -conn_bytes(a);                             /* arg */
	(void)conn_bytes(b);                            /* arg */
	t = k ? conn_bytes(a) : conn_peek(c);           /* arg */
	t = (conn_bytes(a), conn_bytes(b));             /* arg, arg */
	v[k] = conn_bytes(*c);                          /* arg */
	t += conn_peek(c) * conn_bytes(conn_get());     /* not copies */
	t += (long)sizeof(conn_bytes(a));               /* not a copy: sizeof */
	return t;
}
