/* An init call on a parenthesised member, &(b->mutex), initialises it. */
#include <pthread.h>
#include <stdlib.h>
struct lk { pthread_mutex_t mutex; long v; };
struct lk *mk(void) {
    struct lk *b = malloc(sizeof *b);
    pthread_mutex_init(&(b->mutex), NULL);
    return b;
}
