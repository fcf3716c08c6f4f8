/* A per-worker counter block whose fields come from an X-macro list: the
 * list is a multi-line #define, expanded inside the struct body between a
 * #define and an #undef of X.  The lock is an ordinary member before it. */
#include <pthread.h>
#include <stdint.h>

#define WORKER_COUNTERS \
	X(accepted) \
	X(rejected) \
	X(bytes_in) \
	X(bytes_out)

struct worker_counters {
	pthread_mutex_t guard;
#define X(field) uint64_t field;
	WORKER_COUNTERS
#undef X
};

void counters_init(struct worker_counters *c);
void counters_sum(struct worker_counters *out, const struct worker_counters *in);
