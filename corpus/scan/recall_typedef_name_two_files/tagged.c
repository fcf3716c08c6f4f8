/* One test program: its config type has a tag and a typedef of the same name. */
#include <pthread.h>

typedef struct run_cfg {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int rounds;
} run_cfg;

void tagged_setup(run_cfg *c);

void tagged_setup(run_cfg *c)
{
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->wake, NULL);
	c->rounds = 0;
}
