/* A message queue whose lock exists only in the threaded build.  The
 * client library is built with QUEUE_THREADED, the server without it. */
#ifndef QUEUE_H
#define QUEUE_H
#ifdef QUEUE_THREADED
#include <pthread.h>
#endif

struct msg_queue {
	void *head;
	int count;
#ifdef QUEUE_THREADED
	pthread_mutex_t lock;
#endif
};

void queue_init(struct msg_queue *q);
void queue_takeover(struct msg_queue *to, const struct msg_queue *from);
#endif
