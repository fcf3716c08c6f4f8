/* No compile entry builds this file: its facts are not the build's. */
#include <pthread.h>

struct tool {
	pthread_mutex_t m;
};

void tool_use(struct tool t)
{
	(void)t;
}
