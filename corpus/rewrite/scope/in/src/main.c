#include "proj/api.h"
#include "proj/internal.h"
#include "ring/ring.h"

void see_api(struct api a);
void see_internal(struct internal i);
void see_ring(struct ring r);

int setup(struct api *a, struct internal *i, struct ring *r)
{
	if (pthread_mutex_init(&a->lock, NULL) != 0)
		return -1;
	if (pthread_mutex_init(&i->lock, NULL) != 0)
		return -1;
	if (pthread_mutex_init(&r->lock, NULL) != 0)
		return -1;
	see_api(*a);
	see_internal(*i);
	see_ring(*r);
	return 0;
}

void teardown(struct api *a, struct internal *i, struct ring *r)
{
	pthread_mutex_destroy(&a->lock);
	pthread_mutex_destroy(&i->lock);
	pthread_mutex_destroy(&r->lock);
}
