/* Where a lock member can sit: a union, an untagged typedef'd struct, a
 * nested anonymous struct, an array of locks, a typedef'd lock type. */
#include <pthread.h>

typedef pthread_mutex_t lock_t;

union slot {
	pthread_mutex_t m;
	long pad;
};

typedef struct {
	pthread_cond_t ready;
	struct {
		pthread_spinlock_t sl;
		int n;
	} inner;
} queue_t;

struct table {
	pthread_rwlock_t rows[8];
	lock_t meta;
	int nrows;
};
