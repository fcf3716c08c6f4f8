#include "api.h"
int barrier_init(struct barrier_s *b)
{
	b->n = 0;
	return my_lock_init(&b->mutex);
}
void barrier_fini(struct barrier_s *b)
{
	my_lock_destroy(&b->mutex);
}
struct barrier_s barrier_copy(struct barrier_s *b) { return *b; }
