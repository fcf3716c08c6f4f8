#include <stdlib.h>
#include "thr.h"

#ifdef DEBUG_LOCKS
int job_mutex_init(job_mutex_t *m, const pthread_mutexattr_t *a)
{
	*m = malloc(sizeof(**m));
	if (!*m)
		return 1;
	return pthread_mutex_init(*m, a);
}

int job_mutex_destroy(job_mutex_t *m)
{
	int rc;

	if (!*m)
		return 0;
	rc = pthread_mutex_destroy(*m);
	free(*m);
	*m = NULL;
	return rc;
}
#endif
