/* Near misses: a macro that hands the address to an init, and one that
 * gives the address away as its value. Both are refused. */
#include <pthread.h>

struct gate {
	pthread_mutex_t open;
	pthread_mutex_t shut;
};

#define GATE_SETUP(g) pthread_mutex_init(&(g)->open, NULL)
#define GATE_LOCKOF(g) (&(g)->shut)

void gate_init(struct gate *g)
{
	GATE_SETUP(g);
	pthread_mutex_init(GATE_LOCKOF(g), NULL);
}

struct gate gate_copy(struct gate *g)
{
	pthread_mutex_lock(GATE_LOCKOF(g));
	return *g;
}
