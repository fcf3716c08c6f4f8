/* A table of job slots, each with its own lock. */
#include <pthread.h>

struct job_slot {
	pthread_mutex_t lock;
	int state;
};

#define NSLOTS 16

struct slot_table {
	struct job_slot slot[NSLOTS];
	int used;
};

void table_setup(struct slot_table *t);
