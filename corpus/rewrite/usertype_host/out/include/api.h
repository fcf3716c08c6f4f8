#ifndef API_H
#define API_H
#include "plat.h"
int my_lock_init(my_lock_t *l);
void my_lock_destroy(my_lock_t *l);
#include "lockptr_my_lock_t.h"
int my_cond_init(my_cond_t *c);
void my_cond_destroy(my_cond_t *c);
#include "lockptr_my_cond_t.h"
int barrier_init(struct barrier_s *b);
void barrier_fini(struct barrier_s *b);
#endif
