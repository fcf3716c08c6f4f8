/* Each header relies on its includer for <pthread.h>: the helper's
 * #include goes below the opening comment, #pragma once or guard, and at
 * the top of a header with none of them. */
#include <pthread.h>

#include "guard.h"
#include "lic.h"
#include "once.h"
#include "plain.h"

void use_lic(struct lic v);
void use_once(struct once v);
void use_guard(struct guard v);
void use_plain(struct plain v);

void init_all(struct lic *a, struct once *b, struct guard *c, struct plain *d)
{
	lockptr_pthread_mutex_init(&a->m, NULL);
	lockptr_pthread_mutex_init(&b->m, NULL);
	lockptr_pthread_mutex_init(&c->m, NULL);
	lockptr_pthread_mutex_init(&d->m, NULL);
	use_lic(*a);
	use_once(*b);
	use_guard(*c);
	use_plain(*d);
}
