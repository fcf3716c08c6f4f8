#include <pthread.h>
#include "compat.h"

struct q {
	pthread_mutex_t a, b;
	pthread_cond_t c;
	int n;
};

static void init_counter(int base, int *n)
{
	*n = base;
}

void q_init(struct q *q)
{
	my_mutex_init(&q->a);
	if (Z_mutex_init(&q->b, NULL) != 0)
		return;
	cond_setup(&q->c);
	count_init(&q->n);
	with_lock(&q->a);
	pthread_mutex_unlock(&q->a);
}

void q_fini(struct q *q)
{
	Z_mutex_destroy(&q->b);
}
