/* An array of locks: each element becomes a pointer, allocated and freed
 * in the loops that initialise and destroy it; &t->rows[i] loses its '&'.
 * A union's lock and an untagged typedef'd struct's lock migrate too. */
#include <pthread.h>

#define NROWS 8

struct table {
	pthread_rwlock_t rows[NROWS];
	int nrows;
};

union cell {
	pthread_mutex_t m;
	long pad;
};

typedef struct {
	pthread_cond_t ready;
	int n;
} queue_t;

int table_init(struct table *t)
{
	for (int i = 0; i < NROWS; i++)
		if (pthread_rwlock_init(&t->rows[i], NULL) != 0)
			return -1;
	t->nrows = NROWS;
	return 0;
}

void table_fini(struct table *t)
{
	for (int i = 0; i < NROWS; i++)
		pthread_rwlock_destroy(&t->rows[i]);
}

int table_read(struct table *t, int i)
{
	int n;

	pthread_rwlock_rdlock(&t->rows[i % NROWS]);
	n = t->nrows;
	pthread_rwlock_unlock(&t->rows[i % NROWS]);
	return n;
}

int cell_init(union cell *c)
{
	return pthread_mutex_init(&c->m, NULL);
}

void cell_touch(union cell cells[], int i)
{
	pthread_mutex_lock(&cells[i].m);
	pthread_mutex_unlock(&cells[i].m);
}

int queue_init(queue_t *q)
{
	q->n = 0;
	return pthread_cond_init(&q->ready, NULL);
}

void queue_wake(queue_t *q)
{
	pthread_cond_broadcast(&q->ready);
}
