/* A project's own lock wrapper, declared to lockptr with --lock-type. */
#ifndef ULOCK_H
#define ULOCK_H

#include <pthread.h>

#define ULOCK_ENOMEM (-12)

typedef struct {
	pthread_mutex_t m;
	int owner;
} ulock_t;

/* A counting semaphore whose init does not say what it returns when out
 * of memory: no NOMEM value is given for it, so it is refused. */
typedef struct {
	int count;
} usem_t;

int ulock_init(ulock_t *l, int recursive);
void ulock_destroy(ulock_t *l);
int ulock_lock(ulock_t *l);
int ulock_unlock(ulock_t *l);
int usem_init(usem_t *, unsigned int);
int usem_destroy(usem_t *);

#endif
