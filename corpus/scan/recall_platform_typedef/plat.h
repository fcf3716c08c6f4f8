/* Portable lock types, one typedef per platform.  On POSIX the semaphore
 * type is named by an object-like macro that a platform header may set
 * first; the default (under #ifndef) is sem_t. */
#ifndef PLAT_H
#define PLAT_H
#if defined(_WIN32)
# include "plat_win.h"
#else
# include <pthread.h>
# include <semaphore.h>
# ifndef PLAT_SEM_T
#  define PLAT_SEM_T sem_t
# endif
typedef PLAT_SEM_T plat_sem_t;
typedef pthread_mutex_t plat_mutex_t;
#endif

int plat_sem_init(plat_sem_t *s, unsigned value);
#endif
