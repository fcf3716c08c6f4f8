/* Initialisations from another object: every declarator of a declaration
 * (the first that copies is reported where the declaration starts, the
 * others at their names), the arms of a conditional, in a loop. Near
 * misses: a call's result, a compound literal of constants, a pointer
 * declarator, sizeof. */
#include <pthread.h>

struct conn {
	pthread_mutex_t lock;
	long bytes;
};

struct conn conn_get(void);

void conn_init(struct conn *c)
{
	pthread_mutex_init(&c->lock, NULL);
}

long inits(struct conn *p, struct conn *q, int k)
{
	struct conn x = *p, y = *q;                     /* init, init */
	struct conn *pp = p, z = *p;                    /* init */
	struct conn a, b = *q;                          /* init */
	struct conn c = k ? x : y;                      /* init, init */
	struct conn d = conn_get(), e = (struct conn){ .bytes = 1 }; /* not copies */
	long t = (long)sizeof(struct conn);             /* not a copy: sizeof */

	for (int i = 0; i < k; i++) {
		struct conn w = p[i];                   /* init */

		t += w.bytes;
	}
	a = d;                                          /* assign */
	return t + x.bytes + y.bytes + pp->bytes + z.bytes + a.bytes + b.bytes +
	       c.bytes + e.bytes;
}
