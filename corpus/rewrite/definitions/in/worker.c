#include "job.h"

void job_bump(struct job *j)
{
	pthread_mutex_lock(&j->mu);
	j->n++;
	pthread_mutex_unlock(&j->mu);
}
