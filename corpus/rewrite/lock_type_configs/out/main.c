/* Four workers add to one counter and offer values to one best_t; the
 * totals are exact only when every worker locks the same lock. Without
 * MT the workers run one after another. */
#include <stdio.h>
#include "best.h"
#include "counter.h"

#define WORKERS 4
#define ROUNDS 20000

static counter_t *counter;
static best_t best;

static void *work(void *arg)
{
	long id = (long)arg;

	for (long i = 0; i < ROUNDS; i++) {
		counter_add(counter, 1);
		best_offer(&best, id * ROUNDS + i);
	}
	return NULL;
}

int main(void)
{
	long taken;

	counter = counter_create();
	if (!counter || best_init(&best))
		return 1;
#ifdef MT
	{
		pthread_t t[WORKERS];

		for (long i = 0; i < WORKERS; i++)
			if (pthread_create(&t[i], NULL, work, (void *)i))
				return 1;
		for (int i = 0; i < WORKERS; i++)
			pthread_join(t[i], NULL);
	}
#else
	for (long i = 0; i < WORKERS; i++)
		work((void *)i);
#endif
	taken = counter_take(counter);
	counter_add(counter, 5);
	printf("total %ld after take %ld best %ld\n", taken, counter_take(counter), best.best);
	best_destroy(&best);
	counter_free(counter);
	return 0;
}
