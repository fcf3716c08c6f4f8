/* Lock types spelled through aliases: a typedef, a macro, and a macro
 * whose definition depends on the configuration. */
#ifndef LOCKS_H
#define LOCKS_H

#include <pthread.h>

typedef pthread_mutex_t plain_mutex;

#define cfg_mutex_t pthread_mutex_t /* one definition */

#ifdef TRACE_LOCKS
#define trace_cond_t pthread_cond_t *
#else
#define trace_cond_t pthread_cond_t
#endif

/* A macro body spatch cannot parse: no file is incomplete for it. */
#define LOCKED_BLOCK(m) \
	for (int once_ = (pthread_mutex_lock(m), 1); once_; \
	     once_ = (pthread_mutex_unlock(m), 0))

#endif
