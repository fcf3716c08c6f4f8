/* Near misses: functions that take a pthread_mutex_t * but only lock it,
 * print it, or hand it to something that is no init; and a function
 * whose parameter of another type is handed to pthread_mutex_init's
 * name-alike. No wrapper; the member is initialised directly and is
 * not refused. */
#include <pthread.h>
#include <stdio.h>

static void hold(pthread_mutex_t *m)
{
	pthread_mutex_lock(m);
}

static void release(pthread_mutex_t *m)
{
	pthread_mutex_unlock(m);
}

static void show(pthread_mutex_t *m)
{
	printf("%p\n", (void *)m);
}

static void via_show(pthread_mutex_t *m)
{
	show(m);
}

static int file_init(FILE *f)
{
	return fflush(f);
}

struct stats {
	pthread_mutex_t lock;
	long n;
};

void stats_init(struct stats *s)
{
	pthread_mutex_init(&s->lock, NULL);
	s->n = 0;
}

void stats_add(struct stats *s)
{
	hold(&s->lock);
	s->n++;
	release(&s->lock);
	via_show(&s->lock);
	(void)file_init(stdout);
}
