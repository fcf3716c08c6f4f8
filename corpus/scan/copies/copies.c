/* Every kind of copy of a lock-holding struct, and the near misses that are
 * not copies: zero and literal initializers, a call's result, pointers. */
#include <pthread.h>
#include <string.h>

struct map;

struct server {
	struct map *m;
	pthread_mutex_t mutex;
};

struct server make_server(struct map *m);

static struct server global = { 0, PTHREAD_MUTEX_INITIALIZER };

void by_value(struct server s)                  /* param */
{
	(void)s;
}

struct server give(struct server *p)
{
	return *p;                              /* return */
}

void *worker(void *arg)
{
	struct server s = *(struct server *)arg;  /* init */
	struct server t;
	struct server z = { 0 };                /* not a copy: literal */
	struct server *ps = &t, *pg = &global;  /* not a copy: pointers */
	struct server arr[2] = { s, { 0 } };    /* literal */

	t = s;                                  /* assign */
	*ps = *pg;                              /* assign */
	by_value(t);                            /* arg */
	memcpy(&z, &s, sizeof(struct server));  /* memcpy */
	memmove(&z, ps, sizeof z);              /* memcpy */
	t = make_server(0);                     /* not a copy: call result */
	pthread_mutex_init(&t.mutex, NULL);
	(void)arr;
	return 0;
}

void by_pointer(struct server *s)               /* not a copy */
{
	pthread_mutex_lock(&s->mutex);
	pthread_mutex_unlock(&s->mutex);
}

void raw_copy(pthread_mutex_t *m)
{
	pthread_mutex_t copy = *m;              /* a lock copied by itself */

	(void)copy;
}
