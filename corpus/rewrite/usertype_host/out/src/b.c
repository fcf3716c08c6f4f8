#include "api.h"
int barrier_init(struct barrier_s *b)
{
	b->n = 0;
	if (lockptr_my_cond_init(&b->cond) != 0)
		return -1;
	return lockptr_my_lock_init(&b->mutex);
}
void barrier_fini(struct barrier_s *b)
{
	lockptr_my_lock_destroy(&b->mutex);
	lockptr_my_cond_destroy(&b->cond);
}
struct barrier_s barrier_copy(struct barrier_s *b) { return *b; }
