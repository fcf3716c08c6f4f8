#include "repo.h"

void repo_touch(struct repo *r)
{
	pthread_mutex_lock(&r->stats->mlock);
	r->stats->n++;
	pthread_mutex_unlock(&r->stats->mlock);
}
