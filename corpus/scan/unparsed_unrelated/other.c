/* Unparsed by spatch (64 KB), and it names a member m, but of struct qq
 * only: the other type is never initialised here. Near miss: struct qq's own
 * lock is named by this file, and its reason points here. */
#include <pthread.h>

#include <units.h>  /* from -I sys: not a scanned file */

struct qq {
	pthread_mutex_t m;
	unsigned size;
};

void qq_use(struct qq v);

int qq_init(struct qq *p)
{
	p->size = 64 KB;
	if (pthread_mutex_init(&p->m, NULL))
		return -1;
	qq_use(*p);
	return 0;
}
