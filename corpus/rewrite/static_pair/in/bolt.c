#include <pthread.h>

/* A lock and its condition variable in one struct, one object of it
 * initialised statically (pigz's yarn.c): each member's box is added
 * before the object, two lines together, one for each unit. */
typedef struct bolt_s {
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	long value;
} bolt;

static bolt threads_bolt = {
	PTHREAD_MUTEX_INITIALIZER,
	PTHREAD_COND_INITIALIZER,
	0
};

void bolt_wait(bolt *b, long want)
{
	pthread_mutex_lock(&(b->mutex));
	while (b->value != want)
		pthread_cond_wait(&(b->cond), &(b->mutex));
	pthread_mutex_unlock(&(b->mutex));
}

void bolt_post(bolt *b)
{
	pthread_mutex_lock(&(b->mutex));
	b->value++;
	pthread_cond_broadcast(&(b->cond));
	pthread_mutex_unlock(&(b->mutex));
}

long threads_done(void)
{
	bolt now;

	bolt_wait(&threads_bolt, 0);
	now = threads_bolt;
	return now.value;
}
