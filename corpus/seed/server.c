/*
 * Each worker gets a copy of the server. The copies share the map through
 * the pointer, but each locks the mutex of its own copy: the increments
 * race and updates are lost. ThreadSanitizer reports the race.
 */
#include <stdio.h>
#include <stdlib.h>

#include "server.h"

#define NWORKERS 4
#define ITERS 20000

int server_init(struct server *s)
{
	s->m = calloc(1, sizeof(*s->m));
	if (!s->m)
		return -1;
	if (pthread_mutex_init(&s->mutex, NULL) != 0) {
		free(s->m);
		return -1;
	}
	return 0;
}

void server_fini(struct server *s)
{
	pthread_mutex_destroy(&s->mutex);
	free(s->m);
}

static void *worker(void *arg)
{
	struct server s = *(struct server *)arg;

	for (int i = 0; i < ITERS; i++) {
		pthread_mutex_lock(&s.mutex);
		s.m->hits[i % 16]++;
		pthread_mutex_unlock(&s.mutex);
	}
	return NULL;
}

int main(void)
{
	struct server srv;
	pthread_t t[NWORKERS];
	long total = 0;

	if (server_init(&srv) != 0)
		return 1;
	for (int i = 0; i < NWORKERS; i++)
		if (pthread_create(&t[i], NULL, worker, &srv) != 0)
			return 1;
	for (int i = 0; i < NWORKERS; i++)
		pthread_join(t[i], NULL);
	for (int i = 0; i < 16; i++)
		total += srv.m->hits[i];
	printf("count: %ld of %d\n", total, NWORKERS * ITERS);
	server_fini(&srv);
	return total == NWORKERS * ITERS ? 0 : 1;
}
