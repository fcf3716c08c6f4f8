/* Shapes spatch 1.1.1 drops a whole struct body for: GNU attributes with
 * arguments, _Alignas, _Atomic(T), <sys/queue.h> members. lockptr reads
 * them through a view of the same length (wrapper/view.h) and a macro
 * file of the queue macros. */
#ifndef CONN_H
#define CONN_H
#include <pthread.h>
#include <stdatomic.h>
#include <sys/queue.h>
#include "lockptr_locks.h"

struct conn {
	int fd;
	TAILQ_ENTRY(conn) link;
	LIST_ENTRY(conn) hash;
	long stamp __attribute__((aligned(8)));
	pthread_mutex_t *lock __attribute__((aligned(64)));
	_Alignas(16) pthread_cond_t *ready;
	_Atomic(int) refs;
	/* near miss: an attribute without arguments parses as it is */
	short flags __attribute__((packed));
};

/* the attribute after the body, and a holder of the type */
struct pool {
	TAILQ_HEAD(connq, conn) idle;
	struct conn spare;
	pthread_rwlock_t *rw;
} __attribute__((aligned(64)));

int conn_init(struct conn *c);
void conn_fini(struct conn *c);
long conn_bytes(struct conn c) __attribute__((warn_unused_result));
void conn_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#endif
