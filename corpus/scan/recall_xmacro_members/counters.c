#include <string.h>
#include "counters.h"

void counters_init(struct worker_counters *c)
{
	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->guard, NULL);
}

void counters_sum(struct worker_counters *out, const struct worker_counters *in)
{
	struct worker_counters snap;

	pthread_mutex_lock((pthread_mutex_t *)&in->guard);
	snap = *in;
	pthread_mutex_unlock((pthread_mutex_t *)&in->guard);
#define X(field) out->field += snap.field;
	WORKER_COUNTERS
#undef X
}
