/* A project indented with four spaces, whose header includes more under
 * #ifdef after the struct: the helper header follows the indentation, and
 * its #include goes where every configuration sees it (after <pthread.h>,
 * inside the include guard, above the struct). */
#ifndef COUNTER_H
#define COUNTER_H

#include <pthread.h>

struct counter {
    pthread_mutex_t lock;
    long n;
};

int counter_init(struct counter *c);
struct counter counter_snapshot(const struct counter *c);

#ifdef COUNTER_DEBUG
#include <stdio.h>
#endif

#endif
