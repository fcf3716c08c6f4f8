/* One header, two configurations: the lock exists only where the build
 * defines WITH_THREADS (threaded.c's entry), and a type whose lock is in
 * the branch no entry takes. spatch reads every branch; the compiler, one
 * per compile entry: lockptr keeps the facts of the lines some entry
 * compiles (wrapper/config.h). */
#ifndef STATS_H
#define STATS_H
#include <pthread.h>

struct stats {
	long hits;
#ifdef WITH_THREADS
	pthread_mutex_t lock;
#endif
};

/* #ifdef in a comment is no branch
#endif */
#if defined(LEGACY_LOCKS)
struct legacy {
	pthread_rwlock_t rw;
};
#endif

int stats_init(struct stats *s);
#endif
