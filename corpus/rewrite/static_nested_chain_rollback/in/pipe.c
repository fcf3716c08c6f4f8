/* static_nested_chain, where the third of the four units the static
 * objects' initializers name must roll back (a macro reads it by value):
 * the group splits, and its parts take the initializers as the units
 * before it leave them. */
#include <pthread.h>

struct thread_data {
	int exit;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_mutex_t done_lock;
	pthread_cond_t done_cond;
};

struct reader {
	int busy;
	struct thread_data thread;
};

struct item {
	int seq;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static struct reader reader;
static struct reader writer;

static int thread_init(struct thread_data *t)
{
	if (pthread_mutex_init(&t->lock, NULL) || pthread_cond_init(&t->cond, NULL))
		return -1;
	if (pthread_mutex_init(&t->done_lock, NULL) || pthread_cond_init(&t->done_cond, NULL))
		return -1;
	return 0;
}

static void thread_exit(struct thread_data *t)
{
	pthread_mutex_lock(&t->lock);
	t->exit = 1;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	pthread_mutex_lock(&t->done_lock);
	pthread_cond_wait(&t->done_cond, &t->done_lock);
	pthread_mutex_unlock(&t->done_lock);
}

#define DONE_LOCK_OF(t) ((t)->done_lock)
void take_lock(pthread_mutex_t m);

static void thread_peek(struct thread_data *t)
{
	take_lock(DONE_LOCK_OF(t));
}

static void thread_destroy(struct thread_data *t)
{
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->done_lock);
	pthread_cond_destroy(&t->done_cond);
}

int item_init(struct item *i)
{
	return pthread_mutex_init(&i->lock, NULL) || pthread_cond_init(&i->cond, NULL);
}

void item_wait(struct item *i)
{
	pthread_mutex_lock(&i->lock);
	while (!i->seq)
		pthread_cond_wait(&i->cond, &i->lock);
	pthread_mutex_unlock(&i->lock);
	pthread_mutex_destroy(&i->lock);
	pthread_cond_destroy(&i->cond);
}

int run(void)
{
	if (thread_init(&reader.thread) || thread_init(&writer.thread))
		return -1;
	thread_exit(&reader.thread);
	thread_exit(&writer.thread);
	thread_peek(&reader.thread);
	thread_destroy(&reader.thread);
	thread_destroy(&writer.thread);
	return reader.busy + writer.busy;
}
