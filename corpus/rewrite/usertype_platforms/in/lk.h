/* A project's lock type with one definition per platform, declared to
 * lockptr with --lock-type: my_lock_t * is right under both. */
#ifndef LK_H
#define LK_H

#ifdef OTHER_OS
#include "lk_other.h"
#else
#include "lk_posix.h"
#endif

int my_lock_init(my_lock_t *l);
void my_lock_destroy(my_lock_t *l);

#endif
