/* A header's definition: migrated in every file that includes it. */
#ifndef JOB_H
#define JOB_H
#include <pthread.h>
#include "lockptr_locks.h"

struct job {
	pthread_mutex_t *mu;
	int n;
};

int job_init(struct job *j);
void job_bump(struct job *j);
#endif
