/* Returns of a struct value: a plain object, each object arm of a
 * conditional (nested too), a parenthesized object; a call's argument in a
 * returned expression. Near misses: a call's result returned, in
 * parentheses and as an arm; a pointer; sizeof. */
#include <pthread.h>
#include <stddef.h>

struct queue {
	pthread_mutex_t lock;
	long head;
};

long peek(struct queue q);
struct queue make(void);

void queue_init(struct queue *q)
{
	pthread_mutex_init(&q->lock, NULL);
}

int is(struct queue q, long want)
{
	return peek(q) == want;                         /* arg */
}

struct queue pick(struct queue *s, struct queue *t, int c)
{
	if (c == 0)
		return c ? *s : *t;                     /* return, return */
	if (c == 1)
		return c > 5 ? (c > 7 ? *s : t[1]) : make(); /* return, return */
	if (c == 2)
		return (*t);                            /* return */
	if (c == 3)
		return (make());                        /* not a copy: call result */
	return make();                                  /* not a copy: call result */
}

struct queue *pick_ptr(struct queue *s)
{
	return s;                                       /* not a copy: pointer */
}

size_t size_of(struct queue q)
{
	return sizeof(peek(q));                         /* not a copy: sizeof */
}
