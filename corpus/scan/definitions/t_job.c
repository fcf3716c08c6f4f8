/* A test program with a struct job of its own and no lock in it (fio's
 * t/ programs and struct thread_data): its copies copy no lock, and its
 * zeroed static object 'last' is no object of job.h's struct job (which
 * would be refused for it). */
#include <stdio.h>

struct job {
	const char *name;
	int n;
};

static struct job last;

void t_record(struct job j)
{
	last = j;
	printf("%s %d\n", last.name, last.n);
}
