#include <string.h>
#include "table.h"

int table_init(struct table *t)
{
	memset(t, 0, sizeof(*t));
	return lockptr_pthread_mutex_init(&t->lock, NULL);
}

void table_fini(struct table *t)
{
	lockptr_pthread_mutex_destroy(&t->lock);
}

unsigned table_size(struct table t)
{
	return t.entries.n;
}

/* near miss: a pointer is no copy */
unsigned table_size_p(const struct table *t)
{
	return t->entries.n;
}
