/* Init and destroy wrappers of a project whose errors are negative errno
 * values: the result comes back negated, directly or through a macro.
 * Out of memory must then give -ENOMEM. */
#include <pthread.h>

#define MY_ERR(x) (-(x)) /* the project's error convention */
#define LOGGED(x) log_result(x)

int log_result(int rc);

static int my_barrier_init(pthread_barrier_t *b, unsigned count)
{
	return MY_ERR(pthread_barrier_init(b, NULL, count));
}

static int my_barrier_destroy(pthread_barrier_t *b)
{
	return MY_ERR(pthread_barrier_destroy(b));
}

static int my_mutex_init(pthread_mutex_t *m)
{
	return -pthread_mutex_init(m, NULL);
}

static int my_mutex_destroy(pthread_mutex_t *m)
{
	return -(pthread_mutex_destroy(m));
}

/* Near miss: through a macro that does not negate: what it returns is
 * not known, and the unit is refused with the way out. */
static int my_cond_init(pthread_cond_t *c)
{
	return LOGGED(pthread_cond_init(c, NULL));
}

struct crew {
	pthread_barrier_t start;
	pthread_mutex_t lock;
	pthread_cond_t done;
	int n;
};

int crew_init(struct crew *c, unsigned n)
{
	int rc;

	if ((rc = my_barrier_init(&c->start, n)) != 0)
		return rc;
	if ((rc = my_mutex_init(&c->lock)) != 0) {
		my_barrier_destroy(&c->start);
		return rc;
	}
	return my_cond_init(&c->done);
}

void crew_fini(struct crew *c)
{
	my_mutex_destroy(&c->lock);
	my_barrier_destroy(&c->start);
	pthread_cond_destroy(&c->done);
}

/* A copy: each would wait at a barrier of its own. */
struct crew crew_copy(const struct crew *c)
{
	return *c;
}

/* The wrapper's result in a boolean context: the migrated call must
 * raise no -Wint-in-bool-context (the suite compiles with -Wall -Werror). */
int crew_relock(struct crew *c)
{
	my_mutex_destroy(&c->lock);
	if (my_mutex_init(&c->lock))
		return -1;
	return 0;
}
