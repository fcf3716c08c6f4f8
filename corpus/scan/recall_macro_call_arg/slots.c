#include <string.h>
#include "slots.h"

/* A race-checker annotation: a no-op unless a checker build defines it.
 * Its argument is an object, but the macro copies nothing. */
#ifndef RACECHK_IGNORE
#define RACECHK_IGNORE(obj) do { } while (0)
#endif

void table_setup(struct slot_table *t)
{
	int i;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < NSLOTS; i++) {
		RACECHK_IGNORE(t->slot[i]);
		pthread_mutex_init(&t->slot[i].lock, NULL);
	}
}
