/* memcpy and memmove of a struct's size nested in expressions: negated in
 * a condition, cast to void, compared in a return, a comma expression with
 * two. Near misses: the size of a pointer, of another type, a memcpy inside
 * sizeof. */
#include <pthread.h>
#include <string.h>

struct conn {
	pthread_mutex_t lock;
	long bytes;
};

void conn_init(struct conn *c)
{
	pthread_mutex_init(&c->lock, NULL);
}

int copies(struct conn *p, struct conn *q)
{
	struct conn a, b;
	long n = 0;

	if (!memcpy(&a, p, sizeof a))                   /* memcpy */
		return -1;
	(void)memmove(&b, q, sizeof(struct conn));      /* memcpy */
	memcpy(&a, &b, sizeof(a)), memmove(&b, p, sizeof *p); /* memcpy, memcpy */
	memcpy(&p, &q, sizeof p);                       /* not a copy: pointer */
	memcpy(&n, &a.bytes, sizeof(long));             /* not a copy: a long */
	n += (long)sizeof(memcpy(&a, &b, sizeof a));    /* not a copy: sizeof */
	return memmove(q, &a, sizeof a) != NULL;        /* memcpy */
}
