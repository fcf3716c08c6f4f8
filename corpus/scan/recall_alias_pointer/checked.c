/* Built only as the checked build: here app_mutex_t is a pointer, so the
 * struct below holds no lock and nothing here copies one. */
#define CHECKED_BUILD 1
#include <stdlib.h>
#include "lockdef.h"

int app_mutex_init(app_mutex_t *m)
{
	*m = malloc(sizeof(pthread_mutex_t));
	if (*m == NULL)
		return 1;
	return pthread_mutex_init(*m, NULL);
}

int app_mutex_fini(app_mutex_t *m)
{
	int rc = pthread_mutex_destroy(*m);

	free(*m);
	*m = NULL;
	return rc;
}

typedef struct {
	app_mutex_t mut;
	int hits;
} probe_t;

static int probe_hits(probe_t p)
{
	return p.hits;
}

int probe_run(void)
{
	probe_t p = { 0 };
	int n;

	app_mutex_init(&p.mut);
	n = probe_hits(p);
	app_mutex_fini(&p.mut);
	return n;
}
