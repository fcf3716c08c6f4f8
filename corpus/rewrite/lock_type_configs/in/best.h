/* No include guard, and a leading #ifndef that only sets a default: the
 * helper's #include must not go inside it (best.c defines the macro
 * first). */
#ifndef BEST_STATIC_ONLY
#define BEST_STATIC_ONLY
#endif

#include "threading.h"

typedef struct best_s {
	my_mutex_t mutex;
	long best;
} best_t;

int best_init(best_t *b);
void best_destroy(best_t *b);
void best_offer(best_t *b, long v);
