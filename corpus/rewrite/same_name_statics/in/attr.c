#include <pthread.h>

/* Two file-scope objects of two types whose locks have the same name,
 * zeroed and initialised at run time (git's attr.c): each gets a box
 * named after it, which names its own unit only. */
struct attr_map {
	int n;
	pthread_mutex_t mutex;
};

static struct attr_map g_attr_map = {
	.n = 1,
};

static struct check_vector {
	int nr;
	pthread_mutex_t mutex;
} check_vector;

void attr_start(void)
{
	pthread_mutex_init(&g_attr_map.mutex, NULL);
	pthread_mutex_init(&check_vector.mutex, NULL);
}

int attr_count(void)
{
	int n;

	pthread_mutex_lock(&g_attr_map.mutex);
	pthread_mutex_lock(&check_vector.mutex);
	n = g_attr_map.n + check_vector.nr;
	pthread_mutex_unlock(&check_vector.mutex);
	pthread_mutex_unlock(&g_attr_map.mutex);
	return n;
}

struct attr_map attr_snapshot(void)
{
	return g_attr_map;
}
