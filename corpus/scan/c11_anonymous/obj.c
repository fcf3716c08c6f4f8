/* C11 anonymous members (no name): their fields are the owner's own
 * (o->sl), and so are their locks. The copy copies both. Near miss: a
 * named member of an anonymous type keeps its dotted path (st.n). */
#include <pthread.h>

struct obj {
	int kind;
	union {
		pthread_spinlock_t sl;
		long raw;
	};
	struct {
		pthread_mutex_t mu;
		int waiters;
	};
	struct {
		long n;
	} st;
};

int obj_init(struct obj *o)
{
	if (pthread_mutex_init(&o->mu, NULL))
		return -1;
	return pthread_spin_init(&o->sl, PTHREAD_PROCESS_PRIVATE);
}

void obj_copy(struct obj *a, const struct obj *b)
{
	*a = *b;
}
