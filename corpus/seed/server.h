/* The seed: a server that hands itself to worker threads by value. */
#ifndef SERVER_H
#define SERVER_H
#include <pthread.h>

struct map {
	long hits[16];
};

struct server {
	struct map *m;          /* shared by every copy */
	pthread_mutex_t mutex;  /* copied with the struct: one per copy */
};

int server_init(struct server *s);
void server_fini(struct server *s);
#endif
