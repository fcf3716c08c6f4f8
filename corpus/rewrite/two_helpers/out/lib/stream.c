#include "../conn.h"
#include "lockptr_locks.h"

struct stream {
	pthread_cond_t *ready;
	struct conn *conn;
};

int stream_init(struct stream *s, struct conn *c)
{
	s->conn = c;
	return lockptr_pthread_cond_init(&s->ready, NULL);
}

int stream_wait(struct stream *s)
{
	return pthread_cond_wait(s->ready, s->conn->m);
}
