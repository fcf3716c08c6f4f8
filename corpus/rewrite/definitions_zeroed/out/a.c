/* a.c: a struct with locks, embedded by value in a static object that
 * init_worker() sets up. b.c defines the tag again without locks, with a
 * static object of its own (fio t/memlock.c's shape): that object is no
 * object of this definition, and refuses nothing. */
#include <pthread.h>
#include <stdio.h>
#include "lockptr_locks.h"

struct worker {
    pthread_mutex_t *lock;
    int n;
};

struct reader {
    int started;
    struct worker thread;
};

static struct lockptr_pthread_mutex_box lockptr_reader_thread_lock;
static struct reader reader = {
	.thread.lock = &lockptr_reader_thread_lock.lock,
};

static void init_worker(struct worker *w)
{
    lockptr_pthread_mutex_init(&w->lock, NULL);
    w->n = 0;
}

static void exit_worker(struct worker *w)
{
    lockptr_pthread_mutex_destroy(&w->lock);
}

static void *run(void *arg)
{
    struct worker *w = arg;
    for (int i = 0; i < 100000; i++) {
        pthread_mutex_lock(w->lock);
        w->n++;
        pthread_mutex_unlock(w->lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];
    init_worker(&reader.thread);
    for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, run, &reader.thread);
    for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
    printf("%d\n", reader.thread.n);
    exit_worker(&reader.thread);
    return 0;
}
