/* Another test program: a different, untagged struct with the same
 * typedef name.  Its lock belongs to "run_cfg", not to "struct run_cfg". */
#include <pthread.h>

typedef struct {
	pthread_barrier_t gate;
	unsigned delay;
} run_cfg;

void untagged_setup(run_cfg *c);

void untagged_setup(run_cfg *c)
{
	pthread_barrier_init(&c->gate, NULL, 2);
	c->delay = 0;
}
