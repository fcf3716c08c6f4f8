#include "job.h"

int job_init(struct job *j)
{
	j->n = 0;
	return pthread_mutex_init(&j->mu, NULL);
}

struct job job_copy(const struct job *j)
{
	return *j;
}
