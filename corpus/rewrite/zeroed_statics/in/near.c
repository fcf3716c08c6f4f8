/* A near miss, refused with its reason: an array whose size is a macro
 * (lockptr cannot count its elements). An object declared with its
 * struct's definition is migrated: its initializer goes after its name. */
#include <pthread.h>

#define NSLOTS 4

struct slot {
	pthread_mutex_t sm;
	int used;
};

static struct slot slots[NSLOTS];

static struct table {
	pthread_rwlock_t rw;
	int rows;
} table;

void slot_init(struct slot *s)
{
	pthread_mutex_init(&s->sm, NULL);
}

struct slot slot_copy(const struct slot *s)
{
	return *s;
}

void table_init(void)
{
	pthread_rwlock_init(&table.rw, NULL);
	slot_init(&slots[0]);
}

struct table table_copy(void)
{
	return table;
}
