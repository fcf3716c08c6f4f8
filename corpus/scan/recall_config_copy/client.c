/* The client library: threaded. */
#define QUEUE_THREADED 1
#include "queue.h"

void queue_init(struct msg_queue *q)
{
	q->head = 0;
	q->count = 0;
	pthread_mutex_init(&q->lock, NULL);
}
