/* A header's definition, seen by every file that includes it. */
#include <pthread.h>

struct job {
	pthread_mutex_t mu;
	int n;
};

void job_init(struct job *j);
