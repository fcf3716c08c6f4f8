/* The near miss: a test program's own struct job, with a lock member of
 * the same name. Only 'struct job.mu@job.h' is selected: this file sees
 * another definition and stays as it is. */
#include <pthread.h>
#include <stdio.h>

struct job {
	pthread_mutex_t mu;
	const char *name;
};

int main(void)
{
	struct job j = { .name = "t" };

	pthread_mutex_init(&j.mu, NULL);
	pthread_mutex_lock(&j.mu);
	printf("%s\n", j.name);
	pthread_mutex_unlock(&j.mu);
	pthread_mutex_destroy(&j.mu);
	return 0;
}
