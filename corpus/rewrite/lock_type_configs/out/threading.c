/* The checked lock calls of the debug configuration (MT, LEVEL >= 1). */
#include <stdlib.h>
#include "threading.h"

#if defined(MT) && defined(LEVEL) && LEVEL >= 1
int my_mutex_init(my_mutex_t *m, const pthread_mutexattr_t *a)
{
	int rc;

	*m = (pthread_mutex_t *)malloc(sizeof(**m));
	if (!*m)
		return 1;
	rc = pthread_mutex_init(*m, a);
	if (rc) {
		free(*m);
		*m = NULL;
	}
	return rc;
}

int my_mutex_destroy(my_mutex_t *m)
{
	int rc;

	if (!*m)
		return 0;
	rc = pthread_mutex_destroy(*m);
	free(*m);
	*m = NULL;
	return rc;
}
#elif !defined(MT)
int my_mutex_nop(my_mutex_t *a, const void *b)
{
	(void)a;
	(void)b;
	return 0;
}
#else
typedef int threading_unused;
#endif
