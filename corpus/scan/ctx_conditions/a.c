/* By-value arguments of calls in the conditions of if, while, do, for and
 * switch, and in a condition's operands. Near misses: a pointer argument,
 * a call's result, sizeof. */
#include <pthread.h>

struct queue {
	pthread_mutex_t lock;
	long head;
};

int check(struct queue q);
int check_ptr(const struct queue *q);
struct queue queue_get(void);

void queue_init(struct queue *q)
{
	pthread_mutex_init(&q->lock, NULL);
}

int poll_queue(struct queue *p, struct queue q)
{
	int n = 0;

	if (check(q))                                   /* arg */
		n++;
	while (check(*p) && n < 3)                      /* arg */
		n++;
	do
		n++;
	while (!check(q) && n < 6);                     /* arg */
	for (int i = 0; check(*p) && i < 2; i++)        /* arg */
		n++;
	switch (check(q)) {                             /* arg */
	default:
		break;
	}
	if (check_ptr(p) || check(queue_get()))         /* not copies */
		n++;
	if (sizeof(check(q)) == 4)                      /* not a copy: sizeof */
		n++;
	return n;
}
