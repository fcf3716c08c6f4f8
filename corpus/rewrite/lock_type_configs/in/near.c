/* Near miss: a lock saved in a local that is then used as a lock (&m), not
 * only stored back. lockptr rewrites the declaration alone; the unit does
 * not compile and is rolled back. */
#include "threading.h"

struct snap {
	my_mutex_t mutex;
	int n;
};

int snap_init(struct snap *s)
{
	s->n = 0;
	return my_mutex_init(&s->mutex, NULL);
}

void snap_destroy(struct snap *s)
{
	my_mutex_destroy(&s->mutex);
}

int snap_bump(struct snap *s)
{
	my_mutex_t m = s->mutex;

	my_mutex_lock(&m);
	s->n++;
	my_mutex_unlock(&m);
	return s->n;
}
