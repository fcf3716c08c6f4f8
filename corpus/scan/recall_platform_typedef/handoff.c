/* Built on Linux: plat_sem_t is sem_t here, so both members are locks. */
#include "plat.h"

struct handoff {
	plat_sem_t ready;
	plat_mutex_t guard;
	int value;
};

int plat_sem_init(plat_sem_t *s, unsigned value)
{
	return sem_init(s, 0, value);
}

int handoff_init(struct handoff *h);

int handoff_init(struct handoff *h)
{
	h->value = 0;
	pthread_mutex_init(&h->guard, NULL);
	return plat_sem_init(&h->ready, 0);
}
