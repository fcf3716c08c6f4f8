#define BEST_STATIC_ONLY
#include "best.h"

int best_init(best_t *b)
{
	b->best = 0;
	return my_mutex_init(&b->mutex, NULL);
}

void best_destroy(best_t *b)
{
	my_mutex_destroy(&b->mutex);
}

void best_offer(best_t *b, long v)
{
	my_mutex_lock(&b->mutex);
	if (v > b->best)
		b->best = v;
	my_mutex_unlock(&b->mutex);
}
