#include "idle.h"

int idle_init(struct idle_thread *t)
{
	t->state = 0;
	if (lockptr_pthread_cond_init(&t->cond, NULL))
		return -1;
	if (lockptr_pthread_mutex_init(&t->init_lock, NULL))
		return -1;
	return lockptr_pthread_mutex_init(&t->start_lock, NULL);
}

void idle_wait(struct idle_thread *idle_prof_thread_state)
{
	struct timespec ts = { 0, 0 };

	pthread_mutex_lock(idle_prof_thread_state->init_lock);
	while (idle_prof_thread_state->state == 0) {
		for (;;) {
			/* Both members change this line: spatch breaks the result
			 * in two, and the form after the first is one line. */
			pthread_cond_timedwait(idle_prof_thread_state->cond,
					       idle_prof_thread_state->init_lock,
					       &ts);
			break;
		}
	}
	pthread_mutex_unlock(idle_prof_thread_state->init_lock);
	pthread_mutex_lock(idle_prof_thread_state->start_lock);
	while (idle_prof_thread_state->state == 1) {
		for (;;) {
			pthread_cond_timedwait(idle_prof_thread_state->cond,
					       idle_prof_thread_state->start_lock,
					       &ts);
			break;
		}
	}
	pthread_mutex_unlock(idle_prof_thread_state->start_lock);
}

struct idle_thread idle_copy(const struct idle_thread *t)
{
	return *t;
}
