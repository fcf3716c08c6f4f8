/* struct q's lock is never initialised, and no file that could
 * initialise it is unparsed: the reason names no unparsed file. */
#include <pthread.h>

struct q {
	pthread_mutex_t m;
	int n;
};
