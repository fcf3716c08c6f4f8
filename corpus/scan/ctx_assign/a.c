/* Assignments nested in expressions: in a member access, a condition, a
 * call's argument (an assignment and an argument), a chain, the arms of a
 * conditional, the last operand of a comma expression, through a
 * dereferenced call. Near misses: a call's result assigned, a pointer
 * assigned, an assignment inside sizeof. */
#include <pthread.h>

struct conn {
	pthread_mutex_t lock;
	long bytes;
};

long conn_bytes(struct conn c);
struct conn conn_get(void);
struct conn *conn_at(int i);

void conn_init(struct conn *c)
{
	pthread_mutex_init(&c->lock, NULL);
}

long assigns(struct conn *p, struct conn *q, int k)
{
	struct conn a, b, *pa;
	long t = 0;

	if ((a = *p).bytes)                             /* assign */
		t++;
	t += conn_bytes(b = *q);                        /* assign, arg */
	a = b = *p;                                     /* assign, assign */
	a = k ? *p : *q;                                /* assign, assign */
	a = (b = k ? *q : *p, k ? *p : conn_get());     /* assign x3 */
	a = (t++, b);                                   /* assign */
	*conn_at(k) = a;                                /* assign */
	b = *conn_at(1);                                /* assign */
	a = conn_get();                                 /* not a copy: call result */
	pa = p;                                         /* not a copy: pointer */
	t += (long)sizeof(a = b);                       /* not a copy: sizeof */
	return t + a.bytes + b.bytes + pa->bytes;
}
